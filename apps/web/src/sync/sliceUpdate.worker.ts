/**
 * Slices large Yjs updates off the page's thread (see `sliceUpdate.ts`): decoding a 4.5 MB update costs
 * ~0.2 s, which the page no longer spends in one task. Also compacts the browser's copy of an article
 * (`compactCopy.ts`): its rows read, merged and written back as slices, all here.
 */
import { readKeptRows, replaceKeptRows } from './keptCopy'
import { sliceUpdate } from './sliceUpdate'

/** What the worker is asked: each update as its slices, or the copy in database `compact` compacted. */
export type SliceRequest = Uint8Array[] | { compact: string }

/** The answer to a compaction: rows read and slices written, or null when nothing was done. */
export type CompactAnswer = { rows: number; slices: number } | null

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<SliceRequest>) => void) | null
  postMessage(message: unknown, transfer?: Transferable[]): void
}

async function compact(name: string): Promise<CompactAnswer> {
  const rows = await readKeptRows(name)
  if (!rows) return null
  const slices = sliceUpdate(rows.updates)
  return (await replaceKeptRows(name, rows.lastKey, slices))
    ? { rows: rows.updates.length, slices: slices.length }
    : null
}

scope.onmessage = (event) => {
  const request = event.data
  if (!Array.isArray(request)) {
    void compact(request.compact).then(
      (answer) => scope.postMessage(answer),
      () => scope.postMessage(null),
    )
    return
  }
  const slices = request.map((update) => sliceUpdate([update]))
  scope.postMessage(slices, [...new Set(slices.flat().map((s) => s.buffer as ArrayBuffer))])
}
