import * as Y from 'yjs'
import { askSliceWorker } from './sliceWorker'

/**
 * An update at least this large is sent to the worker to be cut into slices (the apply waits for it). A row
 * of one slice can be this large too (1,000 structs of long text): the worker then gives it back whole.
 */
const SLICE_BYTES = 200_000
/** Smaller updates are applied together up to this size (several such groups per task, by time). */
const GROUP_BYTES = 50_000
/** How long a task goes on applying slices (ms): a slice is ~10 ms, so a task is ~15–25 ms. */
const STEP_MS = 15

/** Updates on their way to a document in slices (see {@link sliceUpdates}). */
export interface SlicedUpdates {
  /**
   * Applies the updates to `doc` as `origin`'s, a slice (or a group of small updates) per task with `pause`
   * before each, in order; stops when the document is destroyed meanwhile.
   */
  apply(doc: Y.Doc, origin: unknown, pause: () => Promise<void>): Promise<void>
  /** Whether an update had to be cut into several slices (it holds more structs than one slice). */
  cut(): Promise<boolean>
}

/**
 * Prepares `updates` (y-indexeddb's rows, or the server's sync step) to be applied a slice per task
 * (apps/web/SPEC.md, OPEN3): a 10,000-sentence article's 4.5 MB is tasks of ~15–30 ms instead of one of
 * ~0.5 s. A worker starts cutting the large ones at once, off the page's thread, so that the slices are
 * ready when the page gets to apply them; without a worker (or if it fails) a large update is applied
 * whole, as before.
 */
export function sliceUpdates(updates: readonly Uint8Array[]): SlicedUpdates {
  const large = updates.filter((u) => u.length >= SLICE_BYTES)
  const sliced: Promise<Uint8Array[][] | null> =
    large.length > 0 && typeof Worker !== 'undefined'
      ? askSliceWorker<Uint8Array[][]>(large).catch((e: Error) => {
          console.warn(`the article is read in one step: ${e.message}`)
          return null
        })
      : Promise.resolve(null)
  return {
    cut: () => sliced.then((cut) => !!cut?.some((slices) => slices.length > 1)),
    async apply(doc, origin, pause) {
      const slicesOf = new Map<Uint8Array, Uint8Array[]>()
      const cut = await sliced
      large.forEach((u, i) => {
        if (cut?.[i]) slicesOf.set(u, cut[i]!)
      })
      // Small updates go together up to GROUP_BYTES a step; a large one goes slice by slice.
      const steps: Uint8Array[][] = []
      let group: Uint8Array[] = []
      let bytes = 0
      for (const update of updates) {
        const slices = slicesOf.get(update)
        if (slices || bytes + update.length > GROUP_BYTES) {
          if (group.length > 0) steps.push(group)
          group = []
          bytes = 0
        }
        if (slices) for (const slice of slices) steps.push([slice])
        else {
          group.push(update)
          bytes += update.length
        }
      }
      if (group.length > 0) steps.push(group)
      // As many steps per task as fit in STEP_MS (slices cost unlike amounts: a slice of text is cheaper than
      // one of annotations), each step its own transaction: each is an `update` event, which y-indexeddb
      // keeps as a row, and rows of one slice each are read back, the next time, without the worker. A pause
      // before each task, the first one too, so that the caller's task (y-indexeddb's read, a websocket
      // message) is not made longer.
      let i = 0
      while (i < steps.length) {
        await pause()
        const started = performance.now()
        do {
          if (doc.isDestroyed) return
          Y.transact(
            doc,
            () => {
              for (const update of steps[i]!) Y.applyUpdate(doc, update, origin)
            },
            origin,
          )
          i++
        } while (i < steps.length && performance.now() - started < STEP_MS)
      }
    },
  }
}
