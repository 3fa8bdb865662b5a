import { randomUUID } from 'node:crypto'
import type { RelayListener, RelaySubscription, RoomRelay } from '@attrib/sync'
import { consoleLogger, describeError, type Logger, redactUrl } from '@attrib/sync'
import { Redis } from 'ioredis'

/** Options of {@link RedisRelay.connect}. */
export interface RedisRelayOptions {
  logger?: Logger
  /** Stream key prefix; a room's stream is `<prefix><room>`. Default `attrib:room:`. */
  prefix?: string
  /**
   * Approximate length each room's stream is trimmed to (`XADD MAXLEN ~`). A process that falls further
   * behind than this notices the gap in sequence numbers and reads the store instead. Default 10,000.
   */
  maxLen?: number
  /** How long one blocking read waits before it starts over. Default 5 s. */
  blockMs?: number
  /** Key of the stream that announces changed articles to every process. Default `attrib:changes`. */
  changesKey?: string
  /** Prefix of the keys that bar a user from a room (`<barPrefix><room>:<user>`). Default `attrib:bar:`. */
  barPrefix?: string
}

/** A stream this process reads, and the id of the last entry read (`0-0` for the beginning). */
interface Stream {
  key: string
  lastId: string
}

interface Subscribed extends Stream {
  listener: RelayListener
}

/**
 * Shares rooms between server processes through Redis Streams: one stream per room, every process appends
 * the updates it has stored (with their sequence numbers) and its connections' awareness changes, and
 * reads the streams of the rooms it has loaded with one blocking `XREAD`. Streams rather than pub/sub, so a
 * process that was busy or briefly disconnected reads on from the last id it saw instead of missing
 * messages; what was trimmed away shows up as a gap in sequence numbers, which the room repairs from the
 * store.
 * @example
 * const relay = await RedisRelay.connect('redis://127.0.0.1:6379')
 * createServer({ store: await PgStore.open(url), relay })
 */
export class RedisRelay implements RoomRelay {
  /** Tells this process's own stream entries apart from the others'. */
  readonly processId = randomUUID()
  private readonly rooms = new Map<string, Subscribed>()
  private readonly logger: Logger
  private readonly prefix: string
  private readonly maxLen: number
  private readonly blockMs: number
  private readonly changes: Stream
  private readonly changeListeners = new Set<(id: string) => void>()
  private readonly barPrefix: string
  private readerId: number | null = null
  private reading = false
  private closed = false
  private loop: Promise<void> | null = null

  private constructor(
    private readonly writer: Redis,
    private readonly reader: Redis,
    options: RedisRelayOptions,
  ) {
    this.logger = options.logger ?? consoleLogger
    this.prefix = options.prefix ?? 'attrib:room:'
    this.maxLen = options.maxLen ?? 10_000
    this.blockMs = options.blockMs ?? 5000
    this.barPrefix = options.barPrefix ?? 'attrib:bar:'
    this.changes = { key: options.changesKey ?? 'attrib:changes', lastId: '$' }
    // A reconnected reader is a new Redis client with a new id, which `wake` needs to unblock it.
    reader.on('ready', () => {
      this.refreshReaderId()
    })
    for (const [name, client] of [
      ['writer', writer],
      ['reader', reader],
    ] as const)
      client.on('error', (e: unknown) => {
        if (!this.closed)
          this.logger.warn('redis connection error', { connection: name, error: describeError(e) })
      })
  }

  /** Connects to `url` (two connections: one for writes, one for the blocking reads) and starts reading. */
  static async connect(url: string, options: RedisRelayOptions = {}): Promise<RedisRelay> {
    const make = () => new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null })
    const writer = make()
    const reader = make()
    try {
      await Promise.all([writer.connect(), reader.connect()])
    } catch (e) {
      writer.disconnect()
      reader.disconnect()
      throw new Error(`could not connect to Redis at ${redactUrl(url)}: ${describeError(e)}`)
    }
    const relay = new RedisRelay(writer, reader, options)
    await relay.refreshReaderId()
    relay.changes.lastId = await relay.newestId(relay.changes.key)
    relay.loop = relay.readLoop()
    return relay
  }

  async subscribe(room: string, listener: RelayListener): Promise<RelaySubscription> {
    if (this.closed) throw new Error('RedisRelay: closed')
    const key = this.prefix + room
    // Start after the newest entry: what is older is in the store, which the room reads next.
    const entry: Subscribed = { key, listener, lastId: await this.newestId(key) }
    this.rooms.set(room, entry)
    this.wake()
    const add = (fields: (string | Buffer)[]) =>
      this.writer
        .xadd(key, 'MAXLEN', '~', this.maxLen, '*', 'p', this.processId, ...fields)
        .catch((e: unknown) => {
          this.logger.warn('could not publish to redis', { room, error: describeError(e) })
        })
    let open = true
    return {
      publishUpdates: (firstSeq, updates) => {
        if (!open) return
        updates.forEach((update, i) => {
          add([
            't',
            'u',
            's',
            String(firstSeq + i),
            'd',
            Buffer.from(update.buffer, update.byteOffset, update.byteLength),
          ])
        })
      },
      publishAwareness: (update) => {
        if (!open) return
        add(['t', 'a', 'd', Buffer.from(update.buffer, update.byteOffset, update.byteLength)])
      },
      close: () => {
        open = false
        if (this.rooms.get(room) === entry) {
          this.rooms.delete(room)
          this.wake()
        }
      },
    }
  }

  publishChange(id: string): void {
    if (this.closed) return
    this.writer
      .xadd(this.changes.key, 'MAXLEN', '~', 1000, '*', 'p', this.processId, 'id', id)
      .catch((e: unknown) => {
        this.logger.warn('could not publish to redis', { article: id, error: describeError(e) })
      })
  }

  bar(room: string, user: string, ms: number): void {
    if (this.closed || ms <= 0) return
    this.writer.set(this.barKey(room, user), '1', 'PX', ms).catch((e: unknown) => {
      this.logger.warn('could not publish a bar to redis', { room, error: describeError(e) })
    })
  }

  async barredFor(room: string, user: string): Promise<number> {
    if (this.closed) return 0
    // PTTL: -2 when there is no such key, -1 without expiry (never set here). While Redis is away, ioredis
    // queues commands until it is back; a connection does not wait for that: after 250 ms, not barred.
    let timer: ReturnType<typeof setTimeout> | undefined
    const gaveUp = new Promise<number>((resolve) => {
      timer = setTimeout(() => resolve(-2), 250)
    })
    try {
      const ttl = await Promise.race([this.writer.pttl(this.barKey(room, user)), gaveUp])
      return Math.max(0, ttl)
    } finally {
      clearTimeout(timer)
    }
  }

  private barKey(room: string, user: string): string {
    return `${this.barPrefix}${room}:${Buffer.from(user).toString('base64url')}`
  }

  onChange(listener: (id: string) => void): () => void {
    this.changeListeners.add(listener)
    return () => this.changeListeners.delete(listener)
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.rooms.clear()
    this.wake()
    this.reader.disconnect()
    await this.loop?.catch(() => {})
    await this.writer.quit().catch(() => {})
  }

  /** Id of `key`'s newest entry, `0-0` when the stream is empty or missing. */
  private async newestId(key: string): Promise<string> {
    const newest = (await this.writer.xrevrange(key, '+', '-', 'COUNT', 1)) as [string, string[]][]
    return newest[0]?.[0] ?? '0-0'
  }

  private async refreshReaderId(): Promise<void> {
    try {
      this.readerId = Number(await this.reader.client('ID'))
    } catch {
      this.readerId = null
    }
  }

  /** Makes the read loop start over with the current set of rooms. */
  private wake(): void {
    if (this.reading && this.readerId !== null) this.writer.client('UNBLOCK', this.readerId).catch(() => {})
  }

  private async readLoop(): Promise<void> {
    while (!this.closed) {
      // The changes stream is always read, so the loop blocks on it when no room is loaded.
      const entries: (Stream | Subscribed)[] = [...this.rooms.values(), this.changes]
      let result: unknown
      this.reading = true
      try {
        result = await this.reader.xreadBuffer(
          'COUNT',
          1000,
          'BLOCK',
          this.blockMs,
          'STREAMS',
          ...entries.map((e) => e.key),
          ...entries.map((e) => e.lastId),
        )
      } catch (e) {
        if (this.closed) return
        this.logger.warn('reading from redis failed; retrying', { error: describeError(e) })
        await new Promise((resolve) => setTimeout(resolve, 500))
        continue
      } finally {
        this.reading = false
      }
      if (!result) continue
      const byKey = new Map(entries.map((e) => [e.key, e]))
      for (const [key, items] of result as [Buffer, [Buffer, Buffer[]][]][]) {
        const entry = byKey.get(key.toString())
        if (!entry) continue
        for (const [id, fields] of items) {
          entry.lastId = id.toString()
          if (!('listener' in entry)) {
            this.dispatchChange(fields)
            continue
          }
          // A room closed while this batch was read gets nothing more.
          if (this.rooms.get(roomOf(entry.key, this.prefix)) !== entry) break
          this.dispatch(entry, fields)
        }
      }
    }
  }

  private dispatchChange(fields: Buffer[]): void {
    const field = new Map<string, string>()
    for (let i = 0; i + 1 < fields.length; i += 2) field.set(fields[i]!.toString(), fields[i + 1]!.toString())
    const id = field.get('id')
    if (field.get('p') === this.processId || !id) return
    for (const listener of this.changeListeners)
      try {
        listener(id)
      } catch (e) {
        this.logger.error('a change listener failed', { article: id, error: describeError(e) })
      }
  }

  private dispatch(entry: Subscribed, fields: Buffer[]): void {
    const field = new Map<string, Buffer>()
    for (let i = 0; i + 1 < fields.length; i += 2) field.set(fields[i]!.toString(), fields[i + 1]!)
    if (field.get('p')?.toString() === this.processId) return
    const data = field.get('d')
    if (!data) return
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    try {
      const type = field.get('t')?.toString()
      if (type === 'u') {
        const seq = Number(field.get('s')?.toString())
        if (Number.isSafeInteger(seq) && seq > 0) entry.listener.update(seq, bytes)
      } else if (type === 'a') entry.listener.awareness(bytes)
    } catch (e) {
      this.logger.error('a relayed message failed', { stream: entry.key, error: describeError(e) })
    }
  }
}

function roomOf(key: string, prefix: string): string {
  return key.slice(prefix.length)
}
