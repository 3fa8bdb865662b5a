import type { Server as HttpServer, IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { canEdit } from '@attrib/core'
import { type RawData, type WebSocket, WebSocketServer } from 'ws'
import type * as Y from 'yjs'
import { ARTICLE_ID, type DocumentStore } from './documentStore'
import { consoleLogger, describeError, type Logger } from './logger'
import { CloseCode } from './protocol'
import {
  type DocumentHookContext,
  Room,
  type RoomConnection,
  type RoomCounters,
  type RoomOptions,
} from './Room'
import type { RoomRelay } from './relay'

/** What `onAuthenticate` and `onConnect` are told about a connection. */
export interface ConnectionContext {
  /** The room's name, which is the article id. */
  room: string
  /** The URL's query parameters (y-websocket's `params`). */
  params: URLSearchParams
  request: IncomingMessage
}

/**
 * What `onAuthenticate` may return besides a boolean: the connection is allowed, with these limits.
 */
export interface ConnectionAccess {
  /** The connection may read and send awareness, but its sync step 2 and updates are dropped. */
  readOnly?: boolean
  /**
   * False: the connection may not do what only a reviewer may (adjudicate, change the review settings;
   * see `reviewerOnlyEdit`); an update that does is refused and the connection closed with
   * {@link CloseCode.Refused}. Default true, so servers without access control are unaffected.
   */
  mayAdjudicate?: boolean
  /**
   * Who the connection is (the token's name). An update of theirs that a room refuses and resets for
   * (a reviewer-only edit, an update that does not apply) bars them from that room for `refusedBarMs`.
   */
  user?: string
}

/**
 * Thrown by `onAuthenticate` to refuse a connection with a specific close code: {@link CloseCode.Unauthorized}
 * (4401, no valid credentials) or {@link CloseCode.Forbidden} (4403, valid but not for this room).
 * y-websocket 3 clients do not reconnect after either.
 */
export class ConnectionRefusedError extends Error {
  override name = 'ConnectionRefusedError'
  constructor(
    readonly code: typeof CloseCode.Unauthorized | typeof CloseCode.Forbidden,
    message: string,
  ) {
    super(message)
  }
}

/** What `onDisconnect` is told. */
export interface DisconnectContext {
  room: string
  params: URLSearchParams
}

/** Options of {@link YServer}. Hooks may be async; a hook that throws is logged, never fatal. */
export interface YServerOptions {
  store: DocumentStore
  /** Record annotation changes in the audit trail (default true; false only to measure its cost). */
  audit?: boolean
  /** Shares rooms with other server processes on the same store (scale-out); none for a single process. */
  relay?: RoomRelay
  /** Told what the rooms store, receive through the relay and repair (for metrics). */
  counters?: RoomCounters
  /**
   * How long a user whose update a room refused and reset for may not open that room again (closed with
   * 4409 at once), so that one client cannot make everyone reconnect over and over. Default 60 s.
   */
  refusedBarMs?: number
  /** With a relay: how long a missing sequence number may stay missing before the store is read. Default 1 s. */
  gapRepairMs?: number
  /** URL path under which rooms live: `${prefix}/<room>`. Default `/yjs`. */
  prefix?: string
  /** Largest frame accepted; bigger ones close the connection with 1009. Default 16 MiB. */
  maxPayload?: number
  /** How long a room without connections stays loaded. Default 30 s. */
  idleMs?: number
  /** A snapshot is written after this many updates (and on unload). Default 500. */
  compactEvery?: number
  /** `onChange` runs at most this long after a change, and at most once per period. Default 500 ms. */
  changeDebounceMs?: number
  /** A connection that does not answer a ping within this time is terminated. Default 30 s. */
  pingIntervalMs?: number
  /**
   * An update that would make a room's document larger than this (estimated from the stored bytes) is
   * refused and its sender closed with {@link CloseCode.DocumentTooLarge}. Default 32 MiB.
   */
  maxDocumentBytes?: number
  /** Messages per second a connection may send on average; more closes it with 4429. Default 200. */
  ratePerSecond?: number
  /** Messages a connection may send at once before the rate applies. Default 400. */
  rateBurst?: number
  /** Open websockets at most; further upgrades are refused with HTTP 503. Default 5000. */
  maxConnections?: number
  /**
   * Origins (`https://host[:port]`) whose pages may open websockets. Unset: only pages served from the
   * same host (the `Host` or `X-Forwarded-Host` header). Requests without `Origin` (non-browser clients)
   * are always allowed; a refused one gets HTTP 403.
   */
  allowedOrigins?: readonly string[]
  logger?: Logger
  /**
   * Decides whether a connection may open a room. Return `false` or throw to refuse it (closed with
   * {@link CloseCode.Unauthorized}, or the code of a thrown {@link ConnectionRefusedError}); return
   * `{ readOnly: true }` to let it read only, `{ mayAdjudicate: false }` to refuse its reviewer-only edits.
   * Default: everyone may read and write.
   */
  onAuthenticate?: (context: ConnectionContext) => AuthenticateResult | Promise<AuthenticateResult>
  /** A connection joined a loaded room. */
  onConnect?: (context: ConnectionContext & { readOnly: boolean }) => void | Promise<void>
  /** A connection that had passed authentication closed. */
  onDisconnect?: (context: DisconnectContext) => void | Promise<void>
  /** A room's document was loaded from the store; changes made here are stored like any other. */
  onLoadDocument?: (context: DocumentHookContext) => void | Promise<void>
  /** A room's document changed (debounced, see `changeDebounceMs`). */
  onChange?: (context: DocumentHookContext) => void | Promise<void>
  /** A room's document was compacted into a snapshot (every `compactEvery` updates and on unload). */
  onStoreDocument?: (context: DocumentHookContext) => void | Promise<void>
  /** The read-model row of a room's document (see `RoomOptions.deriveView`); none by default. */
  deriveView?: RoomOptions['deriveView']
}

/** What `onAuthenticate` returns: `false` refuses; `true`, nothing or a {@link ConnectionAccess} allows. */
export type AuthenticateResult = boolean | undefined | ConnectionAccess

// Frames a connection may send before its room is loaded; a client sends two or three.
const MAX_QUEUED = 1000

/** One websocket and what the server knows about it. */
class Connection implements RoomConnection {
  awarenessClients = new Set<number>()
  room: Room | null = null
  roomName = ''
  params = new URLSearchParams()
  schema = 0
  readOnly = false
  mayAdjudicate = true
  user: string | undefined
  queue: Uint8Array[] | null = []
  alive = true
  closed = false
  authenticated = false
  // Token bucket of the rate limit: refilled by elapsed time, one token per message.
  tokens: number
  refilledAt = performance.now()

  constructor(
    readonly ws: WebSocket,
    readonly request: IncomingMessage,
    private readonly logger: Logger,
    burst: number,
  ) {
    this.tokens = burst
  }

  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return
    // No callback: a failed write errors the socket, which closes the connection and releases it.
    this.ws.send(message)
  }

  close(code: number, reason: string): void {
    if (this.closed) return
    this.closed = true
    if (code >= 4400 && code < 4500)
      this.logger.info('closing a connection', { room: this.roomName, code, reason })
    try {
      this.ws.close(code, closeReason(reason))
    } catch {
      this.ws.terminate()
    }
  }
}

/**
 * A y-websocket protocol server (sync, awareness, query-awareness) on `ws`, one {@link Room} per article.
 * Rooms load from the store before answering sync, persist every update before broadcasting it, and
 * unload after `idleMs` without connections.
 * @example
 * const yserver = new YServer({ store })
 * const detach = yserver.attach(httpServer) // handles upgrades on /yjs/<article id>
 */
export class YServer {
  private readonly wss: WebSocketServer
  private readonly rooms = new Map<string, Room>()
  /** Rooms whose annotators' updates are checked one by one for a while (see RoomOptions.checkEachUntil). */
  private readonly checkEachUntil = new Map<string, number>()
  /** `room NUL user` → until when that user may not open that room (see `refusedBarMs`). */
  private readonly barred = new Map<string, number>()
  private readonly connections = new Set<Connection>()
  private readonly prefix: string
  private readonly logger: Logger
  private readonly pingTimer: ReturnType<typeof setInterval>
  private closing: Promise<void> | null = null

  constructor(private readonly options: YServerOptions) {
    this.prefix = (options.prefix ?? '/yjs').replace(/\/+$/, '')
    this.logger = options.logger ?? consoleLogger
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload ?? 16 * 1024 * 1024 })
    this.pingTimer = setInterval(() => this.ping(), options.pingIntervalMs ?? 30_000)
  }

  /** Handles websocket upgrades of `server` under the prefix. Returns a function that stops it. */
  attach(server: HttpServer): () => void {
    const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (this.handleUpgrade(request, socket, head)) return
      // Nobody else takes upgrades: refuse rather than leave the socket hanging.
      if (server.listenerCount('upgrade') === 1) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
      }
    }
    server.on('upgrade', onUpgrade)
    return () => {
      server.off('upgrade', onUpgrade)
    }
  }

  /** Completes the upgrade if `request` is for a room; returns false (and does nothing) otherwise. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const path = (request.url ?? '').split('?')[0]!
    if (!path.startsWith(`${this.prefix}/`)) return false
    socket.on('error', () => {})
    if (this.closing || this.connections.size >= (this.options.maxConnections ?? 5000)) {
      // Refused before the handshake, so it costs no websocket; y-websocket clients retry with back-off.
      socket.end('HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nConnection: close\r\n\r\n')
      return true
    }
    if (!this.originAllowed(request)) {
      // Browsers let any page open a websocket anywhere and send its Origin; this stops a foreign page
      // from editing articles with the rights of a user who visits it.
      this.logger.info('refused a websocket from a foreign origin', { origin: request.headers.origin })
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      return true
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.handleConnection(ws, request))
    return true
  }

  /** Serves an already upgraded websocket whose request URL is `${prefix}/<room>?<params>`. */
  handleConnection(ws: WebSocket, request: IncomingMessage): void {
    const connection = new Connection(ws, request, this.logger, this.options.rateBurst ?? 400)
    this.connections.add(connection)
    // Without an 'error' listener, a protocol error (e.g. a frame over maxPayload) would crash the process.
    ws.on('error', (error) => this.logger.info('websocket error', { error: describeError(error) }))
    ws.on('pong', () => {
      connection.alive = true
    })
    ws.on('message', (data, isBinary) => this.onMessage(connection, data, isBinary))
    ws.on('close', () => this.onClose(connection))
    if (this.closing) {
      connection.close(CloseCode.GoingAway, 'server closing')
      return
    }
    this.setUp(connection).catch((e) => {
      this.logger.error('setting up a connection failed', { error: describeError(e) })
      connection.close(CloseCode.InternalError, 'could not open the room')
    })
  }

  /** The document of a loaded room, if the room is live. */
  getDocument(room: string): Y.Doc | undefined {
    const r = this.rooms.get(room)
    return r && r.state === 'live' ? r.doc : undefined
  }

  /** Bars `user` from room `name` for `refusedBarMs` (nothing for a connection without a user). */
  private bar(name: string, user: string | undefined): void {
    if (user === undefined) return
    const now = Date.now()
    // Expired entries go when a new one comes, so the map holds only recent refusals.
    for (const [key, until] of this.barred) if (until <= now) this.barred.delete(key)
    const ms = this.options.refusedBarMs ?? 60_000
    this.barred.set(`${name}\0${user}`, now + ms)
    // With several processes, the others turn the user away too.
    this.options.relay?.bar?.(name, user, ms)
  }

  /** How many more milliseconds `user` is barred from room `name` here or in another process (0: not barred). */
  private async barredFor(name: string, user: string | undefined): Promise<number> {
    if (user === undefined) return 0
    const here = Math.max(0, (this.barred.get(`${name}\0${user}`) ?? 0) - Date.now())
    if (here > 0 || !this.options.relay?.barredFor) return here
    try {
      return await this.options.relay.barredFor(name, user)
    } catch (e) {
      // Redis away: the process's own bars still hold; nobody is turned away on a guess.
      this.logger.warn('could not read bars from the relay', { room: name, error: describeError(e) })
      return 0
    }
  }

  /**
   * Unloads room `name`, if loaded: its connections are closed with `code` and `reason` (a deleted article's
   * with 4404, so clients stop reconnecting and say why), and what it holds is stored as on an idle unload.
   */
  closeRoom(name: string, code: number, reason: string): Promise<void> {
    return this.rooms.get(name)?.close(code, reason) ?? Promise.resolve()
  }

  /** Names of the rooms currently loaded (or loading). */
  roomNames(): string[] {
    return [...this.rooms.keys()]
  }

  /** Number of open websocket connections. */
  get connectionCount(): number {
    return this.connections.size
  }

  /**
   * Closes every connection (1001), stores a snapshot of every room and stops the timers.
   * Resolves when the rooms are stored and the sockets closed.
   */
  close(): Promise<void> {
    if (this.closing) return this.closing
    clearInterval(this.pingTimer)
    const sockets = [...this.connections].map((c) => c.ws)
    for (const connection of this.connections) connection.close(CloseCode.GoingAway, 'server closing')
    const rooms = [...this.rooms.values()].map((room) => room.close(CloseCode.GoingAway, 'server closing'))
    this.closing = Promise.all([...rooms, ...sockets.map(closed)]).then(() => {
      this.wss.close()
    })
    return this.closing
  }

  private async setUp(connection: Connection): Promise<void> {
    const url = new URL(connection.request.url ?? '/', 'http://localhost')
    connection.params = url.searchParams
    // The name comes from the raw path: `URL` would resolve `/yjs/../x` to `/x`. Whatever is not an
    // article id (`..`, `/`, `%2F`, NUL, overlong, bad escapes) is refused before any hook sees it.
    const name = roomName((connection.request.url ?? '').split('?')[0]!.slice(this.prefix.length + 1))
    if (name === null) {
      connection.close(CloseCode.BadMessage, 'bad room name')
      return
    }
    connection.roomName = name
    const schema = url.searchParams.get('schema')
    // A client that does not say which schema it knows is treated as version 0: it may edit only
    // documents without a schema version. Old clients predate the parameter, and guessing "current"
    // would let them delete nodes they cannot build.
    if (schema !== null && !/^\d{1,9}$/.test(schema)) {
      connection.close(CloseCode.BadMessage, 'schema must be a non-negative integer')
      return
    }
    connection.schema = schema === null ? 0 : Number(schema)
    const context: ConnectionContext = { room: name, params: url.searchParams, request: connection.request }
    if (this.options.onAuthenticate) {
      let allowed: AuthenticateResult
      try {
        allowed = await this.options.onAuthenticate(context)
      } catch (e) {
        this.logger.info('onAuthenticate refused a connection', { room: name, error: describeError(e) })
        if (e instanceof ConnectionRefusedError) {
          connection.close(e.code, e.message)
          return
        }
        allowed = false
      }
      if (allowed === false) {
        connection.close(CloseCode.Unauthorized, 'unauthorized')
        return
      }
      if (typeof allowed === 'object') {
        if (allowed.readOnly) connection.readOnly = true
        if (allowed.mayAdjudicate === false) connection.mayAdjudicate = false
        connection.user = allowed.user
      }
    }
    if (connection.closed) return
    const barredFor = await this.barredFor(name, connection.user)
    if (connection.closed) return
    if (barredFor > 0) {
      connection.close(
        CloseCode.Refused,
        `an update of yours was refused in this article; try again in ${Math.ceil(barredFor / 1000)} s`,
      )
      return
    }
    connection.authenticated = true
    if (!(await this.options.store.getArticleRow(name))) {
      connection.close(CloseCode.NotFound, 'no such article')
      return
    }
    let room = this.rooms.get(name)
    if (!room) {
      room = new Room(name, {
        store: this.options.store,
        relay: this.options.relay,
        gapRepairMs: this.options.gapRepairMs,
        checkEachUntil: this.checkEachUntil,
        counters: this.options.counters,
        onRefused: (connection) => this.bar(name, connection.user),
        logger: this.logger,
        idleMs: this.options.idleMs ?? 30_000,
        compactEvery: this.options.compactEvery ?? 500,
        changeDebounceMs: this.options.changeDebounceMs ?? 500,
        maxDocumentBytes: this.options.maxDocumentBytes ?? 32 * 1024 * 1024,
        onLoadDocument: this.options.onLoadDocument,
        onChange: this.options.onChange,
        onStoreDocument: this.options.onStoreDocument,
        deriveView: this.options.deriveView,
        audit: this.options.audit,
        onClosed: (r) => {
          if (this.rooms.get(r.name) === r) this.rooms.delete(r.name)
        },
      })
      // A room that failed to load has already removed itself; don't keep it in the map then.
      if (room.state !== 'closed') this.rooms.set(name, room)
    }
    room.acquire()
    connection.room = room
    try {
      await room.ready
    } catch {
      connection.close(CloseCode.InternalError, 'could not load the document')
      return
    }
    if (connection.closed) return
    room.join(connection)
    const queued = connection.queue ?? []
    connection.queue = null
    for (const data of queued) {
      if (connection.closed) break
      room.receive(connection, data)
    }
    if (connection.closed) return
    await this.options.onConnect?.({
      ...context,
      readOnly: connection.readOnly || !canEdit(room.doc, connection.schema),
    })
  }

  private onMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    connection.alive = true
    if (connection.closed) return
    if (!isBinary) {
      connection.close(CloseCode.BadMessage, 'text frames are not part of the protocol')
      return
    }
    if (!this.takeToken(connection)) {
      connection.close(CloseCode.RateLimited, 'too many messages, slow down')
      return
    }
    const bytes = toBytes(data)
    if (connection.queue) {
      if (connection.queue.length >= MAX_QUEUED) connection.close(CloseCode.BadMessage, 'too many messages')
      else connection.queue.push(bytes)
      return
    }
    connection.room?.receive(connection, bytes)
  }

  private onClose(connection: Connection): void {
    connection.closed = true
    this.connections.delete(connection)
    connection.room?.release(connection)
    connection.room = null
    if (connection.authenticated && this.options.onDisconnect) {
      const context = { room: connection.roomName, params: connection.params }
      Promise.resolve()
        .then(() => this.options.onDisconnect?.(context))
        .catch((e) => this.logger.error('onDisconnect failed', { error: describeError(e) }))
    }
  }

  /** Takes one message's token from the connection's bucket; false when it is empty. */
  private takeToken(connection: Connection): boolean {
    const rate = this.options.ratePerSecond ?? 200
    const burst = this.options.rateBurst ?? 400
    const now = performance.now()
    connection.tokens = Math.min(burst, connection.tokens + ((now - connection.refilledAt) * rate) / 1000)
    connection.refilledAt = now
    if (connection.tokens < 1) return false
    connection.tokens--
    return true
  }

  /** Whether the request's `Origin` (if any) is allowed; see {@link YServerOptions.allowedOrigins}. */
  private originAllowed(request: IncomingMessage): boolean {
    const origin = request.headers.origin
    if (origin === undefined) return true
    if (this.options.allowedOrigins) return this.options.allowedOrigins.includes(origin)
    let host: string
    try {
      host = new URL(origin).host
    } catch {
      return false // "null" (sandboxed frames, file: pages) and garbage
    }
    const forwarded = request.headers['x-forwarded-host']
    const hosts = [request.headers.host, ...(typeof forwarded === 'string' ? forwarded.split(',') : [])]
    return hosts.some((h) => h !== undefined && h.trim().toLowerCase() === host)
  }

  private ping(): void {
    for (const connection of this.connections) {
      if (!connection.alive) {
        // No pong since the last ping: the peer is gone without a close frame (sleep, network loss).
        connection.ws.terminate()
        continue
      }
      connection.alive = false
      try {
        connection.ws.ping()
      } catch {
        connection.ws.terminate()
      }
    }
  }
}

/** The article id in a raw (still percent-encoded) path segment, or null unless it is a valid one. */
function roomName(segment: string): string | null {
  if (segment.includes('/')) return null
  let name: string
  try {
    name = decodeURIComponent(segment)
  } catch {
    return null
  }
  return ARTICLE_ID.test(name) ? name : null
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

/** A close reason fits in 123 bytes of UTF-8 (RFC 6455); `ws` throws on longer ones. */
function closeReason(reason: string): string {
  let out = reason
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1)
  return out
}

/** Resolves when the socket is closed, terminating it if the peer does not answer the close within 2 s. */
function closed(ws: WebSocket): Promise<void> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => ws.terminate(), 2000)
    ws.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}
