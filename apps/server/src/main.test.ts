import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  addAnnotationsAtOffsets,
  Origin,
  paragraphElements,
  readAnnotations,
  readArticle,
  SCHEMA_VERSION,
} from '@attrib/core'
import { DATABASE_FILE, loadDocument, SqliteStore } from '@attrib/server'
import { connectClient, rawClient, type TestClient, waitFor } from '@attrib/server/testing'
import { afterEach, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { killChildren, ROOT, startMain } from './mainProcess'

function connect(port: number, room: string): TestClient {
  const client = connectClient(`ws://127.0.0.1:${port}/yjs`, room, SCHEMA_VERSION)
  clients.push(client)
  return client
}

const clients: TestClient[] = []
const dirs: string[] = []

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy()
  killChildren()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const PARAGRAPHS = Array.from(
  { length: 6 },
  (_, p) => `Paragraph ${p} opens here. An official said something. Nobody else did. The end of ${p}.`,
)

describe('apps/server main', () => {
  it('[CR1] every change a collaborator has seen survives SIGKILL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'attrib-crash-'))
    dirs.push(dataDir)
    const setup = new SqliteStore(join(dataDir, DATABASE_FILE))
    await setup.createArticle({ meta: { id: 'story', title: 'Story' }, paragraphs: PARAGRAPHS })
    await setup.close()

    const first = await startMain(dataDir)
    const alice = connect(first.port, 'story')
    const bob = connect(first.port, 'story')
    await waitFor(() => alice.provider.synced && bob.provider.synced, 'both clients to sync')
    const ids = { alice: [] as string[], bob: [] as string[] }
    for (let i = 0; i < 40; i++) {
      for (const [who, c] of [
        ['alice', alice],
        ['bob', bob],
      ] as const) {
        const sentences = readArticle(c.doc).sentences
        const start = sentences[i % sentences.length]!.start + (who === 'bob' ? 2 : 0)
        ids[who].push(
          ...addAnnotationsAtOffsets(
            c.doc,
            [
              {
                kind: 'span',
                start,
                end: start + 5,
                labels: [who === 'alice' ? 'quote' : 'named_source'],
                annotator: who,
              },
            ],
            Origin.user,
          ),
        )
      }
      if (i % 10 === 0)
        alice.doc.transact(
          () => (paragraphElements(alice.doc)[1]!.get(0) as Y.XmlText).insert(0, `e${i} `),
          Origin.user,
        )
    }
    // Acknowledged: each client's changes have reached the other one, through the server.
    const has = (doc: Y.Doc, list: string[]) => {
      const present = new Set(readAnnotations(doc).map((a) => a.id))
      return list.every((id) => present.has(id))
    }
    await waitFor(() => has(bob.doc, ids.alice) && has(alice.doc, ids.bob), 'changes acknowledged')
    const seen = readArticle(bob.doc)
    expect(seen.annotations).toHaveLength(80)
    expect(seen.text).toContain('e30 e20 e10 e0 Paragraph 1')

    first.child.kill('SIGKILL')
    await first.exited
    for (const c of clients.splice(0)) c.destroy()

    const second = await startMain(dataDir)
    const fresh = connect(second.port, 'story')
    await waitFor(() => fresh.provider.synced, 'a fresh client to sync after the restart')
    const after = readArticle(fresh.doc)
    expect(after.text).toBe(seen.text)
    expect(new Set(after.annotations.map((a) => a.id))).toEqual(new Set([...ids.alice, ...ids.bob]))
    expect(after.annotations).toEqual(seen.annotations)

    // A clean stop (SIGTERM) compacts the room and exits with 0.
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
    const store = new SqliteStore(join(dataDir, DATABASE_FILE))
    try {
      expect(await store.countUpdates('story')).toBe(0)
      expect((await store.listArticles())[0]).toMatchObject({ id: 'story', sentences: 24 })
    } finally {
      await store.close()
    }
  })

  it('[AU4] the audit trail survives SIGKILL: every change a collaborator saw is in it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'attrib-audit-crash-'))
    dirs.push(dataDir)
    const setup = new SqliteStore(join(dataDir, DATABASE_FILE))
    await setup.createArticle({ meta: { id: 'story', title: 'Story' }, paragraphs: PARAGRAPHS })
    await setup.close()
    const first = await startMain(dataDir)
    const alice = connect(first.port, 'story')
    const bob = connect(first.port, 'story')
    await waitFor(() => alice.provider.synced && bob.provider.synced, 'both clients to sync')
    const made: string[] = []
    for (let i = 0; i < 30; i++) {
      const c = i % 2 === 0 ? alice : bob
      const sentences = readArticle(c.doc).sentences
      const start = sentences[i % sentences.length]!.start
      made.push(
        ...addAnnotationsAtOffsets(
          c.doc,
          [
            {
              kind: 'span',
              start,
              end: start + 5,
              labels: ['quote'],
              annotator: i % 2 === 0 ? 'alice' : 'bob',
            },
          ],
          Origin.user,
        ),
      )
    }
    // Each client has seen the other's changes, which the server stores (trail included) before sending.
    await waitFor(
      () =>
        made.every((id) => readAnnotations(alice.doc).some((a) => a.id === id)) &&
        made.every((id) => readAnnotations(bob.doc).some((a) => a.id === id)),
      'changes acknowledged',
    )
    first.child.kill('SIGKILL')
    await first.exited
    const store = new SqliteStore(join(dataDir, DATABASE_FILE))
    try {
      const trail = await store.readAudit('story')
      const added = new Set(trail.filter((e) => e.before === null).map((e) => e.annotation))
      expect(made.every((id) => added.has(id))).toBe(true)
      expect(trail.every((e) => e.user === 'anonymous')).toBe(true)
      expect(trail.map((e) => e.n)).toEqual(trail.map((_, i) => i + 1))
    } finally {
      await store.close()
    }
  })

  it('[CR2] SIGKILL during a burst from 20 clients: everything any client saw is stored; all reconnect and converge', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'attrib-burst-'))
    dirs.push(dataDir)
    const rooms = ['r1', 'r2']
    const setup = new SqliteStore(join(dataDir, DATABASE_FILE))
    for (const id of rooms) await setup.createArticle({ meta: { id, title: id }, paragraphs: PARAGRAPHS })
    await setup.close()

    const first = await startMain(dataDir)
    const team = Array.from({ length: 20 }, (_, i) => ({
      i,
      room: rooms[i % 2]!,
      client: connect(first.port, rooms[i % 2]!),
    }))
    await waitFor(() => team.every((m) => m.client.provider.synced), 'all 20 clients to sync', 20_000)
    const made = new Map<string, string[]>(rooms.map((r) => [r, []]))
    let n = 0
    const timer = setInterval(() => {
      for (const m of team) {
        const sentences = readArticle(m.client.doc).sentences
        const start = sentences[(n + m.i) % sentences.length]!.start
        const id = `c${m.i}-${n}`
        addAnnotationsAtOffsets(
          m.client.doc,
          [{ id, kind: 'span', start, end: start + 4, labels: ['quote'], annotator: `c${m.i}` }],
          Origin.user,
        )
        made.get(m.room)!.push(id)
      }
      n++
    }, 15)
    await new Promise((r) => setTimeout(r, 600))
    // What each client has received from the others came through the server, which stores before it
    // broadcasts: all of it must survive. Read it, then kill at once, mid-burst.
    const observed = new Map<string, Set<string>>(rooms.map((r) => [r, new Set<string>()]))
    for (const m of team)
      for (const a of readAnnotations(m.client.doc))
        if (a.annotator !== `c${m.i}`) observed.get(m.room)!.add(a.id)
    first.child.kill('SIGKILL')
    clearInterval(timer)
    await first.exited
    expect([...observed.values()].every((ids) => ids.size > 50)).toBe(true)

    const store = new SqliteStore(join(dataDir, DATABASE_FILE))
    for (const room of rooms) {
      const stored = new Set(readAnnotations((await loadDocument(store, room))!).map((a) => a.id))
      const missing = [...observed.get(room)!].filter((id) => !stored.has(id))
      expect(missing).toEqual([])
    }
    await store.close()

    // Back on the same port: the clients reconnect by themselves and everyone ends with every change made.
    await startMain(dataDir, { PORT: String(first.port) })
    const converged = () =>
      team.every((m) => {
        const ids = new Set(readAnnotations(m.client.doc).map((a) => a.id))
        return made.get(m.room)!.every((id) => ids.has(id)) && ids.size === made.get(m.room)!.length
      })
    await waitFor(converged, 'the 20 clients to reconnect and converge', 30_000)
  }, 90_000)

  it('shuts down gracefully on SIGTERM: clients see 1001, the last update is stored, exit 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'attrib-stop-'))
    dirs.push(dataDir)
    const setup = new SqliteStore(join(dataDir, DATABASE_FILE))
    await setup.createArticle({ meta: { id: 'story', title: 'Story' }, paragraphs: PARAGRAPHS })
    await setup.close()

    const main = await startMain(dataDir, {
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: '5000',
    })
    const base = `http://127.0.0.1:${main.port}`
    const health = await fetch(`${base}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ ok: true })

    const alice = connect(main.port, 'story')
    const bob = connect(main.port, 'story')
    await waitFor(() => alice.provider.synced && bob.provider.synced, 'both clients to sync')
    const watcher = rawClient(`ws://127.0.0.1:${main.port}/yjs`, 'story')
    await watcher.opened
    const [id] = addAnnotationsAtOffsets(
      alice.doc,
      [{ kind: 'span', start: 0, end: 9, labels: ['quote'], annotator: 'alice' }],
      Origin.user,
    )
    await waitFor(() => readAnnotations(bob.doc).some((a) => a.id === id), 'bob to see the annotation')
    const metrics = await (await fetch(`${base}/metrics`)).text()
    expect(metrics).toMatch(/^attrib_connections 3$/m)
    expect(metrics).toContain('attrib_process_cpu_user_seconds_total')
    expect(metrics).toMatch(/^attrib_updates_total [1-9]\d*$/m)

    main.child.kill('SIGTERM')
    expect(await watcher.closed).toBe(1001)
    expect(await main.exited).toBe(0)
    const logs = main
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: string; msg: string })
    expect(logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['listening', 'shutting down', 'stopped']))

    const store = new SqliteStore(join(dataDir, DATABASE_FILE))
    try {
      // Compacted on the way out, with the last update in the snapshot.
      expect(await store.countUpdates('story')).toBe(0)
      const doc = (await loadDocument(store, 'story'))!
      expect(readAnnotations(doc).map((a) => a.id)).toEqual([id])
      doc.destroy()
    } finally {
      await store.close()
    }
  })

  it('refuses a bad configuration with one clear line and exit code 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'apps/server/src/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, PORT: 'http', LOG_LEVEL: 'loud' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr!.on('data', (c: Buffer) => {
      stderr += c.toString()
    })
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)))
    expect(code).toBe(2)
    expect(stderr).toMatch(
      /^attrib server: bad configuration: PORT must be a whole number, got "http"; LOG_LEVEL .*"loud"\n$/,
    )
  })
})
