import { buildArticleDoc, readArticle, SUGGESTER, setFinalDecision } from '@attrib/core'
import { describe, expect, it } from 'vitest'
import { articleLayers, firstSource, mergedLabels } from './layers'

// Sentences: 0 "Ann said it." 1 "Officials 🚀 spoke." 2 "Rain fell." 3 "Bob wrote."
function doc() {
  return buildArticleDoc({
    meta: { id: 'x', title: 'X' },
    paragraphs: ['Ann said it. Officials 🚀 spoke.', 'Rain fell. Bob wrote.'],
    annotations: [
      { kind: 'sentence', start: 0, end: 12, labels: ['named_source'], annotator: 'ann', source: 'Ann' },
      { kind: 'sentence', start: 0, end: 12, labels: ['named_source'], annotator: 'bob' },
      { kind: 'sentence', start: 13, end: 31, labels: ['anonymous_official'], annotator: 'ann' },
      { kind: 'sentence', start: 13, end: 31, labels: ['quote'], annotator: 'bob', source: 'officials' },
      // A span starting in sentence 3 counts for it; a suggestion and a rejected tag do not.
      { kind: 'span', start: 44, end: 47, labels: ['named_source'], annotator: 'ann' },
      { kind: 'sentence', start: 33, end: 43, labels: ['quote'], annotator: SUGGESTER, status: 'suggested' },
      { kind: 'sentence', start: 33, end: 43, labels: ['quote'], annotator: 'bob', status: 'rejected' },
    ],
  })
}

describe('articleLayers', () => {
  it('puts each annotator’s labels side by side and classifies each sentence', () => {
    const layers = articleLayers(readArticle(doc()))
    expect(layers.annotators).toEqual(['ann', 'bob'])
    expect(layers.sentences.map((s) => s.agreement)).toEqual(['agreed', 'disagreed', 'untagged', 'disagreed'])
    expect(layers.sentences[1]!.text).toBe('Officials 🚀 spoke.')
    expect(layers.sentences[1]!.layers).toEqual({
      ann: { labels: ['anonymous_official'], sources: [] },
      bob: { labels: ['quote'], sources: ['officials'] },
    })
    expect(layers.sentences[3]!.layers.ann!.labels).toEqual(['named_source'])
    expect(layers.counts).toEqual({
      sentences: 4,
      agreed: 1,
      disagreed: 2,
      untagged: 1,
      resolved: 0,
      open: 2,
    })
    expect(mergedLabels(layers.sentences[1]!)).toEqual(['anonymous_official', 'quote'])
    expect(firstSource(layers.sentences[1]!)).toBe('officials')
  })

  it('shows the reviewer’s decision and counts only unresolved disagreements as open', () => {
    const d = doc()
    setFinalDecision(d, 1, { labels: ['anonymous_official', 'quote'], source: 'officials' }, 'rev')
    const layers = articleLayers(readArticle(d))
    expect(layers.annotators).toEqual(['ann', 'bob'])
    expect(layers.sentences[1]!.final).toEqual({
      labels: ['anonymous_official', 'quote'],
      source: 'officials',
      reviewer: 'rev',
    })
    expect(layers.counts).toMatchObject({ resolved: 1, open: 1 })
  })
})
