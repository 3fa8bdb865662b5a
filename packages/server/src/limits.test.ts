import { type ArticleInput, Origin, paragraphElements, readArticle } from '@attrib/core'
import { loadDocument, MemoryStore } from '@attrib/store'
import { CloseCode, encodeUpdate } from '@attrib/sync'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  connectClient,
  rawClient,
  rawUpgrade,
  startTestServer,
  type TestClient,
  type TestServer,
  waitFor,
} from './testUtils'

const ARTICLE: ArticleInput = {
  meta: { id: 'a1', title: 'Calls' },
  paragraphs: ['Peskov said there was one call. Officials declined to comment.', 'Musk confirmed it.'],
}

let server: TestServer | undefined
const clients: TestClient[] = []

function client(room = 'a1'): TestClient {
  const c = connectClient(server!.url, room)
  clients.push(c)
  return c
}

function firstText(doc: Y.Doc): Y.XmlText {
  return paragraphElements(doc)[0]!.get(0) as Y.XmlText
}

async function storedBytes(store: MemoryStore, room: string): Promise<number> {
  const { snapshot, updates } = await store.load(room)
  return updates.reduce((n, u) => n + u.byteLength, snapshot?.byteLength ?? 0)
}

/** Resolves with the code of the provider's next connection-close event; rejects after 5 s. */
function nextClose(c: TestClient): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the connection was not closed')), 5000)
    c.provider.once('connection-close', (event) => {
      clearTimeout(timer)
      resolve((event as { code: number }).code)
    })
  })
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.close()
  server = undefined
})

describe('server limits', () => {
  it('[WS10] an update that would make the document too large is refused, not stored, not relayed', async () => {
    const store = new MemoryStore()
    await store.createArticle(ARTICLE)
    const base = await storedBytes(store, 'a1')
    server = await startTestServer({ store, maxDocumentBytes: base + 3000 })
    const alice = client()
    const bob = client()
    await Promise.all([alice.synced(), bob.synced()])

    // Text that was deleted again counts only until the log is compacted: near the limit the room compacts
    // instead of refusing, so 2 × 2000 characters fit when the first 2000 are gone.
    alice.doc.transact(() => firstText(alice.doc).insert(0, 'y'.repeat(2000)), Origin.user)
    await waitFor(() => readArticle(bob.doc).text.startsWith('yyy'), 'the long insert at bob')
    alice.doc.transact(() => firstText(alice.doc).delete(0, 2000), Origin.user)
    await waitFor(() => readArticle(bob.doc).text.startsWith('Peskov'), 'the delete at bob')
    alice.doc.transact(() => firstText(alice.doc).insert(0, 'z'.repeat(2000)), Origin.user)
    await waitFor(() => readArticle(bob.doc).text.startsWith('zzz'), 'the second long insert at bob')
    const text = readArticle(bob.doc).text
    expect(readArticle((await loadDocument(store, 'a1'))!).text).toBe(text)

    const closed = nextClose(alice)
    alice.doc.transact(() => firstText(alice.doc).insert(0, 'x'.repeat(5000)), Origin.user)
    expect(await closed).toBe(CloseCode.DocumentTooLarge)
    expect(readArticle((await loadDocument(store, 'a1'))!).text).toBe(text)
    expect(readArticle(server.yserver.getDocument('a1')!).text).toBe(text)
    // Bob still edits, and never received the refused update.
    bob.doc.transact(() => firstText(bob.doc).insert(0, 'ok '), Origin.user)
    await waitFor(
      async () => readArticle((await loadDocument(store, 'a1'))!).text === `ok ${text}`,
      "bob's edit stored",
    )
    expect(readArticle(bob.doc).text).toBe(`ok ${text}`)
  })

  it('[WS11] a connection over its rate limit is closed with 4429 and nothing of the excess is stored', async () => {
    const store = new MemoryStore()
    await store.createArticle(ARTICLE)
    // One token a second, so refilling while the frames are in flight adds nothing.
    server = await startTestServer({ store, ratePerSecond: 1, rateBurst: 20 })
    const before = await store.countUpdates('a1')
    const local = new Y.Doc()
    const frames: Uint8Array[] = []
    local.on('update', (update: Uint8Array) => frames.push(encodeUpdate(update)))
    const letters = 'abcdefghijklmnopqrstuvwxyzABCD'
    for (const letter of letters) local.getText('t').insert(local.getText('t').length, letter)
    expect(frames).toHaveLength(30)

    const raw = rawClient(server.url, 'a1')
    await raw.opened
    for (const frame of frames) raw.ws.send(frame)
    expect(await raw.closed).toBe(CloseCode.RateLimited)
    expect(server.yserver.getDocument('a1')!.getText('t').toString()).toBe(letters.slice(0, 20))
    expect((await loadDocument(store, 'a1'))!.getText('t').toString()).toBe(letters.slice(0, 20))
    // The 20 updates may be stored merged into fewer rows.
    expect(await store.countUpdates('a1')).toBeGreaterThan(before)
    expect(await store.countUpdates('a1')).toBeLessThanOrEqual(before + 20)

    // A y-websocket client within the limit is not bothered.
    const alice = client()
    await alice.synced()
    for (let i = 0; i < 5; i++) alice.doc.transact(() => firstText(alice.doc).insert(0, 'x'), Origin.user)
    await waitFor(
      () => readArticle(server!.yserver.getDocument('a1')!).text.startsWith('xxxxxPeskov'),
      'edits within the rate',
    )
    expect(alice.provider.wsconnected).toBe(true)
  })

  it('[WS12] upgrades beyond maxConnections are refused with HTTP 503', async () => {
    const store = new MemoryStore()
    await store.createArticle(ARTICLE)
    server = await startTestServer({ store, maxConnections: 2 })
    const first = rawClient(server.url, 'a1')
    const second = rawClient(server.url, 'a1')
    await Promise.all([first.opened, second.opened])
    expect(await rawUpgrade(server.port, '/yjs/a1?schema=1')).toEqual({ status: 503 })
    expect(await rawClient(server.url, 'a1').closed).toBe(1006)
    expect(server.yserver.connectionCount).toBe(2)

    first.ws.close()
    await waitFor(() => server!.yserver.connectionCount === 1, 'a free slot')
    const alice = client()
    await alice.synced()
    expect(readArticle(alice.doc).text).toContain('Peskov')
  })

  it('[WS13] room names that are not article ids (path tricks, NUL, overlong) close with 4400', async () => {
    const store = new MemoryStore()
    await store.createArticle(ARTICLE)
    const seen: string[] = []
    server = await startTestServer({
      store,
      onAuthenticate: ({ room }) => {
        seen.push(room)
        return true
      },
    })
    const port = server.port
    for (const path of [
      '/yjs/..',
      '/yjs/../yjs/a1', // `URL` would make this /yjs/a1
      '/yjs/a1/..',
      '/yjs/a1/',
      '/yjs/%2e%2e',
      '/yjs/a1%2F..%2Fx',
      '/yjs/..%2Fa1',
      '/yjs/a1%00',
      '/yjs/a1%0A',
      '/yjs/%E0%A4%A',
      '/yjs/',
      `/yjs/${'a'.repeat(129)}`,
    ])
      expect([path, await rawUpgrade(port, `${path}?schema=1`)]).toEqual([
        path,
        { status: 101, closeCode: CloseCode.BadMessage },
      ])
    expect(seen).toEqual([])
    // The longest valid id is only not found; the article itself opens.
    expect(await rawUpgrade(port, `/yjs/${'a'.repeat(128)}?schema=1`)).toEqual({
      status: 101,
      closeCode: CloseCode.NotFound,
    })
    expect(await rawUpgrade(port, '/yjs/a1?schema=1', {}, 300)).toEqual({ status: 101 })
    expect(await rawUpgrade(port, '/yjs/%61%31?schema=1', {}, 300)).toEqual({ status: 101 })
    expect(seen).toEqual(['a'.repeat(128), 'a1', 'a1'])
  })

  it('[WS14] a websocket from a foreign Origin is refused with HTTP 403', async () => {
    const store = new MemoryStore()
    await store.createArticle(ARTICLE)
    server = await startTestServer({ store })
    const own = `http://127.0.0.1:${server.port}`
    const open = async (headers: Record<string, string>) =>
      (await rawUpgrade(server!.port, '/yjs/a1?schema=1', headers, 200)).status

    // Default: the server's own pages and clients without Origin.
    expect(await open({})).toBe(101)
    expect(await open({ Origin: own })).toBe(101)
    expect(await open({ Origin: 'https://news.example', 'X-Forwarded-Host': 'news.example' })).toBe(101)
    expect(await open({ Origin: 'https://evil.example' })).toBe(403)
    expect(await open({ Origin: 'http://127.0.0.1:1' })).toBe(403)
    expect(await open({ Origin: 'null' })).toBe(403)
    await server.close()

    server = await startTestServer({ store, allowedOrigins: ['https://news.example'] })
    const port = server.port
    expect(await open({ Origin: 'https://news.example' })).toBe(101)
    expect(await open({})).toBe(101)
    expect(await open({ Origin: `http://127.0.0.1:${port}` })).toBe(403)
    expect(await open({ Origin: 'https://evil.example' })).toBe(403)
    const alice = client()
    await alice.synced()
  })
})
