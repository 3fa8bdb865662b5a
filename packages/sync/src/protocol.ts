import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'

// The y-websocket wire protocol: every frame is `[messageType: varUint, payload...]`.

/** A sync message: `[0, syncType, varUint8Array]` (y-protocols/sync). */
export const messageSync = 0
/** An awareness update: `[1, varUint8Array]` (y-protocols/awareness). */
export const messageAwareness = 1
/** An auth message; y-websocket clients only receive it. */
export const messageAuth = 2
/** A request for every awareness state of the room: `[3]`. */
export const messageQueryAwareness = 3

/** Sync sub-type: "here is my state vector, send me what I lack" (y-protocols/sync). */
export const messageYjsSyncStep1 = 0
/** Sync sub-type: the answer to step 1, an update with everything the asker lacks. */
export const messageYjsSyncStep2 = 1
/** Sync sub-type: an incremental update. */
export const messageYjsUpdate = 2

export { CloseCode } from '@attrib/core'

/** Thrown by the message parsers; the connection that sent the message is closed with {@link CloseCode.BadMessage}. */
export class BadMessageError extends Error {
  override name = 'BadMessageError'
}

/** A parsed client frame. Payloads are not yet validated as Yjs data except where noted. */
export type ClientMessage =
  | { type: 'syncStep1'; stateVector: Uint8Array }
  | { type: 'update'; update: Uint8Array; step: 'syncStep2' | 'update' }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'queryAwareness' }
  | { type: 'auth' }

/**
 * Parses one client frame. Throws {@link BadMessageError} for truncated frames, trailing bytes and
 * unknown (sub)types, so a message is either understood completely or rejected.
 */
export function parseMessage(data: Uint8Array): ClientMessage {
  let message: ClientMessage
  const decoder = decoding.createDecoder(data)
  try {
    const type = decoding.readVarUint(decoder)
    switch (type) {
      case messageSync: {
        const syncType = decoding.readVarUint(decoder)
        const payload = decoding.readVarUint8Array(decoder)
        if (syncType === messageYjsSyncStep1) message = { type: 'syncStep1', stateVector: payload }
        else if (syncType === messageYjsSyncStep2)
          message = { type: 'update', update: payload, step: 'syncStep2' }
        else if (syncType === messageYjsUpdate) message = { type: 'update', update: payload, step: 'update' }
        else throw new BadMessageError(`unknown sync message type ${syncType}`)
        break
      }
      case messageAwareness:
        message = { type: 'awareness', update: decoding.readVarUint8Array(decoder) }
        break
      case messageQueryAwareness:
        message = { type: 'queryAwareness' }
        break
      case messageAuth:
        // y-websocket clients never send auth messages; accept and ignore whatever follows.
        return { type: 'auth' }
      default:
        throw new BadMessageError(`unknown message type ${type}`)
    }
  } catch (e) {
    if (e instanceof BadMessageError) throw e
    throw new BadMessageError(`truncated or malformed frame: ${(e as Error).message}`)
  }
  if (decoding.hasContent(decoder)) throw new BadMessageError('trailing bytes after the message')
  return message
}

/** Throws {@link BadMessageError} unless `update` decodes completely as a Yjs (v1) update. */
export function validateUpdate(update: Uint8Array): void {
  try {
    Y.decodeUpdate(update)
  } catch (e) {
    throw new BadMessageError(`update does not decode: ${(e as Error).message}`)
  }
}

/** Throws {@link BadMessageError} unless `stateVector` decodes completely. */
export function validateStateVector(stateVector: Uint8Array): void {
  try {
    Y.decodeStateVector(stateVector)
  } catch (e) {
    throw new BadMessageError(`state vector does not decode: ${(e as Error).message}`)
  }
}

/**
 * Throws {@link BadMessageError} unless `update` is a well-formed awareness update. Checked in full before
 * applying, because `applyAwarenessUpdate` applies entries one by one and would keep those before an error.
 */
export function validateAwarenessUpdate(update: Uint8Array): void {
  try {
    const decoder = decoding.createDecoder(update)
    const count = decoding.readVarUint(decoder)
    for (let i = 0; i < count; i++) {
      decoding.readVarUint(decoder)
      decoding.readVarUint(decoder)
      JSON.parse(decoding.readVarString(decoder))
    }
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes')
  } catch (e) {
    throw new BadMessageError(`awareness update does not decode: ${(e as Error).message}`)
  }
}

/** `[messageSync, syncStep1, stateVector(doc)]`. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  encoding.writeVarUint(encoder, messageYjsSyncStep1)
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc))
  return encoding.toUint8Array(encoder)
}

/** `[messageSync, syncStep2, what doc has beyond stateVector]`. */
export function encodeSyncStep2(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  encoding.writeVarUint(encoder, messageYjsSyncStep2)
  encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(doc, stateVector))
  return encoding.toUint8Array(encoder)
}

/** `[messageSync, update, update]`. */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  encoding.writeVarUint(encoder, messageYjsUpdate)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}

/** `[messageAwareness, awareness update of clients]`. */
export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageAwareness)
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients))
  return encoding.toUint8Array(encoder)
}
