import { type ArticleInput, addAnnotationsAtOffsets, getAnnotationsMap, readArticle } from '@attrib/core'
import { EXPORT_FORMATS } from '@attrib/formats'
import { applyStoredDocument, type DocumentStore, MemoryStore } from '@attrib/store'
import type { Logger } from '@attrib/sync'
import { MALFORMED_EDITS } from '@attrib/sync/testing'
import { strFromU8, unzipSync } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type AttribServer, createServer } from './createServer'
import { connectClient, type TestClient, waitFor } from './testUtils'

// SPEC WS17 (the server refuses an update that leaves a malformed record) and HTTP10 (every reader skips
// a malformed record it still meets), through a real server: websocket clients and every HTTP route.

const GOOD: ArticleInput = {
  meta: { id: 'good', title: 'Musk calls', outlet: 'Wire', date: '2024-10-25', story: 'musk' },
  paragraphs: ['Musk confirmed the call on Friday. Nobody else did.'],
  annotations: [{ kind: 'sentence', start: 0, end: 34, labels: ['quote'], annotator: 'ann', source: 'Musk' }],
}

/** An article holding the well-formed annotation `own` (the one the malformed edits change) and `keep`. */
function article(id: string): ArticleInput {
  return {
    meta: { id, title: `Calls ${id}`, outlet: 'Daily', date: '2024-10-26', story: 'musk' },
    paragraphs: ['Peskov said there was one call. Officials declined to comment.', 'Musk confirmed it.'],
    annotations: [
      { id: 'own', kind: 'sentence', start: 0, end: 31, labels: ['quote'], annotator: 'ann' },
      {
        id: 'keep',
        kind: 'sentence',
        start: 64,
        end: 82,
        labels: ['claim'],
        annotator: 'bob',
        source: 'Musk',
      },
    ],
  }
}

interface Logged {
  level: 'warn' | 'error'
  message: string
  details?: Record<string, unknown>
}

function recordingLogger(): { logger: Logger; logged: Logged[] } {
  const logged: Logged[] = []
  return {
    logged,
    logger: {
      info() {},
      warn: (message, details) => logged.push({ level: 'warn', message, details }),
      error: (message, details) => logged.push({ level: 'error', message, details }),
    },
  }
}

let server: AttribServer | undefined
const clients: TestClient[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.close()
  server = undefined
})

async function start(store: DocumentStore, logger: Logger): Promise<string> {
  server = createServer({ store, logger, idleMs: 100, changeDebounceMs: 10 })
  const { port } = await server.listen(0, '127.0.0.1')
  return `127.0.0.1:${port}`
}

/** The stored document of `id`, read back the way a room loads it. */
async function storedDoc(store: DocumentStore, id: string): Promise<Y.Doc> {
  const doc = new Y.Doc()
  applyStoredDocument(doc, await store.load(id), 'test')
  return doc
}

/** Every route a reader of the corpus calls answers 200, and the articles `intact` are whole in each. */
async function expectEveryRouteAnswers(host: string, ids: string[], intact: string[]): Promise<void> {
  const get = (path: string) => fetch(`http://${host}${path}`)
  const list = await get('/api/articles')
  expect(list.status, '/api/articles').toBe(200)
  const entries = (await list.json()) as { id: string; title: string; tagged: number }[]
  expect(entries.map((e) => e.id).sort()).toEqual([...ids].sort())
  for (const id of intact) expect(entries.find((e) => e.id === id)?.tagged, id).toBeGreaterThan(0)
  for (const id of ids) {
    const one = await get(`/api/articles/${id}`)
    expect(one.status, `/api/articles/${id}`).toBe(200)
    const snapshot = (await one.json()) as { annotations: { id: string; labels: string[] }[] }
    if (intact.includes(id)) expect(snapshot.annotations.length, id).toBeGreaterThan(0)
    if (id !== 'good')
      expect(
        snapshot.annotations.map((a) => a.id),
        id,
      ).toContain('keep')
  }
  for (const query of ['', '?text=true', '?status=accepted,suggested', '?annotator=bob', `?ids=${ids[0]}`]) {
    const coverage = await get(`/api/review/coverage${query}`)
    expect(coverage.status, `/api/review/coverage${query}`).toBe(200)
    expect(JSON.stringify(await coverage.json())).toContain('good')
  }
  const events = new AbortController()
  const stream = await get('/api/review/events').catch(() => null)
  events.abort()
  await stream?.body?.cancel()
  expect(stream?.status, '/api/review/events').toBe(200)
  for (const format of EXPORT_FORMATS) {
    const response = await get(`/api/export?format=${format}&layer=all`)
    expect(response.status, `/api/export?format=${format}`).toBe(200)
    const bytes = new Uint8Array(await response.arrayBuffer())
    const text =
      response.headers.get('content-type') === 'application/zip'
        ? Object.values(unzipSync(bytes))
            .map((f) => strFromU8(f))
            .join('\n')
        : new TextDecoder().decode(bytes)
    // The whole corpus came out: the last article's text is there, and the good article's.
    expect(text, format).toContain('Musk confirmed the call')
    for (const id of intact) expect(text, `${format}: ${id}`).toContain('Peskov')
  }
}

/** Connects a y-websocket client to `id` and resolves once it has synced; `closed` has its close code. */
async function connect(host: string, id: string): Promise<TestClient & { closed: Promise<number> }> {
  const client = connectClient(`ws://${host}/yjs`, id)
  clients.push(client)
  const closed = new Promise<number>((resolve) =>
    client.provider.on('connection-close', (event) => resolve(event?.code ?? 0)),
  )
  await client.synced()
  return { ...client, closed }
}

describe('the document shape through a real server', () => {
  it('[WS17] every kind of malformed record written through a websocket is refused with 4400, nothing stored', async () => {
    const store = new MemoryStore()
    await store.createArticle(GOOD)
    await store.createArticle(article('a1'))
    await store.createArticle(article('a2'))
    const { logger, logged } = recordingLogger()
    const host = await start(store, logger)
    const before = Y.encodeStateVector(await storedDoc(store, 'a1'))
    const seq = (await store.load('a1')).seq
    for (const { name, edit, problem } of MALFORMED_EDITS) {
      const writer = await connect(host, 'a1')
      // A second person in the room: the room resets for them (4500) and they reconnect.
      const other = await connect(host, 'a1')
      edit(writer.doc, 'own')
      const closed = await Promise.race([
        writer.closed,
        new Promise((r) => setTimeout(() => r('open'), 3000)),
      ])
      expect(closed, `${name}: the writer is closed`).toBe(4400)
      const refusal = logged.find(
        (l) => l.message.includes('malformed') && problem.test(String(l.details?.reason)),
      )
      expect(refusal, `${name}: logged with its reason`).toBeDefined()
      logged.length = 0
      expect((await store.load('a1')).seq, `${name}: nothing stored`).toBe(seq)
      // The room was reloaded from the store: a newcomer and the other person see the article as it was.
      const newcomer = await connect(host, 'a1')
      expect(Y.encodeStateVector(newcomer.doc), name).toEqual(before)
      await waitFor(
        () => other.provider.synced && other.provider.wsconnected,
        'the other person to reconnect',
      )
      expect(
        readArticle(other.doc).annotations.map((a) => a.id),
        name,
      ).toEqual(['own', 'keep'])
      writer.destroy()
      other.destroy()
      newcomer.destroy()
    }
    // A good edit after all that is stored and seen by others.
    const a = await connect(host, 'a1')
    const b = await connect(host, 'a1')
    addAnnotationsAtOffsets(a.doc, [{ kind: 'span', start: 0, end: 6, labels: ['source'], annotator: 'ann' }])
    await waitFor(
      () => readArticle(b.doc).annotations.length === 3,
      'the good edit to reach the other client',
    )
    await waitFor(async () => (await store.load('a1')).seq > seq, 'the good edit to be stored')
    await expectEveryRouteAnswers(host, ['good', 'a1', 'a2'], ['a1', 'a2'])
    expect(logged.filter((l) => l.level === 'error')).toEqual([])
  }, 60_000)

  it("[WS17] in a turn with several people's updates, a malformed one resets the room; its sender is refused when it sends it again, the others' are kept", async () => {
    const store = new MemoryStore()
    await store.createArticle(article('a1'))
    const { logger, logged } = recordingLogger()
    const host = await start(store, logger)
    const ann = await connect(host, 'a1')
    const eve = await connect(host, 'a1')
    const annCloses: number[] = []
    const eveCloses: number[] = []
    ann.provider.on('connection-close', (event) => annCloses.push(event?.code ?? 0))
    eve.provider.on('connection-close', (event) => eveCloses.push(event?.code ?? 0))
    // Both send in the same turn: a good annotation, and a string where an annotation should be.
    addAnnotationsAtOffsets(ann.doc, [
      { id: 'new', kind: 'span', start: 0, end: 6, labels: ['source'], annotator: 'ann' },
    ])
    ;(getAnnotationsMap(eve.doc) as unknown as Y.Map<unknown>).set('bad', 'x')
    await waitFor(() => eveCloses.includes(4400), 'the offender to be refused when its client sends it again')
    expect(eveCloses[0], 'the room was reset first (two authors)').toBe(4500)
    await waitFor(
      async () => readArticle(await storedDoc(store, 'a1')).annotations.some((a) => a.id === 'new'),
      "the other person's annotation stored",
    )
    expect(getAnnotationsMap(await storedDoc(store, 'a1')).has('bad')).toBe(false)
    expect(annCloses).not.toContain(4400)
    expect(ann.provider.shouldConnect).toBe(true)
    const refusals = logged.filter((l) => l.message.includes('left the document malformed'))
    expect(refusals.map((l) => l.details?.connections)).toEqual([2, 1])
  })

  it('[HTTP10] malformed records already in stored documents are skipped by every route and export', async () => {
    const store = new MemoryStore()
    await store.createArticle(GOOD)
    // One article per kind of malformed record, written into the store behind the server's back, as a
    // database from before the check would hold them.
    const ids: string[] = []
    for (const [i, { edit }] of MALFORMED_EDITS.entries()) {
      const id = `bad${i}`
      ids.push(id)
      await store.createArticle(article(id))
      const doc = await storedDoc(store, id)
      const updates: Uint8Array[] = []
      doc.on('update', (u: Uint8Array) => updates.push(u))
      edit(doc, 'own')
      await store.appendUpdates(id, updates)
    }
    const { logger, logged } = recordingLogger()
    const host = await start(store, logger)
    await expectEveryRouteAnswers(host, ['good', ...ids], [])
    // A live room on each: it loads (logging what it holds), takes a good edit, and is stored when it
    // unloads (onStoreDocument recomputes the catalog counts).
    for (const id of ids) {
      const client = await connect(host, id)
      addAnnotationsAtOffsets(client.doc, [
        { kind: 'span', start: 0, end: 6, labels: ['source'], annotator: 'ann' },
      ])
      await waitFor(
        async () => (await store.load(id)).updates.length > 1,
        `the good edit of ${id} to be stored`,
      )
      client.destroy()
    }
    await expectEveryRouteAnswers(host, ['good', ...ids], [])
    await waitFor(() => server!.yserver.roomNames().length === 0, 'the rooms to unload', 5000)
    await expectEveryRouteAnswers(host, ['good', ...ids], [])
    expect(logged.filter((l) => l.level === 'error')).toEqual([])
    // Every article whose malformed record is a record the readers read (not list content in a type):
    // by the room that loads it, and by the routes' reader once per article version.
    const warned = logged.filter(
      (l) => l.message === 'the document holds malformed records, which readers skip',
    )
    expect(warned.length).toBeGreaterThanOrEqual(MALFORMED_EDITS.length - 3)
    expect(warned[0]!.details).toMatchObject({ room: expect.stringMatching(/^bad/), records: 1 })
    const leftOut = logged.filter((l) => l.message === 'malformed records left out of an article')
    expect(leftOut.length).toBeGreaterThanOrEqual(MALFORMED_EDITS.length - 3)
    expect(leftOut[0]!.details).toMatchObject({ article: expect.stringMatching(/^bad/) })
  }, 60_000)
})
