import { readArticle, setFinalDecisions } from '@attrib/core'
import { describe, expect, it } from 'vitest'
import { articleCoverage } from './coverage'
import { articleLayers } from './layers'
import { demoDocs } from './testDemo'

/**
 * The seed story annotated by two people (seeds/demo/musk-putin-two-annotators.jsonl): the figures a
 * reviewer reads from the dashboard, computed by hand from the file's labels.
 */
function demo() {
  return demoDocs().map((doc) => readArticle(doc))
}

describe('the seed story, annotated by Ana and Ben', () => {
  const [first, second] = demo()

  it('coverage: how much is attributed, how much rests on anonymous officials, what has no source', () => {
    const a = articleCoverage(first!)
    expect(a.sentences).toBe(16)
    expect(a.attributed).toBe(9)
    expect(a.anonymousShare).toBe(4 / 9)
    expect(a.quotes).toBe(3)
    expect(a.namedSources).toEqual(['Elon Musk', 'US Department of Defense'])
    expect(a.unattributed.map((s) => s.index)).toEqual([0, 1, 4, 9, 12, 14, 15])
    expect(a.unattributed[0]!.text).toMatch(/^Over the past two years/)

    const b = articleCoverage(second!)
    expect(b.sentences).toBe(26)
    expect(b.attributed).toBe(20)
    expect(b.anonymousShare).toBe(7 / 20)
    expect(b.quotes).toBe(8)
    expect(b.namedSources).toEqual([
      'Dmitry Peskov',
      'Donald Trump',
      'Elon Musk',
      'Pentagon',
      'The Wall Street Journal',
      'Trump campaign',
    ])
    expect(b.annotators).toEqual({
      Ana: { sentences: 20, lastSentence: 25, progress: 1 },
      Ben: { sentences: 19, lastSentence: 25, progress: 1 },
    })
  })

  it('layers: where Ana and Ben disagree', () => {
    const a = articleLayers(first!)
    expect(a.annotators).toEqual(['Ana', 'Ben'])
    expect(a.sentences.filter((s) => s.agreement === 'disagreed').map((s) => s.index)).toEqual([2, 3, 6, 13])
    const b = articleLayers(second!)
    expect(b.sentences.filter((s) => s.agreement === 'disagreed').map((s) => s.index)).toEqual([
      6, 7, 13, 18, 19, 24,
    ])
    expect(b.counts).toMatchObject({ sentences: 26, agreed: 14, disagreed: 6, untagged: 6, open: 6 })
  })

  it('agreement per article, and the final layer once a reviewer has adjudicated', () => {
    expect(articleCoverage(first!).agreement).toMatchObject({ annotators: 2, disagreements: 4 })
    const doc = demoDocs()[0]!
    setFinalDecisions(
      doc,
      [
        { sentence: 2, labels: ['anonymous_official', 'media_report'] },
        { sentence: 3, labels: [] },
        { sentence: 5, labels: ['anonymous_official'] },
        { sentence: 6, labels: ['media_report'] },
        { sentence: 7, labels: ['named_source', 'quote'], source: 'Elon Musk' },
        { sentence: 8, labels: ['named_source', 'quote'], source: 'Elon Musk' },
        { sentence: 10, labels: ['spokesperson'] },
        { sentence: 11, labels: ['anonymous_official'] },
        { sentence: 13, labels: ['anonymous_official', 'quote'] },
      ],
      'Rev',
    )
    const c = articleCoverage(readArticle(doc))
    expect(c.adjudicated).toBe(true)
    // Sentence 3 was decided "no attribution": 8 attributed, 4 of them anonymous.
    expect(c).toMatchObject({ attributed: 8, anonymous: 4, quotes: 3, namedSources: ['Elon Musk'] })
    expect(c.unattributed.map((u) => u.index)).toEqual([0, 1, 3, 4, 9, 12, 14, 15])
    // Progress is still each annotator's own; the reviewer is not an annotator.
    expect(c.annotators).toEqual({
      Ana: { sentences: 9, lastSentence: 13, progress: 14 / 16 },
      Ben: { sentences: 8, lastSentence: 13, progress: 14 / 16 },
    })
    // Asking for one annotator's figures gives their layer, not the final one.
    expect(articleCoverage(readArticle(doc), { annotators: ['Ben'] }).attributed).toBe(8)
  })
})
