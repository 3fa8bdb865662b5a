import * as Y from 'yjs'
import { type Annotation, type AnnotationStatus, addAnnotation, getAnnotationsMap } from './annotations'
import { Origin } from './articleDoc'
import type { AnnotationKind } from './documentShape'

// The audit trail's model: what an annotation was before and after a change, who made the change and when.
// The server records a change for every annotation a client's update touched (packages/sync, audit.ts),
// the store keeps the records beside the document's log (compaction does not touch them), and readers
// rebuild the article's annotations as they were at any point of the trail from them.

/** What the trail keeps of an annotation: the fields people change, and its anchors. */
export interface AnnotationState {
  kind: AnnotationKind
  /** Its labels, sorted. */
  labels: string[]
  source: string
  status: AnnotationStatus
  /** Part of the adjudicated layer. */
  final: boolean
  annotator: string
  /** `Y.encodeRelativePosition` of its start, base64 ({@link encodePosition}). */
  start: string
  /** Same for its end. */
  end: string
}

/** One annotation's change: null before when it was added, null after when it was removed. */
export interface AnnotationChange {
  annotation: string
  before: AnnotationState | null
  after: AnnotationState | null
}

/** A change as the server records it: who (the authenticated user, or "anonymous") and when (server time, ISO). */
export interface AuditRecord extends AnnotationChange {
  at: string
  user: string
}

/** A recorded change as the store gives it back. */
export interface AuditEntry extends AuditRecord {
  /** Its number in the article's trail: 1, 2, 3, ... in the order the changes were stored. */
  n: number
  /** Sequence number of the stored update that made the change. */
  seq: number
}

/** The user recorded for changes when access control is off. */
export const ANONYMOUS_USER = 'anonymous'

/** What kinds of change a record is (several when one update changed several fields). */
export type ChangeKind =
  | 'added'
  | 'removed'
  | 'labels'
  | 'source'
  | 'status'
  | 'adjudicated'
  | 'unadjudicated'

/** The kinds of change of `change`, in a fixed order. */
export function changeKinds(change: AnnotationChange): ChangeKind[] {
  const { before, after } = change
  if (before === null) return after === null ? [] : ['added']
  if (after === null) return ['removed']
  const kinds: ChangeKind[] = []
  if (before.labels.join('\n') !== after.labels.join('\n')) kinds.push('labels')
  if (before.source !== after.source) kinds.push('source')
  if (before.status !== after.status) kinds.push('status')
  if (before.final !== after.final) kinds.push(after.final ? 'adjudicated' : 'unadjudicated')
  return kinds
}

const labelList = (s: AnnotationState) => (s.labels.length > 0 ? s.labels.join(', ') : '(no label)')
const quoted = (text: string) => (text === '' ? '(none)' : `“${text}”`)

/**
 * A short line for people: "+ Anonymous official", "− Spokesperson", "Anonymous official → Spokesperson",
 * "source (none) → “Peskov”", "suggested → accepted", "adjudicated".
 * @example
 * describeChange({ annotation: 'a1', before: null, after: state }) // '+ Anonymous official'
 */
export function describeChange(change: AnnotationChange): string {
  const { before, after } = change
  if (before === null) return after === null ? '' : `+ ${labelList(after)}`
  if (after === null) return `− ${labelList(before)}`
  const parts: string[] = []
  for (const kind of changeKinds(change)) {
    if (kind === 'labels') parts.push(`${labelList(before)} → ${labelList(after)}`)
    else if (kind === 'source') parts.push(`source ${quoted(before.source)} → ${quoted(after.source)}`)
    else if (kind === 'status') parts.push(`${before.status} → ${after.status}`)
    else parts.push(kind)
  }
  return parts.length > 0 ? parts.join('; ') : 'unchanged'
}

/** Whether two states hold the same fields. */
export function sameState(a: AnnotationState | null, b: AnnotationState | null): boolean {
  if (a === null || b === null) return a === b
  return (
    a.kind === b.kind &&
    a.source === b.source &&
    a.status === b.status &&
    a.final === b.final &&
    a.annotator === b.annotator &&
    a.start === b.start &&
    a.end === b.end &&
    a.labels.join('\n') === b.labels.join('\n')
  )
}

/** Base64 of bytes (an encoded relative position), in the browser and in Node alike. */
export function encodePosition(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s)
}

/** The bytes of {@link encodePosition}'s result. */
export function decodePosition(text: string): Uint8Array {
  const s = atob(text)
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i)
  return out
}

/** The trail's state of an annotation read from the document. */
export function annotationState(a: Annotation): AnnotationState {
  return {
    kind: a.kind,
    labels: [...a.labels].sort(),
    source: a.source,
    status: a.status,
    final: a.final === true,
    annotator: a.annotator,
    start: encodePosition(Y.encodeRelativePosition(a.start)),
    end: encodePosition(Y.encodeRelativePosition(a.end)),
  }
}

/** Annotations by id, as the trail sees them (a missing id: the annotation did not exist). */
export type AnnotationStates = Map<string, AnnotationState>

/**
 * The article's annotations where its trail starts: each annotation's state before its first recorded
 * change, and the current state of those never changed since the trail began (`current`). An article
 * created or stored before the trail existed starts with what it held then: "history starts here".
 */
export function historyStart(entries: readonly AuditEntry[], current: AnnotationStates): AnnotationStates {
  const start = new Map(current)
  const seen = new Set<string>()
  for (const entry of entries) {
    if (seen.has(entry.annotation)) continue
    seen.add(entry.annotation)
    if (entry.before === null) start.delete(entry.annotation)
    else start.set(entry.annotation, entry.before)
  }
  return start
}

/**
 * The annotations after the changes numbered up to `through` (0: at the trail's start), from
 * {@link historyStart}'s result; `entries` in trail order.
 */
export function statesAt(
  entries: readonly AuditEntry[],
  start: AnnotationStates,
  through: number,
): AnnotationStates {
  const states = new Map(start)
  for (const entry of entries) {
    if (entry.n > through) break
    if (entry.after === null) states.delete(entry.annotation)
    else states.set(entry.annotation, entry.after)
  }
  return states
}

/**
 * Brings annotation `id` back to `state` (null: removes it) as a new change of the document, which the
 * server records like any other: fields are set where the annotation exists, and a removed one is added
 * again with its id and anchors. Nothing is written when it already is in that state.
 */
export function restoreAnnotation(
  doc: Y.Doc,
  id: string,
  state: AnnotationState | null,
  origin: Origin = Origin.user,
): void {
  const map = getAnnotationsMap(doc)
  const record = map.get(id)
  doc.transact(() => {
    if (state === null) {
      if (record) map.delete(id)
      return
    }
    if (!record) {
      addAnnotation(
        doc,
        {
          id,
          kind: state.kind,
          start: Y.decodeRelativePosition(decodePosition(state.start)),
          end: Y.decodeRelativePosition(decodePosition(state.end)),
          labels: state.labels,
          source: state.source,
          annotator: state.annotator,
          status: state.status,
          final: state.final,
        },
        origin,
      )
      return
    }
    const labels = record.get('labels') as Y.Map<boolean>
    const wanted = new Set(state.labels)
    for (const key of [...labels.keys()]) if (!wanted.has(key) || labels.get(key) !== true) labels.delete(key)
    for (const label of wanted) if (labels.get(label) !== true) labels.set(label, true)
    for (const key of ['source', 'status', 'annotator', 'kind'] as const)
      if (record.get(key) !== state[key]) record.set(key, state[key])
    if (state.final && record.get('final') !== true) record.set('final', true)
    if (!state.final && record.has('final')) record.delete('final')
  }, origin)
}
