/**
 * This browser's previews of the articles it opened: an IndexedDB database of its own (not y-indexeddb's),
 * one record per article, read before anything else when an article opens (apps/web/SPEC.md, OPEN1).
 */
import { startupPreview } from '../startup'
import { type ArticlePreview, isPreview } from './articlePreview'

const DATABASE = 'attrib-previews'
const STORE = 'previews'

let opening: Promise<IDBDatabase> | null = null

function database(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1)
    request.onupgradeneeded = () => request.result.createObjectStore(STORE)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
    request.onblocked = () => reject(new Error('the previews database is blocked'))
  })
  // A failed open (private mode, quota, a broken profile) is tried again next time.
  opening.catch(() => {
    opening = null
  })
  return opening
}

function request<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return database().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode)
        const req = run(tx.objectStore(STORE))
        tx.oncomplete = () => resolve(req.result)
        tx.onerror = () => reject(tx.error)
        tx.onabort = () => reject(tx.error)
      }),
  )
}

/**
 * The preview this browser kept of an article; null when there is none or it cannot be read. The one
 * of the article the page's address opens was read as the page started (`index.html`, OPEN5).
 */
export async function readPreview(articleId: string): Promise<ArticlePreview | null> {
  try {
    const value = await (startupPreview(articleId) ?? request('readonly', (store) => store.get(articleId)))
    return isPreview(value, articleId) ? value : null
  } catch {
    return null
  }
}

/** Keeps an article's preview for its next open; a failure only costs that open its preview. */
export async function savePreview(preview: ArticlePreview): Promise<void> {
  try {
    await request('readwrite', (store) => store.put(preview, preview.id))
  } catch (e) {
    console.warn(`the article's preview was not kept: ${(e as Error).message}`)
  }
}

/** Forgets an article's preview (it was deleted). */
export async function forgetPreview(articleId: string): Promise<void> {
  try {
    await request('readwrite', (store) => store.delete(articleId))
  } catch {}
}
