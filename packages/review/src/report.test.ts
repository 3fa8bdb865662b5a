import type { ArticleSnapshot, ResolvedAnnotation } from '@attrib/core'
import { describe, expect, it } from 'vitest'
import { corpusCoverage, groupCoverage } from './coverage'
import { articleDigest, coverageCollector, coverageReport, digestServes, keepForCoverage } from './report'

function annotation(sentence: number, labels: string[], annotator = 'ann'): ResolvedAnnotation {
  return {
    id: `x${sentence}${annotator}`,
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

/** An article of `n` sentences of ten characters ("Sentence."+space). */
function article(
  id: string,
  meta: { outlet?: string; date?: string; story?: string },
  n: number,
  annotations: ResolvedAnnotation[],
): ArticleSnapshot {
  const text = Array.from({ length: n }, () => 'Sentence. ')
    .join('')
    .trimEnd()
  return {
    meta: { id, title: id.toUpperCase(), ...meta },
    schemaVersion: 1,
    text,
    paragraphs: [{ start: 0, end: text.length }],
    sentences: Array.from({ length: n }, (_, i) => ({ start: i * 10, end: i * 10 + 9 })),
    annotations,
  }
}

const corpus = [
  article('a', { outlet: 'BBC', date: '2024-01-05', story: 's1' }, 4, [
    annotation(0, ['quote']),
    annotation(1, ['anonymous_official'], 'bob'),
  ]),
  article('b', { outlet: 'CNN', date: '2024-02-10', story: 's1' }, 2, [annotation(1, ['named_source'])]),
  article('c', { outlet: 'BBC' }, 3, []),
]
const labels = ['anonymous_official', 'named_source', 'quote', 'spokesperson']

describe('coverageReport', () => {
  it('equals coverage.ts figures for the corpus and each group', () => {
    const report = coverageReport(corpus, { labels })
    expect(report.corpus).toEqual(corpusCoverage(corpus, { labels }))
    expect(report.byOutlet).toEqual(groupCoverage(corpus, 'outlet', { labels }))
    expect(report.byMonth).toEqual(groupCoverage(corpus, 'month', { labels }))
    expect(report.byStory).toEqual(groupCoverage(corpus, 'story', { labels }))
    expect(report.articles.map((a) => a.id)).toEqual(['a', 'b', 'c'])
    expect(report.annotators).toEqual(['ann', 'bob'])
    expect(report.outlets).toEqual(['BBC', 'CNN'])
    expect(report.corpus.perLabel.spokesperson).toEqual({ sentences: 0, share: 0 })
  })

  it('filters articles by id, outlet, story and date, and annotations by annotator', () => {
    expect(coverageReport(corpus, { filter: { outlets: ['BBC'] } }).articles.map((a) => a.id)).toEqual([
      'a',
      'c',
    ])
    expect(coverageReport(corpus, { filter: { ids: ['b', 'c'] } }).corpus.articles).toBe(2)
    expect(coverageReport(corpus, { filter: { stories: ['(none)'] } }).articles.map((a) => a.id)).toEqual([
      'c',
    ])
    // Undated articles are left out by a date filter; bounds are inclusive.
    const dated = coverageReport(corpus, { filter: { from: '2024-01-05', to: '2024-02-09' } })
    expect(dated.articles.map((a) => a.id)).toEqual(['a'])
    const bob = coverageReport(corpus, { filter: { annotators: ['bob'] } })
    expect(bob.corpus).toMatchObject({ articles: 3, attributed: 1, anonymous: 1 })
    // The menus still list everyone and every outlet.
    expect(bob.annotators).toEqual(['ann', 'bob'])
    expect(coverageReport(corpus, { filter: { outlets: ['CNN'] } }).outlets).toEqual(['BBC', 'CNN'])
  })

  it('keepForCoverage keeps everything without a filter', () => {
    expect(corpus.every((a) => keepForCoverage(a))).toBe(true)
  })
})

describe('[COV1] the digest of an article', () => {
  // A suggested label, a final decision and an annotator with only suggestions make the digest earn its keep.
  const rich = [
    ...corpus,
    article('d', { outlet: 'TASS', date: '2024-03-01' }, 3, [
      annotation(0, ['spokesperson'], 'cat'),
      { ...annotation(1, ['quote'], 'bot'), status: 'suggested' } as ResolvedAnnotation,
      { ...annotation(0, ['named_source'], 'rev'), final: true } as ResolvedAnnotation,
    ]),
  ]

  it('gives the default report exactly as the snapshots do, whatever the filter', () => {
    for (const filter of [
      {},
      { outlets: ['BBC'] },
      { from: '2024-02-01' },
      { stories: ['s1'], ids: ['a'] },
    ]) {
      const options = { labels, sentenceText: false, filter }
      const fromDigests = coverageCollector(options)
      for (const snapshot of rich) fromDigests.addDigest(JSON.parse(JSON.stringify(articleDigest(snapshot))))
      expect(fromDigests.report()).toEqual(coverageReport(rich, options))
    }
  })

  it('serves only the default options', () => {
    expect(digestServes({ sentenceText: false })).toBe(true)
    expect(digestServes({})).toBe(false)
    expect(digestServes({ sentenceText: false, statuses: ['accepted', 'suggested'] })).toBe(false)
    expect(digestServes({ sentenceText: false, filter: { annotators: ['ann'] } })).toBe(false)
    expect(() => coverageCollector({ sentenceText: true }).addDigest(articleDigest(rich[0]!))).toThrow(
      RangeError,
    )
  })
})
