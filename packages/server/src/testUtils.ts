import { createServer as createHttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SCHEMA_VERSION } from '@attrib/core'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { silentLogger } from './logger'
import type { DocumentStore } from './store/DocumentStore'
import { MemoryStore } from './store/MemoryStore'
import { YServer, type YServerOptions } from './YServer'

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
export function connectClient(url: string, room: string, schema: number | null = SCHEMA_VERSION): TestClient {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(url, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: schema === null ? {} : { schema: String(schema) },
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
