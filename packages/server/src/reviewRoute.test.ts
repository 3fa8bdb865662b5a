import { get, type IncomingMessage } from 'node:http'
import { type ArticleInput, addAnnotationsAtOffsets, DEFAULT_LABELS, Origin, readArticle } from '@attrib/core'
import { coverageReport } from '@attrib/review'
import { MemoryStore } from '@attrib/store'
import { silentLogger, YServer } from '@attrib/sync'
import { fastify } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { type AttribServer, createServer, readSnapshot } from './createServer'
import { registerReviewRoute } from './reviewRoute'
import { connectClient, waitFor } from './testUtils'

const ARTICLE_A1: ArticleInput = {
  meta: { id: 'a1', title: 'Calls', outlet: 'Daily', date: '2024-10-25', story: 'musk' },
  paragraphs: ['Peskov said there was one call. Officials declined to comment.', 'Musk confirmed it.'],
  annotations: [
    {
      kind: 'sentence',
      start: 0,
      end: 31,
      labels: ['spokesperson'],
      annotator: 'ann',
      source: 'Dmitry Peskov',
    },
    { kind: 'sentence', start: 32, end: 62, labels: ['anonymous_official'], annotator: 'bob' },
  ],
}
const ARTICLE_B2: ArticleInput = {
  meta: { id: 'b2', title: 'Other', outlet: 'Wire', date: '2023-01-01' },
  paragraphs: ['Two sentences here. And one more.'],
}

let server: AttribServer | undefined
let base = ''
const cleanups: (() => void | Promise<void>)[] = []

async function start(): Promise<AttribServer> {
  server = createServer({ store: new MemoryStore(), logger: silentLogger, changeDebounceMs: 20 })
  const { port } = await server.listen(0, '127.0.0.1')
  base = `http://127.0.0.1:${port}`
  return server
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
  await server?.close()
  server = undefined
})

/**
 * An open `GET /api/review/events` stream that collects what it receives. Read with node:http rather
 * than fetch: an aborted fetch leaves undici's spare connection open, which holds the server's close up.
 */
async function openEvents(url: string) {
  const request = get(url)
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    request.once('response', resolve)
    request.once('error', reject)
  })
  request.on('error', () => {})
  const stream = {
    response,
    text: '',
    ended: false,
    close: () => {
      request.destroy()
    },
  }
  response.on('close', () => {
    stream.ended = true
  })
  response.setEncoding('utf8')
  response.on('data', (chunk: string) => {
    stream.text += chunk
  })
  response.on('error', () => {})
  return stream
}

/** The `data` of every `change` event in an event-stream text. */
function changeEvents(text: string): unknown[] {
  return [...text.matchAll(/event: change\ndata: (.*)\n\n/g)].map((m) => JSON.parse(m[1]!))
}

describe('GET /api/review/coverage', () => {
  it('[REV1] answers the shared coverage report with every taxonomy label', async () => {
    const { store, app, yserver } = await start()
    await store.createArticles([ARTICLE_A1, ARTICLE_B2])
    const res = await app.inject({ method: 'GET', url: '/api/review/coverage' })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    const snapshots = [
      (await readSnapshot(store, yserver, 'a1'))!,
      (await readSnapshot(store, yserver, 'b2'))!,
    ]
    const labels = DEFAULT_LABELS.map((l) => l.id)
    expect(body).toEqual(
      JSON.parse(JSON.stringify(coverageReport(snapshots, { labels, sentenceText: false }))),
    )
    expect(Object.keys(body.corpus.perLabel).sort()).toEqual([...labels].sort())
    expect(body.corpus).toMatchObject({ articles: 2, sentences: 5, attributed: 2, anonymous: 1 })
    expect(body.outlets).toEqual(['Daily', 'Wire'])
    expect(body.annotators).toEqual(['ann', 'bob'])
    expect(body.byMonth.map((g: { key: string }) => g.key)).toEqual(['2023-01', '2024-10'])
    expect(body.articles[0].unattributed).toEqual([
      { index: 2, start: expect.any(Number), end: expect.any(Number) },
    ])
    // The sentences' text only when asked: it is most of the answer on a large corpus.
    const withText = (await app.inject({ method: 'GET', url: '/api/review/coverage?text=true' })).json()
    expect(withText).toEqual(JSON.parse(JSON.stringify(coverageReport(snapshots, { labels }))))
    expect(withText.articles[0].unattributed[0].text).toEqual(expect.any(String))
  })

  it('[REV8] reads every article in the background after start, so the first request loads none', async () => {
    const store = new MemoryStore()
    await store.createArticles([ARTICLE_A1, ARTICLE_B2])
    server = createServer({ store, logger: silentLogger })
    await server.app.ready()
    let loads = 0
    const load = store.load.bind(store)
    store.load = (name: string) => {
      loads++
      return load(name)
    }
    // The warm-up runs in slices after ready; both articles are read within a few event-loop turns.
    await new Promise((r) => setTimeout(r, 200))
    const warmLoads = loads
    const res = await server.app.inject({ method: 'GET', url: '/api/review/coverage' })
    expect(res.json().corpus.articles).toBe(2)
    expect(loads).toBe(warmLoads)
  })

  it('[REV2] filters by outlet, date, story, ids and annotator', async () => {
    const { store, app } = await start()
    await store.createArticles([ARTICLE_A1, ARTICLE_B2])
    const get = async (query: string) => (await app.inject({ url: `/api/review/coverage?${query}` })).json()
    expect((await get('outlet=Wire')).articles.map((a: { id: string }) => a.id)).toEqual(['b2'])
    expect((await get('from=2024-01-01&to=2024-12-31')).corpus.articles).toBe(1)
    expect((await get('story=musk')).articles.map((a: { id: string }) => a.id)).toEqual(['a1'])
    expect((await get('ids=a1,b2')).corpus.articles).toBe(2)
    const bob = await get('annotator=bob')
    expect(bob.corpus).toMatchObject({ attributed: 1, anonymous: 1, anonymousShare: 1 })
    expect(Object.keys(bob.corpus.annotators)).toEqual(['bob'])
  })

  it('[REV3] refuses bad queries with 400 naming the parameter', async () => {
    const { app } = await start()
    const cases: [string, string][] = [
      ['from=yesterday', 'query.from'],
      ['to=2024-02-30', 'query.to'],
      ['from=2024-05-01&to=2024-01-01', 'query.from'],
      ['status=maybe', 'query.status.0'],
      ['outlet=a,,b', 'query.outlet.1'],
      ['colour=red', 'query'],
    ]
    for (const [query, where] of cases) {
      const res = await app.inject({ url: `/api/review/coverage?${query}` })
      expect([query, res.statusCode]).toEqual([query, 400])
      expect(res.json()).toMatchObject({ where, error: expect.stringContaining(where) })
    }
  })

  it('[REV4] follows a live room, and re-reads only changed articles', async () => {
    const { store, app } = await start()
    await store.createArticles([ARTICLE_A1, ARTICLE_B2])
    const first = (await app.inject({ url: '/api/review/coverage' })).json()
    expect(first.articles[1].attributed).toBe(0)
    const client = connectClient(`${base.replace('http', 'ws')}/yjs`, 'b2')
    cleanups.push(() => client.destroy())
    await client.synced()
    addAnnotationsAtOffsets(
      client.doc,
      [{ kind: 'sentence', start: 0, end: 5, labels: ['quote'], annotator: 'carol' }],
      Origin.user,
    )
    await waitFor(
      async () => (await app.inject({ url: '/api/review/coverage' })).json().articles[1].attributed === 1,
      'the live tag in the coverage',
    )
    const after = (await app.inject({ url: '/api/review/coverage' })).json()
    expect(after.annotators).toEqual(['ann', 'bob', 'carol'])
    expect(after.articles[0]).toEqual(first.articles[0])
  })
})

describe('GET /api/review/events', () => {
  it('[REV5] sends a debounced change event when a room changes or an article is imported', async () => {
    await start()
    await server!.store.createArticles([ARTICLE_A1])
    const events = await openEvents(`${base}/api/review/events`)
    cleanups.push(() => events.close())
    expect(events.response.headers['content-type']).toMatch(/^text\/event-stream/)
    const client = connectClient(`${base.replace('http', 'ws')}/yjs`, 'a1')
    cleanups.push(() => client.destroy())
    await client.synced()
    // Three quick edits make one event.
    for (const start of [0, 32, 64])
      addAnnotationsAtOffsets(
        client.doc,
        [{ kind: 'sentence', start, end: start + 5, labels: ['quote'], annotator: 'carol' }],
        Origin.user,
      )
    await waitFor(() => changeEvents(events.text).length > 0, 'a change event')
    await new Promise((r) => setTimeout(r, 400))
    expect(changeEvents(events.text)).toEqual([{ id: 'a1' }])

    const created = await fetch(`${base}/api/articles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'n3', text: 'A new article. Fresh in.' }),
    })
    expect(created.status).toBe(201)
    await waitFor(() => changeEvents(events.text).length === 2, 'an import event')
    expect(changeEvents(events.text)[1]).toEqual({ id: 'n3' })
    expect(readArticle(client.doc).annotations).toHaveLength(5)
  })

  it('[REV6] sends heartbeats and forgets a client that closed', async () => {
    const store = new MemoryStore()
    const yserver = new YServer({ store, logger: silentLogger })
    const app = fastify()
    const review = registerReviewRoute(app, { store, yserver, heartbeatMs: 30, debounceMs: 10 })
    await app.listen({ port: 0, host: '127.0.0.1' })
    cleanups.push(async () => {
      await yserver.close()
      await app.close()
    })
    const address = app.server.address() as { port: number }
    const events = await openEvents(`http://127.0.0.1:${address.port}/api/review/events`)
    await waitFor(() => review.streams === 1, 'the stream to open')
    await waitFor(() => events.text.split(': heartbeat').length > 2, 'two heartbeats')
    review.articleChanged('x')
    await waitFor(() => changeEvents(events.text).length === 1, 'the change event')
    events.close()
    await waitFor(() => review.streams === 0, 'the stream to be forgotten')
  })

  it('[REV7] closing the server ends open streams', async () => {
    const s = await start()
    const events = await openEvents(`${base}/api/review/events`)
    await waitFor(() => events.text.includes(': connected'), 'the stream to open')
    await s.close()
    server = undefined
    await waitFor(() => events.ended, 'the stream to end')
  })
})
