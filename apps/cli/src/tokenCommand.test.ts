import { resolve } from 'node:path'
import { verifyToken } from '@attrib/server'
import { describe, expect, it } from 'vitest'
import { ExitCode } from './io'
import { runCli } from './program'

const ROOT = resolve(import.meta.dirname, '../../..')
const SECRET = 'cli-token-test-secret-0123456789abcdef'

/** Runs `attrib ...argv` in-process with `env`; stdout and stderr collected. */
async function attrib(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    stdin: (async function* () {})(),
    env,
    cwd: ROOT,
    waitForStop: () => new Promise<string>(() => {}),
  })
  return { code, stdout: out.join(''), stderr: err.join('') }
}

describe('attrib token', () => {
  it('[AC1] prints a token the server accepts, with the user, role and article', async () => {
    const run = await attrib([
      'token',
      '--user',
      'Ann',
      '--role',
      'viewer',
      '--doc',
      'a1',
      '--secret',
      SECRET,
    ])
    expect(run).toMatchObject({ code: ExitCode.ok, stderr: '' })
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(1)
    expect(await verifyToken(SECRET, lines[0]!)).toEqual({ name: 'Ann', role: 'viewer', doc: 'a1' })
  })

  it('[AC1] reads AUTH_SECRET, sets the expiry and prints the invite link with --url', async () => {
    const run = await attrib(
      ['token', '-u', 'Rita', '-r', 'reviewer', '--expires', '7d', '--url', 'https://attrib.example/'],
      { AUTH_SECRET: SECRET },
    )
    expect(run.code).toBe(ExitCode.ok)
    const [token, link] = run.stdout.trimEnd().split('\n')
    expect(link).toBe(`https://attrib.example/#/invite/${token}`)
    expect(await verifyToken(SECRET, token!)).toEqual({ name: 'Rita', role: 'reviewer' })
    const { exp } = JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString()) as { exp: number }
    expect(exp - Date.now() / 1000).toBeGreaterThan(7 * 86400 - 60)
    // Seconds work too; a token signed with another secret is not accepted.
    const short = await attrib(['token', '-u', 'Ann', '-r', 'annotator', '--expires', '60'], {
      AUTH_SECRET: SECRET,
    })
    expect(short.code).toBe(ExitCode.ok)
    await expect(verifyToken(`${SECRET}x`, short.stdout.trim())).rejects.toThrow()
  })

  it('exits with 2 and one line on stderr for a bad command line', async () => {
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [['token', '--user', 'Ann', '--role', 'viewer'], {}, /no secret/],
      [['token', '--user', 'Ann', '--role', 'viewer', '--secret', 'short'], {}, /at least 32 characters/],
      [['token', '--user', 'Ann', '--role', 'admin'], { AUTH_SECRET: SECRET }, /role/],
      [['token', '--role', 'viewer'], { AUTH_SECRET: SECRET }, /--user/],
      [['token', '--user', 'Ann'], { AUTH_SECRET: SECRET }, /--role/],
      [['token', '-u', 'Ann', '-r', 'viewer', '--expires', 'soon'], { AUTH_SECRET: SECRET }, /lifetime/],
      [['token', '-u', 'Ann', '-r', 'viewer', '--doc', '../x'], { AUTH_SECRET: SECRET }, /article id/],
      [['token', '-u', ' ', '-r', 'viewer'], { AUTH_SECRET: SECRET }, /name/],
      [['token', '-u', 'Ann', '-r', 'viewer', '--url', 'attrib.example'], { AUTH_SECRET: SECRET }, /--url/],
    ]
    for (const [argv, env, message] of cases) {
      const run = await attrib(argv, env)
      expect(run.code, argv.join(' ')).toBe(ExitCode.usage)
      expect(run.stdout, argv.join(' ')).toBe('')
      expect(run.stderr, argv.join(' ')).toMatch(message)
      expect(run.stderr.trimEnd().split('\n'), argv.join(' ')).toHaveLength(1)
    }
  })

  it('has --help, and serve takes the access control flags', async () => {
    const help = await attrib(['token', '--help'])
    expect(help.code).toBe(ExitCode.ok)
    expect(help.stdout).toContain('attrib token [options]')
    expect(help.stdout).toContain('AUTH_SECRET')
    expect(help.stdout).toMatch(/Example.*:\n {2}\$ pnpm attrib token /)
    const serve = await attrib(['serve', '--help'])
    expect(serve.stdout).toContain('--auth-secret')
    expect(serve.stdout).toContain('--auth-passphrase')
    const badSecret = await attrib(['serve', '--port', '0', '--auth-secret', 'short'])
    expect(badSecret.code).toBe(ExitCode.usage)
    expect(badSecret.stderr).toMatch(/AUTH_SECRET must be at least 32 characters, got 5 characters/)
    expect(badSecret.stderr).not.toContain('short')
  })
})
