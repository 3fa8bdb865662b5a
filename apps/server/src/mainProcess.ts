import { type ChildProcess, spawn } from 'node:child_process'
import { join, resolve } from 'node:path'

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
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'apps/server/src/main.ts')], {
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
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let output = ''
  child.stdout!.on('data', (c: Buffer) => {
    output += c.toString()
  })
  child.stderr!.on('data', (c: Buffer) => {
    output += c.toString()
  })
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  const port = await new Promise<number>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no listening line:\n${output}`)), 20_000)
    const check = () => {
      const m = /^attrib server listening on http:\/\/localhost:(\d+)$/m.exec(output)
      if (m) {
        clearTimeout(timer)
        res(Number(m[1]))
      }
    }
    child.stdout!.on('data', check)
    exited.then((code) => rej(new Error(`server exited with ${code}:\n${output}`)))
  })
  return { child, port, output: () => output, exited }
}
