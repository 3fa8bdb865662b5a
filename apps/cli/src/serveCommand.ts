import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createLogger, redactUrl, type ServerConfig, startOptions, startServer } from '@attrib/server'
import { type CommandIo, describeError, ExitCode } from './io'

/** Options of {@link serveCommand}: the server's settings, as `readServerConfig` reads them. */
export type ServeOptions = ServerConfig

/**
 * `attrib serve`: starts the server of `pnpm start` (web app, HTTP API and y-websocket rooms on one port),
 * prints its URL, and stops it cleanly once `stopped` resolves (on SIGINT or SIGTERM in `main.ts`).
 * Returns {@link ExitCode.failure} when the server cannot start or fails to stop.
 * @example
 * let stop = (_signal: string) => {}
 * const stopped = new Promise<string>((resolve) => { stop = resolve })
 * const config = readServerConfig({ ...env, PORT: '0', HOST: '127.0.0.1' }, { root: cwd })
 * const done = serveCommand({ ...config, ...serverPaths({ env, cwd }) }, io, stopped)
 * stop('SIGTERM') // later; `await done` → ExitCode.ok
 */
export async function serveCommand(
  options: ServeOptions,
  io: CommandIo,
  stopped: Promise<string>,
): Promise<ExitCode> {
  let server: Awaited<ReturnType<typeof startServer>>
  try {
    // The server's log goes to the command's stderr, at the configured level and format.
    const logger = createLogger({ level: options.logLevel, format: options.logFormat, stream: io.stderr })
    server = await startServer(startOptions(options, logger))
  } catch (e) {
    io.stderr.write(`attrib serve: could not start: ${describeError(e)}\n`)
    return ExitCode.failure
  }
  if (!existsSync(join(options.webRoot, 'index.html'))) {
    io.stderr.write(
      `attrib serve: no web app in ${options.webRoot}; serving the API only (build it with: pnpm --filter @attrib/web build)\n`,
    )
  }
  const seeded = server.seeds.created.length
  if (seeded > 0)
    io.stdout.write(`attrib serve: imported ${seeded} sample articles from ${options.seedsDir}\n`)
  const where = options.postgresUrl
    ? `PostgreSQL ${redactUrl(options.postgresUrl)}${options.redisUrl ? `, Redis ${redactUrl(options.redisUrl)}` : ''}`
    : options.dataDir
  io.stdout.write(`attrib serve: listening on ${server.url} (store ${where}; Ctrl-C stops)\n`)
  const signal = await stopped
  try {
    await server.close()
    io.stdout.write(`attrib serve: stopped on ${signal}\n`)
    return ExitCode.ok
  } catch (e) {
    io.stderr.write(`attrib serve: error while stopping on ${signal}: ${describeError(e)}\n`)
    return ExitCode.failure
  }
}
