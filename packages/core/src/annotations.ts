import * as Y from 'yjs'
import { Origin } from './articleDoc'
import {
  ANNOTATION_STATUSES,
  type AnnotationKind,
  type AnnotationStatus,
  checkAnnotationRecord,
  type SkippedRecord,
} from './documentShape'

// The kinds and statuses are defined with the document's shape, which this module reads through.
export { ANNOTATION_STATUSES, type AnnotationKind, type AnnotationStatus }

/** An annotation as stored: anchored to the text by Yjs relative positions. */
export interface Annotation {
  id: string
  kind: AnnotationKind
  start: Y.RelativePosition
  end: Y.RelativePosition
  labels: string[]
  /** Who or what the claim comes from, e.g. "Dmitry Peskov"; empty when not given. */
  source: string
  annotator: string
  /** ISO time of creation. */
  created: string
  status: AnnotationStatus
  /** Why a suggestion was made, for people to read. */
  reason?: string
  /**
   * Part of the adjudicated (final) layer: a reviewer's decision on the sentence after comparing the
   * annotators' layers. Exports and statistics use only this layer once an article has one.
   */
  final?: boolean
}

/** Fields for a new annotation; id and created are filled in when absent. */
export type NewAnnotation = Omit<Annotation, 'id' | 'created' | 'source' | 'status'> &
  Partial<Pick<Annotation, 'id' | 'created' | 'source' | 'status' | 'final'>>

/** The annotator name written on machine suggestions. */
export const SUGGESTER = 'attrib-suggest'

/** The shared map of all annotations of an article, keyed by id. */
export function getAnnotationsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap('annotations')
}

let counter = 0
/** A new annotation id, unique across clients (client id + time + counter). */
export function newAnnotationId(doc: Y.Doc): string {
  counter = (counter + 1) % 0x100000
  return `a${doc.clientID.toString(36)}${Date.now().toString(36)}${counter.toString(36)}`
}

/**
 * Adds an annotation in one transaction and returns its id.
 * Labels live in a nested Y.Map so two people changing labels of one annotation at once both keep theirs.
 */
export function addAnnotation(doc: Y.Doc, a: NewAnnotation, origin: Origin = Origin.user): string {
  const id = a.id ?? newAnnotationId(doc)
  doc.transact(() => {
    const m = new Y.Map<unknown>()
    m.set('kind', a.kind)
    m.set('start', Y.encodeRelativePosition(a.start))
    m.set('end', Y.encodeRelativePosition(a.end))
    const labels = new Y.Map<boolean>()
    for (const l of a.labels) labels.set(l, true)
    m.set('labels', labels)
    m.set('source', a.source ?? '')
    m.set('annotator', a.annotator)
    m.set('created', a.created ?? new Date().toISOString())
    m.set('status', a.status ?? 'accepted')
    if (a.reason) m.set('reason', a.reason)
    if (a.final) m.set('final', true)
    getAnnotationsMap(doc).set(id, m)
  }, origin)
  return id
}

/**
 * Reads one stored annotation; returns undefined for a record that is not well formed (see
 * `checkAnnotationRecord`), which a client may have written before the server checked.
 */
export function readAnnotation(id: string, m: Y.Map<unknown>): Annotation | undefined {
  return checkAnnotationRecord(m) === null ? wellFormedAnnotation(id, m) : undefined
}

/** Reads a record that passed `checkAnnotationRecord`. */
function wellFormedAnnotation(id: string, m: Y.Map<unknown>): Annotation {
  const start = m.get('start') as Uint8Array
  const end = m.get('end') as Uint8Array
  const labels = m.get('labels') as Y.Map<unknown>
  const status = m.get('status')
  const kind = m.get('kind')
  const a: Annotation = {
    id,
    kind: kind === 'span' ? 'span' : 'sentence',
    start: Y.decodeRelativePosition(start),
    end: Y.decodeRelativePosition(end),
    labels: [...labels.keys()].filter((l) => labels.get(l) === true).sort(),
    source: String(m.get('source') ?? ''),
    annotator: String(m.get('annotator') ?? ''),
    created: String(m.get('created') ?? ''),
    status: ANNOTATION_STATUSES.includes(status as AnnotationStatus)
      ? (status as AnnotationStatus)
      : 'accepted',
  }
  const reason = m.get('reason')
  if (typeof reason === 'string') a.reason = reason
  if (m.get('final') === true) a.final = true
  return a
}

/** Every well-formed annotation of the document. */
export function readAnnotations(doc: Y.Doc): Annotation[] {
  return readAnnotationRecords(doc).annotations
}

/** Every well-formed annotation of the document, and the records left out with their problem. */
export function readAnnotationRecords(doc: Y.Doc): { annotations: Annotation[]; skipped: SkippedRecord[] } {
  const annotations: Annotation[] = []
  const skipped: SkippedRecord[] = []
  getAnnotationsMap(doc).forEach((m, id) => {
    const problem = checkAnnotationRecord(m)
    if (problem !== null) skipped.push({ id, problem })
    else annotations.push(wellFormedAnnotation(id, m))
  })
  return { annotations, skipped }
}

/** Turns one label of an annotation on or off; an annotation left with no label is deleted. */
export function setAnnotationLabel(
  doc: Y.Doc,
  id: string,
  label: string,
  on: boolean,
  origin: Origin = Origin.user,
): void {
  const m = getAnnotationsMap(doc).get(id)
  if (!m) throw new RangeError(`no annotation ${id}`)
  doc.transact(() => {
    const labels = m.get('labels') as Y.Map<boolean>
    if (on) labels.set(label, true)
    else labels.delete(label)
    if (!on && [...labels.values()].every((v) => v !== true)) getAnnotationsMap(doc).delete(id)
  }, origin)
}

/** Sets fields of an annotation (status, source, reason). */
export function updateAnnotation(
  doc: Y.Doc,
  id: string,
  change: Partial<Pick<Annotation, 'status' | 'source' | 'reason' | 'annotator'>>,
  origin: Origin = Origin.user,
): void {
  const m = getAnnotationsMap(doc).get(id)
  if (!m) throw new RangeError(`no annotation ${id}`)
  doc.transact(() => {
    for (const [k, v] of Object.entries(change)) if (v !== undefined) m.set(k, v)
  }, origin)
}

/** Deletes an annotation. */
export function deleteAnnotation(doc: Y.Doc, id: string, origin: Origin = Origin.user): void {
  doc.transact(() => getAnnotationsMap(doc).delete(id), origin)
}

/** What a label toggle is applied to: the sentence's existing annotations and its anchors for a new one. */
export interface ToggleTarget {
  /** Ids of the `sentence` annotations attached to the sentence. */
  attached: string[]
  start: Y.RelativePosition
  end: Y.RelativePosition
  kind?: AnnotationKind
}

/**
 * Accepts suggestions by id, as the accept key does: their status becomes `accepted`, and a machine
 * suggestion (annotator {@link SUGGESTER}) becomes the accepter's tag, counted for them in coverage and
 * agreement. Unknown ids are skipped; returns how many were accepted.
 */
export function acceptSuggestions(
  doc: Y.Doc,
  ids: readonly string[],
  accepter: string,
  origin: Origin = Origin.user,
): number {
  const map = getAnnotationsMap(doc)
  let n = 0
  doc.transact(() => {
    for (const id of ids) {
      const m = map.get(id)
      if (!m) continue
      m.set('status', 'accepted')
      if (m.get('annotator') === SUGGESTER) m.set('annotator', accepter)
      n++
    }
  }, origin)
  return n
}

/**
 * Toggles `label` on a sentence the way a person sees it: if an accepted annotation of the sentence
 * carries the label, it is removed from every visible (not rejected) annotation that carries it. If only
 * suggestions carry it, pressing the label's key means "yes, this": the suggestions are accepted
 * ({@link acceptSuggestions}), as the accept key would (deleting them instead was issue 14's first bug).
 * Otherwise the label is added to this annotator's own annotation of the sentence, or to a new one. Two
 * people adding different labels at once each add to their own annotation, so both tags survive the merge.
 * Returns whether the label is now on.
 */
export function toggleLabel(
  doc: Y.Doc,
  target: ToggleTarget,
  label: string,
  annotator: string,
  origin: Origin = Origin.user,
): boolean {
  const map = getAnnotationsMap(doc)
  const attached = target.attached
    .map((id) => ({ id, m: map.get(id) }))
    .filter(
      (x): x is { id: string; m: Y.Map<unknown> } => x.m !== undefined && x.m.get('status') !== 'rejected',
    )
  const carrying = attached.filter((x) => (x.m.get('labels') as Y.Map<boolean>).get(label) === true)
  let on = false
  doc.transact(() => {
    if (carrying.some((x) => x.m.get('status') !== 'suggested')) {
      for (const x of carrying) setAnnotationLabel(doc, x.id, label, false, origin)
      return
    }
    on = true
    if (carrying.length > 0) {
      acceptSuggestions(
        doc,
        carrying.map((x) => x.id),
        annotator,
        origin,
      )
      return
    }
    const own = attached.find(
      (x) =>
        x.m.get('annotator') === annotator && x.m.get('status') === 'accepted' && x.m.get('final') !== true,
    )
    if (own) setAnnotationLabel(doc, own.id, label, true, origin)
    else
      addAnnotation(
        doc,
        { kind: target.kind ?? 'sentence', start: target.start, end: target.end, labels: [label], annotator },
        origin,
      )
  }, origin)
  return on
}
