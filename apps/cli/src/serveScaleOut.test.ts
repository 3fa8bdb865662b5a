import type { ChildProcess } from 'node:child_process'
import { join, resolve } from 'node:path'
import {
  type PostgresTestServer,
  type RedisTestServer,
  startPostgres,
  startProcess,
  startRedis,
} from '@attrib/server/testing'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

// `attrib serve --postgres URL --redis URL`, run as users run it, against real servers from Debian's packages.

const ROOT = resolve(import.meta.dirname, '../../..')
const MAIN = join(ROOT, 'apps/cli/src/main.ts')

let postgres: PostgresTestServer
let redis: RedisTestServer
const children: ChildProcess[] = []

beforeAll(async () => {
  ;[postgres, redis] = await Promise.all([startPostgres(), startRedis()])
}, 120_000)
afterAll(async () => {
  await Promise.all([postgres?.stop(), redis?.stop()])
})
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
})

async function serve(
  args: string[],
): Promise<{ url: string; output: () => string; stop: () => Promise<number | null> }> {
  const started = await startProcess(
    ['--import', 'tsx', MAIN, 'serve', '--port', '0', '--host', '127.0.0.1', ...args],
    {
      cwd: ROOT,
      env: { ...process.env, POSTGRES_URL: '', REDIS_URL: '', AUTH_SECRET: '' },
      ready: /^attrib serve: listening on (http:\/\/localhost:\d+) /m,
      onSpawn: (child) => children.push(child),
    },
  )
  return {
    url: started.ready[1]!,
    output: started.output,
    stop: () => {
      started.child.kill('SIGTERM')
      return started.exited
    },
  }
}

describe('attrib serve --postgres --redis', () => {
  it('[SO3] keeps the catalog in PostgreSQL: the first process imports the seeds, a second one shares them', async () => {
    const database = await postgres.createDatabase()
    const first = await serve(['--postgres', database, '--redis', redis.url])
    expect(first.output()).toMatch(
      /listening on http:\/\/localhost:\d+ \(store PostgreSQL postgres:\/\/.*, Redis redis:\/\//,
    )
    const ids = async (url: string) =>
      ((await (await fetch(`${url}/api/articles`)).json()) as { id: string }[]).map((a) => a.id)
    expect(await ids(first.url)).toEqual(['000_cdf3ea4d863409f1', '001_b540a2e8dbf5a36d'])

    const second = await serve(['--postgres', database, '--redis', redis.url])
    expect(second.output()).not.toContain('imported')
    expect(await ids(second.url)).toEqual(['000_cdf3ea4d863409f1', '001_b540a2e8dbf5a36d'])
    expect(await first.stop()).toBe(0)
    expect(await second.stop()).toBe(0)
  }, 90_000)

  it('refuses --redis without --postgres with one clear line', async () => {
    await expect(serve(['--redis', redis.url])).rejects.toThrow(/REDIS_URL needs POSTGRES_URL/)
  }, 30_000)
})
