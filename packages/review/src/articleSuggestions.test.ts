import { addAnnotationsAtOffsets, buildArticleDoc, readArticle, SUGGESTER } from '@attrib/core'
import { describe, expect, it } from 'vitest'
import { articleSuggestions, suggestionAnnotations } from './articleSuggestions'

function doc() {
  return buildArticleDoc({
    meta: { id: 's', title: 'S' },
    paragraphs: [
      'The ministry said on Monday that prices would rise. Rain fell all day.',
      '“We are ready,” Maria Lopez told reporters.',
    ],
  })
}

describe('articleSuggestions', () => {
  it('suggests labels for attributed sentences only, with a reason', () => {
    const snapshot = readArticle(doc())
    const suggestions = articleSuggestions(snapshot)
    expect(suggestions.map((s) => s.sentence)).toEqual([0, 2])
    expect(suggestions[0]!.labels).toContain('named_source')
    expect(suggestions[1]!.labels).toEqual(expect.arrayContaining(['quote', 'named_source']))
    for (const s of suggestions) expect(s.reason).not.toBe('')
    expect(suggestions[1]!.start).toBe(snapshot.sentences[2]!.start)
  })

  it('adds nothing twice, and leaves out labels a person already gave', () => {
    const d = doc()
    const first = articleSuggestions(readArticle(d))
    addAnnotationsAtOffsets(d, suggestionAnnotations(first))
    expect(articleSuggestions(readArticle(d))).toEqual([])
    const fresh = doc()
    const s2 = readArticle(fresh).sentences[2]!
    addAnnotationsAtOffsets(fresh, [
      { kind: 'sentence', start: s2.start, end: s2.end, labels: ['quote'], annotator: 'ann' },
    ])
    const again = articleSuggestions(readArticle(fresh))
    expect(again.find((s) => s.sentence === 2)!.labels).not.toContain('quote')
    const stored = readArticle(d).annotations.filter((a) => a.annotator === SUGGESTER)
    expect(stored.every((a) => a.status === 'suggested' && a.reason)).toBe(true)
  })
})
