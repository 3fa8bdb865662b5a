/**
 * One large Yjs update as several small ones, so that a page can apply a 10,000-sentence article (a 4.5 MB
 * update, ~0.5 s to apply) a slice per task instead of in one long task (apps/web/SPEC.md, OPEN3). Pure:
 * run in a worker (`sliceUpdate.worker.ts`), where decoding the update costs the page nothing.
 *
 * Each slice holds consecutive structs of one client (update format v1: one client, its structs from a
 * clock on, an empty delete set); the last slice holds no structs and the whole delete set. Applied in
 * order, in any number of transactions, they give the same document as the update: Yjs keeps a struct
 * whose origin or parent has not arrived yet pending until it does. Clients are ordered so that those a
 * client's structs refer to (origins, parents) come first when that is possible, which keeps few pending.
 */
import * as Y from 'yjs'

/**
 * Structs per slice: ~10 ms of applying on the project's machine for the annotations' small structs (a
 * page applies as many slices in a step as its time allows, `applyInSlices.ts`).
 */
export const STRUCTS_PER_SLICE = 1000

type Struct = Y.Item | Y.GC | Y.Skip

/** The clients a struct refers to besides its own: its origins' and its parent's. */
function referredClients(struct: Struct, into: Set<number>): void {
  if (!(struct instanceof Y.Item)) return
  if (struct.origin) into.add(struct.origin.client)
  if (struct.rightOrigin) into.add(struct.rightOrigin.client)
  const parent = struct.parent as unknown
  if (parent instanceof Y.ID) into.add(parent.client)
}

/** Clients in an order where, as far as there are no cycles, each comes after the clients it refers to. */
function dependencyOrder(byClient: Map<number, Struct[]>): number[] {
  const refers = new Map<number, Set<number>>()
  for (const [client, structs] of byClient) {
    const set = new Set<number>()
    for (const s of structs) referredClients(s, set)
    set.delete(client)
    refers.set(client, set)
  }
  const order: number[] = []
  const state = new Map<number, 'visiting' | 'done'>()
  const visit = (client: number) => {
    if (state.has(client)) return
    state.set(client, 'visiting')
    for (const other of refers.get(client) ?? []) if (byClient.has(other)) visit(other)
    state.set(client, 'done')
    order.push(client)
  }
  for (const client of [...byClient.keys()].sort((a, b) => a - b)) visit(client)
  return order
}

/** The structs of one client from `structs[0]` on, as an update of format v1 with an empty delete set. */
function encodeSlice(client: number, structs: Struct[]): Uint8Array {
  const encoder = new Y.UpdateEncoderV1()
  // Numbers of the update format: clients, structs of the client, its id, the first clock.
  encoder.writeLen(1)
  encoder.writeLen(structs.length)
  encoder.writeClient(client)
  encoder.writeLen(structs[0]!.id.clock)
  for (const s of structs) s.write(encoder, 0)
  // No deletions: clients in the delete set.
  encoder.writeLen(0)
  return encoder.toUint8Array()
}

/**
 * The updates `updates` (e.g. y-indexeddb's rows, or one sync message) as slices of at most `perSlice`
 * structs, in the order to apply them; a single slice when they are small.
 */
export function sliceUpdate(updates: readonly Uint8Array[], perSlice = STRUCTS_PER_SLICE): Uint8Array[] {
  const merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates([...updates])
  const { structs } = Y.decodeUpdate(merged)
  if (structs.length <= perSlice) return [merged]
  const byClient = new Map<number, Struct[]>()
  for (const s of structs as Struct[]) {
    const list = byClient.get(s.id.client)
    if (list) list.push(s)
    else byClient.set(s.id.client, [s])
  }
  const slices: Uint8Array[] = []
  for (const client of dependencyOrder(byClient)) {
    const list = byClient.get(client)!
    let run: Struct[] = []
    const flush = () => {
      if (run.length > 0) slices.push(encodeSlice(client, run))
      run = []
    }
    for (const s of list) {
      // A gap in the client's clocks (what the update lacks) starts a new slice at the next struct.
      if (s instanceof Y.Skip) {
        flush()
        continue
      }
      const previous = run[run.length - 1]
      if (previous && previous.id.clock + previous.length !== s.id.clock) flush()
      run.push(s)
      if (run.length >= perSlice) flush()
    }
    flush()
  }
  // Every struct is in a slice: what is left of the update is its delete set.
  slices.push(Y.diffUpdate(merged, Y.encodeStateVectorFromUpdate(merged)))
  return slices
}
