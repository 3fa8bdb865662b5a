import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { readArticle } from '@attrib/core'
import { DATABASE_FILE, loadDocument, SqliteStore } from '@attrib/server'
import { startProcess } from '@attrib/server/testing'
import { afterAll, describe, expect, it } from 'vitest'

// These tests run the CLI as users do (`node --import tsx apps/cli/src/main.ts`, from the repository
// root) and check its exit codes and its output streams.

const ROOT = resolve(import.meta.dirname, '../../..')
const MAIN = join(ROOT, 'apps/cli/src/main.ts')
const SEED = 'seeds/000_cdf3ea4d863409f1.txt'

// Variables the CLI reads are cleared, so that a developer's shell cannot change what is tested.
const ENV = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) =>
      ![
        'PORT',
        'HOST',
        'DATA_DIR',
        'WEB_ROOT',
        'SEEDS_DIR',
        'SQLITE_SYNCHRONOUS',
        'AUTH_SECRET',
        'AUTH_PASSPHRASE',
      ].includes(key),
  ),
)

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** Runs `attrib ...args` to its end; `input` goes to its stdin. */
function attrib(args: string[], input?: string): Promise<Run> {
  return new Promise((res) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', MAIN, ...args],
      { cwd: ROOT, env: ENV },
      (error, stdout, stderr) => {
        res({ code: error ? Number(error.code) : 0, stdout, stderr })
      },
    )
    child.stdin!.end(input ?? '')
  })
}

/** The stderr of a failed run as lines, to check that each failure is one line. */
function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '')
}

const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'attrib-cli-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** What the store of `dataDir` holds for article `id`, read as the server reads it. */
async function storedArticle(dataDir: string, id: string) {
  const store = new SqliteStore(join(dataDir, DATABASE_FILE))
  try {
    const doc = await loadDocument(store, id)
    if (!doc) return undefined
    try {
      return { row: await store.getArticleRow(id), snapshot: readArticle(doc) }
    } finally {
      doc.destroy()
    }
  } finally {
    await store.close()
  }
}

// The tests of this file run at once, each starting several CLI processes (about 2 s of CPU each for tsx
// to start): on two cores they queue behind each other, so the time limit is the queue's, not one test's.

/**
 * `attrib serve --port 0` on `dataDir` (no seeds) started by `node <launch>`, ready once it listens (its
 * address in `ready[1]`); killed when the test ends, per test, not in afterEach: the tests run
 * concurrently, and another test's end must not kill this server.
 */
function serve(launch: string[], dataDir: string, args: string[], onTestFinished: (fn: () => void) => void) {
  return startProcess(
    [...launch, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir, ...args],
    {
      cwd: ROOT,
      env: { ...ENV, SEEDS_DIR: join(dataDir, 'no-seeds') },
      ready: /^attrib serve: listening on (http:\/\/localhost:\d+) /m,
      onSpawn: (child) =>
        onTestFinished(() => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
        }),
    },
  )
}

describe.concurrent('attrib CLI', { timeout: 120_000 }, () => {
  it('answers --help for the program and every command with exit 0 and an example', async () => {
    const runs = await Promise.all([
      attrib(['--help']),
      attrib(['serve', '--help']),
      attrib(['import', '--help']),
      attrib(['segment', '--help']),
    ])
    const [program, ...commands] = runs
    expect(program).toMatchObject({ code: 0, stderr: '' })
    for (const name of ['serve', 'import', 'segment']) expect(program!.stdout).toContain(name)
    for (const [i, name] of ['serve', 'import', 'segment'].entries()) {
      const run = commands[i]!
      expect(run).toMatchObject({ code: 0, stderr: '' })
      expect(run.stdout).toContain(`Usage: attrib ${name}`)
      expect(run.stdout).toMatch(new RegExp(`Example:\\n {2}\\$ pnpm attrib ${name} `))
    }
    expect(commands[0]!.stdout).toContain('--port')
    expect(commands[1]!.stdout).toContain('--skip-existing')
  })

  it('prints its version through --version and through bin/attrib.mjs', async () => {
    const [direct, bin] = await Promise.all([
      attrib(['--version']),
      new Promise<string>((res, rej) =>
        execFile(
          process.execPath,
          [join(ROOT, 'apps/cli/bin/attrib.mjs'), '--version'],
          { env: ENV },
          (e, out) => (e ? rej(e) : res(out)),
        ),
      ),
    ])
    expect(direct).toMatchObject({ code: 0, stdout: '0.1.0\n' })
    expect(bin).toBe('0.1.0\n')
  })

  it('rejects a bad command line with one line on stderr and exit 2', async () => {
    const [unknown, noFile, badPort, badFormat, twoIds] = await Promise.all([
      attrib(['frobnicate']),
      attrib(['segment']),
      attrib(['serve', '--port', '70000']),
      attrib(['segment', SEED, '--format', 'pdf']),
      attrib(['import', SEED, SEED, '--id', 'x', '--data', tempDir()]),
    ])
    expect(unknown).toMatchObject({ code: 2, stdout: '' })
    expect(lines(unknown.stderr)).toEqual(["attrib: unknown command 'frobnicate' (see attrib --help)"])
    expect(noFile.code).toBe(2)
    expect(lines(noFile.stderr)).toEqual([
      "attrib segment: missing required argument 'file' (see attrib segment --help)",
    ])
    expect(badPort.code).toBe(2)
    expect(lines(badPort.stderr)).toHaveLength(1)
    expect(badPort.stderr).toContain("'70000' is invalid")
    expect(badFormat.code).toBe(2)
    expect(badFormat.stderr).toContain('Allowed choices are text, markdown, html')
    expect(twoIds.code).toBe(2)
    expect(lines(twoIds.stderr)).toEqual(['attrib import: --id names one article, but 2 files were given'])
  })

  it('fails with exit 1 and one line naming a file that does not exist', async () => {
    const run = await attrib(['segment', 'no/such/article.txt'])
    expect(run).toMatchObject({ code: 1, stdout: '' })
    expect(lines(run.stderr)).toEqual(['attrib segment: no/such/article.txt: no such file'])
  })

  it('segments a seed with code-point offsets of the text exactly as import stores it', async () => {
    const dataDir = tempDir()
    const [segment, imported] = await Promise.all([
      attrib(['segment', SEED]),
      attrib(['import', SEED, '--data', dataDir]),
    ])
    expect(segment).toMatchObject({ code: 0, stderr: '' })
    expect(imported.code).toBe(0)
    const sentences = lines(segment.stdout).map((line) => JSON.parse(line))
    // Compared with what the store holds, not with what segment itself computes.
    const { snapshot } = (await storedArticle(dataDir, '000_cdf3ea4d863409f1'))!
    const codePoints = [...snapshot.text]
    expect(sentences.map(({ start, end }) => ({ start, end }))).toEqual(snapshot.sentences)
    for (const [i, s] of sentences.entries()) {
      expect(Object.keys(s)).toEqual(['i', 'start', 'end', 'text'])
      expect(s.i).toBe(i)
      expect(s.text).toBe(codePoints.slice(s.start, s.end).join(''))
    }
    expect(sentences[0]).toMatchObject({ i: 0, start: 0 })
    expect(sentences[0].text).toMatch(/^Over the past two years/)
    expect(segment.stdout).not.toContain('2024-10-25')
  })

  it('counts offsets in code points, not UTF-16 units, for files and for stdin', async () => {
    const file = join(tempDir(), 'emoji.txt')
    const source = 'Hi 👋 there. Next 🎉 one!\n\nSecond para.'
    writeFileSync(file, source)
    const [fromFile, fromStdin] = await Promise.all([
      attrib(['segment', file]),
      attrib(['segment', '-'], source),
    ])
    expect(fromFile.code).toBe(0)
    expect(fromStdin).toEqual(fromFile)
    // By hand: "Hi 👋 there." is 11 code points (12 UTF-16 units), then a space; the paragraph
    // break "\n\n" follows "Next 🎉 one!" (code points 12..23), so "Second para." starts at 25.
    expect(lines(fromFile.stdout).map((line) => JSON.parse(line))).toEqual([
      { i: 0, start: 0, end: 11, text: 'Hi 👋 there.' },
      { i: 1, start: 12, end: 23, text: 'Next 🎉 one!' },
      { i: 2, start: 25, end: 37, text: 'Second para.' },
    ])
  })

  it('imports a file once, fails on it again naming the file, and skips it with --skip-existing', async () => {
    const dataDir = tempDir()
    const first = await attrib([
      'import',
      SEED,
      '--data',
      dataDir,
      '--outlet',
      'Ukrainska',
      '--story',
      'musk',
    ])
    expect(first).toMatchObject({ code: 0, stderr: '' })
    expect(first.stdout).toMatch(
      /^imported 000_cdf3ea4d863409f1: Over the past two years.* \(16 sentences\)\n/,
    )
    expect(first.stdout).toContain('1 imported (1 file')
    const stored = (await storedArticle(dataDir, '000_cdf3ea4d863409f1'))!
    expect(stored.row).toMatchObject({
      outlet: 'Ukrainska',
      story: 'musk',
      date: '2024-10-25',
      sentences: 16,
    })
    expect(stored.snapshot.text).toMatch(/^Over the past two years/)

    const again = await attrib(['import', SEED, '--data', dataDir])
    expect(again.code).toBe(1)
    expect(lines(again.stderr)).toEqual([
      `attrib import: ${SEED}: an article with id "000_cdf3ea4d863409f1" already exists (use --skip-existing to skip it)`,
    ])

    const skipping = await attrib(['import', SEED, '--data', dataDir, '--skip-existing'])
    expect(skipping).toMatchObject({ code: 0, stderr: '' })
    expect(skipping.stdout).toContain('skipped 000_cdf3ea4d863409f1')
  })

  it('reports each bad file with its name and line, and still imports the good ones', async () => {
    const dir = tempDir()
    const empty = join(dir, 'empty.txt')
    const unclosed = join(dir, 'unclosed.md')
    const good = join(dir, 'good.md')
    writeFileSync(empty, '')
    writeFileSync(unclosed, '---\ntitle: Never closed\n\nBody text.\n')
    writeFileSync(good, '# Calls\n\nPeskov said there was one call. Officials declined to comment.\n')
    const run = await attrib(['import', empty, unclosed, good, '--data', join(dir, 'data')])
    expect(run.code).toBe(1)
    expect(lines(run.stderr)).toEqual([
      `attrib import: ${empty}: the article has no text`,
      `attrib import: ${unclosed}:1: front matter opened here is never closed (expected a line "---")`,
    ])
    expect(run.stdout).toContain('imported good: Calls (2 sentences)')
    expect(run.stdout).toContain('1 imported, 2 failed (3 files')
    expect((await storedArticle(join(dir, 'data'), 'good'))?.row).toMatchObject({
      title: 'Calls',
      sentences: 2,
    })
    expect(await storedArticle(join(dir, 'data'), 'unclosed')).toBeUndefined()
  })

  it('serves the API on --port 0, sees an import made while it runs, and stops on SIGTERM with 0', async ({
    onTestFinished,
  }) => {
    const dataDir = tempDir()
    const server = await serve(['--import', 'tsx', MAIN], dataDir, [], onTestFinished)
    const url = server.ready[1]!
    expect(await (await fetch(`${url}/api/health`)).json()).toEqual({ ok: true })

    const imported = await attrib(['import', SEED, '--data', dataDir])
    expect(imported.code).toBe(0)
    const articles = (await (await fetch(`${url}/api/articles`)).json()) as { id: string }[]
    expect(articles.map((a) => a.id)).toEqual(['000_cdf3ea4d863409f1'])
    const article = (await (await fetch(`${url}/api/articles/000_cdf3ea4d863409f1`)).json()) as {
      text: string
    }
    expect(article.text).toMatch(/^Over the past two years/)

    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    expect(server.output()).toContain('attrib serve: stopped on SIGTERM')
  })

  it('[CR3] built to JavaScript (bin/attrib.mjs), imports HTML and serves with tokens checked', async ({
    onTestFinished,
  }) => {
    const BIN = join(ROOT, 'apps/cli/bin/attrib.mjs')
    const dataDir = tempDir()
    const page = join(dataDir, 'story.html')
    writeFileSync(
      page,
      '<html><head><title>Calls &amp; more</title></head><body><p>Ann said it. Bob did not.</p></body></html>',
    )
    const run = (args: string[], env: NodeJS.ProcessEnv = ENV) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((res) =>
        execFile(process.execPath, [BIN, ...args], { env, cwd: ROOT }, (e, stdout, stderr) =>
          res({ code: e ? Number(e.code ?? 1) : 0, stdout, stderr }),
        ),
      )
    const imported = await run(['import', page, '--data', dataDir])
    expect(imported, imported.stderr).toMatchObject({ code: 0 })
    expect(imported.stdout).toContain('imported story: Calls & more (2 sentences)')
    const secret = 'a-secret-of-at-least-thirty-two-characters'
    const token = await run(['token', '--user', 'Ann', '--role', 'viewer', '--secret', secret])
    expect(token.code, token.stderr).toBe(0)
    const server = await serve([BIN], dataDir, ['--auth-secret', secret], onTestFinished)
    const url = server.ready[1]!
    expect((await fetch(`${url}/api/articles`)).status).toBe(401)
    const answer = await fetch(`${url}/api/articles`, {
      headers: { authorization: `Bearer ${token.stdout.trim()}` },
    })
    expect(answer.status).toBe(200)
    expect(((await answer.json()) as { id: string }[]).map((a) => a.id)).toEqual(['story'])
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
  }, 60_000)
})
