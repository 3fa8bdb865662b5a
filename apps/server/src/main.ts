import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  createLogger,
  describeError,
  findWorkspaceRoot,
  readServerConfig,
  type ServerConfig,
  startOptions,
  startServer,
  stopOnSignals,
} from '@attrib/server'

// Paths default to the repository root, found from the working directory (the root under `pnpm start`,
// apps/server under `pnpm --filter @attrib/app-server start`) or else from this file, so both use <repo>/data.
const root =
  findWorkspaceRoot(process.cwd()) ??
  findWorkspaceRoot(dirname(fileURLToPath(import.meta.url))) ??
  process.cwd()

let config: ServerConfig
try {
  // Every setting is an environment variable, validated here: see README.md, "Configuration".
  // Relative paths (DATA_DIR=data-demo) are the user's: pnpm runs this in apps/server but sets INIT_CWD
  // to the folder the command was typed in.
  config = readServerConfig(process.env, { root, cwd: process.env.INIT_CWD ?? process.cwd() })
} catch (e) {
  console.error(`attrib server: bad configuration: ${describeError(e)}`)
  process.exit(2)
}

const logger = createLogger({ level: config.logLevel, format: config.logFormat })

try {
  const server = await startServer(startOptions(config, logger))
  logger.info('listening', { url: server.url, dataDir: config.dataDir })
  // The line tests and scripts wait for, on stdout whatever the log format.
  console.log(`attrib server listening on ${server.url}`)
  stopOnSignals(server, { logger })
} catch (e) {
  logger.error('could not start', { error: describeError(e) })
  process.exit(1)
}
