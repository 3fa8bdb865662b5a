/**
 * Reads the copy y-indexeddb keeps of an article (its database `attrib:<id>`, store `updates`) without
 * applying it, so that the page can apply it a slice at a time (`applyInSlices`) instead of y-indexeddb
 * applying every row in one transaction.
 */

/** y-indexeddb's database of a document and its stores (y-indexeddb 9). */
export const UPDATES_STORE = 'updates'
const CUSTOM_STORE = 'custom'

/** The rows of the copy and the key of the last one (y-indexeddb goes on from the next). */
export interface KeptRows {
  updates: Uint8Array[]
  lastKey: number
}

/** The rows y-indexeddb keeps in database `name`; null when there are none or they cannot be read. */
export function readKeptRows(name: string): Promise<KeptRows | null> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest
    try {
      request = indexedDB.open(name)
    } catch {
      resolve(null)
      return
    }
    // A database made here must be one y-indexeddb can use: it opens it without a version and creates
    // its stores only when it makes the database itself.
    request.onupgradeneeded = () => {
      const db = request.result
      if (!db.objectStoreNames.contains(UPDATES_STORE))
        db.createObjectStore(UPDATES_STORE, { autoIncrement: true })
      if (!db.objectStoreNames.contains(CUSTOM_STORE)) db.createObjectStore(CUSTOM_STORE)
    }
    request.onerror = () => resolve(null)
    request.onsuccess = () => {
      const db = request.result
      try {
        const store = db.transaction(UPDATES_STORE, 'readonly').objectStore(UPDATES_STORE)
        const values = store.getAll()
        const keys = store.getAllKeys()
        store.transaction.oncomplete = () => {
          db.close()
          const lastKey = keys.result[keys.result.length - 1]
          const updates = (values.result as unknown[]).filter((u): u is Uint8Array => u instanceof Uint8Array)
          resolve(typeof lastKey === 'number' && updates.length > 0 ? { updates, lastKey } : null)
        }
        store.transaction.onerror = () => {
          db.close()
          resolve(null)
        }
      } catch {
        db.close()
        resolve(null)
      }
    }
  })
}

/**
 * Replaces the rows of database `name` up to `lastKey` with `rows`, in one transaction (all or nothing):
 * rows written after `lastKey` meanwhile (y-indexeddb's, from this or another tab) are kept. False when it
 * could not be done (nothing was changed).
 */
export function replaceKeptRows(
  name: string,
  lastKey: number,
  rows: readonly Uint8Array[],
): Promise<boolean> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest
    try {
      request = indexedDB.open(name)
    } catch {
      resolve(false)
      return
    }
    request.onerror = () => resolve(false)
    request.onsuccess = () => {
      const db = request.result
      try {
        const transaction = db.transaction(UPDATES_STORE, 'readwrite')
        const store = transaction.objectStore(UPDATES_STORE)
        store.delete(IDBKeyRange.upperBound(lastKey))
        for (const row of rows) store.add(row)
        transaction.oncomplete = () => {
          db.close()
          resolve(true)
        }
        transaction.onerror = transaction.onabort = () => {
          db.close()
          resolve(false)
        }
      } catch {
        db.close()
        resolve(false)
      }
    }
  })
}
