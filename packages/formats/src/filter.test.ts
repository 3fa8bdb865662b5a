import { annotationSentence } from '@attrib/core'
import { describe, expect, it } from 'vitest'
import { filterArticle, keepArticle } from './filter'
import { astralArticle } from './testArticles'

describe('export filters', () => {
  const article = astralArticle()

  it('keeps articles by id and date range; undated ones only without a range', () => {
    const meta = { id: 'a', date: '2024-10-25' }
    expect(keepArticle(meta, {})).toBe(true)
    expect(keepArticle(meta, { ids: ['b'] })).toBe(false)
    expect(keepArticle(meta, { from: '2024-10-01', to: '2024-10-31' })).toBe(true)
    expect(keepArticle(meta, { from: '2024-10-26' })).toBe(false)
    expect(keepArticle(meta, { to: '2024-10-24' })).toBe(false)
    expect(keepArticle({ id: 'a' }, { from: '2024-01-01' })).toBe(false)
  })

  it('keeps annotations by label, annotator and status together', () => {
    const all = article.annotations
    expect(all.length).toBeGreaterThan(2)
    const statuses = filterArticle(article, { statuses: ['accepted'] })!.annotations
    expect(statuses.length).toBeGreaterThan(0)
    expect(statuses.every((a) => a.status === 'accepted')).toBe(true)
    const label = all[0]!.labels[0]!
    const byLabel = filterArticle(article, { labels: [label] })!.annotations
    expect(byLabel.every((a) => a.labels.includes(label))).toBe(true)
    expect(filterArticle(article, { annotators: ['nobody'] })!.annotations).toEqual([])
    expect(filterArticle(article, { ids: ['other'] })).toBeNull()
  })

  it('[LAY1] by default, a decided sentence keeps only the final layer and every other sentence its annotations', () => {
    // A reviewer's decision is a sentence annotation (setFinalDecision).
    const tagged = article.annotations.find((a) => a.kind === 'sentence')!
    const adjudicated = {
      ...article,
      annotations: [...article.annotations, { ...tagged, id: 'f1', annotator: 'rev', final: true }],
    }
    expect(filterArticle(article, {})!.annotations).toHaveLength(article.annotations.length)
    const decided = tagged.sentence
    const kept = filterArticle(adjudicated, {})!.annotations
    const on = (a: (typeof kept)[number]) => annotationSentence(article, a) === decided
    expect(kept.filter(on).map((a) => a.id)).toEqual(['f1'])
    // Nothing of the undecided sentences is lost.
    expect(kept.filter((a) => !on(a))).toEqual(article.annotations.filter((a) => !on(a)))
    expect(kept.length).toBeGreaterThan(1)
    expect(filterArticle(adjudicated, { layer: 'all' })!.annotations).toHaveLength(
      article.annotations.length + 1,
    )
    expect(filterArticle(article, { layer: 'final' })!.annotations).toEqual([])
  })
})
