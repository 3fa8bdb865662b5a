import { type ChildProcess, spawn } from 'node:child_process'
import { connect, createServer } from 'node:net'

/** A throw-away Redis server started by {@link startRedis}. */
export interface RedisTestServer {
  /** `redis://127.0.0.1:<port>`. */
  url: string
  /** Stops the server. Safe to call twice. */
  stop(): Promise<void>
  /** Kills the server (SIGKILL, its data gone with it) and starts a fresh one on the same port. */
  restart(): Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/**
 * Starts Debian's `redis-server` on a free loopback port, without persistence, for tests. Throws with an
 * install hint when the binary is missing. The server is killed when this process exits, should `stop` not
 * be called.
 * @example
 * const redis = await startRedis()
 * const relay = await RedisRelay.connect(redis.url)
 */
export async function startRedis(): Promise<RedisTestServer> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort()
    try {
      return await launch(port)
    } catch (e) {
      if (attempt >= 3 || !/Address already in use/.test(String(e))) throw e
    }
  }
}

async function launch(port: number): Promise<RedisTestServer> {
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--loglevel',
      'warning',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  const collect = (chunk: Buffer) => {
    output += chunk.toString()
  }
  child.stdout!.on('data', collect)
  child.stderr!.on('data', collect)
  const kill = () => child.kill('SIGKILL')
  process.once('exit', kill)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  await new Promise<void>((resolve, reject) => {
    child.once('error', (e) =>
      reject(
        new Error(
          `could not start redis-server (${e.message}); install Debian's redis-server package ` +
            '(apt-get install redis-server, or run node scripts/ensure-services.mjs)',
        ),
      ),
    )
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)))
    // With --loglevel warning nothing is printed on a good start: poll the port instead.
    const deadline = Date.now() + 10_000
    const probe = () => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve()
      })
      socket.once('error', () => {
        socket.destroy()
        if (Date.now() > deadline) reject(new Error(`redis-server did not listen on ${port}: ${output}`))
        else setTimeout(probe, 50)
      })
    }
    probe()
  })
  let stopped = false
  const server: RedisTestServer = {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (stopped) return
      stopped = true
      process.off('exit', kill)
      child.kill('SIGTERM')
      await exited
    },
    async restart() {
      if (stopped) throw new Error('the test Redis server is stopped')
      stopped = true
      process.off('exit', kill)
      child.kill('SIGKILL')
      await exited
      const fresh = await launch(port)
      server.stop = fresh.stop
      server.restart = fresh.restart
    },
  }
  return server
}
