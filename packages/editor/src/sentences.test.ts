import { segmentArticle } from '@attrib/core'
import { describe, expect, it } from 'vitest'
import { articleSchema as s } from './schema'
import { adjacentSentence, allSentences, sentenceAt, sentencesInRange } from './sentences'

const doc = s.node('doc', null, [
  s.node('section', null, [s.node('paragraph', null, [s.text('One. Two two.')])]),
  s.node('section', null, [s.node('paragraph', null, [s.text('Three.')]), s.node('paragraph')]),
])
const text = (r: { from: number; to: number } | null) => (r ? doc.textBetween(r.from, r.to) : null)

describe('sentences in the document', () => {
  it('finds the sentence at a position, the space between counting for the one before', () => {
    expect(text(sentenceAt(doc, 2))).toBe('One.')
    expect(text(sentenceAt(doc, 6))).toBe('One.')
    expect(text(sentenceAt(doc, 7))).toBe('Two two.')
    expect(sentenceAt(doc, 0)).toBeNull()
  })

  it('moves across paragraphs and sections, and stops at the ends', () => {
    const first = sentenceAt(doc, 2)!
    const second = adjacentSentence(doc, first.from, 1)!
    const third = adjacentSentence(doc, second.from, 1)!
    expect([text(second), text(third)]).toEqual(['Two two.', 'Three.'])
    expect(adjacentSentence(doc, third.from, 1)).toBeNull()
    expect(text(adjacentSentence(doc, third.from, -1))).toBe('Two two.')
    expect(adjacentSentence(doc, first.from, -1)).toBeNull()
  })

  it('lists every sentence a selection touches', () => {
    expect(sentencesInRange(doc, 4, 20).map(text)).toEqual(['One.', 'Two two.', 'Three.'])
    expect(sentencesInRange(doc, 8, 8).map(text)).toEqual(['Two two.'])
  })

  it('numbers sentences as snapshots and the API do', () => {
    const { text: plain, sentences } = segmentArticle(['One. Two two.', 'Three.', ''])
    const expected = sentences.map((x) => [...plain].slice(x.start, x.end).join(''))
    expect(allSentences(doc).map(text)).toEqual(expected)
    expect(allSentences(doc)).toBe(allSentences(doc))
  })
})
