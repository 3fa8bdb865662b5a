import { type ArticleSnapshot, type OffsetAnnotation, type ResolvedAnnotation, SUGGESTER } from '@attrib/core'
import { suggestSentences } from './suggest'

/** A suggestion for one sentence of an article; offsets in code points of the article text. */
export interface ArticleSuggestion {
  sentence: number
  start: number
  end: number
  labels: string[]
  reason: string
}

/**
 * What "suggest all" adds to an article: for each sentence the detector attributes, the labels nobody
 * has given it yet. Sentences that already hold a machine suggestion (pending, accepted or rejected)
 * are skipped, so running it twice adds nothing and a rejected suggestion does not come back.
 * `visible` limits which existing annotations count (an annotator's own in independent mode).
 */
export function articleSuggestions(
  snapshot: ArticleSnapshot,
  visible: (a: ResolvedAnnotation) => boolean = () => true,
): ArticleSuggestion[] {
  const codePoints = [...snapshot.text]
  const texts = snapshot.sentences.map((s) => codePoints.slice(s.start, s.end).join(''))
  const suggested = new Set<number>()
  const accepted = texts.map(() => new Set<string>())
  for (const a of snapshot.annotations) {
    if (a.sentence === null || a.final) continue
    if (a.annotator === SUGGESTER || a.reason !== undefined) suggested.add(a.sentence)
    if (a.status === 'accepted' && visible(a)) for (const l of a.labels) accepted[a.sentence]!.add(l)
  }
  const out: ArticleSuggestion[] = []
  suggestSentences(texts).forEach((s, i) => {
    if (s.labels.length === 0 || suggested.has(i)) return
    const labels = s.labels.filter((l) => !accepted[i]!.has(l))
    if (labels.length === 0) return
    const { start, end } = snapshot.sentences[i]!
    out.push({ sentence: i, start, end, labels, reason: s.reason })
  })
  return out
}

/** The annotations to add for {@link articleSuggestions}: `suggested` sentence annotations by the suggester. */
export function suggestionAnnotations(suggestions: readonly ArticleSuggestion[]): OffsetAnnotation[] {
  return suggestions.map((s) => ({
    kind: 'sentence',
    start: s.start,
    end: s.end,
    labels: s.labels,
    annotator: SUGGESTER,
    status: 'suggested',
    reason: s.reason,
  }))
}
