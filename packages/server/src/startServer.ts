import { mkdirSync } from 'node:fs'
import { isIP } from 'node:net'
import { join, resolve } from 'node:path'
import {
  DEFAULT_DELETE_RETENTION_MS,
  type DocumentStore,
  SqliteStore,
  type SqliteStoreOptions,
} from '@attrib/store'
import type { RoomRelay } from '@attrib/sync'
import {
  consoleLogger,
  createLogger,
  describeError,
  LOG_FORMATS,
  LOG_LEVELS,
  type LogFormat,
  type Logger,
  type LogLevel,
} from '@attrib/sync'
import { z } from 'zod'
import { MIN_SECRET_LENGTH } from './auth'
import { type AttribServer, createServer, type ServerOptions } from './createServer'
import { ServerMetrics } from './metrics'
import { importSeeds, type SeedResult } from './seeds'

/** Options of {@link startServer}. */
export interface StartServerOptions extends Omit<ServerOptions, 'store' | 'relay'> {
  /** Default 4455; 0 picks a free port. */
  port?: number
  /** Default `0.0.0.0`, so colleagues on the LAN can join. */
  host?: string
  /** Folder of the SQLite store (`attrib.sqlite`); created when missing. Unused with `postgresUrl`. */
  dataDir: string
  /**
   * A PostgreSQL connection string (`postgres://user@host:5432/db`): documents and the catalog live there
   * instead of SQLite, so several server processes can share them.
   */
  postgresUrl?: string
  /**
   * A Redis URL (`redis://host:6379`): rooms share updates and presence with the other server processes
   * on the same Redis and PostgreSQL through Redis Streams (needs `postgresUrl`).
   */
  redisUrl?: string
  /** Articles imported when the catalog is empty (see {@link importSeeds}). */
  seedsDir?: string
  /** See {@link SqliteStoreOptions.synchronous}. */
  synchronous?: SqliteStoreOptions['synchronous']
  /**
   * How long `close` may take (storing the rooms, closing the sockets) before it gives up and rejects
   * with a {@link ShutdownTimeoutError}. Default 10 s. Nothing acknowledged is lost then: every update is
   * in the store's log before any collaborator sees it; only the last compaction may be missing.
   */
  shutdownTimeoutMs?: number
}

/** A started server; `close` stops it and closes its store. */
export interface StartedServer {
  port: number
  /** `http://localhost:<port>`. */
  url: string
  server: AttribServer
  store: DocumentStore
  /** What was imported from the seeds on this start (empty when the catalog already had articles). */
  seeds: SeedResult
  /** Shuts the server down gracefully (see {@link AttribServer.close}) within `shutdownTimeoutMs`, then closes the store. */
  close(): Promise<void>
}

/** `close` of a {@link StartedServer} took longer than its `shutdownTimeoutMs`. */
export class ShutdownTimeoutError extends Error {
  override name = 'ShutdownTimeoutError'
  constructor(readonly timeoutMs: number) {
    super(`the server did not stop within ${timeoutMs} ms`)
  }
}

/** Name of the SQLite file in the data folder. */
export const DATABASE_FILE = 'attrib.sqlite'

/**
 * Opens the store in `dataDir`, imports the seeds on first start, and serves the API, the web app and the
 * websocket rooms on one port. Shared by apps/server and the CLI's `serve`.
 * @example
 * const { url, close } = await startServer({ dataDir: 'data', port: 0 })
 */
export async function startServer(options: StartServerOptions): Promise<StartedServer> {
  const logger = options.logger ?? consoleLogger
  if (options.redisUrl && !options.postgresUrl)
    throw new Error('a Redis relay needs a shared store: give a PostgreSQL URL as well')
  let store: DocumentStore
  if (options.postgresUrl) {
    const { PgStore } = await import('@attrib/store/postgres')
    store = await PgStore.open(options.postgresUrl)
  } else {
    mkdirSync(options.dataDir, { recursive: true })
    store = new SqliteStore(join(options.dataDir, DATABASE_FILE), { synchronous: options.synchronous })
  }
  let relay: RoomRelay | undefined
  let server: AttribServer | undefined
  try {
    if (options.redisUrl) {
      const { RedisRelay } = await import('@attrib/store/redis')
      relay = await RedisRelay.connect(options.redisUrl, { logger })
    }
    // Deleted articles are restorable for the retention period, then gone for good (HTTP11).
    const retentionMs = options.deleteRetentionMs ?? DEFAULT_DELETE_RETENTION_MS
    const purged = await store.purgeDeleted(new Date(Date.now() - retentionMs).toISOString())
    if (purged.length > 0)
      logger.info('purged articles deleted before the retention period', { articles: purged })
    const seeds: SeedResult =
      options.seedsDir && !(await store.hasArticles())
        ? await importSeeds(store, options.seedsDir, logger)
        : { created: [], skipped: [], failed: [] }
    server = createServer({ metrics: new ServerMetrics(), ...options, store, relay, logger })
    const host = options.host ?? '0.0.0.0'
    const { port } = await server.listen(options.port ?? 4455, host)
    if (!options.auth && !isLoopback(host))
      logger.warn(
        `access control is off and the server listens on ${host}: anyone who can reach this address ` +
          'can read and change every article. Set AUTH_SECRET (attrib serve --auth-secret) to require ' +
          'tokens, or HOST=127.0.0.1 to keep it to this machine.',
      )
    const started = server
    let closing: Promise<void> | null = null
    let timedOut = false
    const withTimeout = (work: Promise<void>, ms: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          timedOut = true
          reject(new ShutdownTimeoutError(ms))
        }, ms)
        work.then(
          () => {
            clearTimeout(timer)
            resolve()
          },
          (e: unknown) => {
            clearTimeout(timer)
            reject(e)
          },
        )
      })
    return {
      port,
      url: `http://localhost:${port}`,
      server: started,
      store,
      seeds,
      close() {
        closing ??= withTimeout(started.close(), options.shutdownTimeoutMs ?? 10_000).finally(async () => {
          await relay?.close()
          // A room still being stored after the timeout must not write to a closed database.
          if (!timedOut) await store.close()
        })
        return closing
      },
    }
  } catch (e) {
    await server?.close().catch(() => {})
    await relay?.close().catch(() => {})
    await store.close()
    throw e
  }
}

/** Whether `host` only accepts connections from this machine (`localhost`, 127.0.0.0/8, `::1`). */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (h === 'localhost' || h === '::1') return true
  if (isIP(h) === 4) return h.startsWith('127.')
  return h.startsWith('::ffff:127.')
}

/** The settings of a server process, read from the environment (or `attrib serve`'s flags) by {@link readServerConfig}. */
export interface ServerConfig {
  port: number
  host: string
  dataDir: string
  webRoot: string
  seedsDir: string
  synchronous: 'NORMAL' | 'FULL'
  logLevel: LogLevel
  logFormat: LogFormat
  shutdownTimeoutMs: number
  maxPayloadBytes: number
  // The websocket limits: undefined keeps YServer's defaults (see YServerOptions).
  maxConnections?: number
  rateLimitPerSecond?: number
  rateLimitBurst?: number
  maxDocumentBytes?: number
  refusedBarMs?: number
  /** How long a deleted article stays restorable before a start purges it (`DELETE_RETENTION_MS`). */
  deleteRetentionMs?: number
  allowedOrigins?: string[]
  /** Turns access control on (SPEC AC1): tokens are signed and checked with it. */
  authSecret?: string
  /** Lets people sign in as annotators with this passphrase (needs `authSecret`). */
  authPassphrase?: string
  /** Keeps documents in PostgreSQL instead of SQLite (see {@link StartServerOptions.postgresUrl}). */
  postgresUrl?: string
  /** Shares rooms with other processes through Redis Streams (see {@link StartServerOptions.redisUrl}). */
  redisUrl?: string
  /** See {@link ServerOptions.trustProxy}. */
  trustProxy?: boolean | string[]
}

/** An environment variable with a bad value; the message names every bad variable. */
export class ServerConfigError extends Error {
  override name = 'ServerConfigError'
}

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))

// Raw strings in, typed settings out; an empty variable counts as unset, as shells make unsetting awkward.
const ENV_SCHEMA = z.object({
  PORT: wholeNumber(0, 65535).default(4455),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().optional(),
  WEB_ROOT: z.string().optional(),
  SEEDS_DIR: z.string().optional(),
  SQLITE_SYNCHRONOUS: z
    .string()
    .transform((v) => v.toUpperCase())
    .pipe(z.enum(['NORMAL', 'FULL']))
    .default('NORMAL'),
  LOG_LEVEL: z
    .string()
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(LOG_LEVELS))
    .default('info'),
  LOG_FORMAT: z
    .string()
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(LOG_FORMATS))
    .default('text'),
  SHUTDOWN_TIMEOUT_MS: wholeNumber(0, 600_000).default(10_000),
  MAX_PAYLOAD_BYTES: wholeNumber(1024, 1024 ** 3).default(16 * 1024 * 1024),
  MAX_CONNECTIONS: wholeNumber(1, 1_000_000).optional(),
  RATE_LIMIT_PER_SECOND: wholeNumber(1, 1_000_000).optional(),
  RATE_LIMIT_BURST: wholeNumber(1, 1_000_000).optional(),
  MAX_DOCUMENT_BYTES: wholeNumber(1024, 1024 ** 3).optional(),
  REFUSED_BAR_MS: wholeNumber(0, 86_400_000).optional(),
  DELETE_RETENTION_MS: wholeNumber(0, 10 * 365 * 86_400_000).optional(),
  ALLOWED_ORIGINS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o !== ''),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^https?:\/\/[^/?#\s]+$/,
            'must be a comma-separated list of origins like https://host:port',
          ),
      ),
    )
    .optional(),
  AUTH_SECRET: z
    .string()
    .min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`)
    .optional(),
  AUTH_PASSPHRASE: z.string().optional(),
  POSTGRES_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a URL like postgres://user:password@host:5432/database')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a URL like redis://host:6379')
    .optional(),
  TRUST_PROXY: z
    .string()
    .transform((v): boolean | string[] =>
      v === 'true'
        ? true
        : v === 'false'
          ? false
          : v
              .split(',')
              .map((a) => a.trim())
              .filter((a) => a !== ''),
    )
    .pipe(
      z.union([
        z.boolean(),
        z.array(
          z
            .string()
            .regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, 'must be true, false or addresses/CIDRs like 10.0.0.0/8'),
        ),
      ]),
    )
    .optional(),
})

// Values never repeated in an error message, which may end up in a log.
const SECRET_ENV = new Set(['AUTH_SECRET', 'AUTH_PASSPHRASE', 'POSTGRES_URL', 'REDIS_URL'])

/** The environment variables {@link readServerConfig} reads. */
export const SERVER_ENV = Object.keys(ENV_SCHEMA.shape) as (keyof typeof ENV_SCHEMA.shape)[]

/**
 * Reads and validates the server's settings from `env`; relative paths resolve against `cwd`, and the
 * default paths are `data`, `apps/web/dist` and `seeds` under `root`. Throws a {@link ServerConfigError}
 * naming every bad variable (`PORT must be a whole number, got "http"`).
 * @example
 * const config = readServerConfig(process.env, { root: '/srv/attrib' })
 * config.shutdownTimeoutMs // 10000 unless SHUTDOWN_TIMEOUT_MS says otherwise
 */
export function readServerConfig(
  env: Record<string, string | undefined>,
  paths: { root: string; cwd?: string },
): ServerConfig {
  const raw = Object.fromEntries(SERVER_ENV.map((name) => [name, env[name] === '' ? undefined : env[name]]))
  const result = ENV_SCHEMA.safeParse(raw)
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0])
      const got = SECRET_ENV.has(name) ? `${raw[name]?.length ?? 0} characters` : JSON.stringify(raw[name])
      return `${name} ${issue.message}, got ${got}`
    })
    throw new ServerConfigError(lines.join('; '))
  }
  const c = result.data
  if (c.AUTH_PASSPHRASE !== undefined && c.AUTH_SECRET === undefined)
    throw new ServerConfigError('AUTH_PASSPHRASE needs AUTH_SECRET: passphrase sign-ins get signed tokens')
  if (c.REDIS_URL !== undefined && c.POSTGRES_URL === undefined)
    throw new ServerConfigError(
      'REDIS_URL needs POSTGRES_URL: processes that share rooms must share the documents too',
    )
  const cwd = paths.cwd ?? process.cwd()
  const path = (value: string | undefined, fallback: string) =>
    value ? resolve(cwd, value) : join(paths.root, fallback)
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: path(c.DATA_DIR, 'data'),
    webRoot: path(c.WEB_ROOT, 'apps/web/dist'),
    seedsDir: path(c.SEEDS_DIR, 'seeds'),
    synchronous: c.SQLITE_SYNCHRONOUS,
    logLevel: c.LOG_LEVEL,
    logFormat: c.LOG_FORMAT,
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    maxPayloadBytes: c.MAX_PAYLOAD_BYTES,
    maxConnections: c.MAX_CONNECTIONS,
    rateLimitPerSecond: c.RATE_LIMIT_PER_SECOND,
    rateLimitBurst: c.RATE_LIMIT_BURST,
    maxDocumentBytes: c.MAX_DOCUMENT_BYTES,
    refusedBarMs: c.REFUSED_BAR_MS,
    deleteRetentionMs: c.DELETE_RETENTION_MS,
    allowedOrigins: c.ALLOWED_ORIGINS,
    authSecret: c.AUTH_SECRET,
    authPassphrase: c.AUTH_PASSPHRASE,
    postgresUrl: c.POSTGRES_URL,
    redisUrl: c.REDIS_URL,
    trustProxy: c.TRUST_PROXY,
  }
}

/**
 * The {@link startServer} options of a {@link ServerConfig}, with a logger at its level and format
 * unless one is given.
 * @example
 * await startServer(startOptions(readServerConfig(process.env, { root })))
 */
export function startOptions(config: ServerConfig, logger?: Logger): StartServerOptions {
  return {
    port: config.port,
    host: config.host,
    dataDir: config.dataDir,
    webRoot: config.webRoot,
    seedsDir: config.seedsDir,
    synchronous: config.synchronous,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    maxPayload: config.maxPayloadBytes,
    maxConnections: config.maxConnections,
    ratePerSecond: config.rateLimitPerSecond,
    rateBurst: config.rateLimitBurst,
    maxDocumentBytes: config.maxDocumentBytes,
    refusedBarMs: config.refusedBarMs,
    deleteRetentionMs: config.deleteRetentionMs,
    allowedOrigins: config.allowedOrigins,
    postgresUrl: config.postgresUrl,
    redisUrl: config.redisUrl,
    trustProxy: config.trustProxy,
    auth:
      config.authSecret === undefined
        ? undefined
        : { secret: config.authSecret, passphrase: config.authPassphrase },
    logger: logger ?? createLogger({ level: config.logLevel, format: config.logFormat }),
  }
}

/**
 * Stops `server` gracefully on the first SIGTERM or SIGINT and calls `exit(0)`, or `exit(1)` when
 * stopping failed or timed out; a second signal exits with 1 at once. Returns a function that removes
 * the handlers.
 * @example
 * const started = await startServer(options)
 * stopOnSignals(started, { logger })
 */
export function stopOnSignals(
  server: Pick<StartedServer, 'close'>,
  options: { logger?: Logger; exit?: (code: number) => void } = {},
): () => void {
  const logger = options.logger ?? consoleLogger
  const exit = options.exit ?? ((code: number) => process.exit(code))
  let stopping = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`${signal} again, exiting without waiting for the server to stop`)
      exit(1)
      return
    }
    stopping = true
    logger.info('shutting down', { signal })
    server.close().then(
      () => {
        logger.info('stopped', { signal })
        exit(0)
      },
      (e: unknown) => {
        logger.error('error while stopping', { signal, error: describeError(e) })
        exit(1)
      },
    )
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return () => {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
