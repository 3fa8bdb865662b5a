import * as Y from 'yjs'
import { readAnnotations } from './annotations'
import {
  type AnnotationState,
  type AnnotationStates,
  type AuditEntry,
  annotationState,
  type ChangeKind,
  changeKinds,
  decodePosition,
  describeChange,
  historyStart,
} from './audit'
import { articleSentences, sentenceAt } from './snapshot'
import { buildTextIndex, relativeToOffset } from './textIndex'

// An article's audit trail as people read it: each change placed in the article's current text (the
// sentence it is in, the words it covers), with what kind of change it was and a line that says it.

/** A recorded change placed in the article (see {@link readHistory}). */
export interface HistoryEntry extends AuditEntry {
  /** The sentence the annotation is in (by where it starts), in the current text; null when its text is gone. */
  sentence: number | null
  /** The words it covers (its sentence, for a sentence annotation), at most {@link QUOTE_LENGTH} characters. */
  quote: string
  kinds: ChangeKind[]
  /** {@link describeChange}: "+ Anonymous official", "Anonymous official → Spokesperson", ... */
  summary: string
}

/** An article's trail as {@link readHistory} gives it. */
export interface ArticleHistory {
  /** The changes, in order. */
  entries: HistoryEntry[]
  /**
   * The annotations where the trail starts ({@link historyStart}): those of an article stored before the
   * trail existed, or imported with it, are there with their state then ("history starts here").
   */
  start: Record<string, AnnotationState>
}

/** The longest quote a history entry carries. */
export const QUOTE_LENGTH = 160

const clip = (text: string) => (text.length > QUOTE_LENGTH ? `${text.slice(0, QUOTE_LENGTH - 1)}…` : text)

/**
 * Places each entry of an article's trail in the article `doc` (its current document) and works out where
 * the trail starts from the annotations the document holds now.
 */
export function readHistory(doc: Y.Doc, entries: readonly AuditEntry[]): ArticleHistory {
  const index = buildTextIndex(doc)
  const sentences = articleSentences(index)
  const places = new Map<string, { sentence: number | null; quote: string }>()
  const place = (start: string, end: string, kind: string) => {
    const key = `${kind}:${start}:${end}`
    let found = places.get(key)
    if (!found) {
      const from = relativeToOffset(index, doc, Y.decodeRelativePosition(decodePosition(start)))
      const to = relativeToOffset(index, doc, Y.decodeRelativePosition(decodePosition(end)))
      const sentence = from === null ? null : sentenceAt(sentences, from)
      const span =
        kind === 'sentence' && sentence !== null
          ? sentences[sentence]!
          : from !== null && to !== null && to >= from
            ? { start: from, end: to }
            : null
      found = { sentence, quote: span ? clip(index.text.slice(span.start, span.end)) : '' }
      places.set(key, found)
    }
    return found
  }
  const out: HistoryEntry[] = entries.map((entry) => {
    const state = entry.after ?? entry.before
    return {
      ...entry,
      ...(state ? place(state.start, state.end, state.kind) : { sentence: null, quote: '' }),
      kinds: changeKinds(entry),
      summary: describeChange(entry),
    }
  })
  const current: AnnotationStates = new Map(readAnnotations(doc).map((a) => [a.id, annotationState(a)]))
  return { entries: out, start: Object.fromEntries(historyStart(entries, current)) }
}
