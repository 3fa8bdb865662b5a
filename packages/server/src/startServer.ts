import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type AttribServer, createServer, type ServerOptions } from './createServer'
import { consoleLogger } from './logger'
import { importSeeds, type SeedResult } from './seeds'
import { SqliteStore, type SqliteStoreOptions } from './store/SqliteStore'

/** Options of {@link startServer}. */
export interface StartServerOptions extends Omit<ServerOptions, 'store'> {
  /** Default 4455; 0 picks a free port. */
  port?: number
  /** Default `0.0.0.0`, so colleagues on the LAN can join. */
  host?: string
  /** Folder of the SQLite store (`attrib.sqlite`); created when missing. */
  dataDir: string
  /** Articles imported when the catalog is empty (see {@link importSeeds}). */
  seedsDir?: string
  /** See {@link SqliteStoreOptions.synchronous}. */
  synchronous?: SqliteStoreOptions['synchronous']
}

/** A started server; `close` stops it and closes its store. */
export interface StartedServer {
  port: number
  /** `http://localhost:<port>`. */
  url: string
  server: AttribServer
  store: SqliteStore
  /** What was imported from the seeds on this start (empty when the catalog already had articles). */
  seeds: SeedResult
  close(): Promise<void>
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
  mkdirSync(options.dataDir, { recursive: true })
  const store = new SqliteStore(join(options.dataDir, DATABASE_FILE), { synchronous: options.synchronous })
  let server: AttribServer | undefined
  try {
    const seeds: SeedResult =
      options.seedsDir && store.listArticles().length === 0
        ? importSeeds(store, options.seedsDir, logger)
        : { created: [], skipped: [], failed: [] }
    server = createServer({ ...options, store, logger })
    const { port } = await server.listen(options.port ?? 4455, options.host ?? '0.0.0.0')
    const started = server
    let closing: Promise<void> | null = null
    return {
      port,
      url: `http://localhost:${port}`,
      server: started,
      store,
      seeds,
      close() {
        closing ??= started.close().finally(() => store.close())
        return closing
      },
    }
  } catch (e) {
    await server?.close().catch(() => {})
    store.close()
    throw e
  }
}
