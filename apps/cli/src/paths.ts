import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DATABASE_FILE, type DocumentStore, findWorkspaceRoot, redactUrl, SqliteStore } from '@attrib/server'
import { describeError } from './io'

/** Where the server's files are, resolved as apps/server's `main.ts` resolves them. */
export interface ServerPaths {
  /** The folder of the SQLite store. */
  dataDir: string
  /** The built web app (`apps/web/dist`). */
  webRoot: string
  /** The sample articles imported into an empty store. */
  seedsDir: string
}

/**
 * The default paths of `pnpm start`, so `attrib serve` and `attrib import` use the same store as the
 * server: `DATA_DIR`, `WEB_ROOT` and `SEEDS_DIR` from `env` when set, else `data`, `apps/web/dist` and
 * `seeds` in the workspace root, found from `cwd` or else from this file (for a CLI run from elsewhere).
 * `dataDir`, when given (the `--data` option), wins over `DATA_DIR` and is resolved against `cwd`.
 * @example
 * serverPaths({ env: process.env, cwd: process.cwd() }).dataDir // '/home/me/attrib/data'
 */
export function serverPaths(options: { env: NodeJS.ProcessEnv; cwd: string; dataDir?: string }): ServerPaths {
  const { env, cwd } = options
  const root =
    findWorkspaceRoot(cwd) ?? findWorkspaceRoot(dirname(fileURLToPath(import.meta.url))) ?? resolve(cwd)
  // An empty variable counts as unset, as in apps/server.
  const fromEnv = (value: string | undefined, fallback: string) => (value ? resolve(cwd, value) : fallback)
  return {
    dataDir: fromEnv(options.dataDir || env.DATA_DIR, join(root, 'data')),
    webRoot: fromEnv(env.WEB_ROOT, join(root, 'apps/web/dist')),
    seedsDir: fromEnv(env.SEEDS_DIR, join(root, 'seeds')),
  }
}

/** Where a command's store is: the SQLite file of `dataDir`, or a PostgreSQL database when `postgresUrl` is set. */
export interface StoreLocation {
  /** Folder of the SQLite store; `<dataDir>/attrib.sqlite` must exist. Unused with `postgresUrl`. */
  dataDir: string
  /** `--postgres` / `POSTGRES_URL`: the PostgreSQL database `attrib serve --postgres` uses. */
  postgresUrl?: string
}

/**
 * Opens the existing store, or says why it cannot: opening a missing SQLite file would create an empty
 * store, so a mistyped `--data` fails instead of reading (or writing) nothing; PostgreSQL is opened (and its
 * schema brought up to date) as `attrib serve --postgres` opens it.
 */
export async function openExistingStore(
  where: StoreLocation,
): Promise<{ store: DocumentStore } | { error: string }> {
  if (where.postgresUrl) {
    try {
      const { PgStore } = await import('@attrib/server/postgres')
      return { store: await PgStore.open(where.postgresUrl) }
    } catch (e) {
      return { error: `cannot open PostgreSQL ${redactUrl(where.postgresUrl)}: ${describeError(e)}` }
    }
  }
  const databasePath = join(where.dataDir, DATABASE_FILE)
  if (!existsSync(databasePath)) return { error: `no store at ${databasePath} (check --data or DATA_DIR)` }
  try {
    return { store: new SqliteStore(databasePath) }
  } catch (e) {
    return { error: `cannot open the store ${databasePath}: ${describeError(e)}` }
  }
}
