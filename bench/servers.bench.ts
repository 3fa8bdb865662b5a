/**
 * Server comparison benchmark: the project's server against two reference y-websocket-protocol servers,
 * under the same closed-loop annotation load, one server at a time, in one run.
 *
 * - `attrib`: the project's server (`startServer` from @attrib/server) with access control ON (AUTH_SECRET;
 *   every client carries a token minted with the project's own `mintToken`) and SQLite persistence (every
 *   update is appended to the store before it is broadcast, which the server does by itself).
 * - `y-websocket-server`: @y/websocket-server@0.1.1's own server entry (`src/server.js`, run from
 *   node_modules as shipped, with its own `ws`); it keeps nothing (no YPERSISTENCE) and checks nothing.
 * - `hocuspocus`: @hocuspocus/server's `Server` with its defaults (no extensions, no auth hook;
 *   `flushDelay: 0` merges the updates arriving in one event-loop turn into one broadcast), driven by
 *   @hocuspocus/provider clients.
 *
 * Every server runs in a process of its own (forked), and so does the load generator: 20 rooms × 10
 * clients (y-websocket 3 `WebsocketProvider` with `disableBc: true`, or `HocuspocusProvider`, which has no
 * BroadcastChannel), all in one Node process. Each room holds the same article (30 seed sentences); for the
 * references, which start every room empty, client 0 of each room brings the article's initial state
 * (built with @attrib/core's `createArticleDoc` from the same input the project's server stores).
 *
 * The load is a closed loop: each client has exactly one annotation in flight. It adds a sentence
 * annotation (core's `addAnnotation`, one update of about 290 bytes, send time in its `reason` field); when every
 * other client of its room has received it, the client writes the next one (on the next turn). So the
 * offered load adapts to whatever the server (or the clients' process) sustains. A write not delivered
 * everywhere within 10 s counts as stalled and the client moves on.
 *
 * Measured per server, over the window after the warm-up:
 * - delivered updates / s: annotations arriving at the other clients of the room, per second;
 * - propagation latency p50 / p99: send → arrival at each other client of the room;
 * - server CPU per write: utime + stime of the server's process from /proc/<pid>/stat (ticks of
 *   `getconf CLK_TCK`) over the window, divided by the writes made in the window (for attrib, also the
 *   store's own count, `attrib_updates_total` from `GET /metrics`);
 * - the server's RSS (VmRSS) at the end of the window and its peak (VmHWM);
 * - for the server's and the clients' main threads, the share of the window on a CPU and runnable but
 *   waiting for one (/proc/<pid>/task/<pid>/schedstat): on a shared 2-core machine the second is large,
 *   and then every figure above is bounded by the machine rather than by the server.
 *
 * Run: `npx tsx bench/servers.bench.ts` (or `pnpm bench:servers`). Flags: `--seconds` (15), `--warmup` (3),
 * `--rooms` (20), `--clients` (10), `--server attrib|y-websocket-server|hocuspocus` (repeatable; default
 * all three in that order), `--cpu-prof` (writes V8 CPU profiles of each server process to
 * $TMPDIR/attrib-bench-servers-profiles/<server>/), `--json FILE` (also write the JSON there),
 * `--rounds N` (the servers take turns N times; the targets are read on the medians), `--no-audit` (the
 * project's server without its audit trail, to measure what recording it costs), `--semi-space MB`
 * (V8's `--max-semi-space-size` for all three servers, 64 as `pnpm start` sets it; 0: Node's default), `--attrib-dir DIR`
 * (measure the @attrib/server copy in DIR instead of the workspace's, e.g. a commit's packages/server:
 * `git archive HEAD packages/server | tar -x -C /tmp/head`, then link /tmp/head/node_modules to the
 * repository's node_modules and /tmp/head/packages/server/node_modules to packages/server/node_modules).
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer as createNetServer } from 'node:net'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { ROOT, roomName, round, seedSentences, sleep, waitUntil } from './generate'

const SERVER_KINDS = ['attrib', 'y-websocket-server', 'hocuspocus'] as const
type ServerKind = (typeof SERVER_KINDS)[number]

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    rooms: { type: 'string', default: '20' },
    clients: { type: 'string', default: '10' },
    server: { type: 'string', multiple: true },
    rounds: { type: 'string', default: '1' },
    'cpu-prof': { type: 'boolean', default: false },
    json: { type: 'string' },
    'attrib-dir': { type: 'string' },
    // Run the project's server with the audit trail off, to measure what recording it costs.
    'no-audit': { type: 'boolean', default: false },
    'semi-space': { type: 'string', default: '64' },
    // Internal: this file run as one of the child processes.
    role: { type: 'string' },
  },
})

const SECONDS = Number(args.seconds)
const WARMUP_SECONDS = Number(args.warmup)
const ROOMS = Number(args.rooms)
const CLIENTS = Number(args.clients)
const KINDS: ServerKind[] = (args.server ?? [...SERVER_KINDS]).map((s) => {
  if (!(SERVER_KINDS as readonly string[]).includes(s))
    throw new RangeError(`--server must be one of ${SERVER_KINDS.join(', ')}, not ${s}`)
  return s as ServerKind
})
const ROUNDS = Number(args.rounds)
const SENTENCES_PER_ARTICLE = 30
const SENTENCES_PER_PARAGRAPH = 5
/** A write not delivered to every other client of its room within this time counts as stalled. */
const STALL_MS = 10_000
/** How long to wait after the window for the writes still in flight. */
const DRAIN_MS = 10_000
const PROFILE_DIR = join(tmpdir(), 'attrib-bench-servers-profiles')

/**
 * The project's server package: the workspace's @attrib/server, or the copy in `--attrib-dir` (a folder
 * holding `src/index.ts`, e.g. a `git archive` of a commit's packages/server with its node_modules linked),
 * to measure a given commit while the working tree changes.
 */
async function attribServer(): Promise<typeof import('@attrib/server')> {
  const dir = args['attrib-dir']
  if (dir === undefined) return import('@attrib/server')
  return (await import(
    pathToFileURL(join(resolve(dir), 'src', 'index.ts')).href
  )) as typeof import('@attrib/server')
}

/** The plain text of room `room`'s article: 30 seed sentences in paragraphs of 5, as bench/server.bench.ts. */
function articleText(pool: string[], room: number): string {
  const paragraphs: string[] = []
  let k = room * 7
  for (let p = 0; p < SENTENCES_PER_ARTICLE / SENTENCES_PER_PARAGRAPH; p++) {
    const parts: string[] = []
    for (let s = 0; s < SENTENCES_PER_PARAGRAPH; s++) parts.push(pool[k++ % pool.length]!)
    paragraphs.push(parts.join(' '))
  }
  return paragraphs.join('\n\n')
}

// ---------------------------------------------------------------------------------------------------------
// Messages between the parent and its children.

/** Parent → load generator. */
type LoadCommand =
  | {
      type: 'connect'
      kind: ServerKind
      /** Base URL of the websocket endpoint (without the room). */
      url: string
      token: string | null
      schema: number
      texts: string[]
      rooms: number
      clients: number
    }
  | { type: 'go'; warmupMs: number; measureMs: number }

/** Load generator → parent. */
type LoadMessage =
  | { type: 'connected'; connectMs: number }
  | { type: 'window-start' }
  | { type: 'window-end' }
  | { type: 'result'; result: LoadResult }
  | { type: 'error'; message: string }

/** What the load generator measured. */
interface LoadResult {
  measuredSeconds: number
  /** Writes (annotations) sent within the window. */
  writes: number
  /** Arrivals at other clients within the window. */
  deliveries: number
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number }
  /** Writes not delivered everywhere within 10 s (the client moved on). */
  stalled: number
  /** Writes still undelivered somewhere after the drain. */
  undelivered: number
  /** Clients whose annotation count differs from what their room sent, after the drain; must be 0. */
  mismatches: number
  /** Websocket closes seen by the clients during the run (codes); must be empty. */
  closes: number[]
  /** y-websocket providers with their BroadcastChannel connected; must be 0. */
  broadcastChannels: number
  /** CPU of the load generator's process over the window, in % of one core. */
  cpuPercent: number
}

/** Attrib server child → parent. */
type ServeMessage = { type: 'ready'; port: number }

// ---------------------------------------------------------------------------------------------------------
// Children: the project's server and Hocuspocus (the y-websocket-server child is the package's own entry).

/** The project's server: startServer with a temporary data folder, access control on, as in production. */
async function serveAttrib(): Promise<void> {
  process.once('disconnect', () => process.exit(0))
  const { startServer, createLogger } = await attribServer()
  const dataDir = process.env.BENCH_DATA_DIR!
  const secret = process.env.BENCH_AUTH_SECRET!
  const server = await startServer({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    // No web app and no seeds: the parent creates the articles over HTTP.
    auth: { secret },
    logger: createLogger({ level: 'warn' }),
    audit: process.env.BENCH_NO_AUDIT !== '1',
  })
  process.on('message', async (m: { type: 'close' }) => {
    if (m.type !== 'close') return
    await server.close()
    process.exit(0)
  })
  process.send?.({ type: 'ready', port: server.port } satisfies ServeMessage)
}

/** Hocuspocus 4 with its defaults: no extensions, no authentication hook. */
async function serveHocuspocus(): Promise<void> {
  process.once('disconnect', () => process.exit(0))
  const { Server } = await import('@hocuspocus/server')
  const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false })
  await server.listen()
  process.on('message', async (m: { type: 'close' }) => {
    if (m.type !== 'close') return
    await server.destroy()
    process.exit(0)
  })
  process.send?.({ type: 'ready', port: server.address.port } satisfies ServeMessage)
}

// ---------------------------------------------------------------------------------------------------------
// The load generator child.

interface LoadClient {
  room: number
  index: number
  doc: import('yjs').Doc
  synced(): boolean
  bcConnected(): boolean
  destroy(): void
}

async function runLoad(): Promise<void> {
  process.once('disconnect', () => process.exit(0))
  // Every y-websocket provider adds an `exit` listener to the process.
  process.setMaxListeners(0)
  const Y = await import('yjs')
  const { WebSocket } = await import('ws')
  const core = await import('@attrib/core')
  const { WebsocketProvider } = await import('y-websocket')
  const { HocuspocusProvider, HocuspocusProviderWebsocket } = await import('@hocuspocus/provider')

  const send = (m: LoadMessage) => process.send?.(m)
  const command = <T extends LoadCommand['type']>(type: T) =>
    new Promise<Extract<LoadCommand, { type: T }>>((resolve) => {
      const on = (m: LoadCommand) => {
        if (m.type !== type) return
        process.off('message', on)
        resolve(m as Extract<LoadCommand, { type: T }>)
      }
      process.on('message', on)
    })

  const setup = await command('connect')
  const { kind, rooms, clients: perRoom } = setup
  const clients: LoadClient[] = []
  const closes: number[] = []
  let closesCounting = true
  const connectStart = performance.now()

  for (let r = 0; r < rooms; r++) {
    const input = core.parseArticle(setup.texts[r]!, {
      format: 'text',
      id: roomName(r),
      meta: { title: `Benchmark article ${r}` },
    })
    // The references start every room empty: client 0 brings the article (the same input the project's
    // server stores), the others get it through the server.
    const initial =
      kind === 'attrib' ? null : Y.encodeStateAsUpdate(core.createArticleDoc(input, new Y.Doc()))
    for (let c = 0; c < perRoom; c++) {
      const doc = new Y.Doc()
      if (initial && c === 0) Y.applyUpdate(doc, initial)
      if (kind === 'hocuspocus') {
        const socket = new HocuspocusProviderWebsocket({ url: setup.url, WebSocketPolyfill: WebSocket })
        const provider = new HocuspocusProvider({
          websocketProvider: socket,
          name: roomName(r),
          document: doc,
        })
        provider.attach()
        provider.on('close', (e: { event: { code: number } }) => {
          if (closesCounting) closes.push(e.event.code)
        })
        clients.push({
          room: r,
          index: c,
          doc,
          synced: () => provider.isSynced,
          bcConnected: () => false,
          destroy() {
            provider.destroy()
            socket.destroy()
          },
        })
      } else {
        const params: Record<string, string> =
          kind === 'attrib' ? { schema: String(setup.schema), token: setup.token! } : {}
        const provider = new WebsocketProvider(setup.url, roomName(r), doc, {
          WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
          // Otherwise clients of one process reach each other through BroadcastChannel, bypassing the server.
          disableBc: true,
          params,
        })
        provider.on('connection-close', (event) => {
          if (closesCounting) closes.push(event?.code ?? -1)
        })
        clients.push({
          room: r,
          index: c,
          doc,
          synced: () => provider.synced,
          bcConnected: () => provider.bcconnected,
          destroy: () => provider.destroy(),
        })
      }
    }
  }
  const ready = await waitUntil(
    () => clients.every((c) => c.synced() && core.getArticleFragment(c.doc).length > 0),
    60_000,
  )
  if (!ready) {
    const n = clients.filter((c) => c.synced()).length
    send({ type: 'error', message: `only ${n} of ${clients.length} clients synced the article` })
    return
  }

  // Where each sentence of each room starts and ends, as Yjs relative positions; the same in every client
  // of the room (they share the article's items). This is what core's addAnnotationsAtOffsets computes
  // on every call; computing it once keeps the clients' process from measuring its own text indexing.
  const anchors = Array.from({ length: rooms }, (_, r) => {
    const doc = clients[r * perRoom]!.doc
    const index = core.buildTextIndex(doc)
    return core.articleSentences(index).map((s) => ({
      start: core.offsetToRelative(index, s.start, 0),
      end: core.offsetToRelative(index, s.end, -1),
    }))
  })
  const labels = core.DEFAULT_LABELS.map((l) => l.id)

  // One write in flight per client: id → what is left of it.
  const inFlight = new Map<string, { client: number; remaining: number; at: number }>()
  const sentPerRoom = new Array<number>(rooms).fill(0)
  let windowStart = Number.POSITIVE_INFINITY
  let windowEnd = Number.POSITIVE_INFINITY
  let stopped = false
  let writes = 0
  let deliveries = 0
  let stalled = 0
  const latencies: number[] = []
  let seq = 0
  const stallTimers = new Map<string, ReturnType<typeof setTimeout>>()

  const write = (i: number) => {
    if (stopped) return
    const client = clients[i]!
    const list = anchors[client.room]!
    const k = seq++
    const anchor = list[k % list.length]!
    const id = `w${i}-${k}`
    const at = performance.now()
    inFlight.set(id, { client: i, remaining: perRoom - 1, at })
    sentPerRoom[client.room]!++
    if (at >= windowStart && at < windowEnd) writes++
    core.addAnnotation(
      client.doc,
      {
        id,
        kind: 'sentence',
        start: anchor.start,
        end: anchor.end,
        labels: [labels[k % labels.length]!],
        annotator: `bench-${i}`,
        // The send time travels in the written value.
        reason: at.toFixed(3),
      },
      core.Origin.user,
    )
    const timer = setTimeout(() => {
      const w = inFlight.get(id)
      if (!w) return
      inFlight.delete(id)
      stalled++
      write(i)
    }, STALL_MS)
    timer.unref()
    stallTimers.set(id, timer)
  }

  for (const [i, client] of clients.entries()) {
    const annotations = core.getAnnotationsMap(client.doc)
    annotations.observe((event, transaction) => {
      if (transaction.local) return
      const now = performance.now()
      for (const [id, change] of event.changes.keys) {
        if (change.action !== 'add') continue
        const sentAt = Number(annotations.get(id)?.get('reason'))
        if (sentAt >= windowStart) latencies.push(now - sentAt)
        if (now >= windowStart && now < windowEnd) deliveries++
        const w = inFlight.get(id)
        if (!w || w.client === i) continue
        if (--w.remaining === 0) {
          inFlight.delete(id)
          clearTimeout(stallTimers.get(id))
          stallTimers.delete(id)
          const next = w.client
          setImmediate(() => write(next))
        }
      }
    })
  }

  send({ type: 'connected', connectMs: round(performance.now() - connectStart) })
  const go = await command('go')
  const start = performance.now()
  for (let i = 0; i < clients.length; i++) write(i)
  await sleep(start + go.warmupMs - performance.now())
  const cpuBefore = process.cpuUsage()
  windowStart = performance.now()
  send({ type: 'window-start' })
  await sleep(windowStart + go.measureMs - performance.now())
  windowEnd = performance.now()
  send({ type: 'window-end' })
  const cpu = process.cpuUsage(cpuBefore)
  stopped = true
  await waitUntil(() => inFlight.size === 0, DRAIN_MS)
  const undelivered = [...inFlight.values()].reduce((n, w) => n + w.remaining, 0)
  for (const t of stallTimers.values()) clearTimeout(t)
  // Let late arrivals (of writes already given up on) settle before comparing counts.
  await sleep(200)
  let mismatches = 0
  for (const c of clients) if (core.getAnnotationsMap(c.doc).size !== sentPerRoom[c.room]) mismatches++
  const broadcastChannels = clients.filter((c) => c.bcConnected()).length
  closesCounting = false

  const seconds = (windowEnd - windowStart) / 1000
  const sorted = Float64Array.from(latencies).sort()
  const at = (p: number) =>
    sorted.length === 0
      ? Number.NaN
      : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
  const result: LoadResult = {
    measuredSeconds: round(seconds, 2),
    writes,
    deliveries,
    latencyMs: {
      p50: round(at(50), 2),
      p90: round(at(90), 2),
      p99: round(at(99), 2),
      max: round(sorted.length ? sorted[sorted.length - 1]! : Number.NaN, 2),
      mean: round(latencies.reduce((a, b) => a + b, 0) / latencies.length, 2),
    },
    stalled,
    undelivered,
    mismatches,
    closes: [...closes],
    broadcastChannels,
    cpuPercent: round(((cpu.user + cpu.system) / 1000 / (windowEnd - windowStart)) * 100),
  }
  for (const c of clients) c.destroy()
  process.send?.({ type: 'result', result } satisfies LoadMessage, () => process.exit(0))
}

// ---------------------------------------------------------------------------------------------------------
// The parent: starts each server, checks it, drives the load generator, reads the server's /proc.

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

/** utime + stime of `pid`, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may hold spaces) start at field 3 (state); utime is field 14.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK
}

/** VmRSS and VmHWM of `pid`, in MiB. */
function memory(pid: number): { rssMb: number; peakRssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN)
  return { rssMb: round(kb('VmRSS') / 1024), peakRssMb: round(kb('VmHWM') / 1024) }
}

/** On-CPU time and time spent runnable but waiting for a CPU (run queue) of `pid`'s main thread, in s. */
function schedstat(pid: number): { onCpu: number; waiting: number } {
  const [onCpu, waiting] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8')
    .trim()
    .split(' ')
    .map(Number)
  return { onCpu: onCpu! / 1e9, waiting: waiting! / 1e9 }
}

/** Main-thread shares of the window: on a CPU, and runnable but waiting for one (another process had it). */
function threadShares(
  before: { onCpu: number; waiting: number },
  after: { onCpu: number; waiting: number },
  seconds: number,
): { onCpuPercent: number; waitingForCpuPercent: number } {
  return {
    onCpuPercent: round(((after.onCpu - before.onCpu) / seconds) * 100),
    waitingForCpuPercent: round(((after.waiting - before.waiting) / seconds) * 100),
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const address = s.address()
      const port = typeof address === 'object' && address ? address.port : 0
      s.close(() => resolve(port))
    })
  })
}

function onceMessage<T extends { type: string }>(child: ChildProcess, type: T['type']): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: T) => {
      if (m.type === 'error') {
        cleanup()
        reject(new Error((m as unknown as { message: string }).message))
      }
      if (m.type !== type) return
      cleanup()
      resolve(m)
    }
    const onExit = (code: number | null) => {
      cleanup()
      reject(new Error(`child ${child.pid} exited (${code}) while waiting for "${type}"`))
    }
    const cleanup = () => {
      child.off('message', onMessage)
      child.off('exit', onExit)
    }
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

interface StartedChild {
  child: ChildProcess
  /** Websocket base URL the clients use (the room is appended). */
  wsUrl: string
  httpUrl: string
  close(): Promise<void>
}

async function stopChild(child: ChildProcess, graceful: () => void): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  graceful()
  const kill = setTimeout(() => child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(kill)
}

function execArgv(kind: ServerKind): string[] {
  // Every server runs with the V8 setting the project's `pnpm start` uses (a larger young generation:
  // fewer scavenges), the references too, so that the comparison is of the servers, not of the flags.
  // `--semi-space 0` leaves Node's default.
  const semiSpace = Number(args['semi-space'])
  const base = [...process.execArgv, ...(semiSpace > 0 ? [`--max-semi-space-size=${semiSpace}`] : [])]
  if (!args['cpu-prof']) return base
  // One folder per server: V8 writes a profile per thread (tsx's loader runs in a worker thread of its
  // own); the server's is the largest file.
  const dir = join(PROFILE_DIR, kind)
  mkdirSync(dir, { recursive: true })
  return [...base, '--cpu-prof', '--cpu-prof-dir', dir]
}

async function startAttrib(dataDir: string, secret: string): Promise<StartedChild> {
  const dir = args['attrib-dir']
  const child = fork(
    import.meta.filename,
    ['--role', 'serve-attrib', ...(dir ? ['--attrib-dir', dir] : [])],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: {
        ...process.env,
        BENCH_DATA_DIR: dataDir,
        BENCH_AUTH_SECRET: secret,
        BENCH_NO_AUDIT: args['no-audit'] ? '1' : '0',
      },
      execArgv: execArgv('attrib'),
    },
  )
  const { port } = await onceMessage<ServeMessage>(child, 'ready')
  return {
    child,
    wsUrl: `ws://127.0.0.1:${port}/yjs`,
    httpUrl: `http://127.0.0.1:${port}`,
    close: () => stopChild(child, () => child.send({ type: 'close' })),
  }
}

async function startHocuspocus(): Promise<StartedChild> {
  const child = fork(import.meta.filename, ['--role', 'serve-hocuspocus'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: execArgv('hocuspocus'),
  })
  const { port } = await onceMessage<ServeMessage>(child, 'ready')
  return {
    child,
    wsUrl: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    close: () => stopChild(child, () => child.send({ type: 'close' })),
  }
}

/** @y/websocket-server's own entry (its `bin`), from node_modules, on a free port; no persistence. */
async function startYWebsocketServer(): Promise<StartedChild> {
  const pkgPath = join(ROOT, 'node_modules', '@y', 'websocket-server', 'package.json')
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string; bin: Record<string, string> }
  if (pkg.version !== '0.1.1') throw new Error(`expected @y/websocket-server 0.1.1, found ${pkg.version}`)
  const entry = join(dirname(pkgPath), pkg.bin['y-websocket-server']!)
  const port = await freePort()
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: String(port) }
  delete env.YPERSISTENCE
  delete env.CALLBACK_URL
  const child = fork(entry, [], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env,
    execArgv: execArgv('y-websocket-server'),
  })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk
      if (output.includes('running at')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`y-websocket-server exited (${code}): ${output}`)))
  })
  return {
    child,
    wsUrl: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    close: () => stopChild(child, () => child.kill('SIGTERM')),
  }
}

/** The project's server's `attrib_updates_total` (client updates stored) and `attrib_store_rows_total`. */
async function storedUpdates(httpUrl: string): Promise<{ updates: number; rows: number }> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text()
  const read = (name: string) =>
    Number(new RegExp(`^${name} (\\d+(?:\\.\\d+)?)`, 'm').exec(text)?.[1] ?? Number.NaN)
  return { updates: read('attrib_updates_total'), rows: read('attrib_store_rows_total') }
}

/** The startup checks of the project's server: auth is really on. Returns what was observed. */
async function checkAuth(started: StartedChild, schema: number): Promise<string> {
  const { WebSocket } = await import('ws')
  const code = await new Promise<number>((resolve, reject) => {
    const ws = new WebSocket(`${started.wsUrl}/${roomName(0)}?schema=${schema}`)
    ws.on('close', (c) => resolve(c))
    ws.on('error', reject)
    setTimeout(() => reject(new Error('no close within 5 s for a client without a token')), 5000).unref()
  })
  if (code !== 4401) throw new Error(`a websocket without a token was not refused with 4401 (got ${code})`)
  const http = await fetch(`${started.httpUrl}/api/articles`)
  if (http.status !== 401)
    throw new Error(`GET /api/articles without a token answered ${http.status}, not 401`)
  return `a websocket without a token was closed with ${code}; GET /api/articles without a token: ${http.status}`
}

interface ServerResult {
  server: ServerKind
  /** 1-based; with `--rounds N` the servers take turns N times. */
  round: number
  version: string
  load: LoadResult
  serverCpu: {
    seconds: number
    /** % of one core over the window. */
    percent: number
    /** CPU per write, in µs. */
    perWriteUs: number
  }
  memory: { rssMb: number; peakRssMb: number }
  /** The main threads of the server and of the clients' process over the window (/proc/<pid>/schedstat). */
  mainThreads: {
    server: { onCpuPercent: number; waitingForCpuPercent: number }
    clients: { onCpuPercent: number; waitingForCpuPercent: number }
  }
  loadAverageAtStart: number[]
  /** attrib only: client updates the server stored during the window (`attrib_updates_total`). */
  storedUpdates: number | null
  /** attrib only: rows it appended for them (`attrib_store_rows_total`; one per room and turn). */
  storedRows: number | null
  delivered: { perSecond: number }
  writesPerSecond: number
  connectMs: number
  checks: string[]
}

function packageVersion(name: string): string {
  return (
    JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }
  ).version
}

async function runServer(kind: ServerKind, turn: number, texts: string[]): Promise<ServerResult> {
  const { mintToken, verifyToken } = await attribServer()
  const { SCHEMA_VERSION } = await import('@attrib/core')
  const dataDir = mkdtempSync(join(tmpdir(), 'attrib-bench-servers-'))
  const secret = randomBytes(32).toString('base64url')
  const checks: string[] = []
  let started: StartedChild | undefined
  let load: ChildProcess | undefined
  try {
    let token: string | null = null
    if (kind === 'attrib') {
      started = await startAttrib(dataDir, secret)
      checks.push(await checkAuth(started, SCHEMA_VERSION))
      // The clients' token and the one creating the articles: minted with the project's own function.
      token = await mintToken(secret, { name: 'bench', role: 'annotator', expiresIn: '1h' })
      await verifyToken(secret, token)
      for (let r = 0; r < ROOMS; r++) {
        const response = await fetch(`${started.httpUrl}/api/articles`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            id: roomName(r),
            title: `Benchmark article ${r}`,
            text: texts[r],
            format: 'text',
          }),
        })
        if (response.status !== 201)
          throw new Error(`creating ${roomName(r)}: ${response.status} ${await response.text()}`)
      }
      checks.push(`${ROOMS} articles created over HTTP with a minted annotator token`)
    } else if (kind === 'hocuspocus') {
      started = await startHocuspocus()
    } else {
      started = await startYWebsocketServer()
    }
    const pid = started.child.pid!

    load = fork(import.meta.filename, ['--role', 'load'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    const connected = onceMessage<Extract<LoadMessage, { type: 'connected' }>>(load, 'connected')
    load.send({
      type: 'connect',
      kind,
      url: started.wsUrl,
      token,
      schema: SCHEMA_VERSION,
      texts,
      rooms: ROOMS,
      clients: CLIENTS,
    } satisfies LoadCommand)
    const { connectMs } = await connected

    const windowStart = onceMessage(load, 'window-start')
    const windowEnd = onceMessage(load, 'window-end')
    const result = onceMessage<Extract<LoadMessage, { type: 'result' }>>(load, 'result')
    load.send({
      type: 'go',
      warmupMs: WARMUP_SECONDS * 1000,
      measureMs: SECONDS * 1000,
    } satisfies LoadCommand)
    const loadAverageAtStart = loadavg().map((x) => round(x, 2))
    await windowStart
    const cpuBefore = cpuSeconds(pid)
    const serverSchedBefore = schedstat(pid)
    const clientsSchedBefore = schedstat(load.pid!)
    const storedBefore = kind === 'attrib' ? await storedUpdates(started.httpUrl) : null
    await windowEnd
    const cpuAfter = cpuSeconds(pid)
    const serverSchedAfter = schedstat(pid)
    const clientsSchedAfter = schedstat(load.pid!)
    const mem = memory(pid)
    const storedAfter = kind === 'attrib' ? await storedUpdates(started.httpUrl) : null
    const loadResult = (await result).result
    const seconds = loadResult.measuredSeconds
    const cpu = cpuAfter - cpuBefore
    return {
      server: kind,
      round: turn,
      version:
        kind === 'attrib'
          ? 'workspace'
          : packageVersion(kind === 'hocuspocus' ? '@hocuspocus/server' : '@y/websocket-server'),
      load: loadResult,
      serverCpu: {
        seconds: round(cpu, 2),
        percent: round((cpu / seconds) * 100),
        perWriteUs: round((cpu / loadResult.writes) * 1e6, 0),
      },
      memory: mem,
      mainThreads: {
        server: threadShares(serverSchedBefore, serverSchedAfter, seconds),
        clients: threadShares(clientsSchedBefore, clientsSchedAfter, seconds),
      },
      loadAverageAtStart,
      storedUpdates: storedBefore && storedAfter ? storedAfter.updates - storedBefore.updates : null,
      storedRows: storedBefore && storedAfter ? storedAfter.rows - storedBefore.rows : null,
      delivered: { perSecond: round(loadResult.deliveries / seconds, 0) },
      writesPerSecond: round(loadResult.writes / seconds, 0),
      connectMs,
      checks,
    }
  } finally {
    if (load && load.exitCode === null) await stopChild(load, () => load!.kill('SIGTERM'))
    await started?.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

function markdownTable(results: ServerResult[]): string {
  const rows: [string, (r: ServerResult) => string | number][] = [
    ['**delivered updates / s**', (r) => `**${r.delivered.perSecond}**`],
    ['writes / s', (r) => r.writesPerSecond],
    ['**latency p50 (ms)**', (r) => `**${r.load.latencyMs.p50}**`],
    ['latency p90 (ms)', (r) => r.load.latencyMs.p90],
    ['**latency p99 (ms)**', (r) => `**${r.load.latencyMs.p99}**`],
    ['latency max (ms)', (r) => r.load.latencyMs.max],
    ['**server CPU per write (µs)**', (r) => `**${r.serverCpu.perWriteUs}**`],
    ['server CPU (% of one core)', (r) => r.serverCpu.percent],
    [
      "server's main thread: on CPU / waiting for a CPU (%)",
      (r) => `${r.mainThreads.server.onCpuPercent} / ${r.mainThreads.server.waitingForCpuPercent}`,
    ],
    ['server RSS at end / peak (MiB)', (r) => `${r.memory.rssMb} / ${r.memory.peakRssMb}`],
    ["clients' process CPU (% of one core)", (r) => r.load.cpuPercent],
    [
      "clients' main thread: on CPU / waiting for a CPU (%)",
      (r) => `${r.mainThreads.clients.onCpuPercent} / ${r.mainThreads.clients.waitingForCpuPercent}`,
    ],
    ['writes in the window', (r) => r.load.writes],
    ['updates stored by the server in the window', (r) => r.storedUpdates ?? '–'],
    ['rows it appended for them', (r) => r.storedRows ?? '–'],
    [
      'stalled / undelivered / mismatched clients',
      (r) => `${r.load.stalled} / ${r.load.undelivered} / ${r.load.mismatches}`,
    ],
    ['websocket closes during the run', (r) => r.load.closes.length],
    ['load average (1 min) at the start', (r) => r.loadAverageAtStart[0]!],
  ]
  const header = [
    '',
    ...results.map(
      (r) =>
        `${r.server}${r.version === 'workspace' ? '' : ` ${r.version}`}${ROUNDS > 1 ? ` #${r.round}` : ''}`,
    ),
  ]
  const body = rows.map(([name, value]) => [name, ...results.map((r) => String(value(r)))])
  const widths = header.map((h, i) => Math.max(3, h.length, ...body.map((row) => row[i]!.length)))
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`
  const rule = `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`
  return [line(header), rule, ...body.map(line)].join('\n')
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Per server, the median over the rounds of the three figures the targets are about. */
interface Headline {
  server: ServerKind
  deliveredPerSecond: number
  p99Ms: number
  cpuPerWriteUs: number
}

function headlines(results: ServerResult[]): Headline[] {
  return KINDS.map((server) => {
    const mine = results.filter((r) => r.server === server)
    return {
      server,
      deliveredPerSecond: round(median(mine.map((r) => r.delivered.perSecond)), 0),
      p99Ms: round(median(mine.map((r) => r.load.latencyMs.p99)), 2),
      cpuPerWriteUs: round(median(mine.map((r) => r.serverCpu.perWriteUs)), 0),
    }
  })
}

/** The project's targets, read against the references measured in the same run (medians over rounds). */
function verdicts(heads: Headline[]): string[] {
  const attrib = heads.find((r) => r.server === 'attrib')
  const yws = heads.find((r) => r.server === 'y-websocket-server')
  const refs = heads.filter((r) => r.server !== 'attrib')
  if (!attrib || refs.length === 0) return []
  const out: string[] = []
  const best = refs.reduce((a, b) => (b.deliveredPerSecond > a.deliveredPerSecond ? b : a))
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED')
  out.push(
    `delivered updates/s ≥ the better reference (${best.server} ${best.deliveredPerSecond}): ` +
      `${attrib.deliveredPerSecond} — ${met(attrib.deliveredPerSecond >= best.deliveredPerSecond)}`,
  )
  if (yws) {
    out.push(
      `server CPU per write ≤ y-websocket-server's (${yws.cpuPerWriteUs} µs): ` +
        `${attrib.cpuPerWriteUs} µs — ${met(attrib.cpuPerWriteUs <= yws.cpuPerWriteUs)}`,
    )
    out.push(
      `p99 ≤ y-websocket-server's (${yws.p99Ms} ms): ${attrib.p99Ms} ms — ${met(attrib.p99Ms <= yws.p99Ms)}`,
    )
  }
  return out
}

async function main(): Promise<void> {
  setTimeout(
    () => {
      console.error('servers bench: still running after 5 min per server and round; giving up')
      process.exit(2)
    },
    KINDS.length * ROUNDS * 5 * 60_000,
  ).unref()
  const date = `${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC`
  const cores = cpus().length
  const loadAtStart = loadavg().map((x) => round(x, 2))
  console.error(
    `servers bench: ${KINDS.join(', ')}; ${ROOMS} rooms × ${CLIENTS} clients, closed loop, ` +
      `${SECONDS} s measured after ${WARMUP_SECONDS} s warm-up; ${cores} cores, load ${loadAtStart.join(' ')}`,
  )
  const pool = seedSentences()
  const texts = Array.from({ length: ROOMS }, (_, r) => articleText(pool, r))
  const results: ServerResult[] = []
  for (let turn = 1; turn <= ROUNDS; turn++)
    for (const kind of KINDS) {
      const t = performance.now()
      const result = await runServer(kind, turn, texts)
      results.push(result)
      for (const check of result.checks) console.error(`servers bench: ${kind}: check: ${check}`)
      console.error(
        `servers bench: ${kind} done in ${((performance.now() - t) / 1000).toFixed(1)} s: ` +
          `${result.delivered.perSecond} deliveries/s, p50 ${result.load.latencyMs.p50} ms, ` +
          `p99 ${result.load.latencyMs.p99} ms, ${result.serverCpu.perWriteUs} µs CPU/write`,
      )
    }
  const notes: string[] = []
  const contended = results.filter(
    (r) =>
      r.mainThreads.server.waitingForCpuPercent >= 10 || r.mainThreads.clients.waitingForCpuPercent >= 10,
  )
  if (contended.length > 0)
    notes.push(
      `CPU contention: in ${contended.length} of ${results.length} measurements the server's or the clients' ` +
        'main thread spent 10 % or more of the window runnable but waiting for a CPU (other processes on ' +
        `this ${cores}-core machine, or the other side of the benchmark); figures there are lower bounds.`,
    )
  const saturated = results.filter((r) => r.load.cpuPercent >= 85)
  if (saturated.length > 0)
    notes.push(
      `The clients' process (one Node thread, ${ROOMS * CLIENTS} clients) ran at ` +
        `${saturated.map((r) => `${r.load.cpuPercent} %`).join(', ')} of a core (${saturated.map((r) => r.server).join(', ')}): ` +
        `on ${cores} cores the load generator saturates before the server does, so delivered updates/s and ` +
        'latency are bounded by the clients there, not by the server; CPU per write is the server-side figure.',
    )
  const problems = results.filter(
    (r) =>
      r.load.mismatches > 0 ||
      r.load.undelivered > 0 ||
      r.load.closes.length > 0 ||
      r.load.broadcastChannels > 0,
  )
  for (const r of problems)
    notes.push(
      `${r.server}: ${r.load.mismatches} mismatched clients, ${r.load.undelivered} undelivered, ` +
        `closes [${r.load.closes.join(', ')}], ${r.load.broadcastChannels} BroadcastChannels connected`,
    )
  const json = {
    date,
    node: process.version,
    cores,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    clockTicksPerSecond: CLK_TCK,
    loadAverageAtStart: loadAtStart,
    rooms: ROOMS,
    clientsPerRoom: CLIENTS,
    warmupSeconds: WARMUP_SECONDS,
    measuredSeconds: SECONDS,
    command: ['npx tsx bench/servers.bench.ts', ...process.argv.slice(2)].join(' '),
    results,
    medians: headlines(results),
    targets: verdicts(headlines(results)),
    notes,
  }
  console.log(JSON.stringify(json, null, 2))
  console.log()
  console.log(markdownTable(results))
  console.log()
  for (const line of [...json.targets, ...notes]) console.log(`- ${line}`)
  if (args.json) writeFileSync(args.json, `${JSON.stringify(json, null, 2)}\n`)
  if (problems.length > 0) process.exitCode = 1
}

if (args.role === 'serve-attrib') await serveAttrib()
else if (args.role === 'serve-hocuspocus') await serveHocuspocus()
else if (args.role === 'load') await runLoad()
else await main()
