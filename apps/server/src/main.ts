import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findWorkspaceRoot, startServer } from '@attrib/server'

// Paths default to the repository root, found from the working directory (the root under `pnpm start`,
// apps/server under `pnpm --filter @attrib/app-server start`) or else from this file, so both use <repo>/data.
const root =
  findWorkspaceRoot(process.cwd()) ??
  findWorkspaceRoot(dirname(fileURLToPath(import.meta.url))) ??
  process.cwd()

function fromEnv(name: string, fallback: string): string {
  const value = process.env[name]
  return value ? resolve(value) : fallback
}

const portText = process.env.PORT ?? '4455'
const port = Number(portText)
if (!/^\d+$/.test(portText) || port > 65535) {
  console.error(`attrib server: PORT must be a number from 0 to 65535, got ${JSON.stringify(portText)}`)
  process.exit(2)
}

try {
  const server = await startServer({
    port,
    host: process.env.HOST || '0.0.0.0',
    dataDir: fromEnv('DATA_DIR', join(root, 'data')),
    webRoot: fromEnv('WEB_ROOT', join(root, 'apps/web/dist')),
    seedsDir: fromEnv('SEEDS_DIR', join(root, 'seeds')),
    synchronous: process.env.SQLITE_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL',
  })
  console.log(`attrib server listening on ${server.url}`)
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    server.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(`attrib server: error while stopping on ${signal}: ${(e as Error).message}`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
} catch (e) {
  console.error(`attrib server: could not start: ${(e as Error).message}`)
  process.exit(1)
}
