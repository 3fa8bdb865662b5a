import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ArticleInput, addAnnotationsAtOffsets, Origin } from '@attrib/core'
import { MemoryStore } from '@attrib/store'
import { createLogger, silentLogger } from '@attrib/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { type AttribServer, createServer, type ServerOptions } from './createServer'
import { ServerMetrics } from './metrics'
import { readServerConfig, ServerConfigError, ShutdownTimeoutError, startServer } from './startServer'
import { connectClient, rawClient, type TestClient, waitFor } from './testUtils'

const ARTICLE: ArticleInput = {
  meta: { id: 'a1', title: 'Calls' },
  paragraphs: ['Peskov said there was one call. Officials declined to comment.'],
}

let server: AttribServer | undefined
let base = ''
const clients: TestClient[] = []

async function start(options: Partial<ServerOptions> = {}): Promise<AttribServer> {
  const store = new MemoryStore()
  await store.createArticle(ARTICLE)
  server = createServer({
    store,
    logger: silentLogger,
    metrics: new ServerMetrics({ defaultMetrics: false }),
    ...options,
  })
  const { port } = await server.listen(0, '127.0.0.1')
  base = `http://127.0.0.1:${port}`
  return server
}

/** The value of one sample line of the Prometheus text, e.g. `attrib_connections`. */
async function sample(name: string): Promise<number | undefined> {
  const text = await (await fetch(`${base}/metrics`)).text()
  const line = text.split('\n').find((l) => l.startsWith(`${name} `))
  return line === undefined ? undefined : Number(line.slice(name.length + 1))
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.close()
  server = undefined
})

describe('operations: /healthz', () => {
  it('answers 200 with the live figures while the store answers', async () => {
    await start()
    const response = await fetch(`${base}/healthz`)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ ok: true, connections: 0, rooms: 0 })
    // The older endpoint still works.
    expect(await (await fetch(`${base}/api/health`)).json()).toEqual({ ok: true })
  })

  it('answers 503 when the store fails', async () => {
    const { store } = await start()
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
    store.getSetting = () => {
      throw new Error('disk I/O error')
    }
    const response = await fetch(`${base}/healthz`)
    expect(response.status).toBe(503)
    expect(await response.json()).toEqual({ ok: false, error: 'store unavailable' })
  })

  it('answers 503 once shutting down, and the room is stored before the socket closes with 1001', async () => {
    const s = await start()
    const client = connectClient(`${base.replace('http', 'ws')}/yjs`, 'a1')
    clients.push(client)
    await client.synced()
    const raw = rawClient(`${base.replace('http', 'ws')}/yjs`, 'a1')
    await raw.opened
    addAnnotationsAtOffsets(
      client.doc,
      [{ kind: 'span', start: 0, end: 6, labels: ['quote'], annotator: 'ann' }],
      Origin.user,
    )
    await waitFor(async () => (await s.store.countUpdates('a1')) > 0, 'the update to be stored')

    const closing = s.close()
    expect(s.shuttingDown).toBe(true)
    const health = await s.app.inject({ method: 'GET', url: '/healthz' })
    expect(health.statusCode).toBe(503)
    expect(health.json()).toEqual({ ok: false, error: 'shutting down' })
    expect(await raw.closed).toBe(1001)
    await closing
    // Compacted on the way out: the snapshot holds the annotation, the log is empty.
    expect(await s.store.countUpdates('a1')).toBe(0)
    expect((await s.store.load('a1')).snapshot).not.toBeNull()
  })
})

describe('operations: /metrics', () => {
  it('counts connections, rooms, updates, store writes and HTTP requests', async () => {
    const s = await start()
    expect(await sample('attrib_connections')).toBe(0)
    expect(await sample('attrib_rooms')).toBe(0)
    expect(await sample('attrib_updates_total')).toBe(0)

    const client = connectClient(`${base.replace('http', 'ws')}/yjs`, 'a1')
    clients.push(client)
    await client.synced()
    expect(await sample('attrib_connections')).toBe(1)
    expect(await sample('attrib_rooms')).toBe(1)

    addAnnotationsAtOffsets(
      client.doc,
      [{ kind: 'span', start: 0, end: 6, labels: ['quote'], annotator: 'ann' }],
      Origin.user,
    )
    await waitFor(async () => (await s.store.countUpdates('a1')) === 1, 'the update to be stored')
    expect(await sample('attrib_updates_total')).toBe(1)
    expect(await sample('attrib_store_rows_total')).toBe(1)
    expect(await sample('attrib_store_write_seconds_count{op="appendUpdates"}')).toBe(1)
    // Five updates sent in one go arrive in one turn (or a few): five counted, in fewer rows.
    for (let i = 0; i < 5; i++)
      addAnnotationsAtOffsets(
        client.doc,
        [{ kind: 'span', start: 7 + i, end: 9 + i, labels: ['quote'], annotator: 'ann' }],
        Origin.user,
      )
    await waitFor(async () => (await sample('attrib_updates_total')) === 6, 'all six counted')
    expect(await sample('attrib_store_rows_total')).toBe(await s.store.countUpdates('a1'))
    expect(await sample('attrib_store_rows_total')).toBeLessThan(6)
    expect(await sample('attrib_relay_updates_total')).toBe(0)

    await fetch(`${base}/api/articles/a1`)
    await fetch(`${base}/api/articles/nope`)
    const text = await (await fetch(`${base}/metrics`)).text()
    expect(text).toContain(
      'attrib_http_requests_total{method="GET",route="/api/articles/:id",status="200"} 1',
    )
    expect(text).toContain(
      'attrib_http_requests_total{method="GET",route="/api/articles/:id",status="404"} 1',
    )
    expect(text).toContain('# TYPE attrib_store_write_seconds histogram')

    client.destroy()
    await waitFor(async () => (await sample('attrib_connections')) === 0, 'the connection to be counted out')
  })

  it('serves process metrics on its own registry, not prom-client’s global one', async () => {
    await start({ metrics: new ServerMetrics() })
    const response = await fetch(`${base}/metrics`)
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await response.text()
    expect(text).toContain('attrib_process_cpu_user_seconds_total')
    const { register } = await import('prom-client')
    expect(register.getSingleMetric('attrib_connections')).toBeUndefined()
  })

  it('serves no /metrics when disabled', async () => {
    await start({ metrics: false })
    // The path falls through to the web app's pages.
    const text = await (await fetch(`${base}/metrics`)).text()
    expect(text).not.toContain('attrib_')
    expect(text).toContain('<!doctype html>')
  })
})

describe('operations: logger', () => {
  const lines = () => {
    const out: string[] = []
    return { out, stream: { write: (line: string) => out.push(line) } }
  }
  const now = () => new Date('2026-12-01T10:00:00.000Z')

  it('writes one JSON object per line, time, level and msg first', () => {
    const { out, stream } = lines()
    const logger = createLogger({ format: 'json', stream, now })
    logger.info('room loaded', { room: 'a1', msg: 'ignored' })
    expect(out).toEqual([
      '{"time":"2026-12-01T10:00:00.000Z","level":"info","msg":"room loaded","room":"a1"}\n',
    ])
    expect(JSON.parse(out[0]!)).toMatchObject({ level: 'info', room: 'a1' })
  })

  it('drops lines below its level and writes readable text', () => {
    const { out, stream } = lines()
    const logger = createLogger({ level: 'warn', stream, now })
    logger.debug?.('noise')
    logger.info('noise')
    logger.warn('slow store', { ms: 120 })
    logger.error('failed')
    expect(out).toEqual([
      '2026-12-01T10:00:00.000Z WARN  slow store {"ms":120}\n',
      '2026-12-01T10:00:00.000Z ERROR failed\n',
    ])
  })

  it('never throws on details that JSON cannot hold', () => {
    const { out, stream } = lines()
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    createLogger({ format: 'json', stream, now }).error('odd', { cycle, big: 1n })
    expect(JSON.parse(out[0]!)).toMatchObject({ msg: 'odd', details: 'unserialisable' })
  })
})

describe('operations: configuration', () => {
  it('reads defaults and environment variables', () => {
    expect(readServerConfig({}, { root: '/srv/attrib' })).toEqual({
      port: 4455,
      host: '0.0.0.0',
      dataDir: '/srv/attrib/data',
      webRoot: '/srv/attrib/apps/web/dist',
      seedsDir: '/srv/attrib/seeds',
      synchronous: 'NORMAL',
      logLevel: 'info',
      logFormat: 'text',
      shutdownTimeoutMs: 10_000,
      maxPayloadBytes: 16 * 1024 * 1024,
    })
    expect(
      readServerConfig(
        {
          PORT: '0',
          DATA_DIR: 'd',
          LOG_LEVEL: 'DEBUG',
          LOG_FORMAT: 'json',
          SHUTDOWN_TIMEOUT_MS: '500',
          HOST: '',
        },
        { root: '/srv/attrib', cwd: '/tmp' },
      ),
    ).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      dataDir: '/tmp/d',
      logLevel: 'debug',
      logFormat: 'json',
      shutdownTimeoutMs: 500,
    })
  })

  it('names every bad variable', () => {
    const read = () =>
      readServerConfig({ PORT: '70000', LOG_LEVEL: 'loud', MAX_PAYLOAD_BYTES: '1k' }, { root: '/' })
    expect(read).toThrow(ServerConfigError)
    expect(read).toThrow(/PORT must be at most 65535, got "70000"/)
    expect(read).toThrow(/LOG_LEVEL .*got "loud"/)
    expect(read).toThrow(/MAX_PAYLOAD_BYTES must be a whole number, got "1k"/)
  })
})

describe('operations: shutdown timeout', () => {
  it('rejects with ShutdownTimeoutError when storing the rooms takes longer than shutdownTimeoutMs', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'attrib-timeout-'))
    try {
      const started = await startServer({
        dataDir,
        port: 0,
        host: '127.0.0.1',
        logger: silentLogger,
        shutdownTimeoutMs: 50,
        onStoreDocument: () => new Promise((resolve) => setTimeout(resolve, 1000)),
      })
      await started.store.createArticle(ARTICLE)
      const client = connectClient(`ws://127.0.0.1:${started.port}/yjs`, 'a1')
      clients.push(client)
      await client.synced()
      // Only a room with unstored changes is compacted (and runs onStoreDocument) on close.
      addAnnotationsAtOffsets(
        client.doc,
        [{ kind: 'span', start: 0, end: 6, labels: ['quote'], annotator: 'ann' }],
        Origin.user,
      )
      await waitFor(async () => (await started.store.countUpdates('a1')) > 0, 'the update to be stored')
      const began = Date.now()
      await expect(started.close()).rejects.toThrow(ShutdownTimeoutError)
      expect(Date.now() - began).toBeLessThan(900)
      // Let the slow hook finish before the folder goes.
      await new Promise((resolve) => setTimeout(resolve, 1100))
      await started.store.close()
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
