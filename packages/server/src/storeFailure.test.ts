import { addAnnotationsAtOffsets, Origin, readAnnotations, readArticle } from '@attrib/core'
import { MemoryStore } from '@attrib/store'
import { afterEach, describe, expect, it } from 'vitest'
import { connectClient, startTestServer, type TestClient, type TestServer, waitFor } from './testUtils'

/** A store whose appends fail while `failing` is set, like a full disk. */
class FlakyStore extends MemoryStore {
  failing = false
  override async appendUpdates(name: string, updates: Uint8Array[]): Promise<number> {
    if (this.failing) throw new Error('SQLITE_FULL: database or disk is full')
    return super.appendUpdates(name, updates)
  }
}

let server: TestServer | undefined
const clients: TestClient[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.close()
  server = undefined
})

function tag(client: TestClient, id: string): void {
  const s = readArticle(client.doc).sentences[0]!
  addAnnotationsAtOffsets(
    client.doc,
    [{ id, kind: 'sentence', start: s.start, end: s.end, labels: ['quote'], annotator: 'ann' }],
    Origin.user,
  )
}

const has = (client: TestClient, id: string) => readAnnotations(client.doc).some((a) => a.id === id)

describe('a store write that fails', () => {
  it('[WS15] is never broadcast, the sender is told (its socket closes), nothing is half-stored, and the change lands once the store is back', async () => {
    const store = new FlakyStore()
    await store.createArticle({
      meta: { id: 'a1', title: 'A' },
      paragraphs: ['Officials said it. Rain fell.'],
    })
    server = await startTestServer({ store, idleMs: 60_000 })
    const sender = connectClient(server.url, 'a1')
    const other = connectClient(server.url, 'a1')
    clients.push(sender, other)
    await Promise.all([sender.synced(), other.synced()])
    const closes: number[] = []
    sender.provider.on('connection-close', (event) => {
      if (event) closes.push(event.code)
    })
    const rowsBefore = await store.countUpdates('a1')
    const storedBefore = await store.load('a1')

    store.failing = true
    tag(sender, 'lost-for-now')
    // The sender's connection is closed with 1011 (internal error): y-websocket reconnects by itself.
    await waitFor(() => closes.length > 0, 'the sender to be told')
    expect(closes[0]).toBe(1011)
    // The other client never saw it, and the store holds exactly what it held before.
    await new Promise((r) => setTimeout(r, 300))
    expect(has(other, 'lost-for-now')).toBe(false)
    expect(await store.countUpdates('a1')).toBe(rowsBefore)
    expect(await store.load('a1')).toEqual(storedBefore)

    // The disk has room again: the sender's reconnection sends the change, which is stored, then broadcast.
    store.failing = false
    await waitFor(() => has(other, 'lost-for-now'), 'the change to reach the other client', 10_000)
    expect(await store.countUpdates('a1')).toBeGreaterThan(rowsBefore)
    const fresh = connectClient(server.url, 'a1')
    clients.push(fresh)
    await fresh.synced()
    expect(has(fresh, 'lost-for-now')).toBe(true)
  })
})
