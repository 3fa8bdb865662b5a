import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  type ArticleMeta,
  type ArticleSnapshot,
  addAnnotationsAtOffsets,
  codePointsToUtf16,
  createArticleDoc,
  type OffsetAnnotation,
  parseArticle,
  readArticle,
} from '@attrib/core'
import { describe, expect, it } from 'vitest'
import { alignSentences, compareStory } from './align'

const SEEDS = join(import.meta.dirname, '../../../seeds')

function seedSnapshot(file: string): ArticleSnapshot {
  return readArticle(
    createArticleDoc(parseArticle(readFileSync(join(SEEDS, file), 'utf8'), { fileName: file })),
  )
}

function sentenceTexts(s: ArticleSnapshot): string[] {
  const u16 = codePointsToUtf16(s.text)
  return s.sentences.map(({ start, end }) => s.text.slice(u16(start), u16(end)))
}

describe('alignSentences on the two seed articles', () => {
  // Two outlets' write-ups of the Wall Street Journal's report on Musk's contacts with Putin.
  const a = sentenceTexts(seedSnapshot('000_cdf3ea4d863409f1.txt'))
  const b = sentenceTexts(seedSnapshot('001_b540a2e8dbf5a36d.txt'))
  const alignment = alignSentences(a, b)

  /** The sentence of B paired with the sentence of A that contains `needle`, or null. */
  function pairOf(needle: string): string | null {
    const i = a.findIndex((s) => s.includes(needle))
    if (i < 0) throw new Error(`no sentence of A contains ${needle}`)
    const pair = alignment.pairs.find((p) => p.a === i)
    return pair ? b[pair.b]! : null
  }

  /** Whether the sentence of B that contains `needle` is left unpaired. */
  function unpairedInB(needle: string): boolean {
    const j = b.findIndex((s) => s.includes(needle))
    if (j < 0) throw new Error(`no sentence of B contains ${needle}`)
    return alignment.onlyB.includes(j)
  }

  it('pairs the Starlink/Taiwan sentences', () => {
    expect(pairOf('Starlink satellite Internet service over Taiwan')).toContain('Two officials reported')
  })

  it('pairs the Pentagon statements', () => {
    expect(pairOf('spokesman for the US Department of Defense')).toContain('a Pentagon representative said')
  })

  it('pairs the paraphrased and reworded sentences', () => {
    expect(pairOf('several White House officials said')).toContain('several White House officials stated')
    expect(pairOf('I have a top secret clearance')).toContain('I do have a top-secret clearance')
    expect(pairOf("They don't like it")).toContain('They don’t love it')
    expect(pairOf('serious dilemma')).toContain('An informed source said')
    expect(pairOf('Over the past two years')).toContain('since late 2022')
    expect(pairOf('did not issue any warnings')).toContain('had not expressed any reservations')
  })

  it('leaves what only one outlet reports unpaired', () => {
    // Only the second outlet quotes Peskov, and the first has headings the second lacks.
    expect(unpairedInB('Kremlin spokesman Dmitry Peskov')).toBe(true)
    expect(unpairedInB('Peskov also added')).toBe(true)
    expect(unpairedInB('Background:')).toBe(true)
    expect(unpairedInB('He refused to confirm or deny')).toBe(true)
    expect(unpairedInB('won a secret US$1.8 billion contract')).toBe(true)
    expect(pairOf('What is known about the relationship between Putin and Musk')).toBeNull()
    expect(pairOf('The US government has no leverage over Musk')).toBeNull()
  })

  it('pairs one to one and accounts for every sentence', () => {
    const as = alignment.pairs.map((p) => p.a)
    const bs = alignment.pairs.map((p) => p.b)
    expect(new Set(as).size).toBe(as.length)
    expect(new Set(bs).size).toBe(bs.length)
    expect([...as, ...alignment.onlyA].sort((x, y) => x - y)).toEqual(a.map((_, i) => i))
    expect([...bs, ...alignment.onlyB].sort((x, y) => x - y)).toEqual(b.map((_, j) => j))
    expect(alignment.pairs).toHaveLength(12)
    for (const p of alignment.pairs) expect(p.score).toBeGreaterThanOrEqual(0.15)
  })

  it('takes a threshold', () => {
    expect(alignSentences(a, b, { threshold: 0.99 }).pairs).toEqual([])
    expect(alignSentences(a, b, { threshold: 0.5 }).pairs.length).toBeLessThan(12)
  })
})

describe('alignSentences', () => {
  it('aligns by content, not position', () => {
    const { pairs, onlyA, onlyB } = alignSentences(
      ['The ministry said 40 people were injured in Kharkiv.', 'Officials blamed a gas leak for the blast.'],
      [
        'Officials blamed the blast on a leaking gas pipe.',
        'The weather was mild.',
        'According to the ministry, 40 people were hurt in Kharkiv.',
      ],
    )
    expect(pairs.map(({ a, b }) => [a, b])).toEqual([
      [0, 2],
      [1, 0],
    ])
    expect(onlyA).toEqual([])
    expect(onlyB).toEqual([1])
  })

  it('handles empty articles', () => {
    expect(alignSentences([], ['Something happened.'])).toEqual({ pairs: [], onlyA: [], onlyB: [0] })
  })
})

describe('compareStory', () => {
  /** Sentence annotations by sentence index: `[sentence, labels, more fields]`. */
  type Tag = [number, string[], Partial<OffsetAnnotation>?]
  function article(meta: ArticleMeta, paragraphs: string[], tags: Tag[]): ArticleSnapshot {
    const doc = createArticleDoc({ meta, paragraphs })
    const { sentences } = readArticle(doc)
    addAnnotationsAtOffsets(
      doc,
      tags.map(([index, labels, more]) => ({
        kind: 'sentence',
        ...sentences[index]!,
        labels,
        annotator: 'ann',
        ...more,
      })),
    )
    return readArticle(doc)
  }
  const a = article(
    { id: 'a', title: 'A', outlet: 'Daily' },
    [
      'The ministry said 40 people were injured in Kharkiv. Officials blamed a gas leak for the blast. ' +
        'The mayor visited the site.',
    ],
    [
      [0, ['spokesperson'], { source: 'the ministry' }],
      [1, ['anonymous_official']],
      [2, ['quote'], { status: 'rejected' }],
    ],
  )
  const b = article(
    { id: 'b', title: 'B', outlet: 'Weekly' },
    [
      'According to the ministry, 40 people were hurt in Kharkiv on Monday. The weather was mild. ' +
        'Officials blamed the blast on a leaking gas pipe, Reuters reported.',
    ],
    [
      [0, ['spokesperson'], { annotator: 'bob', source: 'The  Ministry' }],
      [2, ['media_report'], { annotator: 'bob', source: 'Reuters' }],
      [2, ['quote'], { annotator: 'attrib-suggest', status: 'suggested' }],
    ],
  )

  it('lines up the shared claims and marks where attribution differs', () => {
    const story = compareStory([a, b], { labels: ['quote'] })
    expect(
      story.claims.map((c) => ({
        claim: c.claim,
        at: c.sentences.map((s) => s?.index ?? null),
        differs: c.differs,
      })),
    ).toEqual([
      { claim: 0, at: [0, 0], differs: false },
      { claim: 1, at: [1, 2], differs: true },
    ])
    expect(story.claims[1]!.sentences).toEqual([
      {
        article: 'a',
        index: 1,
        text: 'Officials blamed a gas leak for the blast.',
        labels: ['anonymous_official'],
        sources: [],
      },
      {
        article: 'b',
        index: 2,
        text: 'Officials blamed the blast on a leaking gas pipe, Reuters reported.',
        labels: ['media_report'],
        sources: ['Reuters'],
      },
    ])
    expect(story.onlyOne.map((s) => [s.article, s.index, s.labels])).toEqual([
      ['a', 2, []],
      ['b', 1, []],
    ])
    expect(story.summary).toEqual([
      {
        article: 'a',
        title: 'A',
        outlet: 'Daily',
        sentences: 3,
        shared: 2,
        attributed: 2,
        perLabel: { anonymous_official: 1, quote: 0, spokesperson: 1 },
        namedSources: ['the ministry'],
      },
      {
        article: 'b',
        title: 'B',
        outlet: 'Weekly',
        sentences: 3,
        shared: 2,
        attributed: 2,
        perLabel: { media_report: 1, quote: 0, spokesperson: 1 },
        namedSources: ['Reuters', 'The  Ministry'],
      },
    ])
  })

  it('counts only the final layer of an adjudicated article', () => {
    const judged: ArticleSnapshot = {
      ...b,
      annotations: [
        ...b.annotations,
        { ...b.annotations[0]!, id: 'f', annotator: 'judge', labels: ['named_source'], final: true } as never,
      ],
    }
    const story = compareStory([a, judged])
    expect(story.claims[0]!.sentences[1]!.labels).toEqual(['named_source'])
    expect(story.claims[0]!.differs).toBe(true)
    expect(story.claims[1]!.sentences[1]!.labels).toEqual([])
    expect(story.summary[1]!.perLabel).toEqual({ named_source: 1 })
  })

  it('counts suggestions when asked', () => {
    const story = compareStory([a, b], { statuses: ['accepted', 'suggested'] })
    expect(story.claims[1]!.sentences[1]!.labels).toEqual(['media_report', 'quote'])
  })

  it('joins a third article to the claims of the first two, and its own claims to none', () => {
    const c = article(
      { id: 'c', title: 'C' },
      ['The mayor of the city visited the site of the blast on Tuesday. Forty is a lot, a resident said.'],
      [],
    )
    const story = compareStory([a, b, c])
    const mayor = story.claims.find((claim) => claim.sentences[2] !== null)!
    expect(mayor.sentences.map((s) => s?.index ?? null)).toEqual([2, null, 0])
    expect(story.onlyOne.map((s) => [s.article, s.index])).toEqual([
      ['b', 1],
      ['c', 1],
    ])
    expect(story.summary.map((s) => s.shared)).toEqual([3, 2, 1])
  })
})
