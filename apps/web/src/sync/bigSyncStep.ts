import { messageYjsSyncStep2 } from 'y-protocols/sync'
import { messageSync, type WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import { sliceUpdates } from './applyInSlices'
import type { Delivery } from './heldSocket'

/** A sync step 2 at least this large is applied in slices. */
const SLICE_FROM_BYTES = 200_000

/** Reads a variable-length unsigned integer (lib0's encoding) at `at`; returns it and where it ends. */
function readVarUint(bytes: Uint8Array, at: number): [number, number] {
  let value = 0
  let shift = 1
  for (;;) {
    const byte = bytes[at++]
    if (byte === undefined) return [-1, at]
    value += (byte & 0x7f) * shift
    if (byte < 0x80) return [value, at]
    shift *= 128
  }
}

/**
 * How a websocket message reaches y-websocket (OPEN3): the server's sync step 2 of a whole article (on a
 * first visit, 4.5 MB at 10,000 sentences) starts being sliced as soon as it arrives (`sliceUpdates`, in a
 * worker) and is applied to the document a slice per task once delivered, as `provider`'s change (as
 * y-websocket applies it); y-websocket then gets the same step with an empty update, which only marks the
 * document synced. Any other message is passed on unchanged.
 */
export function syncStepDelivery(
  data: unknown,
  doc: Y.Doc,
  provider: WebsocketProvider,
  pause: () => Promise<void>,
): Delivery {
  const unchanged: Delivery = async () => data
  if (!(data instanceof ArrayBuffer) || data.byteLength < SLICE_FROM_BYTES) return unchanged
  const bytes = new Uint8Array(data)
  const [type, afterType] = readVarUint(bytes, 0)
  if (type !== messageSync) return unchanged
  const [step, afterStep] = readVarUint(bytes, afterType)
  if (step !== messageYjsSyncStep2) return unchanged
  const [length, start] = readVarUint(bytes, afterStep)
  if (length < 0 || start + length !== bytes.length) return unchanged
  const sliced = sliceUpdates([bytes.subarray(start, start + length)])
  return async () => {
    await sliced.apply(doc, provider, pause)
    // The same message with an empty update (no structs, no deletions).
    return new Uint8Array([messageSync, messageYjsSyncStep2, 2, 0, 0]).buffer
  }
}
