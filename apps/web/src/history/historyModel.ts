import {
  type AnnotationChange,
  type AnnotationState,
  type AnnotationStates,
  type HistoryEntry,
  labelById,
  type ReviewMode,
  SUGGESTER,
  sameState,
  type Taxonomy,
  visibleTo,
} from '@attrib/core'
import type { Role } from '../session'

// The audit trail as the editor shows it (apps/web SPEC UI12, UI14): lines for people, who sees which changes
// and who may restore what. Pure: no DOM, no fetch. The timeline's drawing is in timelineModel.ts.

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
 * Whose annotation a change touched, when that is not the person who made it: "Ana’s tag", "an automatic
 * suggestion"; empty for one's own (and without a name). Without sign-in
 * every change is `anonymous`'s, and this still says whose tag it was.
 */
export function ownerNote(change: AnnotationChange & { user: string }): string {
  const state = change.after ?? change.before
  if (!state?.annotator || state.annotator === change.user) return ''
  if (state.annotator === SUGGESTER) return 'an automatic suggestion'
  return `${state.annotator}’s tag`
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
