/**
 * Reads the copy y-indexeddb keeps of an article (its database `attrib:<id>`, store `updates`) without
 * applying it, so that the page can apply it a slice at a time (`applyInSlices`) instead of y-indexeddb
 * applying every row in one transaction; and writes it back compacted (`compactCopy.ts`, in a worker).
 */

/** y-indexeddb's database of a document and its stores (y-indexeddb 9). */
export const UPDATES_STORE = 'updates'
const CUSTOM_STORE = 'custom'

/** The rows of the copy and the key of the last one (y-indexeddb goes on from the next). */
export interface KeptRows {
  updates: Uint8Array[]
  lastKey: number
}

/**
 * Opens database `name`; null when it cannot be. A database made here must be one y-indexeddb can use: it
 * opens it without a version and creates its stores only when it makes the database itself.
 */
function openCopy(name: string): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest
    try {
      request = indexedDB.open(name)
    } catch {
      resolve(null)
      return
    }
    request.onupgradeneeded = () => {
      const db = request.result
      if (!db.objectStoreNames.contains(UPDATES_STORE))
        db.createObjectStore(UPDATES_STORE, { autoIncrement: true })
      if (!db.objectStoreNames.contains(CUSTOM_STORE)) db.createObjectStore(CUSTOM_STORE)
    }
    request.onerror = () => resolve(null)
    request.onsuccess = () => resolve(request.result)
  })
}

/**
 * Runs `run` in a transaction of the copy's rows in database `name`; its result once the transaction is
 * complete, null when it could not be run or failed (a failed read-write changes nothing).
 */
async function inCopy<T>(
  name: string,
  mode: IDBTransactionMode,
  run: (store: IDBObjectStore) => () => T,
): Promise<T | null> {
  const db = await openCopy(name)
  if (!db) return null
  return new Promise((resolve) => {
    try {
      const transaction = db.transaction(UPDATES_STORE, mode)
      const result = run(transaction.objectStore(UPDATES_STORE))
      transaction.oncomplete = () => {
        db.close()
        resolve(result())
      }
      transaction.onerror = transaction.onabort = () => {
        db.close()
        resolve(null)
      }
    } catch {
      db.close()
      resolve(null)
    }
  })
}

/** The rows y-indexeddb keeps in database `name`; null when there are none or they cannot be read. */
export async function readKeptRows(name: string): Promise<KeptRows | null> {
  const read = await inCopy(name, 'readonly', (store) => {
    const values = store.getAll()
    const keys = store.getAllKeys()
    return () => ({ values: values.result as unknown[], keys: keys.result })
  })
  if (!read) return null
  const lastKey = read.keys[read.keys.length - 1]
  const updates = read.values.filter((u): u is Uint8Array => u instanceof Uint8Array)
  return typeof lastKey === 'number' && updates.length > 0 ? { updates, lastKey } : null
}

/**
 * Replaces the rows of database `name` up to `lastKey` with `rows`, in one transaction (all or nothing):
 * rows written after `lastKey` meanwhile (y-indexeddb's, from this or another tab) are kept. False when it
 * could not be done (nothing was changed).
 */
export async function replaceKeptRows(
  name: string,
  lastKey: number,
  rows: readonly Uint8Array[],
): Promise<boolean> {
  const done = await inCopy(name, 'readwrite', (store) => {
    store.delete(IDBKeyRange.upperBound(lastKey))
    for (const row of rows) store.add(row)
    return () => true
  })
  return done === true
}
