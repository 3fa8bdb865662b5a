import {
  checkAnnotationField,
  checkAnnotationRecord,
  checkLabel,
  checkMetaField,
  checkSourceName,
  DOCUMENT_TYPES,
} from '@attrib/core'
import * as Y from 'yjs'
import {
  ANNOTATIONS,
  type AnyType,
  annotationOf,
  isTopLevel,
  parentOf,
  valueBefore,
  valueNow,
} from './changedKeys'

// Which changes to an article's Y.Doc only a reviewer may make (SPEC AC9), and which leave it malformed
// (SPEC WS17). The server checks every update of a connection that may not adjudicate (an annotator's)
// against the first rules, and every client update against the second, before storing it.
//
// The check reads only what the transaction changed (`transaction.changed`: the types that existed before
// it and the keys it touched), never the whole document. What a key held before the transaction is read
// from the key's item chain: the newest item that existed before the transaction, unless it had already
// been deleted then. `afterTransaction` runs before Yjs garbage-collects what the transaction deleted,
// so a deleted annotation's content (its `final` flag) can still be read.

/** The top-level map of the article's metadata and settings. */
const META = 'meta'
/** The key that marks an annotation as part of the adjudicated (final) layer. */
const FINAL = 'final'
/** The key of an annotation's labels map. */
const LABELS = 'labels'

/**
 * Keys of `meta` only a reviewer may change: the review mode, and the schema version (raising it would
 * make every client read-only, lowering it would let outdated editors delete what they cannot show).
 * The descriptive metadata (title, outlet, ...) is not a setting and stays editable.
 */
export const REVIEWER_SETTINGS: ReadonlySet<string> = new Set(['review', 'schemaVersion'])

const isFinalBefore = (annotation: AnyType, transaction: Y.Transaction) =>
  valueBefore(annotation, FINAL, transaction) === true

/**
 * What `transaction` (one client's update, applied to `doc`) did that only a reviewer may do, as a short
 * message; `null` when nothing. Reviewer-only are:
 * - setting, changing or removing the `final` key of an annotation;
 * - creating an annotation with `final: true`;
 * - changing, replacing or deleting an annotation that was final, its labels included;
 * - changing the settings in {@link REVIEWER_SETTINGS} (`meta.review`, `meta.schemaVersion`).
 *
 * Everything else (the text, annotations that are not final, their labels, status and source) is allowed.
 * Call it from `doc.on('afterTransaction', ...)`: later, Yjs has garbage-collected deleted content.
 * @example
 * doc.on('afterTransaction', (tr) => { if (tr.origin === connection) reason ??= reviewerOnlyEdit(doc, tr) })
 */
export function reviewerOnlyEdit(doc: Y.Doc, transaction: Y.Transaction): string | null {
  for (const [type, keys] of transaction.changed) {
    if (type._item === null) {
      if (isTopLevel(doc, type, META)) {
        for (const key of keys)
          if (key !== null && REVIEWER_SETTINGS.has(key)) return `changed the setting meta.${key}`
      } else if (isTopLevel(doc, type, ANNOTATIONS)) {
        for (const id of keys) {
          if (id === null) continue
          const before = valueBefore(type, id, transaction)
          const now = valueNow(type, id)
          if (before === now) continue
          if (before instanceof Y.AbstractType && isFinalBefore(before, transaction))
            return `${now === undefined ? 'deleted' : 'replaced'} the final annotation ${id}`
          if (now instanceof Y.AbstractType && valueNow(now, FINAL) === true)
            return `created the final annotation ${id}`
        }
      }
      continue
    }
    const annotation = annotationOf(doc, type)
    if (annotation === null) continue
    const id = annotation._item?.parentSub ?? '?'
    if (annotation === type && keys.has(FINAL)) return `changed the final flag of annotation ${id}`
    if (isFinalBefore(annotation, transaction))
      return `changed the ${annotation === type ? '' : 'labels of the '}final annotation ${id}`
  }
  return null
}

/** What a client may not write into a field though readers take it: a source name too long, or with control characters. */
function checkWritten(key: string, value: unknown): string | null {
  return key === 'source' && typeof value === 'string' ? checkSourceName(value) : null
}

/** Whether `type` or a type it lies in was deleted: what happens inside it no longer matters. */
function isDeleted(type: AnyType): boolean {
  for (let t: AnyType | null = type; t !== null; t = parentOf(t)) if (t._item?.deleted) return true
  return false
}

/** The name of the top-level type `type` is or lies in, if it is one of {@link DOCUMENT_TYPES}. */
function documentTypeOf(
  doc: Y.Doc,
  type: AnyType,
): { name: keyof typeof DOCUMENT_TYPES; child: AnyType | null } | null {
  let child: AnyType | null = null
  for (let t: AnyType | null = type; t !== null; ) {
    const parent = parentOf(t)
    if (parent === null) {
      if (t._item !== null) return null
      for (const name of Object.keys(DOCUMENT_TYPES) as (keyof typeof DOCUMENT_TYPES)[])
        if (isTopLevel(doc, t, name)) return { name, child }
      return null
    }
    child = t
    t = parent
  }
  return null
}

/**
 * What `transaction` (one or several client updates, applied to `doc`) left malformed, as a short message;
 * `null` when nothing. The shape is `@attrib/core`'s (documentShape.ts): `meta` and `annotations` are maps
 * and `article` a list of children; each `meta` field has its type; each value of `annotations` is a
 * well-formed annotation record. Inside an annotation record only its own keys and its labels' may change,
 * inside `meta` only its keys.
 *
 * Like {@link reviewerOnlyEdit}, it reads only what the transaction changed: a new or replaced annotation
 * is checked whole (a few keys), a changed one only in the keys that changed, so a record malformed before
 * the check existed does not make every later edit of it fail (readers skip it). Call it from
 * `doc.on('afterTransaction', ...)`.
 * @example
 * doc.on('afterTransaction', (tr) => { if (tr.origin === connection) reason ??= malformedEdit(doc, tr) })
 */
export function malformedEdit(doc: Y.Doc, transaction: Y.Transaction): string | null {
  for (const [type, keys] of transaction.changed) {
    const where = documentTypeOf(doc, type)
    if (where === null || isDeleted(type)) continue
    const { name, child } = where
    if (child === null) {
      // A top-level type: a map must not get list content, the text fragment must not get keys.
      for (const key of keys) {
        if ((key === null) !== (DOCUMENT_TYPES[name] === 'list'))
          return key === null
            ? `wrote list content into the ${name} map`
            : `wrote the key ${key} into ${name}`
        if (key === null) continue
        const now = valueNow(type, key)
        if (name === META) {
          const problem = checkMetaField(key, now)
          if (problem) return problem
        } else if (name === ANNOTATIONS && now !== undefined) {
          const problem =
            checkAnnotationRecord(now) ??
            (now instanceof Y.Map ? checkWritten('source', now.get('source')) : null)
          if (problem) return `annotation ${key} ${problem}`
        }
      }
      continue
    }
    if (name === 'article') continue
    // Inside a value of meta (only a malformed value, a Yjs type, has content) or of annotations.
    const id = child._item?.parentSub ?? '?'
    if (name === META) return `changed content inside meta.${id}`
    const field = type === child ? null : parentOf(type) === child ? type._item?.parentSub : undefined
    const isLabels = field === LABELS && valueNow(child, LABELS) === type
    if (type !== child && !isLabels) return `changed content nested inside annotation ${id}`
    for (const key of keys) {
      if (key === null) return `wrote list content into annotation ${id}`
      const now = valueNow(type, key)
      const problem = isLabels
        ? checkLabel(key, now)
        : (checkAnnotationField(key, now) ?? checkWritten(key, now))
      if (problem) return `annotation ${id} ${problem}`
    }
  }
  return null
}
