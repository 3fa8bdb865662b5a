import { createTaxonomy, type ResolvedAnnotation } from '@attrib/core'
import { coverageReport } from '@attrib/review'
import { parseHTML } from 'linkedom'
import { describe, expect, it } from 'vitest'
import {
  annotatorProgressChart,
  anonymousShareChart,
  labelBarsChart,
  unattributedShareChart,
} from './coverageCharts'
import { editorHref } from './links'

const { document } = parseHTML('<!doctype html><html><body></body></html>') as unknown as {
  document: Document
}

function tag(sentence: number, labels: string[], annotator = 'ann'): ResolvedAnnotation {
  return {
    id: `t${sentence}${annotator}`,
    kind: 'sentence',
    start: sentence * 10,
    end: sentence * 10 + 9,
    sentence,
    labels,
    source: '',
    annotator,
    created: '2024-01-01T00:00:00Z',
    status: 'accepted',
  } as ResolvedAnnotation
}

const text = 'Sentence. Sentence. Sentence. Sentence.'
const sentences = [0, 1, 2, 3].map((i) => ({ start: i * 10, end: i * 10 + 9 }))
const report = coverageReport(
  [
    {
      meta: { id: 'a1', title: 'First & best' },
      schemaVersion: 1,
      text,
      paragraphs: [{ start: 0, end: text.length }],
      sentences,
      annotations: [tag(0, ['quote', 'named_source']), tag(2, ['anonymous_official'], 'bob')],
    },
  ],
  { labels: createTaxonomy().labels.map((l) => l.id) },
)
const taxonomy = createTaxonomy()

describe('charts in Node (linkedom)', () => {
  it('stacked label bars link each segment to its label in the editor', () => {
    const chart = labelBarsChart(report.articles, taxonomy, { document })
    const links = [...chart.querySelectorAll('a')].map((a) => a.getAttribute('href'))
    expect(links.sort()).toEqual([
      '#/a/a1?label=anonymous_official',
      '#/a/a1?label=named_source',
      '#/a/a1?label=quote',
    ])
    // Colours come from the taxonomy.
    const quote = taxonomy.labels.find((l) => l.id === 'quote')!
    expect(chart.outerHTML).toContain(quote.color)
    expect(chart.outerHTML).toContain('First &amp; best')
  })

  it('share charts link to the sentences they stand for; linkBase null draws no links', () => {
    const unattributed = unattributedShareChart(report.articles, { document, linkBase: 'http://h:1/' })
    expect(unattributed.querySelector('a')!.getAttribute('href')).toBe('http://h:1/#/a/a1?s=1,3')
    const anonymous = anonymousShareChart(report.articles, { document })
    expect(anonymous.querySelector('a')!.getAttribute('href')).toBe('#/a/a1?label=anonymous_official')
    expect(anonymousShareChart(report.articles, { document, linkBase: null }).querySelector('a')).toBeNull()
  })

  it('annotator progress has one bar per annotator', () => {
    const chart = annotatorProgressChart(report.corpus, { document })
    const bars = [...chart.querySelectorAll('g')].find(
      (g) => g.getAttribute('aria-description') === 'annotator progress',
    )
    expect(bars!.querySelectorAll('rect')).toHaveLength(2)
    expect(chart.outerHTML).toContain('1 tagged')
  })

  it('editorHref encodes ids and labels', () => {
    expect(editorHref('a b', { sentences: [0, 2] })).toBe('#/a/a%20b?s=0,2')
    expect(editorHref('x')).toBe('#/a/x')
  })
})
