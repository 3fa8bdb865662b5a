import {
  type AnnotationChange,
  type AnnotationState,
  type AnnotationStates,
  type AuditEntry,
  articleSentences,
  buildTextIndex,
  decodePosition,
  type HistoryEntry,
  labelById,
  type ReviewMode,
  relativeToOffset,
  type SentenceSpan,
  SUGGESTER,
  sameState,
  sentenceAt,
  statesAt,
  type Taxonomy,
  type TextIndex,
  visibleTo,
} from '@attrib/core'
import * as Y from 'yjs'
import type { Role } from '../session'

// The audit trail as the editor shows it (apps/web SPEC UI12–UI14): lines for people, who may restore what,
// and the article's annotations at any step of the trail placed in its current text. Pure: no DOM, no fetch.

/** An article's trail held in memory: every change in order and the annotations where the trail starts. */
export interface LoadedHistory {
  entries: HistoryEntry[]
  start: AnnotationStates
}

/** The names of `labels` in the taxonomy ("Anonymous official, Spokesperson"); an unknown id as itself. */
export function labelNames(labels: readonly string[], taxonomy: Taxonomy): string {
  if (labels.length === 0) return '(no label)'
  return labels.map((id) => labelById(taxonomy, id)?.name ?? id).join(', ')
}

const quoted = (text: string) => (text === '' ? '(none)' : `“${text}”`)

/**
 * What a change did, in the taxonomy's words: "+ Anonymous official", "− Spokesperson",
 * "Anonymous official → Spokesperson", "source (none) → “Peskov”", "suggested → accepted", "adjudicated".
 * Core's `describeChange` says the same with label ids (exports, the CSV); people read names.
 * @example
 * changeLine({ annotation: 'a1', before: null, after: state }, taxonomy) // '+ Anonymous official'
 */
export function changeLine(change: AnnotationChange, taxonomy: Taxonomy): string {
  const { before, after } = change
  const names = (s: AnnotationState) =>
    `${labelNames(s.labels, taxonomy)}${s.status === 'accepted' ? '' : ` (${s.status})`}`
  if (before === null) return after === null ? '' : `+ ${names(after)}`
  if (after === null) return `− ${names(before)}`
  const parts: string[] = []
  if (before.labels.join('\n') !== after.labels.join('\n'))
    parts.push(`${labelNames(before.labels, taxonomy)} → ${labelNames(after.labels, taxonomy)}`)
  if (before.source !== after.source) parts.push(`source ${quoted(before.source)} → ${quoted(after.source)}`)
  if (before.status !== after.status) parts.push(`${before.status} → ${after.status}`)
  if (before.final !== after.final) parts.push(after.final ? 'adjudicated' : 'adjudication undone')
  return parts.length > 0 ? parts.join('; ') : 'unchanged'
}

/** Who made a change, as the line names them (the suggester by what it is). */
export function changedBy(user: string): string {
  return user === SUGGESTER ? 'automatic suggestion' : user
}

/**
 * When a change was made, in local time: `short` for the line (the time of day, with the date when it was
 * not today), `full` for its title (the whole date and time).
 */
export function changeTime(at: string, now = new Date()): { short: string; full: string } {
  const date = new Date(at)
  if (Number.isNaN(date.getTime())) return { short: at, full: at }
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
  const sameDay = date.toDateString() === now.toDateString()
  const day = date.toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    ...(date.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }),
  })
  return {
    short: sameDay ? time : `${day} ${time}`,
    full: date.toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'medium' }),
  }
}

/** The changes of annotations on sentence `sentence` (removed ones included), newest first. */
export function sentenceHistory(entries: readonly HistoryEntry[], sentence: number): HistoryEntry[] {
  const out: HistoryEntry[] = []
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.sentence === sentence) out.push(entries[i]!)
  return out
}

/**
 * Whether a person sees a change, by the editor's own rule (core's `visibleTo`): in independent mode only
 * the changes of their own annotations and of the suggester's.
 */
export function entryVisible(entry: AnnotationChange, annotator: string, mode: ReviewMode): boolean {
  const state = entry.after ?? entry.before
  return state === null || visibleTo(state, annotator, mode)
}

/**
 * The part of `history` a person sees in the editor: all of it in open mode; in independent mode the
 * changes and starting annotations of their own and the suggester's ({@link entryVisible}).
 */
export function visibleHistory(history: LoadedHistory, annotator: string, mode: ReviewMode): LoadedHistory {
  if (mode === 'open') return history
  return {
    entries: history.entries.filter((e) => entryVisible(e, annotator, mode)),
    start: new Map([...history.start].filter(([, s]) => visibleTo(s, annotator, mode))),
  }
}

/**
 * Why `role` may not bring an annotation whose state is now `current` back to `target`, or null when it
 * may. The server decides in the end (an annotator's edit of a final annotation is refused, 4409); this
 * spares people a refusal they can be told about beforehand.
 */
export function restoreRefusal(
  role: Role,
  target: AnnotationState | null,
  current: AnnotationState | null,
): string | null {
  if (role === 'viewer') return 'Viewers may read the history but not change annotations.'
  if (sameState(target, current)) return 'The annotation is like this now.'
  if (role !== 'reviewer' && (target?.final || current?.final))
    return 'Only a reviewer may change an adjudicated (final) annotation.'
  return null
}

/** The trail's number of the change at step `step` of the timeline (0: where the trail starts). */
export function stepThrough(entries: readonly AuditEntry[], step: number): number {
  return step <= 0 ? 0 : (entries[Math.min(step, entries.length) - 1]?.n ?? 0)
}

/** Where an annotation's state falls in the article's current text (UTF-16 offsets of `text`). */
export interface Placement {
  /** The sentence it is in (by where it starts); null when its text is gone. */
  sentence: number | null
  from: number | null
  to: number | null
}

/**
 * The article's current text cut into paragraphs and sentences, with a placer for annotation states:
 * anchors resolve against the live document (their text may have moved since), once per distinct anchor.
 */
export interface ArticleLayout {
  text: string
  /** Each paragraph's UTF-16 range in `text`. */
  paragraphs: SentenceSpan[]
  sentences: SentenceSpan[]
  /** The paragraph of each sentence. */
  paragraphOf: number[]
  place(state: AnnotationState): Placement
}

/** Lays out the article `doc` as it is now (O(text)); build it again when the text changes. */
export function articleLayout(doc: Y.Doc): ArticleLayout {
  const index: TextIndex = buildTextIndex(doc)
  const sentences = articleSentences(index)
  const paragraphs = index.paragraphs.map((p) => ({ start: p.start, end: p.end }))
  const paragraphOf: number[] = []
  let p = 0
  for (const s of sentences) {
    while (p < paragraphs.length - 1 && s.start >= paragraphs[p]!.end) p++
    paragraphOf.push(p)
  }
  const cache = new Map<string, Placement>()
  const offset = (anchor: string) =>
    relativeToOffset(index, doc, Y.decodeRelativePosition(decodePosition(anchor)))
  return {
    text: index.text,
    paragraphs,
    sentences,
    paragraphOf,
    place(state) {
      const key = `${state.start}|${state.end}`
      let found = cache.get(key)
      if (!found) {
        const from = offset(state.start)
        const to = offset(state.end)
        found = { sentence: from === null ? null : sentenceAt(sentences, from), from, to }
        cache.set(key, found)
      }
      return found
    },
  }
}

/** A span annotation's words and labels, as the timeline lists them on its sentence. */
export interface SpanMark {
  labels: string[]
  words: string
  suggested: boolean
}

/** What the timeline draws on one sentence: as the editor does, rejected annotations are not drawn. */
export interface SentenceMarks {
  /** Labels of accepted sentence annotations, sorted. */
  accepted: string[]
  /** Labels that only suggestions carry, sorted. */
  suggested: string[]
  /** A reviewer decided the sentence (a final annotation is on it). */
  final: boolean
  spans: SpanMark[]
}

/** A string that is equal exactly when two marks draw the same (for memoised rendering). */
export function marksKey(m: SentenceMarks | undefined): string {
  if (!m) return ''
  const spans = m.spans.map((s) => `${s.suggested ? '?' : ''}${s.labels.join(',')}@${s.words}`).join(';')
  return `${m.accepted.join(',')}|${m.suggested.join(',')}|${m.final ? 'f' : ''}|${spans}`
}

/** The marks of every sentence that has any, for the annotations `states`. */
export function sentenceMarks(layout: ArticleLayout, states: AnnotationStates): Map<number, SentenceMarks> {
  const sets = new Map<number, { accepted: Set<string>; suggested: Set<string>; marks: SentenceMarks }>()
  for (const state of states.values()) {
    if (state.status === 'rejected') continue
    const place = layout.place(state)
    if (place.sentence === null) continue
    let entry = sets.get(place.sentence)
    if (!entry) {
      entry = {
        accepted: new Set(),
        suggested: new Set(),
        marks: { accepted: [], suggested: [], final: false, spans: [] },
      }
      sets.set(place.sentence, entry)
    }
    if (state.final) entry.marks.final = true
    if (state.kind === 'span') {
      const words =
        place.from !== null && place.to !== null && place.to > place.from
          ? layout.text.slice(place.from, place.to)
          : ''
      entry.marks.spans.push({ labels: state.labels, words, suggested: state.status === 'suggested' })
      continue
    }
    for (const l of state.labels) (state.status === 'accepted' ? entry.accepted : entry.suggested).add(l)
  }
  const out = new Map<number, SentenceMarks>()
  for (const [sentence, { accepted, suggested, marks }] of sets) {
    for (const l of accepted) suggested.delete(l)
    marks.accepted = [...accepted].sort()
    marks.suggested = [...suggested].sort()
    marks.spans.sort(
      (a, b) => a.words.localeCompare(b.words) || a.labels.join().localeCompare(b.labels.join()),
    )
    if (marks.accepted.length || marks.suggested.length || marks.spans.length || marks.final)
      out.set(sentence, marks)
  }
  return out
}

/** Sentences per label in `marks`, tagged and suggested apart: the legend's counts at a step of the timeline. */
export function markCounts(marks: ReadonlyMap<number, SentenceMarks>): {
  accepted: Map<string, number>
  suggested: Map<string, number>
} {
  const accepted = new Map<string, number>()
  const suggested = new Map<string, number>()
  for (const m of marks.values()) {
    for (const l of m.accepted) accepted.set(l, (accepted.get(l) ?? 0) + 1)
    for (const l of m.suggested) suggested.set(l, (suggested.get(l) ?? 0) + 1)
  }
  return { accepted, suggested }
}

/**
 * The timeline at step `step`: the annotations after the first `step` changes of `history` (core's
 * `statesAt`; 0 is where the trail starts) and what each sentence shows then.
 */
export function timelineFrame(
  layout: ArticleLayout,
  history: LoadedHistory,
  step: number,
): { states: AnnotationStates; marks: Map<number, SentenceMarks> } {
  const states = statesAt(history.entries, history.start, stepThrough(history.entries, step))
  return { states, marks: sentenceMarks(layout, states) }
}
