import {
  type ArticleInput,
  addAnnotationsAtOffsets,
  getAnnotationsMap,
  Origin,
  readAnnotations,
  readArticle,
  SCHEMA_VERSION,
} from '@attrib/core'
import { MemoryStore } from '@attrib/store'
import type { RelayListener, RelaySubscription, RoomRelay } from '@attrib/sync'
import { CloseCode } from '@attrib/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { connectClient, startTestServer, type TestClient, type TestServer, waitFor } from './testUtils'

// The room's side of scale-out, without Redis: two servers in this process share one store and an
// in-memory relay that can lose messages, as a trimmed stream or a process killed between storing and
// publishing would. (The real relay is tested with redis-server in apps/server's scaleOut.test.ts.)

interface Hub {
  relay(process: string): RoomRelay
  /** Messages dropped so far; `drop` decides which. */
  dropped: number
  drop: (seq: number) => boolean
}

function memoryHub(): Hub {
  const listeners = new Map<string, { process: string; listener: RelayListener }[]>()
  const hub: Hub = {
    dropped: 0,
    drop: () => false,
    relay: (process) => ({
      async subscribe(room, listener): Promise<RelaySubscription> {
        const entry = { process, listener }
        const list = listeners.get(room) ?? []
        list.push(entry)
        listeners.set(room, list)
        const others = () => (listeners.get(room) ?? []).filter((e) => e.process !== process)
        return {
          publishUpdates(firstSeq, updates) {
            updates.forEach((update, i) => {
              if (hub.drop(firstSeq + i)) {
                hub.dropped++
                return
              }
              for (const e of others()) setTimeout(() => e.listener.update(firstSeq + i, update), 1)
            })
          },
          publishAwareness(update) {
            for (const e of others()) setTimeout(() => e.listener.awareness(update), 1)
          },
          close() {
            listeners.set(
              room,
              (listeners.get(room) ?? []).filter((e) => e !== entry),
            )
          },
        }
      },
      publishChange() {},
      onChange: () => () => {},
      async close() {},
    }),
  }
  return hub
}

const ARTICLE: ArticleInput = {
  meta: { id: 'a1', title: 'Calls' },
  paragraphs: ['Peskov said there was one call. Officials declined to comment. Musk confirmed it.'],
}

const servers: TestServer[] = []
const clients: TestClient[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of servers.splice(0)) await s.close()
})

function annotate(client: TestClient, id: string): void {
  const { start } = readArticle(client.doc).sentences[0]!
  addAnnotationsAtOffsets(
    client.doc,
    [{ id, kind: 'span', start, end: start + 4, labels: ['quote'], annotator: 'x' }],
    Origin.user,
  )
}

const ids = (c: TestClient) => new Set(readAnnotations(c.doc).map((a) => a.id))

describe('rooms sharing a store through a relay', () => {
  it('[SO4] a relayed update that never arrives is read back from the store after gapRepairMs', async () => {
    const store = new MemoryStore()
    await store.createArticle(ARTICLE)
    const hub = memoryHub()
    const counted = { relayed: 0, repairs: 0 }
    const counters = {
      stored: () => {},
      relayed: (n: number) => {
        counted.relayed += n
      },
      gapRepaired: () => {
        counted.repairs++
      },
    }
    for (const process of ['A', 'B'])
      servers.push(await startTestServer({ store, relay: hub.relay(process), gapRepairMs: 200, counters }))
    const [a, b] = servers.map((s) => connectClient(s.url, 'a1')) as [TestClient, TestClient]
    clients.push(a, b)
    await a.synced()
    await b.synced()

    annotate(a, 'first')
    await waitFor(() => ids(b).has('first'), 'a relayed update')
    // The next update is lost on its way; the one after it reveals the gap.
    const lost = (await store.load('a1')).seq + 1
    hub.drop = (seq) => seq === lost
    annotate(a, 'lost')
    await waitFor(async () => (await store.load('a1')).seq >= lost, 'the lost update stored by A')
    hub.drop = () => false
    expect(hub.dropped).toBe(1)
    await new Promise((r) => setTimeout(r, 100))
    expect(ids(b).has('lost')).toBe(false)
    annotate(a, 'after')
    // B gets "after" at once; "lost" once the gap has stayed open for gapRepairMs and B read the store.
    await waitFor(() => ids(b).has('after') && ids(b).has('lost'), 'the gap repaired from the store', 5000)
    expect([...ids(b)].sort()).toEqual(['after', 'first', 'lost'])
    // What the metrics count: the two updates B received through the relay, and one repair.
    expect(counted).toEqual({ relayed: 2, repairs: 1 })
  })

  it('[SO5] updates relayed out of order (n + 1 before n) converge without reading the store', async () => {
    const store = new MemoryStore()
    await store.createArticle(ARTICLE)
    const hub = memoryHub()
    for (const process of ['A', 'B'])
      servers.push(await startTestServer({ store, relay: hub.relay(process), gapRepairMs: 60_000 }))
    const [a, b] = servers.map((s) => connectClient(s.url, 'a1')) as [TestClient, TestClient]
    clients.push(a, b)
    await a.synced()
    await b.synced()
    for (let i = 0; i < 20; i++) annotate(i % 2 ? a : b, `x${i}`)
    await waitFor(() => ids(a).size === 20 && ids(b).size === 20, 'both sides to converge')
    expect(readArticle(a.doc)).toEqual(readArticle(b.doc))
  })

  it("[SO8] an annotator who moves to a process that has not yet received a reviewer's final annotation is told to resync, not refused", async () => {
    const store = new MemoryStore()
    await store.createArticle(ARTICLE)
    const hub = memoryHub()
    const onAuthenticate = ({ params }: { params: URLSearchParams }) =>
      params.get('role') === 'annotator' ? { mayAdjudicate: false } : true
    for (const process of ['A', 'B'])
      servers.push(
        await startTestServer({ store, relay: hub.relay(process), gapRepairMs: 60_000, onAuthenticate }),
      )
    const [onA, onB] = servers as [TestServer, TestServer]
    const annDoc = new Y.Doc()
    const join = (url: string) =>
      new WebsocketProvider(url, 'a1', annDoc, {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
        params: { schema: String(SCHEMA_VERSION), role: 'annotator' },
      })
    let ann = join(onA.url)
    const rita = connectClient(onA.url, 'a1')
    const bob = connectClient(onB.url, 'a1')
    clients.push(rita, bob)
    await waitFor(() => ann.synced, 'the annotator to sync on A')
    await rita.synced()
    await bob.synced()
    addAnnotationsAtOffsets(
      annDoc,
      [{ id: 'x', kind: 'sentence', start: 0, end: 31, labels: ['quote'], annotator: 'ann' }],
      Origin.user,
    )
    await waitFor(() => ids(bob).has('x') && ids(rita).has('x'), 'the annotation on both processes')

    // The reviewer's final flag is stored by A, but its relay to B is lost (and B would not repair it for a minute).
    hub.drop = () => true
    getAnnotationsMap(rita.doc).get('x')!.set('final', true)
    const isFinal = () => getAnnotationsMap(annDoc).get('x')?.get('final') === true
    await waitFor(isFinal, "the reviewer's final flag at the annotator, through A")
    await waitFor(async () => (await store.load('a1')).seq >= 2, 'the final flag stored')
    hub.drop = () => false

    // The annotator's client moves to B, which has not seen the flag: its sync step 2 carries it.
    ann.destroy()
    const closes: number[] = []
    ann = join(onB.url)
    ann.on('connection-close', (event) => closes.push(event?.code ?? 0))
    try {
      await waitFor(() => closes.length > 0, 'B to close the annotator')
      expect(closes[0]).toBe(CloseCode.Resync)
      await waitFor(() => ann.wsconnected && ann.synced, 'the annotator to reconnect to B and sync')
      await waitFor(() => getAnnotationsMap(bob.doc).get('x')?.get('final') === true, 'the flag at B')
      expect(closes).not.toContain(CloseCode.Refused)
      expect(isFinal()).toBe(true)
    } finally {
      ann.destroy()
      annDoc.destroy()
    }
  })
})
