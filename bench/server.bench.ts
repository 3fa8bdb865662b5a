/**
 * Server benchmark: the time from one client's annotation to its arrival at the other clients of the room,
 * through the real server with SQLite persistence on (every update is appended before it is broadcast).
 *
 * 20 rooms of 10 y-websocket clients; each client adds a sentence annotation about every 500 ms (jittered),
 * for 20 s after a 2 s warm-up that is not measured. Run once with the store's default `synchronous=NORMAL`
 * and once with `FULL` (an fsync per update), each in a fresh process. Prints a JSON summary and a Markdown
 * table, and prepends the run to docs/benchmarks-server.md (text outside the runs markers is kept as written).
 *
 * By default the server runs in the clients' process, so it shares one event loop with the 200 clients.
 * `--server-process` gives it a process of its own (as in production, where the clients are elsewhere); the
 * figures then separate the server's CPU and event-loop delay from the clients'.
 *
 * Run: `pnpm bench:server` (or `npx tsx bench/server.bench.ts`). Flags: `--seconds`, `--warmup`, `--rooms`,
 * `--clients`, `--interval` (ms), `--sync NORMAL|FULL` (repeatable; default both), `--server-process`,
 * `--no-write` (leave the doc alone).
 */
import { type ChildProcess, fork } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import {
  addAnnotationsAtOffsets,
  DEFAULT_LABELS,
  getAnnotationsMap,
  Origin,
  SCHEMA_VERSION,
  segmentArticle,
} from '@attrib/core'
import { DATABASE_FILE, type SqliteStore, type StartedServer, startServer } from '@attrib/server'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { percentile, ROOT, roomName, round, seedSentences, sleep, waitUntil } from './generate'

type Sync = 'NORMAL' | 'FULL'

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '2' },
    rooms: { type: 'string', default: '20' },
    clients: { type: 'string', default: '10' },
    interval: { type: 'string', default: '500' },
    sync: { type: 'string', multiple: true },
    'server-process': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    // Internal: this file run as the server's process (`--server-process`) or as one configuration's.
    serve: { type: 'string' },
    'one-config': { type: 'boolean', default: false },
  },
})

const SECONDS = Number(args.seconds)
const WARMUP_SECONDS = Number(args.warmup)
const ROOMS = Number(args.rooms)
const CLIENTS = Number(args.clients)
const INTERVAL_MS = Number(args.interval)
const SYNCS: Sync[] = (args.sync ?? ['NORMAL', 'FULL']).map((s) => {
  if (s !== 'NORMAL' && s !== 'FULL') throw new RangeError(`--sync must be NORMAL or FULL, not ${s}`)
  return s
})
const SERVER_PROCESS = args['server-process']
const SENTENCES_PER_ARTICLE = 30
const SENTENCES_PER_PARAGRAPH = 5
/** How long to wait for the last deliveries after the load stops before counting them as lost. */
const DRAIN_MS = 10_000
const LOOP_RESOLUTION_MS = 10
const DOC_PATH = join(ROOT, 'docs', 'benchmarks-server.md')
const LABELS = DEFAULT_LABELS.map((l) => l.id)

/** The command line that reproduces this run (without the internal and doc-only flags). */
function command(): string {
  const flags = process.argv.slice(2).filter((a) => a !== '--no-write')
  return ['npx tsx bench/server.bench.ts', ...flags].join(' ')
}

/** A small seeded PRNG (mulberry32), so every run makes the same choices. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Paragraphs of `SENTENCES_PER_ARTICLE` seed sentences, starting at a different sentence per room. */
function articleParagraphs(pool: string[], room: number): string[] {
  const paragraphs: string[] = []
  let k = room * 7
  for (let p = 0; p < SENTENCES_PER_ARTICLE / SENTENCES_PER_PARAGRAPH; p++) {
    const parts: string[] = []
    for (let s = 0; s < SENTENCES_PER_PARAGRAPH; s++) parts.push(pool[k++ % pool.length]!)
    paragraphs.push(parts.join(' '))
  }
  return paragraphs
}

function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0
}

/** CPU, event-loop delay and GC time of one process over the measured window. */
interface ProcessFigures {
  /** CPU time in % of one core. */
  cpuPercent: number
  /** Time spent in GC pauses, in % of the window. */
  gcPercent: number
  /** How late the event loop ran timers (beyond their interval), in ms. */
  eventLoopDelayMs: { p50: number; p99: number; max: number }
}

/** Starts measuring this process; the returned function stops and reports. */
function probeProcess(): () => ProcessFigures {
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS })
  loop.enable()
  let gcMs = 0
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration
  })
  gc.observe({ entryTypes: ['gc'] })
  const cpuBefore = process.cpuUsage()
  const start = performance.now()
  return () => {
    const cpu = process.cpuUsage(cpuBefore)
    const ms = performance.now() - start
    loop.disable()
    gc.disconnect()
    // Node's histogram holds whole sampling intervals (ns); the delay is what exceeds the interval.
    const delay = (ns: number) => round(Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS), 2)
    return {
      cpuPercent: round(((cpu.user + cpu.system) / 1000 / ms) * 100),
      gcPercent: round((gcMs / ms) * 100),
      eventLoopDelayMs: {
        p50: delay(loop.percentile(50)),
        p99: delay(loop.percentile(99)),
        max: delay(loop.max),
      },
    }
  }
}

/** What the server holds at the end. */
interface ServerReport {
  /** Annotations in each room's live document on the server (-1 when the room is not loaded). */
  annotations: number[]
  store: { updatesAppended: number; updateRowsAtEnd: number; databaseBytes: number; walBytes: number }
  /** Figures of the server's own process, when it has one. */
  process: ProcessFigures | null
}

/** A started server, in this process or in a child. */
interface ServerHandle {
  port: number
  /** Starts the server's process probe (child only). */
  mark(): Promise<void>
  inspect(): Promise<ServerReport>
  close(): Promise<void>
}

/** Starts the server in `dataDir` with one article per room. */
async function openServer(dataDir: string, synchronous: Sync): Promise<StartedServer> {
  const server = await startServer({ dataDir, port: 0, host: '127.0.0.1', synchronous })
  const pool = seedSentences()
  for (let r = 0; r < ROOMS; r++)
    await server.store.createArticle({
      meta: { id: roomName(r), title: `Benchmark article ${r}` },
      paragraphs: articleParagraphs(pool, r),
    })
  return server
}

async function report(
  server: StartedServer,
  dataDir: string,
  figures: ProcessFigures | null,
): Promise<ServerReport> {
  const sequence = (server.store as SqliteStore).db
    // Every article's newest sequence number: its newest log row, or what its snapshot covers.
    .prepare(
      `SELECT coalesce(sum(last), 0) AS seq FROM (SELECT max(s.through,
         coalesce((SELECT max(seq) FROM updates AS u WHERE u.name = s.name), 0)) AS last FROM snapshots AS s)`,
    )
    .get() as { seq: number } | undefined
  const databasePath = join(dataDir, DATABASE_FILE)
  return {
    annotations: Array.from({ length: ROOMS }, (_, r) => {
      const live = server.server.yserver.getDocument(roomName(r))
      return live ? getAnnotationsMap(live).size : -1
    }),
    store: {
      updatesAppended: sequence?.seq ?? 0,
      updateRowsAtEnd: await server.store.countUpdates(),
      databaseBytes: fileSize(databasePath),
      walBytes: fileSize(`${databasePath}-wal`),
    },
    process: figures,
  }
}

async function startInProcess(dataDir: string, synchronous: Sync): Promise<ServerHandle> {
  const server = await openServer(dataDir, synchronous)
  return {
    port: server.port,
    async mark() {},
    async inspect() {
      return report(server, dataDir, null)
    },
    close: () => server.close(),
  }
}

type ChildMessage =
  | { type: 'ready'; port: number }
  | { type: 'marked' }
  | { type: 'report'; report: ServerReport }

/** Runs this file with `--serve` in a child process (same loader flags, so tsx keeps working). */
async function startChild(dataDir: string, synchronous: Sync): Promise<ServerHandle> {
  const child: ChildProcess = fork(
    import.meta.filename,
    ['--serve', dataDir, '--sync', synchronous, '--rooms', String(ROOMS)],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  )
  const next = (type: ChildMessage['type']) =>
    new Promise<ChildMessage>((resolve, reject) => {
      const onMessage = (m: ChildMessage) => {
        if (m.type !== type) return
        child.off('message', onMessage)
        child.off('exit', onExit)
        resolve(m)
      }
      const onExit = (code: number | null) => reject(new Error(`the server process exited (${code})`))
      child.on('message', onMessage)
      child.once('exit', onExit)
    })
  const ready = (await next('ready')) as Extract<ChildMessage, { type: 'ready' }>
  return {
    port: ready.port,
    async mark() {
      const marked = next('marked')
      child.send({ type: 'mark' })
      await marked
    },
    async inspect() {
      const answer = next('report')
      child.send({ type: 'inspect' })
      return ((await answer) as Extract<ChildMessage, { type: 'report' }>).report
    },
    async close() {
      if (child.exitCode !== null) return
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.send({ type: 'close' })
      const kill = setTimeout(() => child.kill(), 10_000)
      await exited
      clearTimeout(kill)
    },
  }
}

/** The child side of {@link startChild}: serve until told to close. */
async function serveChild(dataDir: string, synchronous: Sync): Promise<void> {
  // Without its parent nobody will tell it to close.
  process.once('disconnect', () => process.exit(0))
  const server = await openServer(dataDir, synchronous)
  let stopProbe: (() => ProcessFigures) | null = null
  let figures: ProcessFigures | null = null
  process.on('message', async (m: { type: 'mark' | 'inspect' | 'close' }) => {
    if (m.type === 'mark') {
      stopProbe = probeProcess()
      process.send?.({ type: 'marked' } satisfies ChildMessage)
    } else if (m.type === 'inspect') {
      figures ??= stopProbe?.() ?? null
      process.send?.({
        type: 'report',
        report: await report(server, dataDir, figures),
      } satisfies ChildMessage)
    } else {
      await server.close()
      process.exit(0)
    }
  })
  process.send?.({ type: 'ready', port: server.port } satisfies ChildMessage)
}

interface Summary {
  synchronous: Sync
  /** Whether the server shares the clients' process and event loop. */
  server: 'in-process' | 'own process'
  rooms: number
  clientsPerRoom: number
  measuredSeconds: number
  annotations: number
  deliveries: number
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number }
  throughput: { annotationsPerSecond: number; deliveriesPerSecond: number }
  /** Deliveries still missing when the drain timed out (0 when every client got every annotation). */
  lost: number
  /** Clients (and server documents) whose annotation count differs from what was sent in the room; must be 0. */
  mismatches: number
  store: ServerReport['store']
  /** This process: the clients, and the server too when it runs in-process. */
  clientProcess: ProcessFigures
  /** The server's process, when it has its own. */
  serverProcess: ProcessFigures | null
  loadAverage: { before: number[]; after: number[] }
}

interface Client {
  room: number
  doc: Y.Doc
  provider: WebsocketProvider
  stop(): void
}

async function runConfig(synchronous: Sync): Promise<Summary> {
  const dataDir = mkdtempSync(join(tmpdir(), 'attrib-bench-server-'))
  let server: ServerHandle | undefined
  const clients: Client[] = []
  try {
    server = SERVER_PROCESS
      ? await startChild(dataDir, synchronous)
      : await startInProcess(dataDir, synchronous)
    const pool = seedSentences()
    const sentences = Array.from(
      { length: ROOMS },
      (_, r) => segmentArticle(articleParagraphs(pool, r)).sentences,
    )

    /** Send time of each annotation, and whether it falls in the measured window. */
    const sent = new Map<string, { at: number; measured: boolean }>()
    const sentPerRoom = new Array<number>(ROOMS).fill(0)
    const latencies: number[] = []
    let received = 0
    const serverUrl = `ws://127.0.0.1:${server.port}/yjs`
    for (let r = 0; r < ROOMS; r++) {
      for (let c = 0; c < CLIENTS; c++) {
        const doc = new Y.Doc()
        const provider = new WebsocketProvider(serverUrl, roomName(r), doc, {
          WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
          disableBc: true,
          params: { schema: String(SCHEMA_VERSION) },
        })
        getAnnotationsMap(doc).observe((event, transaction) => {
          if (transaction.local) return
          const now = performance.now()
          for (const [id, change] of event.changes.keys) {
            if (change.action !== 'add') continue
            const s = sent.get(id)
            if (!s) continue
            received++
            if (s.measured) latencies.push(now - s.at)
          }
        })
        clients.push({ room: r, doc, provider, stop() {} })
      }
    }
    const allSynced = await waitUntil(() => clients.every((c) => c.provider.synced), 30_000)
    if (!allSynced) throw new Error(`only ${clients.filter((c) => c.provider.synced).length} clients synced`)

    const rand = random(0x5eed)
    const start = performance.now()
    const measureFrom = start + WARMUP_SECONDS * 1000
    const stopAt = measureFrom + SECONDS * 1000
    let seq = 0
    for (const [i, client] of clients.entries()) {
      let timer: ReturnType<typeof setTimeout>
      const annotate = () => {
        const now = performance.now()
        if (now >= stopAt) return
        const list = sentences[client.room]!
        const sentence = list[Math.floor(rand() * list.length)]!
        const id = `b${client.room}-${i}-${seq++}`
        sent.set(id, { at: now, measured: now >= measureFrom })
        sentPerRoom[client.room]!++
        addAnnotationsAtOffsets(
          client.doc,
          [
            {
              id,
              kind: 'sentence',
              start: sentence.start,
              end: sentence.end,
              labels: [LABELS[Math.floor(rand() * LABELS.length)]!],
              annotator: `bench-${i}`,
            },
          ],
          Origin.user,
        )
        timer = setTimeout(annotate, INTERVAL_MS * (0.5 + rand()))
      }
      // Spread the first annotations over one interval so the clients do not fire in lockstep.
      timer = setTimeout(annotate, INTERVAL_MS * rand())
      client.stop = () => clearTimeout(timer)
    }

    await sleep(measureFrom - performance.now())
    const loadBefore = loadavg()
    await server.mark()
    const stopProbe = probeProcess()
    await sleep(stopAt - performance.now())
    const clientProcess = stopProbe()
    const measuredMs = performance.now() - measureFrom
    for (const client of clients) client.stop()

    const expected = () => sent.size * (CLIENTS - 1)
    await waitUntil(() => received >= expected(), DRAIN_MS)
    const loadAfter = loadavg()
    const serverReport = await server.inspect()

    let mismatches = 0
    for (const client of clients)
      if (getAnnotationsMap(client.doc).size !== sentPerRoom[client.room]) mismatches++
    for (let r = 0; r < ROOMS; r++) if (serverReport.annotations[r] !== sentPerRoom[r]) mismatches++

    const measuredAnnotations = [...sent.values()].filter((s) => s.measured).length
    const seconds = measuredMs / 1000
    return {
      synchronous,
      server: SERVER_PROCESS ? 'own process' : 'in-process',
      rooms: ROOMS,
      clientsPerRoom: CLIENTS,
      measuredSeconds: round(seconds),
      annotations: measuredAnnotations,
      deliveries: latencies.length,
      latencyMs: {
        p50: round(percentile(latencies, 50), 2),
        p90: round(percentile(latencies, 90), 2),
        p99: round(percentile(latencies, 99), 2),
        max: round(
          latencies.reduce((a, b) => Math.max(a, b), 0),
          2,
        ),
        mean: round(latencies.reduce((a, b) => a + b, 0) / latencies.length, 2),
      },
      throughput: {
        annotationsPerSecond: round(measuredAnnotations / seconds),
        deliveriesPerSecond: round(latencies.length / seconds),
      },
      lost: Math.max(0, expected() - received),
      mismatches,
      store: serverReport.store,
      clientProcess,
      serverProcess: serverReport.process,
      loadAverage: { before: loadBefore.map((x) => round(x, 2)), after: loadAfter.map((x) => round(x, 2)) },
    }
  } finally {
    for (const client of clients) {
      client.stop()
      client.provider.destroy()
      client.doc.destroy()
    }
    await server?.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

function describeProcess(p: ProcessFigures | null): string {
  if (!p) return '(in the process above)'
  const d = p.eventLoopDelayMs
  return `${p.cpuPercent} % CPU, ${p.gcPercent} % GC, loop delay ${d.p50} / ${d.p99} / ${d.max}`
}

function markdownTable(results: Summary[]): string {
  const rows: [string, (s: Summary) => string | number][] = [
    ['annotations sent (measured)', (s) => s.annotations],
    ['deliveries (measured)', (s) => s.deliveries],
    ['**latency p50 (ms)**', (s) => `**${s.latencyMs.p50}**`],
    ['latency p90 (ms)', (s) => s.latencyMs.p90],
    ['**latency p99 (ms)**', (s) => `**${s.latencyMs.p99}**`],
    ['latency max (ms)', (s) => s.latencyMs.max],
    ['latency mean (ms)', (s) => s.latencyMs.mean],
    ['annotations / s', (s) => s.throughput.annotationsPerSecond],
    ['deliveries / s', (s) => s.throughput.deliveriesPerSecond],
    ['lost deliveries', (s) => s.lost],
    ['count mismatches (must be 0)', (s) => s.mismatches],
    ['updates appended to the store', (s) => s.store.updatesAppended],
    ['update rows at the end', (s) => s.store.updateRowsAtEnd],
    [
      'database + WAL file (KiB)',
      (s) => `${round(s.store.databaseBytes / 1024, 0)} + ${round(s.store.walBytes / 1024, 0)}`,
    ],
    ["clients' process: CPU, GC, loop delay p50 / p99 / max (ms)", (s) => describeProcess(s.clientProcess)],
    ["server's process: CPU, GC, loop delay p50 / p99 / max (ms)", (s) => describeProcess(s.serverProcess)],
    ['load average (1 min) before → after', (s) => `${s.loadAverage.before[0]} → ${s.loadAverage.after[0]}`],
  ]
  const header = ['', ...results.map((r) => `${r.server}, synchronous=${r.synchronous}`)]
  const body = rows.map(([name, value]) => [name, ...results.map((r) => String(value(r)))])
  // Padded the way Biome formats Markdown tables, so a fresh run leaves `biome check` clean.
  const widths = header.map((h, i) => Math.max(3, h.length, ...body.map((row) => row[i]!.length)))
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`
  const rule = `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`
  return [line(header), rule, ...body.map(line)].join('\n')
}

const RUNS_START = '<!-- runs:start (written by bench/server.bench.ts; newest first) -->'
const RUNS_END = '<!-- runs:end -->'
/** Runs kept in the doc; older ones drop off the end. */
const KEPT_RUNS = 8

const DOC_HEADER = `# Server benchmark: annotation latency with persistence on

What the issue asks: "The server, persistence on: time from one client's annotation to its arrival at the
others, p50 and p99, with 20 rooms of 10 clients each."

Reproduce: \`npx tsx bench/server.bench.ts\` (or \`pnpm bench:server\`); each run below names its command.

## Runs

`

function writeDoc(results: Summary[], date: string, loadAtStart: number[]): void {
  const existing = existsSync(DOC_PATH) ? readFileSync(DOC_PATH, 'utf8') : ''
  const startAt = existing.indexOf(RUNS_START)
  const endAt = existing.indexOf(RUNS_END)
  const hasRuns = startAt >= 0 && endAt > startAt
  const before = hasRuns ? existing.slice(0, startAt) : DOC_HEADER
  const after = hasRuns ? existing.slice(endAt + RUNS_END.length) : '\n'
  const oldRuns = hasRuns
    ? existing
        .slice(startAt + RUNS_START.length, endAt)
        .split(/^(?=### )/m)
        .filter((run) => run.startsWith('### '))
    : []
  const cpu = cpus()
  const run = [
    `### ${date}${SERVER_PROCESS ? ', server in its own process' : ''}`,
    '',
    `Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ` +
      `${process.platform}; ${ROOMS} rooms × ${CLIENTS} clients, one annotation per client every ` +
      `${INTERVAL_MS} ms on average, ${SECONDS} s measured after ${WARMUP_SECONDS} s of warm-up, each ` +
      `configuration in a fresh process. ` +
      `Load average at the start (1, 5, 15 min): ${loadAtStart.map((x) => x.toFixed(2)).join(', ')}. ` +
      `Command: \`${command()}\`.`,
    '',
    markdownTable(results),
    '',
    '',
  ].join('\n')
  const runs = [run, ...oldRuns].slice(0, KEPT_RUNS).join('')
  writeFileSync(DOC_PATH, `${before}${RUNS_START}\n\n${runs}${RUNS_END}${after}`)
}

/**
 * Runs one configuration in a fresh process of this file. Run one after the other in one process, the second
 * inherits the first's heap (hundreds of MB of client documents awaiting collection) and JIT state, and its
 * tail latency changed with the order of the configurations more than with their settings.
 */
function runIsolated(sync: Sync): Promise<Summary> {
  const flags = ['seconds', 'warmup', 'rooms', 'clients', 'interval'] as const
  const child = fork(
    import.meta.filename,
    [
      ...flags.flatMap((f) => [`--${f}`, String(args[f])]),
      ...(SERVER_PROCESS ? ['--server-process'] : []),
      '--sync',
      sync,
      '--one-config',
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  )
  return new Promise((resolve, reject) => {
    let summary: Summary | undefined
    child.once('message', (m: Summary) => {
      summary = m
    })
    child.once('exit', (code) => {
      if (summary) resolve(summary)
      else reject(new Error(`synchronous=${sync}: the benchmark process exited (${code}) without a result`))
    })
  })
}

/** The child side of {@link runIsolated}. */
async function runOneConfig(sync: Sync): Promise<void> {
  const summary = await runConfig(sync)
  process.send?.(summary, () => process.disconnect())
}

async function main(): Promise<void> {
  // A hang (a socket that never closes) must not keep a benchmark run alive forever.
  setTimeout(() => {
    console.error('server bench: still running after 180 s; giving up')
    process.exit(2)
  }, 180_000).unref()
  const date = `${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC`
  const loadAtStart = loadavg()
  console.error(
    `server bench: ${ROOMS} rooms × ${CLIENTS} clients, ${SECONDS} s (+${WARMUP_SECONDS} s warm-up), ` +
      `server ${SERVER_PROCESS ? 'in its own process' : 'in-process'}, ` +
      `load ${loadAtStart.map((x) => x.toFixed(2)).join(' ')}`,
  )
  const results: Summary[] = []
  for (const sync of SYNCS) {
    const t = performance.now()
    results.push(await runIsolated(sync))
    console.error(
      `server bench: synchronous=${sync} done in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    )
  }
  console.log(JSON.stringify({ date, node: process.version, cores: cpus().length, results }, null, 2))
  console.log()
  console.log(markdownTable(results))
  if (!args['no-write']) {
    writeDoc(results, date, loadAtStart)
    console.error(`server bench: wrote ${DOC_PATH}`)
  }
  if (results.some((r) => r.mismatches > 0 || r.lost > 0)) {
    console.error('server bench: some clients did not converge')
    process.exitCode = 1
  }
}

if (args.serve !== undefined) await serveChild(args.serve, SYNCS[0]!)
else if (args['one-config']) await runOneConfig(SYNCS[0]!)
else await main()
