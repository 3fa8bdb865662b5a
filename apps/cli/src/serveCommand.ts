import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { type SqliteStoreOptions, startServer } from '@attrib/server'
import { type CommandIo, describeError, ExitCode } from './io'
import type { ServerPaths } from './paths'

/** Options of {@link serveCommand}. */
export interface ServeOptions extends ServerPaths {
  /** 0 picks a free port. */
  port: number
  host: string
  synchronous?: SqliteStoreOptions['synchronous']
}

/**
 * `attrib serve`: starts the server of `pnpm start` (web app, HTTP API and y-websocket rooms on one port),
 * prints its URL, and stops it cleanly once `stopped` resolves (on SIGINT or SIGTERM in `main.ts`).
 * Returns {@link ExitCode.failure} when the server cannot start or fails to stop.
 * @example
 * let stop = (_signal: string) => {}
 * const stopped = new Promise<string>((resolve) => { stop = resolve })
 * const done = serveCommand({ ...serverPaths({ env, cwd }), port: 0, host: '127.0.0.1' }, io, stopped)
 * stop('SIGTERM') // later; `await done` → ExitCode.ok
 */
export async function serveCommand(
  options: ServeOptions,
  io: CommandIo,
  stopped: Promise<string>,
): Promise<ExitCode> {
  let server: Awaited<ReturnType<typeof startServer>>
  try {
    server = await startServer({
      port: options.port,
      host: options.host,
      dataDir: options.dataDir,
      webRoot: options.webRoot,
      seedsDir: options.seedsDir,
      synchronous: options.synchronous,
    })
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
  io.stdout.write(`attrib serve: listening on ${server.url} (store ${options.dataDir}; Ctrl-C stops)\n`)
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
