import { addAnnotationsAtOffsets, createArticleDoc, createTaxonomy, readArticle } from '@attrib/core'
import { describe, expect, test } from 'vitest'
import { exportConll } from './conll'
import { astralArticle, CREATED } from './testArticles'

describe('exportConll', () => {
  test('writes IOB2 tags per token with code-point offsets, a span over its sentence tag', () => {
    expect(exportConll(astralArticle()).split('\n')).toEqual([
      '# article = astral',
      '# sentence = 0',
      '# text = 🚀 Launch.',
      '🚀\tO', // g1 is only suggested
      'Launch\tO',
      '.\tO',
      '',
      '# article = astral',
      '# sentence = 1',
      '# text = 𝒳 said it.',
      '𝒳\tB-named_source', // the span p1 (10..11, after two astral characters) wins over the sentence s1
      'said\tB-named_source', // s1 starts a new run: labels named_source, quote → alphabetical first
      'it\tI-named_source',
      '.\tI-named_source',
      '',
      '# article = astral',
      '# sentence = 2',
      '# text = A "quoted, comma" line, said Bob.',
      'A\tB-quote',
      '"\tI-quote',
      'quoted\tI-quote',
      ',\tI-quote',
      'comma\tI-quote',
      '"\tI-quote',
      'line\tI-quote',
      ',\tI-quote',
      'said\tI-quote',
      'Bob\tI-quote',
      '.\tI-quote',
      '',
      '',
    ])
  })

  test('orders labels by the taxonomy and can include suggestions', () => {
    const taxonomy = createTaxonomy()
    const ids = taxonomy.labels.map((l) => l.id)
    expect(ids.indexOf('quote')).toBeGreaterThanOrEqual(0)
    const first = ids.indexOf('quote') < ids.indexOf('named_source') ? 'quote' : 'named_source'
    const lines = exportConll(astralArticle(), { taxonomy, includeSuggested: true }).split('\n')
    expect(lines.slice(3, 6)).toEqual(['🚀\tB-media_report', 'Launch\tI-media_report', '.\tI-media_report'])
    expect(lines.slice(10, 12)).toEqual(['𝒳\tB-named_source', `said\tB-${first}`])
  })

  test('starts a new B- for an adjacent annotation with the same label and ignores rejected ones', () => {
    const doc = createArticleDoc({ meta: { id: 'a', title: 'A' }, paragraphs: ["Jo Ann's aide said no."] })
    const base = { kind: 'span' as const, annotator: 'ann', created: CREATED }
    addAnnotationsAtOffsets(doc, [
      { ...base, id: 'x', start: 0, end: 2, labels: ['named_source'] },
      { ...base, id: 'y', start: 3, end: 8, labels: ['named_source'] },
      { ...base, id: 'z', start: 9, end: 13, labels: ['spokesperson'], status: 'rejected' },
    ])
    expect(exportConll(readArticle(doc))).toBe(
      [
        '# article = a',
        '# sentence = 0',
        "# text = Jo Ann's aide said no.",
        'Jo\tB-named_source',
        "Ann's\tB-named_source",
        'aide\tO',
        'said\tO',
        'no\tO',
        '.\tO',
        '',
        '',
      ].join('\n'),
    )
  })
})
