import * as Y from 'yjs'
import { META_KEYS } from './articleDoc'

// The valid shape of an article's Y.Doc, defined once: the server refuses an update that leaves anything
// else (SPEC WS17), and the readers skip what does not fit, written before the server checked (HTTP10).
// Each check returns a short problem for people to read, or null when the value fits.

/** Where an annotation stands in review. Manual tags are `accepted`; pre-annotations start `suggested`. */
export type AnnotationStatus = 'suggested' | 'accepted' | 'rejected'

/**
 * `sentence`: tags the sentence its start falls in (it follows the sentence when text is edited);
 * `span`: tags exactly the characters between its ends (a cue such as "said", a source's name).
 */
export type AnnotationKind = 'sentence' | 'span'

/** Annotation kinds (see {@link AnnotationKind}). */
export const ANNOTATION_KINDS: readonly AnnotationKind[] = ['sentence', 'span']
/** Review statuses of an annotation (see {@link AnnotationStatus}). */
export const ANNOTATION_STATUSES: readonly AnnotationStatus[] = ['suggested', 'accepted', 'rejected']

/**
 * The top-level types of an article document and what they hold: `map`, keys only (a `Y.Map`); `list`,
 * children only (the `Y.XmlFragment` of the text). Other top-level names are not read by anyone.
 */
export const DOCUMENT_TYPES = { article: 'list', meta: 'map', annotations: 'map' } as const

/** Which `meta` keys hold strings; `schemaVersion` holds a whole number. Other keys are not read. */
export const META_STRING_FIELDS: ReadonlySet<string> = new Set(META_KEYS)

/** A record a reader left out: the annotation id (or `meta.<key>`) and what is wrong with it. */
export interface SkippedRecord {
  id: string
  problem: string
}

/** What `value` is, in a few words, for a problem message. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (value instanceof Y.AbstractType) return `a ${value.constructor.name || 'Yjs type'}`
  if (value instanceof Uint8Array) return 'binary'
  if (Array.isArray(value)) return 'an array'
  const type = typeof value
  return `${type === 'object' || type === 'undefined' ? 'an' : 'a'} ${type}`
}

const KINDS: ReadonlySet<unknown> = new Set(ANNOTATION_KINDS)
const STATUSES: ReadonlySet<unknown> = new Set(ANNOTATION_STATUSES)

/** Whether `value` encodes a relative position inside the text (an item or a nested type, never a top-level name). */
function isTextPosition(value: Uint8Array): boolean {
  try {
    const position = Y.decodeRelativePosition(value)
    // A position by top-level name would make `doc.get(name)` create that type when a reader resolves it.
    return position.tname === null && (position.item !== null || position.type !== null)
  } catch {
    return false
  }
}

/**
 * The problem with one field of an annotation record, `undefined` meaning absent; null when it fits.
 * Required: `start` and `end` (encoded relative positions) and `labels` (a `Y.Map` of label → `true`).
 * Optional: `kind` and `status` (one of their values), `source`, `annotator`, `created`, `reason`
 * (strings), `final` (a boolean). Other keys are allowed and ignored by readers.
 */
export function checkAnnotationField(key: string, value: unknown): string | null {
  switch (key) {
    case 'start':
    case 'end':
      if (value === undefined) return `has no ${key}`
      if (!(value instanceof Uint8Array) || !isTextPosition(value))
        return `${key} is ${describeValue(value)}, not a relative position in the text`
      return null
    case 'labels':
      if (value === undefined) return 'has no labels'
      if (!(value instanceof Y.Map)) return `labels is ${describeValue(value)}, not a Y.Map`
      for (const [label, on] of value.entries()) {
        const problem = checkLabel(label, on)
        if (problem) return problem
      }
      return null
    case 'kind':
      return value === undefined || KINDS.has(value)
        ? null
        : `kind is not one of ${ANNOTATION_KINDS.join(', ')}`
    case 'status':
      return value === undefined || STATUSES.has(value)
        ? null
        : `status is not one of ${ANNOTATION_STATUSES.join(', ')}`
    case 'source':
    case 'annotator':
    case 'created':
    case 'reason':
      return value === undefined || typeof value === 'string'
        ? null
        : `${key} is ${describeValue(value)}, not a string`
    case 'final':
      return value === undefined || typeof value === 'boolean'
        ? null
        : `final is ${describeValue(value)}, not a boolean`
    default:
      return null
  }
}

/** The longest source name an annotation may be given (characters, as JavaScript counts them). */
export const MAX_SOURCE_LENGTH = 300

/**
 * The problem with a source name someone writes (a client's edit, an import), or null when it fits: at
 * most {@link MAX_SOURCE_LENGTH} characters and no control characters (line breaks and tabs included: a
 * source name is one line). Markup is allowed and stays text; readers never render it as HTML.
 * Stored records are not held to it (readers take any string), so an older store stays readable.
 * @example
 * checkSourceName('Dmitry Peskov') // null
 * checkSourceName('x'.repeat(301)) // 'source is 301 characters long; it may be at most 300'
 */
export function checkSourceName(value: string): string | null {
  if (value.length > MAX_SOURCE_LENGTH)
    return `source is ${value.length} characters long; it may be at most ${MAX_SOURCE_LENGTH}`
  const control = /\p{Cc}/u.exec(value)
  if (control)
    return `source holds a control character (U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}) at position ${control.index + 1}`
  return null
}

/**
 * A source name as the editor writes it: control characters (a pasted line break, a tab) become spaces,
 * runs of spaces one, the ends trimmed, and the whole cut to {@link MAX_SOURCE_LENGTH} characters without
 * splitting a character, so that what a person types always passes {@link checkSourceName}.
 * @example cleanSourceName('  Dmitry\n\tPeskov ') // 'Dmitry Peskov'
 */
export function cleanSourceName(raw: string): string {
  const text = raw.replace(/[\p{Cc}\s]+/gu, ' ').trim()
  if (text.length <= MAX_SOURCE_LENGTH) return text
  const cut = /[\uD800-\uDBFF]/.test(text[MAX_SOURCE_LENGTH - 1]!) ? MAX_SOURCE_LENGTH - 1 : MAX_SOURCE_LENGTH
  return text.slice(0, cut).trimEnd()
}

/** The problem with one entry of an annotation's `labels` map (`undefined`: removed, which is fine). */
export function checkLabel(label: string, value: unknown): string | null {
  return value === undefined || value === true
    ? null
    : `label "${label}" is ${describeValue(value)}, not true`
}

const ANNOTATION_FIELDS = ['start', 'end', 'labels', 'kind', 'status', 'source', 'annotator', 'created']

/**
 * The problem with a value of the `annotations` map, or null when it is a well-formed annotation record
 * (see {@link checkAnnotationField} for the fields).
 * @example
 * checkAnnotationRecord('x') // 'is a string, not a Y.Map'
 */
export function checkAnnotationRecord(value: unknown): string | null {
  if (!(value instanceof Y.Map)) return `is ${describeValue(value)}, not a Y.Map`
  for (const key of ANNOTATION_FIELDS) {
    const problem = checkAnnotationField(key, value.get(key))
    if (problem) return problem
  }
  return (
    checkAnnotationField('reason', value.get('reason')) ?? checkAnnotationField('final', value.get('final'))
  )
}

/** The problem with `meta[key]` (`undefined` meaning absent), or null when it fits. */
export function checkMetaField(key: string, value: unknown): string | null {
  if (value === undefined) return null
  if (key === 'schemaVersion')
    return typeof value === 'number' && Number.isInteger(value) && value >= 0
      ? null
      : `meta.schemaVersion is ${describeValue(value)}, not a whole number`
  if (META_STRING_FIELDS.has(key) && typeof value !== 'string')
    return `meta.${key} is ${describeValue(value)}, not a string`
  return null
}

/**
 * Every malformed record of a document: annotation records and `meta` fields. Reads the whole document
 * (readers and a room that loads use it; the server's check of an update reads only what it changed).
 */
export function malformedRecords(doc: Y.Doc): SkippedRecord[] {
  const out: SkippedRecord[] = []
  for (const [key, value] of doc.getMap('meta').entries()) {
    const problem = checkMetaField(key, value)
    if (problem) out.push({ id: `meta.${key}`, problem })
  }
  for (const [id, value] of doc.getMap('annotations').entries()) {
    const problem = checkAnnotationRecord(value)
    if (problem) out.push({ id, problem })
  }
  return out
}
