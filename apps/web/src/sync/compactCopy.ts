import type { IndexeddbPersistence } from 'y-indexeddb'
import type * as Y from 'yjs'
import type { CompactAnswer } from './sliceUpdate.worker'
import { askSliceWorker } from './sliceWorker'

/**
 * Rows of the browser's copy past which it is compacted (y-indexeddb's own threshold, `PREFERRED_TRIM_SIZE`).
 */
const COMPACT_ROWS = 500
/** How long after it is due the copy's compaction waits before waiting for the page to be idle (ms). */
const COMPACT_AFTER_MS = 5000

/**
 * Compacts the browser's copy of an article (y-indexeddb's database `name`) in a worker: its rows are
 * read, merged and written back as slices of 1,000 structs (`sliceUpdate.ts`), in place of the rows read,
 * in one transaction; rows written meanwhile are kept. y-indexeddb's own compaction encodes the whole
 * document on the page's thread (40–90 ms at 10,000 sentences) into one row that the next open must send to
 * the worker to slice (~0.4 s) before applying it; rows of one slice each are applied at once.
 */
function compactKeptCopy(name: string): Promise<CompactAnswer> {
  return askSliceWorker<CompactAnswer>({ compact: name }).catch(() => null)
}

/**
 * Keeps the browser's copy of an article in rows of one slice each (apps/web/SPEC.md, OPEN6) instead of
 * letting y-indexeddb compact it into one row: y-indexeddb's count of rows is held at 0 (it compacts at 500),
 * and the copy is compacted in a worker once it holds `COMPACT_ROWS` rows (those read at the open, `rows`, and
 * those written since), or when it was read with a row that had to be cut into several slices (`cut`:
 * y-indexeddb's compaction, before this; rows of one slice are not cut again, so this happens once). It
 * starts `COMPACT_AFTER_MS` later, when the page is idle: the worker takes a core the opening would use.
 */
export function keepCopyCompact(
  name: string,
  doc: Y.Doc,
  offline: IndexeddbPersistence,
  rows: number,
  cut: Promise<boolean> | null,
  closed: () => boolean,
): void {
  // y-indexeddb sets and counts `_dbsize` (its rows) and compacts when it reaches PREFERRED_TRIM_SIZE.
  Object.defineProperty(offline, '_dbsize', { get: () => 0, set: () => {}, configurable: true })
  let count = rows
  // After a compaction (or a failed one), compacted again once half COMPACT_ROWS more rows have been written:
  // an article of more than COMPACT_ROWS slices, or a worker that fails, is not compacted on every change.
  let limit = COMPACT_ROWS
  let running = false
  const compact = () => {
    if (running || closed()) return
    running = true
    const run = () =>
      void compactKeptCopy(name).then((answer) => {
        running = false
        // Rows written while the worker ran are kept beside its slices (counted as new ones).
        if (answer) count = answer.slices + Math.max(0, count - answer.rows)
        limit = Math.max(COMPACT_ROWS, count + COMPACT_ROWS / 2)
      })
    setTimeout(() => {
      if (closed()) running = false
      else if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 10_000 })
      else run()
    }, COMPACT_AFTER_MS)
  }
  // y-indexeddb writes a row for each update that is not its own.
  doc.on('update', (_update: Uint8Array, origin: unknown) => {
    if (origin === offline) return
    if (++count >= limit) compact()
  })
  if (count >= limit) compact()
  else
    void cut?.then((wasCut) => {
      if (wasCut) compact()
    })
}
