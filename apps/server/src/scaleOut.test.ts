import { mkdtempSync, rmSync } from 'node:fs'
import { createServer as createTcpServer, type Server, type Socket, connect as tcpConnect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  addAnnotationsAtOffsets,
  Origin,
  readAnnotations,
  readArticle,
  SCHEMA_VERSION,
  setReviewMode,
} from '@attrib/core'
import { loadDocument, mintToken } from '@attrib/server'
import { PgStore } from '@attrib/server/postgres'
import {
  connectClient,
  type PostgresTestServer,
  type RedisTestServer,
  rawClient,
  startPostgres,
  startRedis,
  type TestClient,
  waitFor,
} from '@attrib/server/testing'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { killChildren, startMain } from './mainProcess'

// Scale-out (SPEC SO1–SO9): several server processes share documents through PostgreSQL (the update log
// and snapshots) and Redis Streams (updates and presence between processes). Real servers from Debian's
// packages, real server processes, real y-websocket clients (disableBc, so nothing bypasses the servers).

let postgres: PostgresTestServer
let redis: RedisTestServer
const clients: TestClient[] = []
const dirs: string[] = []
const proxies: Server[] = []

beforeAll(async () => {
  ;[postgres, redis] = await Promise.all([startPostgres(), startRedis()])
}, 120_000)

afterAll(async () => {
  await Promise.all([postgres?.stop(), redis?.stop()])
})

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  killChildren()
  for (const p of proxies.splice(0)) p.close()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const PARAGRAPHS = Array.from(
  { length: 6 },
  (_, p) => `Paragraph ${p} opens here. An official said something. Nobody else did. The end of ${p}.`,
)

/** A fresh database holding one article per id, and the settings of a process that uses it. */
async function sharedDatabase(ids: string[]): Promise<Record<string, string>> {
  const url = await postgres.createDatabase()
  const store = await PgStore.open(url)
  try {
    for (const id of ids) await store.createArticle({ meta: { id, title: id }, paragraphs: PARAGRAPHS })
  } finally {
    await store.close()
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'attrib-scale-'))
  dirs.push(dataDir)
  return { POSTGRES_URL: url, REDIS_URL: redis.url, DATA_DIR: dataDir }
}

function connect(port: number, room: string): TestClient {
  const client = connectClient(`ws://127.0.0.1:${port}/yjs`, room, SCHEMA_VERSION)
  clients.push(client)
  return client
}

function annotate(client: TestClient, id: string, sentence: number, annotator: string): void {
  const sentences = readArticle(client.doc).sentences
  const { start } = sentences[sentence % sentences.length]!
  addAnnotationsAtOffsets(
    client.doc,
    [{ id, kind: 'span', start, end: start + 4, labels: ['quote'], annotator }],
    Origin.user,
  )
}

function ids(client: TestClient): Set<string> {
  return new Set(readAnnotations(client.doc).map((a) => a.id))
}

/**
 * A TCP load balancer for the test, like nginx with `proxy_next_upstream`: each connection goes to the first
 * backend that accepts it, and is cut when that backend goes away.
 */
async function failoverProxy(ports: number[]): Promise<number> {
  const server = createTcpServer((client: Socket) => {
    client.on('error', () => {})
    const attempt = (i: number) => {
      if (i >= ports.length) {
        client.destroy()
        return
      }
      const upstream = tcpConnect(ports[i]!, '127.0.0.1')
      let connected = false
      upstream.once('connect', () => {
        connected = true
        client.pipe(upstream)
        upstream.pipe(client)
        upstream.on('close', () => client.destroy())
        client.on('close', () => upstream.destroy())
      })
      upstream.on('error', () => {
        if (!connected) attempt(i + 1)
        else client.destroy()
      })
    }
    attempt(0)
  })
  proxies.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as { port: number }).port
}

describe('scale-out on PostgreSQL and Redis', () => {
  it('[SO1] a client on process A and a client on process B edit one article and converge, presence included', async () => {
    const env = await sharedDatabase(['story'])
    const [a, b] = await Promise.all([startMain(env.DATA_DIR!, env), startMain(env.DATA_DIR!, env)])
    const ana = connect(a.port, 'story')
    const ben = connect(b.port, 'story')
    await waitFor(() => ana.provider.synced && ben.provider.synced, 'both clients to sync', 20_000)

    annotate(ana, 'from-a', 0, 'ana')
    await waitFor(() => ids(ben).has('from-a'), "ana's annotation to reach ben through the other process")
    annotate(ben, 'from-b', 1, 'ben')
    await waitFor(() => ids(ana).has('from-b'), "ben's annotation to reach ana")
    for (let i = 0; i < 30; i++) annotate(i % 2 ? ana : ben, `burst-${i}`, i, i % 2 ? 'ana' : 'ben')
    await waitFor(
      () => ids(ana).size === 32 && ids(ben).size === 32,
      'a burst from both sides to converge',
      20_000,
    )
    expect(readArticle(ana.doc)).toEqual(readArticle(ben.doc))

    // Presence crosses processes too.
    ana.provider.awareness.setLocalStateField('user', { name: 'Ana' })
    await waitFor(
      () =>
        [...ben.provider.awareness.getStates().values()].some(
          (s) => (s as { user?: { name?: string } }).user?.name === 'Ana',
        ),
      "ana's presence at ben",
    )

    // A newcomer on B gets everything, and the shared store holds everything.
    const cleo = connect(b.port, 'story')
    await waitFor(() => cleo.provider.synced && ids(cleo).size === 32, 'a newcomer on B to get all 32')
    const store = await PgStore.open(env.POSTGRES_URL!)
    try {
      await waitFor(
        async () => readAnnotations((await loadDocument(store, 'story'))!).length === 32,
        'all 32 in PostgreSQL',
      )
    } finally {
      await store.close()
    }
  }, 90_000)

  it("[SO7] process B's review dashboard, event stream and catalog see edits made through process A", async () => {
    const env = await sharedDatabase(['story'])
    const [a, b] = await Promise.all([startMain(env.DATA_DIR!, env), startMain(env.DATA_DIR!, env)])
    const onB = `http://127.0.0.1:${b.port}`
    const attributed = async () => {
      const report = (await (await fetch(`${onB}/api/review/coverage`)).json()) as {
        articles: { id: string; attributed: number }[]
      }
      return report.articles.find((x) => x.id === 'story')?.attributed
    }
    // B has read the article (its dashboard caches it) and has no client on it, so no room of it either.
    expect(await attributed()).toBe(0)
    const stream = new AbortController()
    let events = ''
    const response = await fetch(`${onB}/api/review/events`, { signal: stream.signal })
    ;(async () => {
      const reader = response.body!.getReader()
      const decoder = new TextDecoder()
      for (let r = await reader.read(); !r.done; r = await reader.read())
        events += decoder.decode(r.value, { stream: true })
    })().catch(() => {})

    try {
      const ana = connect(a.port, 'story')
      await waitFor(() => ana.provider.synced, 'the client on A to sync', 20_000)
      const first = readArticle(ana.doc).sentences[0]!
      addAnnotationsAtOffsets(
        ana.doc,
        [{ kind: 'sentence', start: first.start, end: first.end, labels: ['quote'], annotator: 'ana' }],
        Origin.user,
      )
      await waitFor(
        () => events.includes('data: {"id":"story"}'),
        "B's event stream to announce A's change",
        15_000,
      )
      expect(await attributed()).toBe(1)
      const catalog = (await (await fetch(`${onB}/api/articles`)).json()) as { id: string; tagged: number }[]
      expect(catalog.find((x) => x.id === 'story')?.tagged).toBe(1)
    } finally {
      stream.abort()
    }
  }, 90_000)

  it('[SO9] a user barred after a refused update on process A is turned away by process B too', async () => {
    const secret = 'scale-out-test-secret-0123456789abcdef'
    const env: Record<string, string> = { ...(await sharedDatabase(['story'])), AUTH_SECRET: secret }
    const [a, b] = await Promise.all([startMain(env.DATA_DIR!, env), startMain(env.DATA_DIR!, env)])
    const eveToken = await mintToken(secret, { name: 'eve', role: 'annotator' })
    const eve = connectClient(`ws://127.0.0.1:${a.port}/yjs`, 'story', SCHEMA_VERSION, { token: eveToken })
    clients.push(eve)
    const closes: number[] = []
    eve.provider.on('connection-close', (event) => closes.push(event?.code ?? 0))
    /** The close code a fresh websocket to `port` gets, or 'open' once the server sent sync step 1. */
    const door = async (port: number, token: string) => {
      const params = new URLSearchParams({ schema: String(SCHEMA_VERSION), token })
      const raw = rawClient(`ws://127.0.0.1:${port}/yjs`, 'story', params.toString())
      const first = await Promise.race([
        raw.closed,
        waitFor(() => raw.received.length > 0, 'sync step 1', 10_000).then(() => 'open' as const),
      ])
      raw.ws.terminate()
      return first
    }
    await eve.synced()
    setReviewMode(eve.doc, 'independent')
    await waitFor(() => closes.includes(4409), 'A to refuse the reviewer-only change')
    expect(await door(b.port, eveToken)).toBe(4409)
    expect(await door(a.port, eveToken)).toBe(4409)
    expect(await door(b.port, await mintToken(secret, { name: 'ann', role: 'annotator' }))).toBe('open')
  }, 90_000)

  it('[SO6] Redis killed and restarted empty: each process keeps serving its clients, and the rooms converge again', async () => {
    const env = await sharedDatabase(['story'])
    const [a, b] = await Promise.all([startMain(env.DATA_DIR!, env), startMain(env.DATA_DIR!, env)])
    const ana = connect(a.port, 'story')
    const ben = connect(b.port, 'story')
    await waitFor(() => ana.provider.synced && ben.provider.synced, 'both clients to sync', 20_000)
    annotate(ana, 'before', 0, 'ana')
    await waitFor(() => ids(ben).has('before'), 'a relayed annotation before the outage')

    await redis.restart()
    // While Redis is gone and after it is back (empty), both sides keep editing.
    for (let i = 0; i < 10; i++) annotate(i % 2 ? ana : ben, `during-${i}`, i, i % 2 ? 'ana' : 'ben')
    await new Promise((r) => setTimeout(r, 500))
    for (let i = 0; i < 10; i++) annotate(i % 2 ? ben : ana, `after-${i}`, i + 3, i % 2 ? 'ben' : 'ana')
    await waitFor(
      () => ids(ana).size === 21 && ids(ben).size === 21,
      'both clients to have all 21 annotations after the outage',
      30_000,
    )
    expect(readArticle(ana.doc)).toEqual(readArticle(ben.doc))
    expect(a.output()).not.toMatch(/ERROR/)
  }, 90_000)

  it('[SO2] kill -9 process A mid-burst: its clients reconnect to B, nothing anyone saw is lost, everyone converges', async () => {
    const env = await sharedDatabase(['r1'])
    const [a, b] = await Promise.all([startMain(env.DATA_DIR!, env), startMain(env.DATA_DIR!, env)])
    const balancer = await failoverProxy([a.port, b.port])
    // Ten clients through the balancer (all on A while it lives), ten straight on B.
    const team = Array.from({ length: 20 }, (_, i) => ({
      i,
      client: connect(i < 10 ? balancer : b.port, 'r1'),
    }))
    await waitFor(() => team.every((m) => m.client.provider.synced), 'all 20 clients to sync', 30_000)

    const made: string[] = []
    let n = 0
    const timer = setInterval(() => {
      for (const m of team) {
        const id = `c${m.i}-${n}`
        annotate(m.client, id, n + m.i, `c${m.i}`)
        made.push(id)
      }
      n++
    }, 25)
    await new Promise((r) => setTimeout(r, 800))
    // Whatever a client has received from someone else went through a server that stored it first.
    const observed = new Set<string>()
    for (const m of team)
      for (const a of readAnnotations(m.client.doc)) if (a.annotator !== `c${m.i}`) observed.add(a.id)
    a.child.kill('SIGKILL')
    await a.exited
    // The burst goes on for a while: A's clients keep editing offline until they are back on B.
    await new Promise((r) => setTimeout(r, 300))
    clearInterval(timer)

    // Updates made on A reached B's clients through Redis before the kill.
    const crossed = [...observed].filter((id) => Number(id.slice(1, id.indexOf('-'))) < 10)
    expect(crossed.length).toBeGreaterThan(20)

    const store = await PgStore.open(env.POSTGRES_URL!)
    try {
      const stored = new Set(readAnnotations((await loadDocument(store, 'r1'))!).map((x) => x.id))
      expect([...observed].filter((id) => !stored.has(id))).toEqual([])

      await waitFor(
        () => team.every((m) => m.client.provider.wsconnected),
        "A's clients to reconnect through the balancer to B",
        30_000,
      )
      const converged = () => team.every((m) => ids(m.client).size === made.length)
      await waitFor(converged, 'all 20 clients to converge on every annotation made', 30_000)
      for (const m of team) expect([...ids(m.client)].sort()).toEqual([...made].sort())
      await waitFor(
        async () => readAnnotations((await loadDocument(store, 'r1'))!).length === made.length,
        'every annotation in PostgreSQL',
        20_000,
      )
    } finally {
      await store.close()
    }
  }, 120_000)
})
