import {
  type ArticleInput,
  addAnnotationsAtOffsets,
  Origin,
  paragraphElements,
  readArticle,
  SCHEMA_VERSION,
} from '@attrib/core'
import { loadDocument, MemoryStore } from '@attrib/store'
import { CloseCode, encodeUpdate, messageQueryAwareness, messageSync } from '@attrib/sync'
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import {
  connectClient,
  rawClient,
  startTestServer,
  type TestClient,
  type TestServer,
  waitFor,
} from './testUtils'

const ARTICLE: ArticleInput = {
  meta: { id: 'a1', title: 'Calls' },
  paragraphs: ['Peskov said there was one call. Officials declined to comment.', 'Musk confirmed it.'],
}

function article(id: string): ArticleInput {
  return { ...ARTICLE, meta: { ...ARTICLE.meta, id } }
}

function firstText(doc: Y.Doc): Y.XmlText {
  return paragraphElements(doc)[0]!.get(0) as Y.XmlText
}

function annotate(doc: Y.Doc, sentenceStart: number, label: string, annotator: string): void {
  addAnnotationsAtOffsets(
    doc,
    [{ kind: 'sentence', start: sentenceStart, end: sentenceStart + 5, labels: [label], annotator }],
    Origin.user,
  )
}

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder()
  write(e)
  return encoding.toUint8Array(e)
}

let server: TestServer | undefined
const clients: TestClient[] = []

function client(room: string, schema: number | null = SCHEMA_VERSION): TestClient {
  const c = connectClient(server!.url, room, schema)
  clients.push(c)
  return c
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.close()
  server = undefined
})

describe('YServer', () => {
  it('[WS1] two clients in one room: an annotation and a text edit reach the other and the store', async () => {
    const store = new MemoryStore()
    await store.createArticle(ARTICLE)
    server = await startTestServer({ store })
    const alice = client('a1')
    const bob = client('a1')
    await Promise.all([alice.synced(), bob.synced()])
    expect(readArticle(bob.doc).text).toContain('Peskov said')

    annotate(alice.doc, 0, 'quote', 'alice')
    await waitFor(() => readArticle(bob.doc).annotations.length === 1, 'the annotation at bob')
    expect(readArticle(bob.doc).annotations[0]).toMatchObject({
      labels: ['quote'],
      annotator: 'alice',
      sentence: 0,
    })

    bob.doc.transact(() => firstText(bob.doc).insert(0, 'BREAKING: '), Origin.user)
    await waitFor(() => readArticle(alice.doc).text.startsWith('BREAKING: Peskov'), 'the edit at alice')

    // Write before broadcast: what alice has seen is in the store already.
    const stored = (await loadDocument(store, 'a1'))!
    expect(readArticle(stored).text.startsWith('BREAKING: ')).toBe(true)
    expect(readArticle(stored).annotations).toHaveLength(1)
    expect(await store.countUpdates('a1')).toBeGreaterThanOrEqual(2)
  })

  it('[WS2] awareness is relayed, answered on query and removed when its connection closes', async () => {
    const store = new MemoryStore()
    await store.createArticle(ARTICLE)
    const events: string[] = []
    server = await startTestServer({
      store,
      onConnect: ({ room, readOnly }) => {
        events.push(`connect ${room} ${readOnly}`)
      },
      onDisconnect: ({ room }) => {
        events.push(`disconnect ${room}`)
      },
    })
    const alice = client('a1')
    const bob = client('a1')
    await Promise.all([alice.synced(), bob.synced()])
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' })
    const aliceId = alice.doc.clientID
    await waitFor(
      () => bob.provider.awareness.getStates().get(aliceId)?.user?.name === 'Alice',
      'awareness at bob',
    )

    const raw = rawClient(server.url, 'a1')
    await raw.opened
    raw.ws.send(frame((e) => encoding.writeVarUint(e, messageQueryAwareness)))
    await waitFor(
      () => raw.received.some((m) => m[0] === 1 && Buffer.from(m).includes('Alice')),
      'awareness reply',
    )

    alice.provider.disconnect()
    await waitFor(() => !bob.provider.awareness.getStates().has(aliceId), 'alice removed at bob')
    raw.ws.close()
    await waitFor(() => events.length === 5, 'connect and disconnect hooks')
    expect(events.sort()).toEqual([
      'connect a1 false',
      'connect a1 false',
      'connect a1 false',
      'disconnect a1',
      'disconnect a1',
    ])
  })

  it('[WS3] unknown articles close with 4404 and a refusing onAuthenticate with 4401', async () => {
    const store = new MemoryStore()
    await store.createArticle(ARTICLE)
    const seen: string[] = []
    server = await startTestServer({
      store,
      onAuthenticate: ({ room, params }) => {
        seen.push(`${room}:${params.get('token')}`)
        return params.get('token') === 'ok'
      },
    })
    expect(await rawClient(server.url, 'a1', 'token=ok&schema=1').opened).toBeUndefined()
    expect(await rawClient(server.url, 'missing', 'token=ok').closed).toBe(CloseCode.NotFound)
    expect(await rawClient(server.url, 'a1', 'token=bad').closed).toBe(CloseCode.Unauthorized)
    expect(await rawClient(server.url, 'a1', 'token=ok&schema=x').closed).toBe(CloseCode.BadMessage)
    expect(seen).toEqual(['a1:ok', 'missing:ok', 'a1:bad'])
    expect(server.yserver.roomNames()).toEqual(['a1'])
  })

  it('[WS4] bad input closes only the sender, stores nothing and leaves other rooms syncing', async () => {
    const store = new MemoryStore()
    await store.createArticle(article('A'))
    await store.createArticle(article('B'))
    server = await startTestServer({ store, maxPayload: 64 * 1024 })
    const b1 = client('B')
    const b2 = client('B')
    const a1 = client('A')
    await Promise.all([b1.synced(), b2.synced(), a1.synced()])
    const storedA = await store.load('A')

    const cases: [string, Uint8Array | string, number][] = [
      ['garbage', new Uint8Array([0xff, 0xfe, 0x13, 0x37, 0x00, 0x42]), CloseCode.BadMessage],
      // A sync update that announces 200 bytes and carries 3.
      ['truncated sync frame', new Uint8Array([messageSync, 2, 200, 1, 1, 1, 1]), CloseCode.BadMessage],
      ['unknown message type', new Uint8Array([9, 1, 2, 3]), CloseCode.BadMessage],
      ['unknown sync type', new Uint8Array([messageSync, 7, 0]), CloseCode.BadMessage],
      [
        'update that does not decode',
        encodeUpdate(new Uint8Array([1, 1, 5, 0, 4, 1, 3, 120])),
        CloseCode.BadMessage,
      ],
      ['bad state vector', new Uint8Array([messageSync, 0, 3, 5, 1, 0xff]), CloseCode.BadMessage],
      ['bad awareness', new Uint8Array([1, 4, 1, 1, 1, 9]), CloseCode.BadMessage],
      ['text frame', 'hello', CloseCode.BadMessage],
      ['huge frame', new Uint8Array(100 * 1024), CloseCode.MessageTooBig],
    ]
    for (const [what, bytes, code] of cases) {
      const raw = rawClient(server.url, 'A')
      await raw.opened
      raw.ws.send(bytes)
      expect([what, await raw.closed]).toEqual([what, code])
      // Room B goes on as if nothing happened.
      const before = readArticle(b2.doc).text
      b1.doc.transact(() => firstText(b1.doc).insert(0, 'x'), Origin.user)
      await waitFor(() => readArticle(b2.doc).text === `x${before}`, `room B after ${what}`)
    }
    expect(await store.load('A')).toEqual(storedA)
    expect(readArticle(a1.doc).text).toBe(readArticle((await loadDocument(store, 'A'))!).text)
  })

  it('[WS5] an update that decodes but breaks while applying is not stored and resets only its room', async () => {
    const store = new MemoryStore()
    await store.createArticle(article('A'))
    await store.createArticle(article('B'))
    server = await startTestServer({ store })
    const a1 = client('A')
    const b1 = client('B')
    await Promise.all([a1.synced(), b1.synced()])
    const storedA = await store.load('A')
    // Found by mutating a real update: decodes completely, then throws halfway through integrating.
    const poison = Buffer.from('0103070004010174026865810701038407250620776f726c640107010203', 'hex')
    expect(() => Y.decodeUpdate(poison)).not.toThrow()
    const raw = rawClient(server.url, 'A')
    await raw.opened
    raw.ws.send(encodeUpdate(poison))
    expect(await raw.closed).toBe(CloseCode.BadMessage)
    expect(await store.load('A')).toEqual(storedA)
    expect((await loadDocument(store, 'A'))!.getText('t').length).toBe(0)
    // The other client of room A is reset, reconnects and keeps editing; room B never noticed.
    await waitFor(() => a1.provider.synced && server!.yserver.getDocument('A') !== undefined, 'room A back')
    a1.doc.transact(() => firstText(a1.doc).insert(0, 'after '), Origin.user)
    await waitFor(
      async () => readArticle((await loadDocument(store, 'A'))!).text.startsWith('after '),
      'edit after reset',
    )
    expect(server.yserver.getDocument('A')!.getText('t').length).toBe(0)
    expect(b1.provider.wsconnected).toBe(true)
  })

  it('[WS6] clients on an older schema, or without one, cannot delete content', async () => {
    const store = new MemoryStore()
    await store.createArticle(ARTICLE)
    server = await startTestServer({ store })
    const current = client('a1')
    const old = client('a1', 0)
    const unversioned = client('a1', null)
    await Promise.all([current.synced(), old.synced(), unversioned.synced()])
    const text = readArticle(current.doc).text
    const before = await store.countUpdates('a1')

    for (const [who, c] of [
      ['old', old],
      ['unversioned', unversioned],
    ] as const) {
      c.doc.transact(() => firstText(c.doc).delete(0, 10), Origin.user)
      // Frames of one socket are handled in order, so once this awareness marker arrives the update before it
      // has been handled too.
      c.provider.awareness.setLocalStateField('marker', who)
      await waitFor(
        () => current.provider.awareness.getStates().get(c.doc.clientID)?.marker === who,
        `${who} marker`,
      )
    }
    expect(readArticle(current.doc).text).toBe(text)
    expect(readArticle(server.yserver.getDocument('a1')!).text).toBe(text)
    expect(await store.countUpdates('a1')).toBe(before)

    // The same edit from a current client goes through, so the check above can fail.
    current.doc.transact(() => firstText(current.doc).delete(0, 10), Origin.user)
    await waitFor(
      () => readArticle(server!.yserver.getDocument('a1')!).text === text.slice(10),
      'delete from a current client',
    )
    expect(await store.countUpdates('a1')).toBe(before + 1)
  })

  it('[WS7] compacts every N updates and on unload; an idle room unloads and reloads the same', async () => {
    const store = new MemoryStore()
    await store.createArticle(ARTICLE)
    const stored: string[] = []
    const changed: string[] = []
    server = await startTestServer({
      store,
      compactEvery: 5,
      idleMs: 100,
      changeDebounceMs: 20,
      onStoreDocument: ({ room }) => {
        stored.push(room)
      },
      onChange: ({ room }) => {
        changed.push(room)
      },
    })
    const alice = client('a1')
    await alice.synced()
    for (let i = 0; i < 12; i++) annotate(alice.doc, i % 3 === 0 ? 0 : 32, `label_${i}`, 'alice')
    await waitFor(
      () => readArticle(server!.yserver.getDocument('a1')!).annotations.length === 12,
      'annotations',
    )
    // However the 12 frames were batched, compaction leaves fewer than 5 rows in the log.
    await waitFor(async () => (await store.countUpdates('a1')) < 5 && stored.length >= 1, 'compaction')
    expect((await store.load('a1')).snapshot).not.toBeNull()
    await waitFor(() => changed.length > 0, 'onChange')
    const expected = readArticle(alice.doc)
    expect(expected.annotations).toHaveLength(12)
    await waitFor(
      async () => readArticle((await loadDocument(store, 'a1'))!).annotations.length === 12,
      'all stored',
    )

    alice.provider.disconnect()
    await waitFor(() => server!.yserver.roomNames().length === 0, 'idle unload')
    expect(await store.countUpdates('a1')).toBe(0)
    expect(readArticle((await loadDocument(store, 'a1'))!)).toEqual(expected)

    const fresh = client('a1')
    await fresh.synced()
    expect(readArticle(fresh.doc)).toEqual(expected)
  })

  it('[WS8] frames that arrive while the document loads are answered after loading', async () => {
    const store = new MemoryStore()
    await store.createArticle(ARTICLE)
    let loads = 0
    server = await startTestServer({
      store,
      onLoadDocument: async ({ document }) => {
        loads++
        await new Promise((r) => setTimeout(r, 150))
        expect(document.getXmlFragment('article').length).toBeGreaterThan(0)
      },
    })
    const alice = client('a1')
    const bob = client('a1')
    await Promise.all([alice.synced(), bob.synced()])
    expect(loads).toBe(1)
    expect(readArticle(alice.doc).text).toContain('Peskov')
  })

  it('[WS9] a peer that stops answering pings is terminated; close() closes sockets with 1001', async () => {
    const store = new MemoryStore()
    await store.createArticle(ARTICLE)
    server = await startTestServer({ store, pingIntervalMs: 100 })
    // A peer that vanished without a close frame: it never answers pings.
    const mute = new WebSocket(`${server.url}/a1?schema=1`, { autoPong: false })
    mute.on('error', () => {})
    const muteClosed = new Promise<number>((r) => mute.once('close', (code: number) => r(code)))
    expect(await muteClosed).toBe(1006)

    const alive = client('a1')
    await alive.synced()
    await new Promise((r) => setTimeout(r, 150))
    expect(alive.provider.wsconnected).toBe(true)
    const closing = new Promise<number>((r) =>
      alive.provider.on('connection-close', (event) => r((event as { code: number }).code)),
    )
    await server.close()
    expect(await closing).toBe(CloseCode.GoingAway)
    server = undefined
  })
})
