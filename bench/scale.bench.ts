/**
 * Server scale benchmark (issue #5):
 *   1. a document with a history of 100,000 updates: time to open it once compacted (store load + apply,
 *      and a client's sync through a real server);
 *   2. 1,000 concurrent y-websocket connections on one server process for 60 s, each writing now and then:
 *      errors, and the server's resident memory sampled from /proc every 5 s.
 *   npx tsx bench/scale.bench.ts [updates=100000] [connections=1000] [seconds=60]
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  addAnnotationsAtOffsets,
  Origin,
  readArticle,
  SCHEMA_VERSION,
  setAnnotationLabel,
} from '@attrib/core'
import { DATABASE_FILE, loadDocument, SqliteStore } from '@attrib/server'
import { connectClient, startTestServer, type TestClient, waitFor } from '@attrib/server/testing'
import * as Y from 'yjs'
import { percentile, ROOT } from './generate'

const UPDATES = Number(process.argv[2] ?? 100_000)
const CONNECTIONS = Number(process.argv[3] ?? 1000)
const SECONDS = Number(process.argv[4] ?? 60)
const PARAGRAPHS = Array.from(
  { length: 20 },
  (_, p) => `Paragraph ${p}: an official said something. A spokesman denied it. The paper reported more.`,
)

async function history(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'attrib-history-'))
  const store = new SqliteStore(join(dir, DATABASE_FILE))
  await store.createArticle({ meta: { id: 'h', title: 'History' }, paragraphs: PARAGRAPHS })
  const doc = (await loadDocument(store, 'h'))!
  const sentences = readArticle(doc).sentences
  // Listening before the annotations are added, so that the update creating them is stored too.
  const pending: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => pending.push(u))
  const ids = addAnnotationsAtOffsets(
    doc,
    sentences.map((s) => ({
      kind: 'sentence' as const,
      start: s.start,
      end: s.end,
      labels: ['quote'],
      annotator: 'a',
    })),
    Origin.user,
  )
  let t = performance.now()
  for (let i = 0; i < UPDATES; i++) {
    // A label switched on and off on some sentence: one small update each, as people make them.
    setAnnotationLabel(doc, ids[Math.floor(i / 2) % ids.length]!, 'named_source', i % 2 === 0, Origin.user)
    if (pending.length >= 1000) for (const u of pending.splice(0)) await store.appendUpdates('h', [u])
  }
  for (const u of pending.splice(0)) await store.appendUpdates('h', [u])
  console.log(
    `wrote ${UPDATES} updates in ${((performance.now() - t) / 1000).toFixed(1)} s (${await store.countUpdates('h')} log rows)`,
  )

  // The server compacts every 500 updates, so a log this long only exists here; compact it like the
  // server does: everything applied into one document in one transaction.
  t = performance.now()
  const stored = await store.load('h')
  const uncompacted = new Y.Doc()
  uncompacted.transact(() => {
    if (stored.snapshot) Y.applyUpdate(uncompacted, stored.snapshot)
    for (const u of stored.updates) Y.applyUpdate(uncompacted, u)
  })
  await store.compact('h', Y.encodeStateAsUpdate(uncompacted), stored.seq)
  console.log(
    `compacted ${stored.updates.length} log rows in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  )

  const check = (await loadDocument(store, 'h'))!
  const labelled = readArticle(check).annotations.filter((a) => a.labels.includes('named_source')).length
  console.log(
    `opened document: ${readArticle(check).annotations.length} annotations (${labelled} with the toggled label), ` +
      `${check.store.pendingStructs ? 'PENDING updates (broken history)' : 'no pending updates'}`,
  )
  check.destroy()
  const opens: number[] = []
  for (let i = 0; i < 20; i++) {
    const start = performance.now()
    ;(await loadDocument(store, 'h'))!.destroy()
    opens.push(performance.now() - start)
  }
  console.log(
    `open once compacted (store load + apply the snapshot): median ${percentile(opens, 50).toFixed(1)} ms, ` +
      `max ${Math.max(...opens).toFixed(1)} ms; snapshot ${(Y.encodeStateAsUpdate(uncompacted).byteLength / 1024).toFixed(0)} KiB`,
  )
  // For comparison: the same state in Yjs's v2 encoding (not what the store writes today).
  const v2 = Y.encodeStateAsUpdateV2(uncompacted)
  const v2Opens: number[] = []
  for (let i = 0; i < 20; i++) {
    const start = performance.now()
    const d = new Y.Doc()
    Y.applyUpdateV2(d, v2)
    d.destroy()
    v2Opens.push(performance.now() - start)
  }
  console.log(
    `  same state as a v2 update: ${(v2.byteLength / 1024).toFixed(0)} KiB, apply median ${percentile(v2Opens, 50).toFixed(1)} ms`,
  )
  const server = await startTestServer({ store, idleMs: 50 })
  const syncs: number[] = []
  for (let i = 0; i < 5; i++) {
    const start = performance.now()
    const client = connectClient(server.url, 'h', SCHEMA_VERSION)
    await client.synced()
    syncs.push(performance.now() - start)
    client.destroy()
    // Let the room unload between tries, so each one loads the document from the store.
    await new Promise((r) => setTimeout(r, 300))
  }
  console.log(`a client's connect + sync through the server: median ${percentile(syncs, 50).toFixed(0)} ms`)
  await server.close()
  await store.close()
  rmSync(dir, { recursive: true, force: true })
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024
}

async function connections(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'attrib-conns-'))
  const setup = new SqliteStore(join(dir, DATABASE_FILE))
  const rooms = Array.from({ length: 50 }, (_, i) => `r${i}`)
  for (const id of rooms) setup.createArticle(buildArticleInput(id))
  setup.close()
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'apps/server/src/main.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dir,
        SEEDS_DIR: join(dir, 'none'),
        WEB_ROOT: join(dir, 'none'),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stdout!.on('data', (c: Buffer) => (output += c))
  child.stderr!.on('data', (c: Buffer) => (output += c))
  const port = await new Promise<number>((res) => {
    child.stdout!.on('data', () => {
      const m = /listening on http:\/\/localhost:(\d+)/.exec(output)
      if (m) res(Number(m[1]))
    })
  })
  const clients: TestClient[] = []
  const closes: number[] = []
  const t0 = performance.now()
  for (let i = 0; i < CONNECTIONS; i++) {
    const c = connectClient(`ws://127.0.0.1:${port}/yjs`, rooms[i % rooms.length]!, SCHEMA_VERSION)
    c.provider.on('connection-close', (e) => e && closes.push(e.code))
    clients.push(c)
    if (i % 100 === 99) await new Promise((r) => setTimeout(r, 50))
  }
  await waitFor(() => clients.every((c) => c.provider.synced), `${CONNECTIONS} clients to sync`, 120_000)
  console.log(
    `${CONNECTIONS} clients connected and synced in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  )
  const samples: { s: number; rss: number }[] = []
  let writes = 0
  const start = performance.now()
  const writer = setInterval(() => {
    // About 20 writes a second spread over the clients.
    const c = clients[writes % clients.length]!
    const ids = [...c.doc.getMap('annotations').keys()]
    const s = readArticle(c.doc).sentences[writes % 10]!
    if (ids.length > 40) c.doc.getMap('annotations').delete(ids[0]!)
    else
      addAnnotationsAtOffsets(
        c.doc,
        [
          {
            kind: 'sentence',
            start: s.start,
            end: s.end,
            labels: ['quote'],
            annotator: `c${writes % clients.length}`,
          },
        ],
        Origin.user,
      )
    writes++
  }, 50)
  while (performance.now() - start < SECONDS * 1000) {
    samples.push({ s: Math.round((performance.now() - start) / 1000), rss: rssMb(child.pid!) })
    await new Promise((r) => setTimeout(r, 5000))
  }
  clearInterval(writer)
  samples.push({ s: SECONDS, rss: rssMb(child.pid!) })
  const disconnected = clients.filter((c) => !c.provider.wsconnected).length
  console.log(
    `${SECONDS} s with ${CONNECTIONS} connections, ${writes} writes: ${closes.length} closes, ${disconnected} disconnected, ` +
      `server errors in its log: ${(output.match(/ERROR/g) ?? []).length}`,
  )
  console.log(`server RSS (MB) every 5 s: ${samples.map((x) => `${x.s}s ${x.rss.toFixed(0)}`).join(', ')}`)
  for (const c of clients) c.destroy()
  child.kill('SIGTERM')
  await new Promise((r) => child.once('exit', r))
  rmSync(dir, { recursive: true, force: true })
}

function buildArticleInput(id: string) {
  return { meta: { id, title: id }, paragraphs: PARAGRAPHS.slice(0, 4) }
}

await history()
if (CONNECTIONS > 0) await connections()
process.exit(0)
