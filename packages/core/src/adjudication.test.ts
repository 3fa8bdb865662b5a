import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  clearFinalDecision,
  hasFinalLayer,
  reviewMode,
  SUGGESTER,
  selectLayer,
  setFinalDecision,
  setFinalDecisions,
  setReviewMode,
  visibleTo,
} from './adjudication'
import { readMeta } from './articleDoc'
import { buildArticleDoc, readArticle } from './snapshot'

function article() {
  // Sentences: 0 "One said." 1 "Two 🚀 reported." | 2 "Three."
  return buildArticleDoc({
    meta: { id: 'a1', title: 'T' },
    paragraphs: ['One said. Two 🚀 reported.', 'Three.'],
    annotations: [
      { kind: 'sentence', start: 0, end: 9, labels: ['quote'], annotator: 'ann' },
      { kind: 'sentence', start: 0, end: 9, labels: ['named_source'], annotator: 'bob' },
      { kind: 'sentence', start: 10, end: 25, labels: ['media_report'], annotator: 'ann' },
    ],
  })
}

describe('review mode', () => {
  it('is open by default, independent once set, and travels to other replicas', () => {
    const doc = article()
    expect(reviewMode(doc)).toBe('open')
    setReviewMode(doc, 'independent')
    expect(reviewMode(doc)).toBe('independent')
    expect(readMeta(doc).review).toBe('independent')
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    expect(reviewMode(other)).toBe('independent')
  })

  it('in independent mode shows an annotator only their own labels and the suggestions', () => {
    expect(visibleTo({ annotator: 'bob' }, 'ann', 'independent')).toBe(false)
    expect(visibleTo({ annotator: 'ann' }, 'ann', 'independent')).toBe(true)
    expect(visibleTo({ annotator: SUGGESTER }, 'ann', 'independent')).toBe(true)
    expect(visibleTo({ annotator: 'bob' }, 'ann', 'open')).toBe(true)
  })
})

describe('final decisions', () => {
  it('writes a final annotation on the sentence, replacing an earlier one', () => {
    const doc = article()
    expect(hasFinalLayer(readArticle(doc))).toBe(false)
    setFinalDecision(doc, 0, { labels: ['quote'] }, 'rev')
    setFinalDecision(doc, 0, { labels: ['quote', 'named_source'], source: 'One' }, 'rev')
    const snap = readArticle(doc)
    const finals = snap.annotations.filter((a) => a.final)
    expect(finals).toHaveLength(1)
    expect(finals[0]).toMatchObject({
      sentence: 0,
      start: 0,
      end: 9,
      labels: ['named_source', 'quote'],
      source: 'One',
      annotator: 'rev',
      status: 'accepted',
    })
    expect(hasFinalLayer(snap)).toBe(true)
  })

  it('records "no attribution" as a final annotation without labels', () => {
    const doc = article()
    setFinalDecisions(doc, [{ sentence: 1, labels: [] }], 'rev')
    const finals = readArticle(doc).annotations.filter((a) => a.final)
    expect(finals).toEqual([expect.objectContaining({ sentence: 1, labels: [], start: 10, end: 25 })])
  })

  it('[LAY1] selectLayer auto: per sentence, the final decision where there is one and the annotators elsewhere', () => {
    const doc = article()
    const before = readArticle(doc)
    expect(selectLayer(before).annotations).toHaveLength(3)
    const bySentence = (snap: ReturnType<typeof readArticle>) =>
      snap.annotations.map((a) => `${a.sentence}:${a.annotator}${a.final ? ':final' : ''}`).sort()
    // Decide one sentence that annotators tagged: only its annotators' labels give way.
    const decided = before.annotations[0]!.sentence!
    setFinalDecision(doc, decided, { labels: ['quote'] }, 'rev')
    const snap = readArticle(doc)
    const auto = selectLayer(snap)
    expect(auto.annotations.filter((a) => a.sentence === decided).map((a) => a.annotator)).toEqual(['rev'])
    expect(bySentence(auto)).toEqual(
      [
        ...before.annotations
          .filter((a) => a.sentence !== decided)
          .map((a) => `${a.sentence}:${a.annotator}`),
        `${decided}:rev:final`,
      ].sort(),
    )
    expect(auto.annotations.length).toBeGreaterThan(1)
    expect(selectLayer(snap, 'all').annotations).toHaveLength(4)
    expect(selectLayer(snap, 'final').annotations.map((a) => a.annotator)).toEqual(['rev'])
    expect(selectLayer(readArticle(article()), 'final').annotations).toHaveLength(0)
  })

  it('rejects a sentence outside the article and writes nothing', () => {
    const doc = article()
    expect(() =>
      setFinalDecisions(
        doc,
        [
          { sentence: 0, labels: ['quote'] },
          { sentence: 3, labels: [] },
        ],
        'r',
      ),
    ).toThrow(/sentence 3 is not in the article/)
    expect(hasFinalLayer(readArticle(doc))).toBe(false)
  })

  it('clearFinalDecision removes only that sentence’s decision', () => {
    const doc = article()
    setFinalDecisions(
      doc,
      [
        { sentence: 0, labels: ['quote'] },
        { sentence: 2, labels: ['media_report'] },
      ],
      'rev',
    )
    clearFinalDecision(doc, 0)
    expect(
      readArticle(doc)
        .annotations.filter((a) => a.final)
        .map((a) => a.sentence),
    ).toEqual([2])
  })

  it('two reviewers deciding the same sentence at once leave decisions a reader can see', () => {
    const a = article()
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    setFinalDecision(a, 0, { labels: ['quote'] }, 'r1')
    setFinalDecision(b, 0, { labels: ['named_source'] }, 'r2')
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const finals = readArticle(a).annotations.filter((x) => x.final)
    expect(finals.map((x) => x.labels[0]).sort()).toEqual(['named_source', 'quote'])
    expect(readArticle(b).annotations.filter((x) => x.final)).toHaveLength(2)
  })
})
