import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { runCli } from './program'

// Helpers of the CLI's tests: the command run in this process, and the files an export wrote.

/** Runs `attrib ARGS` in this process from `cwd`, with no environment: its exit code and what it printed. */
export async function runInProcess(
  args: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' }
  const sink = (key: 'stdout' | 'stderr') => ({
    write: (s: string) => {
      out[key] += s
      return true
    },
  })
  const code = await runCli(args, {
    env: {},
    cwd,
    stdin: process.stdin,
    stdout: sink('stdout'),
    stderr: sink('stderr'),
    waitForStop: () => new Promise(() => {}),
  } as unknown as Parameters<typeof runCli>[1])
  return { code, ...out }
}

/** Every file under `path` by its path relative to it; a single file as `.`. */
export function filesUnder(path: string): Record<string, string> {
  if (!statSync(path).isDirectory()) return { '.': readFileSync(path, 'utf8') }
  const out: Record<string, string> = {}
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else out[relative(path, p)] = readFileSync(p, 'utf8')
    }
  }
  walk(path)
  return out
}
