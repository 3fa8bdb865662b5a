import { type ChildProcess, spawn } from 'node:child_process'
import { createServer as createHttpServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SCHEMA_VERSION } from '@attrib/core'
import type { DocumentStore } from '@attrib/store'
import { MemoryStore } from '@attrib/store'
import { silentLogger, YServer, type YServerOptions } from '@attrib/sync'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

// Test helpers for the server's tests: a real server on port 0 and real y-websocket clients.

/** Polls `check` every 10 ms until it returns (or resolves to) true; throws with `what` after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** A YServer on a plain HTTP server on 127.0.0.1:0. */
export interface TestServer {
  /** Base URL for providers, `ws://127.0.0.1:<port>/yjs`. */
  url: string
  port: number
  yserver: YServer
  store: DocumentStore
  close(): Promise<void>
}

/** Starts a YServer (silent logger, MemoryStore unless given) on a free port. */
export async function startTestServer(options: Partial<YServerOptions> = {}): Promise<TestServer> {
  const store = options.store ?? new MemoryStore()
  const yserver = new YServer({ logger: silentLogger, ...options, store })
  const http = createHttpServer((_req, res) => res.writeHead(404).end())
  const detach = yserver.attach(http)
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const port = (http.address() as AddressInfo).port
  return {
    url: `ws://127.0.0.1:${port}/yjs`,
    port,
    yserver,
    store,
    async close() {
      detach()
      await yserver.close()
      await new Promise((resolve) => http.close(resolve))
    },
  }
}

/** A y-websocket client in Node. */
export interface TestClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Resolves once the provider has synced with the server. */
  synced(): Promise<void>
  destroy(): void
}

/** Connects a y-websocket 3 provider to `room`; `schema` null leaves the parameter out. */
export function connectClient(
  url: string,
  room: string,
  schema: number | null = SCHEMA_VERSION,
  params: Record<string, string> = {},
): TestClient {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(url, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: schema === null ? params : { schema: String(schema), ...params },
  })
  return {
    doc,
    provider,
    synced: () => waitFor(() => provider.synced, `client of ${room} to sync`),
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** A raw `ws` client for sending arbitrary bytes. */
export interface RawClient {
  ws: WebSocket
  /** Every binary message received. */
  received: Uint8Array[]
  opened: Promise<void>
  /** Resolves with the close code. */
  closed: Promise<number>
}

/** Opens a raw websocket to `${url}/${room}?${query}`. */
export function rawClient(url: string, room: string, query = `schema=${SCHEMA_VERSION}`): RawClient {
  const ws = new WebSocket(`${url}/${room}${query ? `?${query}` : ''}`)
  const received: Uint8Array[] = []
  ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)))
  ws.on('error', () => {})
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('close', () => reject(new Error('closed before opening')))
  })
  // Tests that expect a refusal never await `opened`; keep its rejection from counting as unhandled.
  opened.catch(() => {})
  return {
    ws,
    received,
    opened,
    closed: new Promise((resolve) => ws.once('close', (code: number) => resolve(code))),
  }
}

/** What {@link rawUpgrade} saw: the HTTP status, and for a completed upgrade the server's first close code. */
export interface UpgradeResult {
  status: number
  /** The code of the server's close frame, when it closed the socket within the wait (101 only). */
  closeCode?: number
}

/**
 * Sends a websocket upgrade for `path` exactly as given (no URL normalisation, unlike `ws`, which would
 * resolve `..`), with extra `headers` such as `Origin`. After a 101 it reads the server's frames for up to
 * `waitMs` and reports the close code, if any.
 */
export function rawUpgrade(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  waitMs = 1000,
): Promise<UpgradeResult> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      path,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.from('attrib-test-key!').toString('base64'),
        ...headers,
      },
    })
    request.on('error', reject)
    request.on('response', (response) => {
      response.resume()
      resolve({ status: response.statusCode ?? 0 })
    })
    request.on('upgrade', (response, socket, head) => {
      let buffer = Buffer.from(head)
      const done = (closeCode?: number) => {
        clearTimeout(timer)
        socket.destroy()
        resolve({ status: response.statusCode ?? 0, closeCode })
      }
      const timer = setTimeout(() => done(), waitMs)
      const scan = () => {
        // Server frames are unmasked: [FIN|opcode, length (7 bits, or 126 + 16 bits, or 127 + 64 bits), payload].
        while (buffer.length >= 2) {
          const short = buffer[1]! & 0x7f
          const start = short === 126 ? 4 : short === 127 ? 10 : 2
          if (buffer.length < start) return
          const length =
            short === 126 ? buffer.readUInt16BE(2) : short === 127 ? Number(buffer.readBigUInt64BE(2)) : short
          if (buffer.length < start + length) return
          if ((buffer[0]! & 0x0f) === 0x8) return done(length >= 2 ? buffer.readUInt16BE(start) : 1005)
          buffer = buffer.subarray(start + length)
        }
      }
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk])
        scan()
      })
      socket.on('error', () => {})
      socket.on('close', () => done())
      scan()
    })
    request.end()
  })
}

export {
  type PostgresTestServer,
  type RedisTestServer,
  startPostgres,
  startRedis,
} from '@attrib/store/testing'

/** A process started by {@link startProcess}. */
export interface StartedProcess {
  child: ChildProcess
  /** The match of `ready` in the process's stdout. */
  ready: RegExpExecArray
  /** Everything it printed so far, stdout and stderr. */
  output(): string
  exited: Promise<number | null>
}

/**
 * Runs `node <args>` and resolves once its stdout matches `ready`; rejects with its output when it exits
 * first or after `timeoutMs`. `onSpawn` sees the child at once, so a test can kill it even if it never
 * gets ready.
 * @example
 * const server = await startProcess(['--import', 'tsx', 'apps/server/src/main.ts'], { cwd, env, ready: /listening on (\S+)/ })
 */
export async function startProcess(
  args: string[],
  options: {
    cwd: string
    env: NodeJS.ProcessEnv
    ready: RegExp
    timeoutMs?: number
    onSpawn?: (child: ChildProcess) => void
  },
): Promise<StartedProcess> {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  options.onSpawn?.(child)
  let output = ''
  child.stdout!.on('data', (c: Buffer) => {
    output += c.toString()
  })
  child.stderr!.on('data', (c: Buffer) => {
    output += c.toString()
  })
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`not ready after ${options.timeoutMs ?? 20_000} ms:\n${output}`)),
      options.timeoutMs ?? 20_000,
    )
    child.stdout!.on('data', () => {
      const m = options.ready.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(m)
      }
    })
    exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`exited with ${code}:\n${output}`))
    })
  })
  return { child, ready, output: () => output, exited }
}
