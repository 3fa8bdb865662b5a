import * as Y from 'yjs'

// Which changes to an article's Y.Doc only a reviewer may make (SPEC AC9). The server checks every update
// of a connection that may not adjudicate (an annotator's) against these rules before storing it.
//
// The check reads only what the transaction changed (`transaction.changed`: the types that existed before
// it and the keys it touched), never the whole document. What a key held before the transaction is read
// from the key's item chain: the newest item that existed before the transaction, unless it had already
// been deleted then. `afterTransaction` runs before Yjs garbage-collects what the transaction deleted,
// so a deleted annotation's content (its `final` flag) can still be read.

/** The top-level map of annotations (see `@attrib/core` annotations.ts). */
const ANNOTATIONS = 'annotations'
/** The top-level map of the article's metadata and settings. */
const META = 'meta'
/** The key that marks an annotation as part of the adjudicated (final) layer. */
const FINAL = 'final'

/**
 * Keys of `meta` only a reviewer may change: the review mode, and the schema version (raising it would
 * make every client read-only, lowering it would let outdated editors delete what they cannot show).
 * The descriptive metadata (title, outlet, ...) is not a setting and stays editable.
 */
export const REVIEWER_SETTINGS: ReadonlySet<string> = new Set(['review', 'schemaVersion'])

// biome-ignore lint/suspicious/noExplicitAny: Yjs types are generic over their event type
type AnyType = Y.AbstractType<any>

/**
 * Whether `type` is the document's top-level type `name`. Compared by the entry map, which stays the same
 * when `doc.getMap(name)` turns a top-level type first seen in an update into a `Y.Map` (a new object).
 */
function isTopLevel(doc: Y.Doc, type: AnyType | null | undefined, name: string): boolean {
  const top = doc.share.get(name)
  return top !== undefined && type != null && (type === top || type._map === top._map)
}

function itemValue(item: Y.Item): unknown {
  const content = item.content.getContent()
  return content[content.length - 1]
}

/** What map-like `type` holds under `key` now. */
function valueNow(type: AnyType, key: string): unknown {
  const item = type._map.get(key)
  return item === undefined || item.deleted ? undefined : itemValue(item)
}

/** What map-like `type` held under `key` before `transaction`. */
function valueBefore(type: AnyType, key: string, transaction: Y.Transaction): unknown {
  for (let item = type._map.get(key) ?? null; item !== null; item = item.left) {
    // Items the transaction added are skipped: the first older one was the value, unless deleted before.
    if (item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0)) continue
    if (item.deleted && !Y.isDeleted(transaction.deleteSet, item.id)) return undefined
    return itemValue(item)
  }
  return undefined
}

function parentOf(type: AnyType): AnyType | null {
  const parent = type._item?.parent
  return parent instanceof Y.AbstractType ? parent : null
}

/** The annotation (a child of the annotations map) `type` is or lies in, if any. */
function annotationOf(doc: Y.Doc, type: AnyType): AnyType | null {
  for (let t: AnyType | null = type; t !== null; ) {
    const parent = parentOf(t)
    if (parent !== null && parent._item === null) return isTopLevel(doc, parent, ANNOTATIONS) ? t : null
    t = parent
  }
  return null
}

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
