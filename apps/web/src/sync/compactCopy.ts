import type { CompactAnswer } from './sliceUpdate.worker'

/**
 * Rows of the browser's copy past which it is compacted (y-indexeddb's own threshold, `PREFERRED_TRIM_SIZE`).
 */
export const COMPACT_ROWS = 500

/**
 * Compacts the browser's copy of an article (y-indexeddb's database `name`) in a worker: its rows are
 * read, merged and written back as slices of 1,000 structs (`sliceUpdate.ts`), in place of the rows read,
 * in one transaction; rows written meanwhile are kept. y-indexeddb's own compaction encodes the whole
 * document on the page's thread (40–90 ms at 10,000 sentences) into one row that the next open must send to
 * the worker to slice (~0.4 s) before applying it; rows of one slice each are applied at once.
 */
export function compactKeptCopy(name: string): Promise<CompactAnswer> {
  return new Promise((resolve) => {
    let worker: Worker
    try {
      worker = new Worker(new URL('./sliceUpdate.worker.ts', import.meta.url), { type: 'module' })
    } catch {
      resolve(null)
      return
    }
    worker.onmessage = (event: MessageEvent<CompactAnswer>) => {
      worker.terminate()
      resolve(event.data)
    }
    worker.onerror = () => {
      worker.terminate()
      resolve(null)
    }
    worker.postMessage({ compact: name })
  })
}
