import { editorHref } from '@attrib/charts'
import { describe, expect, it } from 'vitest'
import {
  csvHref,
  filterOf,
  groupLabels,
  highlightParts,
  NO_FILTERS,
  parseFilters,
  refusalWords,
  sentenceHref,
  sentencesHref,
  sourceSearchTerm,
} from './sentenceSearch'

describe('the Sentences page’s address', () => {
  it('[UI25] writes the filters that are set and reads them back', () => {
    const filters = {
      ...NO_FILTERS,
      label: 'anonymous_official',
      source: 'two officials',
      outlets: ['Daily Ledger', 'Evening Post'],
      from: '2024-10-01',
      layer: 'all' as const,
    }
    const href = sentencesHref(filters)
    expect(href).toBe(
      '#/sentences?label=anonymous_official&source=two+officials&layer=all&outlet=Daily+Ledger,Evening+Post&from=2024-10-01',
    )
    expect(parseFilters(href.slice('#/sentences?'.length))).toEqual(filters)
    expect(sentencesHref()).toBe('#/sentences')
    expect(parseFilters('')).toEqual(NO_FILTERS)
  })

  it('[UI25] the CSV link asks for every sentence of the same filters, as CSV', () => {
    expect(csvHref({ ...NO_FILTERS, q: 'said', outlets: ['A'] })).toBe(
      '/api/sentences?q=said&outlet=A&format=csv&all=true',
    )
  })

  it('[UI25] links a sentence to the editor as the dashboard does (editorHref of @attrib/charts)', () => {
    for (const [id, n] of [
      ['001_b540a2e8dbf5a36d', 14],
      ['a b/c', 0],
    ] as const)
      expect(sentenceHref(id, n)).toBe(editorHref(id, { sentences: [n] }))
  })

  it('[UI26] says what is wrong with a refused filter in plain words', () => {
    const period = { ...NO_FILTERS, from: '2024-11-10', to: '2024-11-01' }
    expect(refusalWords('from', period, 'query.from: must be on or before to')).toBe(
      'The period starts after it ends: choose a From date on or before the To date (2024-11-01).',
    )
    expect(refusalWords('to', { ...NO_FILTERS, to: '2024-02-30' }, 'query.to: not a calendar date')).toBe(
      'The To date “2024-02-30” is not a day of the calendar (YYYY-MM-DD): choose it again.',
    )
    expect(refusalWords('layer', parseFilters('layer=mine'), 'query.layer: Invalid option')).toBe(
      'Whose labels “mine” is not a choice of the search: choose one from the list.',
    )
    expect(refusalWords('outlet', parseFilters('outlet=A,,B'), 'query.outlet: empty value in the list')).toBe(
      'The outlets “A, B” cannot be searched: empty value in the list. Change it and search again.',
    )
  })

  it('[UI25] names the filter of a 400’s `where`', () => {
    expect(filterOf('query.from')).toBe('from')
    expect(filterOf('query.q')).toBe('q')
    expect(filterOf('query')).toBeNull()
    expect(filterOf('query.after')).toBeNull()
    expect(filterOf(undefined)).toBeNull()
  })
})

describe('a found sentence', () => {
  it('[UI25] cuts its text where the searched text occurs, any case', () => {
    expect(highlightParts('Officials said the official line', 'OFFICIAL')).toEqual([
      { text: 'Official', match: true },
      { text: 's said the ', match: false },
      { text: 'official', match: true },
      { text: ' line', match: false },
    ])
    expect(highlightParts('a (b) c', '(b)')).toEqual([
      { text: 'a ', match: false },
      { text: '(b)', match: true },
      { text: ' c', match: false },
    ])
    expect(highlightParts('nothing here', '')).toEqual([{ text: 'nothing here', match: false }])
  })

  it('[UI25] groups its labels by label, status and decision, with who gave each', () => {
    const row = { source: '', annotation: 'x', final: false, status: 'accepted' }
    const groups = groupLabels([
      { ...row, label: 'media_report', annotator: 'Ana' },
      { ...row, label: 'anonymous_official', annotator: 'attrib-suggest', status: 'suggested' },
      { ...row, label: 'media_report', annotator: 'Ben' },
      { ...row, label: 'spokesperson', annotator: 'Rita', final: true },
    ])
    expect(groups.map((g) => [g.label, g.status, g.final, g.annotators])).toEqual([
      ['spokesperson', 'accepted', true, ['Rita']],
      ['media_report', 'accepted', false, ['Ana', 'Ben']],
      ['anonymous_official', 'suggested', false, ['attrib-suggest']],
    ])
  })
})

describe('a source’s sentences', () => {
  it('[UI27] are searched by the spelling every other spelling of the source contains', () => {
    expect(sourceSearchTerm('Dmitry Peskov', ['Peskov'])).toBe('Peskov')
    expect(sourceSearchTerm('Dmitry Peskov', [])).toBe('Dmitry Peskov')
    expect(sourceSearchTerm('Dmitry Peskov', ['D. Peskov'])).toBe('Dmitry Peskov')
    expect(sourceSearchTerm('Elon Musk', ['MUSK', 'musk'])).toBe('MUSK')
  })
})
