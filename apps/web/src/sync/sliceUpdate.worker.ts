/**
 * Slices large Yjs updates off the page's thread (see `sliceUpdate.ts`): decoding a 4.5 MB update costs
 * ~0.2 s, which the page no longer spends in one task.
 */
import { sliceUpdate } from './sliceUpdate'

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<Uint8Array[]>) => void) | null
  postMessage(message: unknown, transfer: Transferable[]): void
}

// Each update given, as its slices.
scope.onmessage = (event) => {
  const slices = event.data.map((update) => sliceUpdate([update]))
  scope.postMessage(slices, [...new Set(slices.flat().map((s) => s.buffer as ArrayBuffer))])
}
