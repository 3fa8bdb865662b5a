/**
 * Audit-trail benchmark (issue #16, "Performance"): an article's history with 10,000 recorded changes, read
 * as a user meets it.
 *
 *   npx tsx bench/history.bench.ts [changes=10000] [--runs 5]
 *
 * 1. Generation (not timed): an in-process server on a fresh SQLite store; one y-websocket client adds a
 *    sentence annotation to each of 200 sentences, then changes 50 of them per turn (a label on or off, or
 *    the source) until the server has recorded `changes` entries.
 * 2. `attrib serve` (the built CLI, `node apps/cli/bin/attrib.mjs`) started afresh on the store for each
 *    run: the time of the first `GET /api/articles/:id/history` (the body read whole and parsed), then of
 *    a second one on the same server.
 * 3. `attrib history ARTICLE --format json` as a whole command (`node apps/cli/bin/attrib.mjs`), stdout
 *    to /dev/null.
 *
 * Every figure is printed as median (min–max) over `--runs`; quote the median.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import {
  addAnnotationsAtOffsets,
  Origin,
  readAnnotations,
  readArticle,
  setAnnotationLabel,
  updateAnnotation,
} from '@attrib/core'
import { createServer, DATABASE_FILE, SqliteStore, silentLogger } from '@attrib/server'
import { connectClient, waitFor } from '@attrib/server/testing'
import { ROOT, seedSentences, sleep } from './generate'

const { values: flags, positionals } = parseArgs({
  options: { runs: { type: 'string', default: '5' } },
  allowPositionals: true,
})
const CHANGES = Number(positionals[0] ?? 10_000)
const RUNS = Number(flags.runs)
const ARTICLE = 'history-bench'
const SENTENCES = 200
const PER_TURN = 50
const CLI = join(ROOT, 'apps/cli/bin/attrib.mjs')

const dir = mkdtempSync(join(tmpdir(), 'attrib-history-bench-'))
const children = new Set<ChildProcess>()
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const f = (x: number) => (x * 1000).toFixed(0)
  return `${f(s[Math.floor(s.length / 2)]!)} ms (${f(s[0]!)}–${f(s[s.length - 1]!)})`
}

async function generate(): Promise<void> {
  const store = new SqliteStore(join(dir, DATABASE_FILE))
  const seed = seedSentences()
  const sentences = Array.from({ length: SENTENCES }, (_, i) => seed[i % seed.length]!)
  const paragraphs: string[] = []
  for (let i = 0; i < sentences.length; i += 10) paragraphs.push(sentences.slice(i, i + 10).join(' '))
  await store.createArticle({ meta: { id: ARTICLE, title: 'History bench' }, paragraphs })
  const server = createServer({ store, logger: silentLogger, metrics: false })
  const { port } = await server.listen(0, '127.0.0.1')
  const client = connectClient(`ws://127.0.0.1:${port}/yjs`, ARTICLE)
  try {
    await client.synced()
    const spans = readArticle(client.doc).sentences
    const turn = async (edit: () => void, expected: number) => {
      client.doc.transact(edit, Origin.user)
      try {
        await waitFor(
          async () => (await store.readAudit(ARTICLE, { after: expected - 1 })).length > 0,
          'the turn recorded',
          30_000,
        )
      } catch (e) {
        const trail = await store.readAudit(ARTICLE)
        throw new Error(`expected ${expected} changes recorded, found ${trail.length}`, { cause: e })
      }
    }
    let recorded = 0
    for (let from = 0; from < spans.length; from += PER_TURN) {
      const batch = spans.slice(from, from + PER_TURN)
      let made = 0
      await turn(() => {
        made = addAnnotationsAtOffsets(
          client.doc,
          batch.map((s) => ({
            kind: 'sentence' as const,
            start: s.start,
            end: s.end,
            labels: ['quote'],
            annotator: 'bench',
          })),
          Origin.user,
        ).length
        if (made !== batch.length) throw new Error(`added ${made} of ${batch.length}`)
      }, recorded + batch.length)
      recorded += batch.length
    }
    const ids = readAnnotations(client.doc).map((a) => a.id)
    for (let t = 0; recorded < CHANGES; t++) {
      const n = Math.min(PER_TURN, CHANGES - recorded)
      const chosen = Array.from({ length: n }, (_, k) => ids[(t * PER_TURN + k) % ids.length]!)
      await turn(() => {
        // Alternately a source and a label toggle, so that every change changes something.
        const labelled = new Set(
          readAnnotations(client.doc)
            .filter((a) => a.labels.includes('anonymous_official'))
            .map((a) => a.id),
        )
        for (const id of chosen)
          if (t % 2 === 1) updateAnnotation(client.doc, id, { source: `Source ${t}` }, Origin.user)
          else setAnnotationLabel(client.doc, id, 'anonymous_official', !labelled.has(id), Origin.user)
      }, recorded + n)
      recorded += n
    }
    console.log(`generated: ${(await store.readAudit(ARTICLE)).length} changes on ${ids.length} annotations`)
  } finally {
    client.destroy()
    await server.close()
    await store.close()
  }
}

async function serveAndRead(): Promise<{ first: number; second: number; entries: number }> {
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dir, '--log-level', 'warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  children.add(child)
  let out = ''
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString()
  })
  child.stderr!.on('data', (c: Buffer) => {
    out += c.toString()
  })
  try {
    let url: string | undefined
    while (!url) {
      url = /listening on (http:\/\/[^\s/]+)/.exec(out)?.[1]
      if (child.exitCode !== null) throw new Error(`the server stopped:\n${out}`)
      await sleep(10)
    }
    const read = async () => {
      const t = performance.now()
      const res = await fetch(`${url}/api/articles/${ARTICLE}/history`)
      const body = (await res.json()) as { entries: unknown[] }
      if (!res.ok) throw new Error(`history answered ${res.status}`)
      return { seconds: (performance.now() - t) / 1000, entries: body.entries.length }
    }
    const first = await read()
    const second = await read()
    return { first: first.seconds, second: second.seconds, entries: first.entries }
  } finally {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('close', r))
    children.delete(child)
  }
}

await generate()
const firsts: number[] = []
const seconds: number[] = []
const cli: number[] = []
for (let r = 0; r < RUNS; r++) {
  const { first, second, entries } = await serveAndRead()
  if (entries !== CHANGES) throw new Error(`expected ${CHANGES} entries, got ${entries}`)
  firsts.push(first)
  seconds.push(second)
  const t = performance.now()
  const run = spawnSync(process.execPath, [CLI, 'history', ARTICLE, '--data', dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  if (run.status !== 0) throw new Error(`attrib history failed: ${run.stderr}`)
  cli.push((performance.now() - t) / 1000)
}
console.log(`\n| ${CHANGES} changes, ${RUNS} runs | median (min–max) |`)
console.log('| --- | --- |')
console.log(`| restarted server: first GET /api/articles/:id/history | ${summary(firsts)} |`)
console.log(`| same server: second GET | ${summary(seconds)} |`)
console.log(`| \`attrib history ARTICLE\` (whole command, node) | ${summary(cli)} |`)
