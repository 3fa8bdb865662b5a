import {
  ANNOTATION_KINDS,
  ANNOTATION_STATUSES,
  type AnnotationChange,
  type AnnotationKind,
  type AnnotationState,
  type AnnotationStatus,
  encodePosition,
  sameState,
} from '@attrib/core'
import * as Y from 'yjs'
import { ANNOTATIONS, type AnyType, annotationOf, isTopLevel, valueBefore, valueNow } from './changedKeys'

// The audit trail's capture (SPEC AU1): what a client's update did to annotations, read from the Yjs
// transaction that applied it, before and after. Like the edit rules it reads only what the transaction
// changed; a record that was not a well-formed annotation (before or after) counts as absent.

type Read = (type: AnyType, key: string) => unknown

/** An annotation's fields as `read` sees them (now, or before the transaction); null when not well formed. */
function stateOf(record: AnyType, read: Read): AnnotationState | null {
  const kind = read(record, 'kind')
  const status = read(record, 'status')
  const start = read(record, 'start')
  const end = read(record, 'end')
  const labels = read(record, 'labels')
  if (
    !ANNOTATION_KINDS.includes(kind as AnnotationKind) ||
    !ANNOTATION_STATUSES.includes(status as AnnotationStatus) ||
    !(start instanceof Uint8Array) ||
    !(end instanceof Uint8Array) ||
    !(labels instanceof Y.AbstractType)
  )
    return null
  const on: string[] = []
  for (const key of labels._map.keys()) if (read(labels, key) === true) on.push(key)
  const source = read(record, 'source')
  const annotator = read(record, 'annotator')
  return {
    kind: kind as AnnotationKind,
    labels: on.sort(),
    source: typeof source === 'string' ? source : '',
    status: status as AnnotationStatus,
    final: read(record, 'final') === true,
    annotator: typeof annotator === 'string' ? annotator : '',
    start: encodePosition(start),
    end: encodePosition(end),
  }
}

/**
 * The annotations `transaction` (applied to `doc`) added, changed or removed, each with its state before
 * and after; changes that leave the recorded fields as they were (a `reason`, say) are left out. Call it
 * from `doc.on('afterTransaction', ...)`, before Yjs garbage-collects what the transaction deleted.
 */
export function annotationChanges(doc: Y.Doc, transaction: Y.Transaction): AnnotationChange[] {
  // Each touched annotation once: its record before the transaction and its record now.
  const touched = new Map<string, { before: AnyType | null; now: AnyType | null }>()
  for (const [type, keys] of transaction.changed) {
    if (type._item === null) {
      if (!isTopLevel(doc, type, ANNOTATIONS)) continue
      for (const id of keys) {
        if (id === null) continue
        const before = valueBefore(type, id, transaction)
        const now = valueNow(type, id)
        touched.set(id, {
          before: before instanceof Y.AbstractType ? before : null,
          now: now instanceof Y.AbstractType ? now : null,
        })
      }
      continue
    }
    const annotation = annotationOf(doc, type)
    const id = annotation?._item?.parentSub
    if (annotation == null || id == null || touched.has(id) || annotation._item?.deleted) continue
    const created =
      annotation._item!.id.clock >= (transaction.beforeState.get(annotation._item!.id.client) ?? 0)
    touched.set(id, { before: created ? null : annotation, now: annotation })
  }
  const before: Read = (type, key) => valueBefore(type, key, transaction)
  const changes: AnnotationChange[] = []
  for (const [annotation, records] of touched) {
    const change = {
      annotation,
      before: records.before && stateOf(records.before, before),
      after: records.now && stateOf(records.now, valueNow),
    }
    if (!sameState(change.before, change.after)) changes.push(change)
  }
  return changes
}

/**
 * Who made which annotation change when several users' updates are applied in one transaction (a room
 * applies a turn's updates together): after each update is applied, {@link credit} gives the annotations
 * it touched first (read from the transaction's `changed`, which grows as updates integrate) to its user.
 * An annotation two users touched in one turn is credited to the first.
 */
export class Authors {
  private readonly byAnnotation = new Map<string, string>()
  private readonly seen = new Map<AnyType, number>()

  constructor(private readonly doc: Y.Doc) {}

  /** Credits to `user` the annotations the updates applied since the last call touched first. */
  credit(user: string): void {
    const transaction = this.doc._transaction
    if (!transaction) return
    for (const [type, keys] of transaction.changed) {
      // Keys of a type are only ever added during a transaction: those past the count seen are new.
      const known = this.seen.get(type) ?? 0
      if (keys.size === known) continue
      this.seen.set(type, keys.size)
      if (type._item === null) {
        if (!isTopLevel(this.doc, type, ANNOTATIONS)) continue
        let i = 0
        for (const id of keys)
          if (i++ >= known && id !== null && !this.byAnnotation.has(id)) this.byAnnotation.set(id, user)
        continue
      }
      const id = annotationOf(this.doc, type)?._item?.parentSub
      if (id != null && !this.byAnnotation.has(id)) this.byAnnotation.set(id, user)
    }
  }

  /** The user credited with annotation `id`, if any. */
  of(id: string): string | undefined {
    return this.byAnnotation.get(id)
  }
}
