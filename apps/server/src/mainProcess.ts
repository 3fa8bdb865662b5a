import type { ChildProcess } from 'node:child_process'
import { join, resolve } from 'node:path'
import { startProcess } from '@attrib/server/testing'

/** The workspace root. */
export const ROOT = resolve(import.meta.dirname, '../../..')

/** A server process started by {@link startMain}. */
export interface Child {
  child: ChildProcess
  port: number
  output: () => string
  exited: Promise<number | null>
}

const children: ChildProcess[] = []

/** SIGKILLs every process {@link startMain} started that still runs (for `afterEach`). */
export function killChildren(): void {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
}

/** Starts main.ts as a user would (its own process, settings from the environment), and waits for its "listening" line. */
export async function startMain(dataDir: string, env: Record<string, string> = {}): Promise<Child> {
  const started = await startProcess(['--import', 'tsx', join(ROOT, 'apps/server/src/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SEEDS_DIR: join(dataDir, 'no-seeds'),
      WEB_ROOT: join(dataDir, 'no-web'),
      ...env,
    },
    ready: /^attrib server listening on http:\/\/localhost:(\d+)$/m,
    onSpawn: (child) => children.push(child),
  })
  return {
    child: started.child,
    port: Number(started.ready[1]),
    output: started.output,
    exited: started.exited,
  }
}
