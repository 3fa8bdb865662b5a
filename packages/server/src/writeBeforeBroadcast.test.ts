import { addAnnotationsAtOffsets, Origin, readAnnotations, readArticle } from '@attrib/core'
import { MemoryStore } from '@attrib/store'
import { afterEach, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { connectClient, startTestServer, type TestClient, type TestServer, waitFor } from './testUtils'

/** An asynchronous store whose appends wait while `held` is set, counting how many run at once. */
class SlowStore extends MemoryStore {
  held: Promise<void> | undefined
  running = 0
  mostAtOnce = 0
  appends = 0
  override async appendUpdates(name: string, updates: Uint8Array[]): Promise<number> {
    this.appends++
    this.running++
    this.mostAtOnce = Math.max(this.mostAtOnce, this.running)
    try {
      await this.held
      return await super.appendUpdates(name, updates)
    } finally {
      this.running--
    }
  }
}

let server: TestServer | undefined
const clients: TestClient[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.close()
  server = undefined
})

function tag(doc: Y.Doc, id: string): void {
  const s = readArticle(doc).sentences[0]!
  addAnnotationsAtOffsets(
    doc,
    [{ id, kind: 'sentence', start: s.start, end: s.end, labels: ['quote'], annotator: 'ann' }],
    Origin.user,
  )
}

const has = (doc: Y.Doc | undefined, id: string) => !!doc && readAnnotations(doc).some((a) => a.id === id)

describe('write before broadcast', () => {
  it('[WS16] with a slow store, nothing is sent before its append resolved; appends never overlap and what queued meanwhile is one row', async () => {
    const store = new SlowStore()
    await store.createArticle({
      meta: { id: 'a1', title: 'A' },
      paragraphs: ['Officials said it. Rain fell.'],
    })
    server = await startTestServer({ store, idleMs: 60_000 })
    const alice = connectClient(server.url, 'a1')
    const bob = connectClient(server.url, 'a1')
    clients.push(alice, bob)
    await Promise.all([alice.synced(), bob.synced()])
    const room = server.yserver.getDocument('a1')
    const rowsBefore = await store.countUpdates('a1')
    const appendsBefore = store.appends

    let release = () => {}
    store.held = new Promise((resolve) => {
      release = resolve
    })
    tag(alice.doc, 'first')
    await waitFor(() => store.running === 1, 'the first append to start')
    // Two more edits, in turns of their own, while the first append is in flight.
    tag(alice.doc, 'second')
    await waitFor(() => has(room, 'second'), 'the room to apply the second edit')
    tag(alice.doc, 'third')
    await waitFor(() => has(room, 'third'), 'the room to apply the third edit')
    // A newcomer's sync step 2 holds what is not stored yet, so it waits too.
    const carol = connectClient(server.url, 'a1')
    clients.push(carol)
    await new Promise((r) => setTimeout(r, 200))
    expect(['first', 'second', 'third'].filter((id) => has(bob.doc, id) || has(carol.doc, id))).toEqual([])
    expect(carol.provider.synced).toBe(false)
    expect(store.appends - appendsBefore).toBe(1)

    release()
    await waitFor(() => has(bob.doc, 'third') && has(bob.doc, 'first'), 'the edits to reach bob')
    await carol.synced()
    expect(['first', 'second', 'third'].every((id) => has(carol.doc, id))).toBe(true)
    // The first edit was one row; the two that queued behind it were merged into a second one.
    expect(store.appends - appendsBefore).toBe(2)
    expect(await store.countUpdates('a1')).toBe(rowsBefore + 2)
    expect(store.mostAtOnce).toBe(1)
  })
})
