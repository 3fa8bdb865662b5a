import type * as Y from 'yjs'
import { addAnnotation, getAnnotationsMap, readAnnotations, SUGGESTER } from './annotations'
import { getMetaMap, Origin } from './articleDoc'
import type { ArticleSnapshot, ResolvedAnnotation } from './snapshot'
import { annotationSentence, articleSentences, sentenceAt } from './snapshot'
import { buildTextIndex, offsetToRelative, relativeToOffset } from './textIndex'

/**
 * How annotators of an article work: `open`, everyone sees every label as it is made; `independent`,
 * each annotator sees only their own labels (and machine suggestions) until a reviewer adjudicates.
 */
export type ReviewMode = 'open' | 'independent'

// Defined beside the annotations, whose toggle accepts machine suggestions; re-exported here where it was.
export { SUGGESTER }

/** The article's review mode (stored as `meta.review`; anything but `independent` is open). */
export function reviewMode(doc: Y.Doc): ReviewMode {
  return getMetaMap(doc).get('review') === 'independent' ? 'independent' : 'open'
}

/** Sets the article's review mode; every client sees it change live. */
export function setReviewMode(doc: Y.Doc, mode: ReviewMode, origin: Origin = Origin.user): void {
  doc.transact(() => getMetaMap(doc).set('review', mode), origin)
}

/**
 * Which annotations a reader of a snapshot wants: `final` (adjudicated), `all`, or `auto`: per sentence,
 * the reviewer's decision where there is one and the annotators' annotations elsewhere.
 */
export type Layer = 'auto' | 'final' | 'all'

/** The layers a reader may ask for, `auto` first (the default). */
export const LAYERS: readonly Layer[] = ['auto', 'final', 'all']

/** Whether the article has an adjudicated layer (at least one final annotation). */
export function hasFinalLayer(snapshot: Pick<ArticleSnapshot, 'annotations'>): boolean {
  return snapshot.annotations.some((a) => a.final === true)
}

/** The indices of the sentences a reviewer has decided: those with at least one final annotation. */
export function adjudicatedSentences(
  snapshot: Pick<ArticleSnapshot, 'annotations' | 'sentences'>,
): Set<number> {
  const decided = new Set<number>()
  for (const a of snapshot.annotations) {
    if (a.final !== true) continue
    const i = annotationSentence(snapshot, a)
    if (i !== null) decided.add(i)
  }
  return decided
}

/**
 * The snapshot with the annotations of one layer. `auto` is what exports and statistics use by default:
 * on a sentence a reviewer has decided, only the final annotations; on every other sentence, everything
 * but final annotations. So adjudicating some sentences of an article never drops the annotators' labels
 * of the others (each annotation's `final` flag says which layer it comes from).
 */
export function selectLayer(snapshot: ArticleSnapshot, layer: Layer = 'auto'): ArticleSnapshot {
  if (layer === 'all') return snapshot
  if (layer === 'final')
    return { ...snapshot, annotations: snapshot.annotations.filter((a) => a.final === true) }
  const decided = adjudicatedSentences(snapshot)
  if (decided.size === 0) return snapshot
  return {
    ...snapshot,
    annotations: snapshot.annotations.filter((a) => {
      if (a.final === true) return true
      const i = annotationSentence(snapshot, a)
      return i === null || !decided.has(i)
    }),
  }
}

/** Whether an annotator may see an annotation in the editor, given the article's review mode. */
export function visibleTo(
  a: Pick<ResolvedAnnotation, 'annotator' | 'final'>,
  annotator: string,
  mode: ReviewMode,
): boolean {
  if (mode === 'open') return true
  return a.annotator === annotator || a.annotator === SUGGESTER
}

/** What a reviewer decided for one sentence. */
export interface FinalDecision {
  labels: string[]
  /** The source name of the final annotation; empty when none. */
  source?: string
}

/**
 * Writes the reviewer's decision on sentence `sentence` (its index in the article) as the final layer:
 * replaces any earlier final annotation of that sentence, in one transaction. An empty label list
 * records "no attribution" (a final annotation without labels), so the sentence counts as adjudicated.
 * Throws a `RangeError` for a sentence index outside the article.
 */
export function setFinalDecision(
  doc: Y.Doc,
  sentence: number,
  decision: FinalDecision,
  reviewer: string,
  origin: Origin = Origin.user,
): string {
  return setFinalDecisions(doc, [{ sentence, ...decision }], reviewer, origin)[0]!
}

/** {@link setFinalDecision} for many sentences in one transaction (one text index for all). */
export function setFinalDecisions(
  doc: Y.Doc,
  decisions: readonly (FinalDecision & { sentence: number })[],
  reviewer: string,
  origin: Origin = Origin.user,
): string[] {
  const index = buildTextIndex(doc)
  const sentences = articleSentences(index)
  for (const d of decisions)
    if (!(Number.isInteger(d.sentence) && d.sentence >= 0 && d.sentence < sentences.length))
      throw new RangeError(`sentence ${d.sentence} is not in the article (0..${sentences.length - 1})`)
  // Final annotations now on each sentence, to be replaced.
  const finals = new Map<number, string[]>()
  for (const a of readAnnotations(doc)) {
    if (!a.final) continue
    const at = relativeToOffset(index, doc, a.start)
    if (at === null) continue
    const i = sentenceAt(sentences, at)
    if (i === null) continue
    const ids = finals.get(i) ?? []
    ids.push(a.id)
    finals.set(i, ids)
  }
  const ids: string[] = []
  const map = getAnnotationsMap(doc)
  doc.transact(() => {
    for (const d of decisions) {
      for (const id of finals.get(d.sentence) ?? []) map.delete(id)
      finals.delete(d.sentence)
      const s = sentences[d.sentence]!
      ids.push(
        addAnnotation(
          doc,
          {
            kind: 'sentence',
            start: offsetToRelative(index, s.start, 0),
            end: offsetToRelative(index, s.end, -1),
            labels: [...new Set(d.labels)].sort(),
            source: d.source ?? '',
            annotator: reviewer,
            status: 'accepted',
            final: true,
          },
          origin,
        ),
      )
    }
  }, origin)
  return ids
}

/** Removes the final decision of a sentence (back to unresolved). */
export function clearFinalDecision(doc: Y.Doc, sentence: number, origin: Origin = Origin.user): void {
  const index = buildTextIndex(doc)
  const sentences = articleSentences(index)
  const s = sentences[sentence]
  if (!s) throw new RangeError(`sentence ${sentence} is not in the article (0..${sentences.length - 1})`)
  const map = getAnnotationsMap(doc)
  doc.transact(() => {
    for (const a of readAnnotations(doc)) {
      if (!a.final) continue
      const at = relativeToOffset(index, doc, a.start)
      if (at !== null && at >= s.start && at < s.end) map.delete(a.id)
    }
  }, origin)
}
