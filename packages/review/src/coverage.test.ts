import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  type ArticleMeta,
  type ArticleSnapshot,
  addAnnotationsAtOffsets,
  codePointLength,
  createArticleDoc,
  type OffsetAnnotation,
  parseArticle,
  type ResolvedAnnotation,
  readArticle,
} from '@attrib/core'
import { describe, expect, it } from 'vitest'
import { articleCoverage, corpusCoverage, coverageGroupKey, groupCoverage, sumCoverage } from './coverage'

const SEEDS = join(import.meta.dirname, '../../../seeds')

/** An article document made from paragraphs, tagged, and read back as the app would read it. */
function tagged(meta: ArticleMeta, paragraphs: string[], annotations: OffsetAnnotation[]): ArticleSnapshot {
  const doc = createArticleDoc({ meta, paragraphs })
  addAnnotationsAtOffsets(doc, annotations)
  return readArticle(doc)
}

/** A seed article, with the story from the manifest, read twice: to find sentences, then tagged. */
function seed(file: string, tag: (s: ArticleSnapshot) => OffsetAnnotation[]): ArticleSnapshot {
  const manifest = JSON.parse(readFileSync(join(SEEDS, 'manifest.json'), 'utf8'))
  const input = parseArticle(readFileSync(join(SEEDS, file), 'utf8'), {
    fileName: file,
    meta: { story: manifest[file].story },
  })
  const doc = createArticleDoc(input)
  addAnnotationsAtOffsets(doc, tag(readArticle(doc)))
  return readArticle(doc)
}

/** A sentence annotation on sentence `index` of `s`. */
function onSentence(
  s: ArticleSnapshot,
  index: number,
  labels: string[],
  more: Partial<OffsetAnnotation> = {},
): OffsetAnnotation {
  const { start, end } = s.sentences[index]!
  return { kind: 'sentence', start, end, labels, annotator: 'ann', ...more }
}

/** A span annotation on the first occurrence of `needle` in the text of `s` (code points). */
function onText(s: ArticleSnapshot, needle: string, labels: string[], more: Partial<OffsetAnnotation> = {}) {
  const at = s.text.indexOf(needle)
  if (at < 0) throw new Error(`not in the text: ${needle}`)
  const start = codePointLength(s.text.slice(0, at))
  return {
    kind: 'span',
    start,
    end: start + codePointLength(needle),
    labels,
    annotator: 'ann',
    ...more,
  } as const
}

describe('articleCoverage: a hand-computed article', () => {
  // Sentences: 0..18 "Officials said it.", 19..36 "Bob Smith agreed.", 37..53 "The sky is blue.",
  // 54..67 "Nothing else.".
  const article = tagged(
    { id: 'a1', title: 'Four', outlet: 'Daily', date: '2024-10-25' },
    ['Officials said it. Bob Smith agreed. The sky is blue. Nothing else.'],
    [
      { kind: 'sentence', start: 0, end: 18, labels: ['anonymous_official'], annotator: 'ann' },
      { kind: 'span', start: 19, end: 28, labels: ['named_source'], source: 'Bob Smith', annotator: 'bob' },
      { kind: 'sentence', start: 19, end: 36, labels: ['quote'], source: ' bob  SMITH', annotator: 'ann' },
      {
        kind: 'sentence',
        start: 37,
        end: 53,
        labels: ['spokesperson'],
        annotator: 'bot',
        status: 'suggested',
      },
      {
        kind: 'sentence',
        start: 54,
        end: 67,
        labels: ['media_report'],
        annotator: 'ann',
        status: 'rejected',
      },
    ],
  )

  it('segments as the expected numbers assume', () => {
    expect(article.sentences).toEqual([
      { start: 0, end: 18 },
      { start: 19, end: 36 },
      { start: 37, end: 53 },
      { start: 54, end: 67 },
    ])
  })

  it('counts only accepted annotations by default', () => {
    expect(articleCoverage(article)).toEqual({
      id: 'a1',
      title: 'Four',
      outlet: 'Daily',
      date: '2024-10-25',
      sentences: 4,
      attributed: 2,
      attributedShare: 0.5,
      perLabel: {
        anonymous_official: { sentences: 1, share: 0.25 },
        named_source: { sentences: 1, share: 0.25 },
        quote: { sentences: 1, share: 0.25 },
      },
      anonymous: 1,
      anonymousShare: 0.5,
      quotes: 1,
      namedSources: ['Bob Smith'],
      unattributed: [
        { index: 2, start: 37, end: 53, text: 'The sky is blue.' },
        { index: 3, start: 54, end: 67, text: 'Nothing else.' },
      ],
      annotators: {
        ann: { sentences: 2, lastSentence: 1, progress: 0.5 },
        bob: { sentences: 1, lastSentence: 1, progress: 0.5 },
      },
      // Both reached sentences 0 and 1 and differ on both; every value once: alpha 0.
      agreement: { annotators: 2, disagreements: 2, alpha: 0 },
      adjudicated: false,
      story: undefined,
    })
  })

  it('[LAY1] a partly adjudicated article counts the decision where there is one and the annotators elsewhere', () => {
    const meta = { id: 'p1', title: 'Partly' }
    const paragraphs = ['One said. Two said. Three said.']
    const plain = tagged(meta, paragraphs, [])
    const s = (i: number, labels: string[], more: Partial<OffsetAnnotation> = {}) =>
      onSentence(plain, i, labels, more)
    const partly = tagged(meta, paragraphs, [
      s(0, ['quote']),
      s(1, ['named_source']),
      s(2, ['anonymous_official']),
      // The reviewer decided sentence 0 (no attribution) and sentence 1 (spokesperson).
      s(0, [], { annotator: 'rev', final: true }),
      s(1, ['spokesperson'], { annotator: 'rev', final: true }),
    ])
    const c = articleCoverage(partly)
    expect(c.adjudicated).toBe(true)
    expect(c.attributed).toBe(2)
    expect(Object.keys(c.perLabel).sort()).toEqual(['anonymous_official', 'spokesperson'])
    expect(c.unattributed.map((u) => u.index)).toEqual([0])
  })

  it('leaves out the sentences’ text when asked for indexes only', () => {
    expect(articleCoverage(article, { sentenceText: false }).unattributed).toEqual([
      { index: 2, start: 37, end: 53 },
      { index: 3, start: 54, end: 67 },
    ])
  })

  it('counts suggested annotations when asked', () => {
    const c = articleCoverage(article, { statuses: ['accepted', 'suggested'] })
    expect(c.attributed).toBe(3)
    expect(c.attributedShare).toBe(0.75)
    expect(c.anonymousShare).toBe(1 / 3)
    expect(c.perLabel.spokesperson).toEqual({ sentences: 1, share: 0.25 })
    expect(c.perLabel.media_report).toBeUndefined()
    expect(c.unattributed.map((u) => u.index)).toEqual([3])
    expect(c.annotators.bot).toEqual({ sentences: 1, lastSentence: 2, progress: 0.75 })
  })

  it('counts rejected annotations only when asked, and any status set alone', () => {
    const all = articleCoverage(article, { statuses: ['accepted', 'suggested', 'rejected'] })
    expect(all.attributed).toBe(4)
    expect(all.unattributed).toEqual([])
    expect(all.annotators.ann).toEqual({ sentences: 3, lastSentence: 3, progress: 1 })
    const rejected = articleCoverage(article, { statuses: ['rejected'] })
    expect(rejected.attributed).toBe(1)
    expect(rejected.perLabel).toEqual({ media_report: { sentences: 1, share: 0.25 } })
    expect(rejected.namedSources).toEqual([])
  })

  it('lists the requested labels with zeros', () => {
    const c = articleCoverage(article, { labels: ['media_report', 'quote'] })
    expect(Object.keys(c.perLabel)).toEqual(['anonymous_official', 'media_report', 'named_source', 'quote'])
    expect(c.perLabel.media_report).toEqual({ sentences: 0, share: 0 })
  })

  it('counts a sentence once however many annotations and labels it has', () => {
    const c = articleCoverage(
      tagged(
        { id: 'a2', title: 'Two' },
        ['One said. Two said.'],
        [
          { kind: 'sentence', start: 0, end: 9, labels: ['anonymous_official', 'quote'], annotator: 'ann' },
          { kind: 'span', start: 0, end: 3, labels: ['anonymous_official'], annotator: 'ann' },
          { kind: 'span', start: 4, end: 8, labels: ['quote'], annotator: 'bob' },
        ],
      ),
    )
    expect(c.attributed).toBe(1)
    expect(c.perLabel).toEqual({
      anonymous_official: { sentences: 1, share: 0.5 },
      quote: { sentences: 1, share: 0.5 },
    })
    expect(c.anonymousShare).toBe(1)
    expect(c.quotes).toBe(1)
    expect(c.annotators).toEqual({
      ann: { sentences: 1, lastSentence: 0, progress: 0.5 },
      bob: { sentences: 1, lastSentence: 0, progress: 0.5 },
    })
  })

  it('gives zeros, not NaN, for an empty article', () => {
    const c = articleCoverage(tagged({ id: 'empty', title: 'Empty' }, [], []))
    expect(c).toMatchObject({
      sentences: 0,
      attributed: 0,
      attributedShare: 0,
      anonymousShare: 0,
      quotes: 0,
      unattributed: [],
      annotators: {},
    })
  })

  it('skips a span that starts between sentences', () => {
    const snapshot = tagged({ id: 'gap', title: 'Gap' }, ['One.', 'Two.'], [])
    // 4..6 is the paragraph separator: no sentence holds it.
    const gap: ResolvedAnnotation = {
      id: 'g',
      kind: 'span',
      start: 4,
      end: 6,
      labels: ['quote'],
      source: '',
      annotator: 'ann',
      created: '2024-10-25T10:00:00.000Z',
      status: 'accepted',
      sentence: null,
    }
    expect(articleCoverage({ ...snapshot, annotations: [gap] }).attributed).toBe(0)
  })
})

describe('articleCoverage: astral characters', () => {
  it('gives unattributed sentences in code points and slices their text by code points', () => {
    // Sentences: 0..15 "🚀 Launch today.", 16..26 "𝒳 said it.", then "\n\n", 28..40 "Plain 😀 end.".
    const s = tagged(
      { id: 'emoji', title: 'Emoji' },
      ['🚀 Launch today. 𝒳 said it.', 'Plain 😀 end.'],
      [{ kind: 'span', start: 16, end: 17, labels: ['named_source'], source: '𝒳', annotator: 'ann' }],
    )
    const c = articleCoverage(s)
    expect(c.attributed).toBe(1)
    expect(c.namedSources).toEqual(['𝒳'])
    expect(c.unattributed).toEqual([
      { index: 0, start: 0, end: 15, text: '🚀 Launch today.' },
      { index: 2, start: 28, end: 40, text: 'Plain 😀 end.' },
    ])
    expect(c.annotators.ann).toEqual({ sentences: 1, lastSentence: 1, progress: 2 / 3 })
  })
})

describe('the seed articles', () => {
  const first = seed('000_cdf3ea4d863409f1.txt', (s) => [
    onSentence(s, 2, ['anonymous_official']),
    onSentence(s, 5, ['anonymous_official']),
    onSentence(s, 7, ['quote', 'named_source'], { source: 'Elon Musk' }),
    onSentence(s, 10, ['spokesperson'], { annotator: 'bob' }),
    onSentence(s, 13, ['anonymous_official', 'quote'], { annotator: 'bob', status: 'suggested' }),
  ])
  const second = seed('001_b540a2e8dbf5a36d.txt', (s) => [
    onText(s, 'The Wall Street Journal', ['media_report'], { source: 'The Wall Street Journal' }),
    onSentence(s, 3, ['anonymous_official']),
    onSentence(s, 13, ['spokesperson'], { source: 'Dmitry Peskov' }),
    onText(s, 'Elon Musk', ['named_source'], { source: 'elon  musk', annotator: 'bob' }),
  ])

  it('000: four of sixteen sentences attributed, half of them anonymously', () => {
    const c = articleCoverage(first)
    expect(c).toMatchObject({
      id: '000_cdf3ea4d863409f1',
      date: '2024-10-25',
      outlet: undefined,
      sentences: 16,
      attributed: 4,
      attributedShare: 4 / 16,
      anonymousShare: 0.5,
      quotes: 1,
      namedSources: ['Elon Musk'],
      annotators: {
        ann: { sentences: 3, lastSentence: 7, progress: 8 / 16 },
        bob: { sentences: 1, lastSentence: 10, progress: 11 / 16 },
      },
    })
    expect(c.perLabel.anonymous_official).toEqual({ sentences: 2, share: 2 / 16 })
    expect(c.unattributed.map((u) => u.index)).toEqual([0, 1, 3, 4, 6, 8, 9, 11, 12, 13, 14, 15])
    expect(c.unattributed[1]!.text).toBe('What is known about the relationship between Putin and Musk')
    const counted = articleCoverage(first, { statuses: ['accepted', 'suggested'] })
    expect(counted.attributed).toBe(5)
    expect(counted.anonymousShare).toBe(3 / 5)
    expect(counted.quotes).toBe(2)
  })

  it('001: spans count for the sentence they start in', () => {
    const c = articleCoverage(second)
    expect(c).toMatchObject({
      sentences: 26,
      attributed: 4,
      anonymousShare: 0.25,
      quotes: 0,
      namedSources: ['Dmitry Peskov', 'elon  musk', 'The Wall Street Journal'],
      annotators: {
        ann: { sentences: 3, lastSentence: 13, progress: 14 / 26 },
        bob: { sentences: 1, lastSentence: 0, progress: 1 / 26 },
      },
    })
    expect(c.unattributed.map((u) => u.index)).not.toContain(1)
    expect(c.unattributed).toHaveLength(22)
  })

  it('both: sums the counts and recomputes the shares from the sums', () => {
    const c = corpusCoverage([first, second])
    expect(c).toEqual({
      articles: 2,
      sentences: 42,
      attributed: 8,
      attributedShare: 8 / 42,
      perLabel: {
        anonymous_official: { sentences: 3, share: 3 / 42 },
        media_report: { sentences: 1, share: 1 / 42 },
        named_source: { sentences: 2, share: 2 / 42 },
        quote: { sentences: 1, share: 1 / 42 },
        spokesperson: { sentences: 2, share: 2 / 42 },
      },
      anonymous: 3,
      anonymousShare: 3 / 8,
      quotes: 1,
      // "Elon Musk" of the first article is written first, so it wins over "elon  musk".
      namedSources: ['Dmitry Peskov', 'Elon Musk', 'The Wall Street Journal'],
      unattributed: 34,
      annotators: {
        ann: { articles: 2, sentences: 6, reached: 22, progress: 22 / 42 },
        bob: { articles: 2, sentences: 2, reached: 12, progress: 12 / 42 },
      },
    })
    // Averaging the articles' shares would give (4/16 + 4/26) / 2 ≈ 0.202, not 8/42 ≈ 0.190.
    expect(c.attributedShare).not.toBeCloseTo((4 / 16 + 4 / 26) / 2, 3)
  })

  it('sumCoverage of the article coverages equals corpusCoverage of the snapshots', () => {
    for (const options of [{}, { statuses: ['accepted', 'suggested'] as const }, { annotators: ['bob'] }]) {
      const labels = ['anonymous_official', 'named_source', 'quote', 'unused']
      const summed = sumCoverage(
        [first, second].map((s) => articleCoverage(s, { ...options, labels })),
        labels,
      )
      expect(summed).toEqual(corpusCoverage([first, second], { ...options, labels }))
    }
  })

  it('counts only the chosen annotators', () => {
    const c = articleCoverage(first, { annotators: ['bob'] })
    expect(Object.keys(c.annotators)).toEqual(['bob'])
    expect(c.attributed).toBe(1)
    const none = corpusCoverage([first, second], { annotators: ['nobody'] })
    expect(none).toMatchObject({ attributed: 0, annotators: {}, unattributed: 42 })
  })

  it('both: group by story, and by date with one article undated', () => {
    expect(groupCoverage([first, second], 'story').map((g) => [g.key, g.coverage.articles])).toEqual([
      ['musk-putin-contacts-2024-10', 2],
    ])
    expect(groupCoverage([first, second], 'date').map((g) => [g.key, g.coverage.sentences])).toEqual([
      ['(none)', 26],
      ['2024-10-25', 16],
    ])
  })
})

describe('groupCoverage', () => {
  const article = (id: string, meta: Partial<ArticleMeta>, tag: boolean) =>
    tagged(
      { id, title: id, ...meta },
      ['One said. Two said.'],
      tag ? [{ kind: 'sentence', start: 0, end: 9, labels: ['quote'], annotator: 'ann' }] : [],
    )
  const articles = [
    article('b1', { outlet: 'Beta', date: '2024-11-02' }, true),
    article('a1', { outlet: 'Alpha', date: '2024-10-25' }, true),
    article('a2', { outlet: 'Alpha', date: '2024-10-26' }, false),
    article('n1', { outlet: '  ' }, true),
  ]

  it('groups by outlet, sorted, with blank and missing outlets under (none)', () => {
    expect(
      groupCoverage(articles, 'outlet').map((g) => [g.key, g.coverage.articles, g.coverage.attributedShare]),
    ).toEqual([
      ['(none)', 1, 0.5],
      ['Alpha', 2, 0.25],
      ['Beta', 1, 0.5],
    ])
  })

  it('groups by date and by month', () => {
    expect(groupCoverage(articles, 'date').map((g) => g.key)).toEqual([
      '(none)',
      '2024-10-25',
      '2024-10-26',
      '2024-11-02',
    ])
    expect(
      groupCoverage(articles, 'month').map((g) => [g.key, g.coverage.sentences, g.coverage.attributed]),
    ).toEqual([
      ['(none)', 2, 1],
      ['2024-10', 4, 1],
      ['2024-11', 2, 1],
    ])
  })

  it('passes the options on and keeps the keys stable', () => {
    expect(groupCoverage(articles, 'story', { statuses: ['suggested'] })).toEqual([
      { key: '(none)', coverage: expect.objectContaining({ articles: 4, attributed: 0 }) },
    ])
    expect(coverageGroupKey(articles[0]!, 'month')).toBe('2024-11')
    expect(groupCoverage([], 'outlet')).toEqual([])
  })
})

describe('performance', () => {
  it('computes the coverage of 10,000 articles of 30 sentences and 2 annotations each', () => {
    const sentences = Array.from({ length: 30 }, (_, i) => ({ start: i * 20, end: i * 20 + 19 }))
    const text = sentences.map(() => 'Somebody said this.').join(' ')
    const annotation = (a: Partial<ResolvedAnnotation>): ResolvedAnnotation => ({
      id: 'x',
      kind: 'sentence',
      start: 0,
      end: 0,
      labels: [],
      source: '',
      annotator: 'ann',
      created: '2024-10-25T10:00:00.000Z',
      status: 'accepted',
      sentence: null,
      ...a,
    })
    const snapshots: ArticleSnapshot[] = Array.from({ length: 10_000 }, (_, i) => {
      const s = i % 30
      const p = (i + 7) % 30
      return {
        meta: { id: `n${i}`, title: `Article ${i}`, outlet: `Outlet ${i % 5}` },
        schemaVersion: 1,
        text,
        paragraphs: [{ start: 0, end: text.length }],
        sentences,
        annotations: [
          annotation({ ...sentences[s]!, sentence: s, labels: ['anonymous_official'] }),
          annotation({
            kind: 'span',
            start: sentences[p]!.start + 3,
            end: sentences[p]!.start + 8,
            labels: ['quote'],
            source: `Source ${i % 50}`,
            annotator: 'bob',
          }),
        ],
      }
    })
    const t0 = performance.now()
    const c = corpusCoverage(snapshots)
    const t1 = performance.now()
    const groups = groupCoverage(snapshots, 'outlet')
    const t2 = performance.now()
    const articles = snapshots.map((s) => articleCoverage(s))
    const t3 = performance.now()
    console.log(
      `coverage of 10,000 articles: corpus ${(t1 - t0).toFixed(0)} ms, by outlet ${(t2 - t1).toFixed(0)} ms, ` +
        `per article ${(t3 - t2).toFixed(0)} ms`,
    )
    expect(c).toMatchObject({
      articles: 10_000,
      sentences: 300_000,
      attributed: 20_000,
      attributedShare: 20_000 / 300_000,
      anonymousShare: 0.5,
      quotes: 10_000,
      unattributed: 280_000,
      perLabel: {
        anonymous_official: { sentences: 10_000, share: 10_000 / 300_000 },
        quote: { sentences: 10_000, share: 10_000 / 300_000 },
      },
    })
    expect(c.namedSources).toHaveLength(50)
    // Sentence i % 30 for "ann" and (i + 7) % 30 for "bob": lastSentence + 1 summed over the articles.
    let annReached = 0
    let bobReached = 0
    for (let i = 0; i < 10_000; i++) {
      annReached += (i % 30) + 1
      bobReached += ((i + 7) % 30) + 1
    }
    expect(c.annotators).toEqual({
      ann: { articles: 10_000, sentences: 10_000, reached: annReached, progress: annReached / 300_000 },
      bob: { articles: 10_000, sentences: 10_000, reached: bobReached, progress: bobReached / 300_000 },
    })
    expect(groups.map((g) => g.coverage.articles)).toEqual([2000, 2000, 2000, 2000, 2000])
    expect(articles.reduce((n, a) => n + a.unattributed.length, 0)).toBe(280_000)
  })
})
