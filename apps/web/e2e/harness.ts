import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'

/** The repository root (apps/web/e2e → ../../..). */
export const ROOT = resolve(import.meta.dirname, '../../..')

const base64url = (x: string | Buffer) => Buffer.from(x).toString('base64url')

/**
 * An HS256 token as `attrib token` mints it (claims `sub`, `role`, optionally `doc` and `exp`; `iat` now),
 * signed here with node:crypto so that the tests do not share the server's JWT code.
 */
export function signToken(
  secret: string,
  claims: { sub: string; role: string; doc?: string; exp?: number },
): string {
  const unsigned = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(
    JSON.stringify({ ...claims, iat: Math.floor(Date.now() / 1000) }),
  )}`
  return `${unsigned}.${base64url(createHmac('sha256', secret).update(unsigned).digest())}`
}

/** A real server process on a free port with its own store, as a user starts it. */
export interface ServerProcess {
  url: string
  dataDir: string
  child: ChildProcess
  stop(signal?: NodeJS.Signals): Promise<void>
}

/**
 * Starts `apps/server/src/main.ts` (seeds imported on first start) and waits for its "listening" line.
 * `env` adds to the server's environment, e.g. `{ AUTH_SECRET, AUTH_PASSPHRASE }` to require sign-in.
 */
export async function startServer(
  dataDir = mkdtempSync(join(tmpdir(), 'attrib-e2e-')),
  port = 0,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'apps/server/src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not start:\n${output}`)), 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const m = /listening on (http:\/\/\S+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        res(m[1]!.replace('localhost', '127.0.0.1'))
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (c: Buffer) => {
      output += c.toString()
    })
    child.on('exit', (code) => rej(new Error(`server exited with ${code}:\n${output}`)))
  })
  return {
    url,
    dataDir,
    child,
    stop: (signal = 'SIGTERM') =>
      new Promise((res) => {
        if (child.exitCode !== null) return res()
        child.once('exit', () => res())
        child.kill(signal)
      }),
  }
}

/** A browser context of its own (own storage, no BroadcastChannel with others) for one named person. */
export async function person(
  browser: Browser,
  name: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext()
  await context.addInitScript((n) => {
    localStorage.setItem('attrib:user', JSON.stringify({ name: n, color: '#d62728' }))
  }, name)
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error(`[${name}] page error:`, e))
  return { context, page }
}

/** Removes a temporary store. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

/** Debian's Chromium, headless, driven by playwright-core. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-quic',
      '--no-first-run',
      '--disable-sync',
    ],
  })
}

/** The real server and a Chromium for one test file; `server` may be replaced (a restart) by the test. */
export interface E2EEnvironment {
  server: ServerProcess
  browser: Browser
}

/**
 * Starts a server with a fresh store (and `serverEnv` added to its environment) and Chromium before
 * the file's tests and stops both after. `prepare` fills the store before the server starts (an import
 * with {@link importIntoStore}); without it the server imports the seeds on its first start.
 * @example
 * const env = setupServerAndBrowser({}, (dataDir) => importIntoStore(dataDir, 'corpus.jsonl'))
 * it('...', async () => { await env.browser.newContext() ... env.server.url ... })
 */
export function setupServerAndBrowser(
  serverEnv: Record<string, string> = {},
  prepare?: (dataDir: string) => void,
): E2EEnvironment {
  const env = {} as E2EEnvironment
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'attrib-e2e-'))
    prepare?.(dataDir)
    env.server = await startServer(dataDir, 0, serverEnv)
    env.browser = await launchChromium()
  })
  afterAll(async () => {
    await env.browser?.close()
    await env.server?.stop()
    if (env.server) removeDir(env.server.dataDir)
  })
  return env
}

/** Imports `file` (any corpus or article format) into the store at `dataDir` with the CLI, as a user does. */
export function importIntoStore(dataDir: string, file: string): void {
  execFileSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'apps/cli/src/main.ts'), 'import', file, '--data', dataDir],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  )
}

/**
 * Makes an article of `count` paragraphs of two sentences each through the server's API, and returns them
 * (the last sentence of paragraph `i` is `Officials in paragraph i declined to comment.`).
 */
export async function createLongArticle(url: string, id: string, count: number): Promise<string[]> {
  const paragraphs = Array.from(
    { length: count },
    (_, i) => `Paragraph ${i} says the ministry agreed. Officials in paragraph ${i} declined to comment.`,
  )
  const created = await fetch(`${url}/api/articles`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, title: `Long article ${id}`, text: paragraphs.join('\n\n') }),
  })
  if (created.status !== 201) throw new Error(`the article was not made: ${created.status}`)
  return paragraphs
}
