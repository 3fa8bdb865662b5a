import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

/** A throw-away PostgreSQL server started by {@link startPostgres}. */
export interface PostgresTestServer {
  /** URL of the server's `postgres` database, as the `postgres` superuser (trust authentication). */
  url: string
  /** Creates an empty database with a unique name and resolves to its URL. */
  createDatabase(): Promise<string>
  /** Stops the server (immediate shutdown) and deletes its files. Safe to call twice. */
  stop(): Promise<void>
}

const INSTALL_HINT =
  "install Debian's postgresql package (apt-get install postgresql, or run node scripts/ensure-services.mjs)"

/**
 * Finds the directory of PostgreSQL's server binaries (`initdb`, `postgres`): `$PG_BINDIR`, then
 * `pg_config --bindir`, then the newest `/usr/lib/postgresql/<version>/bin`.
 */
export function postgresBinDir(): string {
  const has = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'))
  const fromEnv = process.env.PG_BINDIR
  if (fromEnv) {
    if (has(fromEnv)) return fromEnv
    throw new Error(`PG_BINDIR=${fromEnv} holds no initdb and postgres binaries`)
  }
  try {
    const dir = execFileSync('pg_config', ['--bindir'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    if (has(dir.trim())) return dir.trim()
  } catch {
    // No pg_config (it comes with libpq-dev): look in Debian's directory.
  }
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+(\.\d+)?$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : []
  for (const version of versions) {
    const dir = join(root, version, 'bin')
    if (has(dir)) return dir
  }
  throw new Error(`PostgreSQL's initdb and postgres binaries were not found: ${INSTALL_HINT}`)
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` system user. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args]
  return ['runuser', ['-u', 'postgres', '--', command, ...args]]
}

function serverUserIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    return { uid, gid }
  } catch {
    throw new Error(
      `running as root, the tests run PostgreSQL as the "postgres" system user, which does not exist: ${INSTALL_HINT}`,
    )
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Starts a private PostgreSQL server from the system's binaries on a free loopback port, with its data
 * directory and socket in a new temporary folder, tuned for tests (no fsync, no synchronous commit).
 * initdb takes a second or two, so share one server per test file (`beforeAll`) and give each test its
 * own database with {@link PostgresTestServer.createDatabase}. The server is stopped when the process
 * exits, should `stop` not be called.
 * @example
 * const pg = await startPostgres()
 * const store = await PgStore.open(await pg.createDatabase())
 */
export async function startPostgres(): Promise<PostgresTestServer> {
  const bin = postgresBinDir()
  const ids = serverUserIds()
  // os.tmpdir() is /tmp unless TMPDIR says otherwise; the postgres user must be able to reach it.
  const dir = mkdtempSync(join(tmpdir(), 'attrib-pg-'))
  const data = join(dir, 'data')
  const socket = join(dir, 'socket')
  mkdirSync(socket)
  if (ids) {
    chownSync(dir, ids.uid, ids.gid)
    chownSync(socket, ids.uid, ids.gid)
  }
  try {
    const [initdb, initArgs] = asServerUser(join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
      '--no-instructions',
    ])
    try {
      execFileSync(initdb, initArgs, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir })
    } catch (e) {
      const err = e as { stderr?: Buffer; stdout?: Buffer; message: string }
      throw new Error(`initdb failed: ${err.stderr?.toString() || err.stdout?.toString() || err.message}`)
    }
    // The port may be taken between freePort and the server's bind: try a few.
    let lastError: unknown
    for (let attempt = 0; attempt < 5; attempt++) {
      const port = await freePort()
      try {
        return await launch(bin, dir, data, socket, port)
      } catch (e) {
        lastError = e
        if (!/could not bind|Address already in use|could not create any TCP\/IP sockets/i.test(String(e)))
          throw e
      }
    }
    throw lastError
  } catch (e) {
    rmSync(dir, { recursive: true, force: true })
    throw e
  }
}

async function launch(
  bin: string,
  dir: string,
  data: string,
  socket: string,
  port: number,
): Promise<PostgresTestServer> {
  const [command, args] = asServerUser(join(bin, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    socket,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=200',
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'shared_buffers=32MB',
    '-c',
    'log_min_messages=warning',
  ])
  const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir })
  let log = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-8000)
  })
  let exited = false
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true
      resolve()
    })
    child.once('error', (e) => {
      log += `\n${e.message}`
      exited = true
      resolve()
    })
  })

  // The real server's pid (runuser forks it as a child): signal it directly to stop it.
  const serverPid = (): number | undefined => {
    try {
      const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0])
      return Number.isInteger(pid) && pid > 0 ? pid : undefined
    } catch {
      return undefined
    }
  }
  const kill = () => {
    const pid = serverPid()
    try {
      // SIGQUIT: immediate shutdown, nothing to keep.
      if (pid) process.kill(pid, 'SIGQUIT')
      else child.kill('SIGKILL')
    } catch {
      // Already gone.
    }
  }
  const onExit = () => {
    kill()
    rmSync(dir, { recursive: true, force: true })
  }
  process.once('exit', onExit)

  const shutdown = async () => {
    process.removeListener('exit', onExit)
    if (!exited) {
      kill()
      await Promise.race([exit, sleep(10_000)])
      if (!exited) child.kill('SIGKILL')
    }
  }
  let stopped = false
  let next: Promise<string> | undefined
  const stop = async () => {
    if (stopped) return
    stopped = true
    // A database still being prepared in the background would see its connection cut.
    await next?.catch(() => {})
    await shutdown()
    rmSync(dir, { recursive: true, force: true })
  }

  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  const deadline = Date.now() + 30_000
  for (;;) {
    if (exited) {
      await shutdown()
      throw new Error(`PostgreSQL did not start: ${log.trim() || 'it exited without a message'}`)
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 })
    // A connection cut by a server that is starting or stopping is an `error` event besides the
    // rejected call; without a listener it would be an uncaught exception.
    client.on('error', () => {})
    try {
      await client.connect()
      await client.query('SELECT 1')
      await client.end()
      break
    } catch (e) {
      await client.end().catch(() => {})
      if (Date.now() > deadline) {
        await shutdown()
        throw new Error(`PostgreSQL did not accept connections within 30 s: ${(e as Error).message}\n${log}`)
      }
      await sleep(25)
    }
  }

  let databases = 0
  const create = async () => {
    const name = `test_${process.pid}_${++databases}`
    const client = new pg.Client({ connectionString: url })
    client.on('error', () => {})
    await client.connect()
    try {
      await client.query(`CREATE DATABASE ${name}`)
    } finally {
      await client.end()
    }
    return `postgres://postgres@127.0.0.1:${port}/${name}`
  }
  // CREATE DATABASE copies template1 (0.1-0.3 s): keep the next one ready while a test runs.
  const createDatabase = async () => {
    if (stopped) throw new Error('the test PostgreSQL server is stopped')
    const ready = next ?? create()
    next = create()
    next.catch(() => {}) // reported by the call that takes it
    return ready
  }
  return { url, createDatabase, stop }
}
