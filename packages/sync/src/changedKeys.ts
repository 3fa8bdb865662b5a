import * as Y from 'yjs'

// Reading what a Yjs transaction changed in an article's maps (`transaction.changed`), and what a key held
// before it: the newest item of the key that existed before the transaction, unless it had already been
// deleted then. Call from `afterTransaction`, before Yjs garbage-collects what the transaction deleted.

/** The top-level map of annotations (see `@attrib/core` annotations.ts). */
export const ANNOTATIONS = 'annotations'

// biome-ignore lint/suspicious/noExplicitAny: Yjs types are generic over their event type
export type AnyType = Y.AbstractType<any>

/**
 * Whether `type` is the document's top-level type `name`. Compared by the entry map, which stays the same
 * when `doc.getMap(name)` turns a top-level type first seen in an update into a `Y.Map` (a new object).
 */
export function isTopLevel(doc: Y.Doc, type: AnyType | null | undefined, name: string): boolean {
  const top = doc.share.get(name)
  return top !== undefined && type != null && (type === top || type._map === top._map)
}

export function itemValue(item: Y.Item): unknown {
  const content = item.content.getContent()
  return content[content.length - 1]
}

/** What map-like `type` holds under `key` now. */
export function valueNow(type: AnyType, key: string): unknown {
  const item = type._map.get(key)
  return item === undefined || item.deleted ? undefined : itemValue(item)
}

/** What map-like `type` held under `key` before `transaction`. */
export function valueBefore(type: AnyType, key: string, transaction: Y.Transaction): unknown {
  for (let item = type._map.get(key) ?? null; item !== null; item = item.left) {
    // Items the transaction added are skipped: the first older one was the value, unless deleted before.
    if (item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0)) continue
    if (item.deleted && !Y.isDeleted(transaction.deleteSet, item.id)) return undefined
    return itemValue(item)
  }
  return undefined
}

export function parentOf(type: AnyType): AnyType | null {
  const parent = type._item?.parent
  return parent instanceof Y.AbstractType ? parent : null
}

/** The annotation (a child of the annotations map) `type` is or lies in, if any. */
export function annotationOf(doc: Y.Doc, type: AnyType): AnyType | null {
  for (let t: AnyType | null = type; t !== null; ) {
    const parent = parentOf(t)
    if (parent !== null && parent._item === null) return isTopLevel(doc, parent, ANNOTATIONS) ? t : null
    t = parent
  }
  return null
}
