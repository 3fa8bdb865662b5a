/**
 * Corpus benchmark (issue #13, "Performance"): whole commands as a user runs them, each a separate process
 * started through pnpm from the repository root, on a generated store of N articles × 30 sentences.
 *
 *   npx tsx bench/corpus.bench.ts [articles=10000] [--runs 3]
 *
 * 1. `pnpm attrib --help`: wall time (after one warm-up run);
 * 2. `pnpm attrib import corpus.jsonl --data <store>`: wall time and peak RSS, each run into a fresh store
 *    (the last run's store is the one the next steps read);
 * 3. `pnpm attrib export --format jsonl|sentences-csv --out … --data <store>`: wall time and peak RSS;
 * 4. `pnpm attrib coverage --format json --data <store>`: wall time and peak RSS; then `pnpm attrib
 *    sentences` twice (a label across the corpus, a page of 1,000; a word of the text, any case);
 * 5. `pnpm attrib serve --port 0 --data <store>`: time from spawn until the first successful `/api/health`,
 *    then the first `GET /api/articles` after one fresh start, the first `GET /api/review/coverage`
 *    after another and the first `GET /api/sentences` after a third (the server is stopped and started
 *    again between them).
 *
 * Wall time and peak RSS come from `/usr/bin/time -f '%e %M'` (peak RSS: the largest single process of the
 * command's tree, so the node process that pnpm starts). Every figure is printed as median (min–max) over
 * `--runs` runs; quote the median. The corpus is one JSONL file: about two annotations per article by
 * three annotators, one article in five with adjudicated (`final: true`) annotations on one or two of its
 * sentences, outlets, stories and dates varied (one article in fifty undated).
 *
 * pnpm is `pnpm` when it is on PATH, else `npx -y pnpm@10`; set ATTRIB_BENCH_PNPM to choose (e.g.
 * ATTRIB_BENCH_PNPM='npx -y pnpm@10'). The launcher's own start-up is printed as a row of its own.
 * Temporary files go to one folder under the system's temp dir, removed on exit (also on Ctrl-C); child
 * processes are started in their own process groups and killed on exit.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process'
import { closeSync, createWriteStream, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { segmentArticle, splitSentences } from '@attrib/core'
import type { PostgresTestServer } from '../packages/store/src/postgresTestServer'
import { ROOT, seedSentences } from './generate'

// ---------------------------------------------------------------------------------------------------------
// Command line

function usage(message?: string): never {
  if (message) console.error(`corpus.bench: ${message}`)
  console.error('usage: npx tsx bench/corpus.bench.ts [articles=10000] [--runs 3]')
  process.exit(2)
}

function parseArgs(argv: string[]): { articles: number; runs: number } {
  let articles = 10_000
  let runs = 3
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '-h' || a === '--help') usage()
    else if (a === '--runs' || a.startsWith('--runs=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]
      runs = Number(v)
      if (!Number.isInteger(runs) || runs < 1 || runs > 20) usage(`--runs must be 1 to 20 (got ${v})`)
    } else if (/^\d+$/.test(a)) {
      articles = Number(a)
      if (articles < 1) usage('articles must be at least 1')
    } else usage(`unknown argument ${a}`)
  }
  return { articles, runs }
}

const { articles: ARTICLES, runs: RUNS } = parseArgs(process.argv.slice(2))

function whichPnpm(): string[] {
  const fromEnv = process.env.ATTRIB_BENCH_PNPM?.trim()
  if (fromEnv) return fromEnv.split(/\s+/)
  const found = spawnSync('sh', ['-c', 'command -v pnpm'], { encoding: 'utf8' })
  return found.status === 0 && found.stdout.trim() ? ['pnpm'] : ['npx', '-y', 'pnpm@10']
}

const PNPM = whichPnpm()

/** The children's environment: no setting that would point a command at another store or turn auth on. */
const CHILD_ENV: NodeJS.ProcessEnv = (() => {
  const env = { ...process.env }
  for (const k of ['POSTGRES_URL', 'REDIS_URL', 'DATA_DIR', 'PORT', 'HOST', 'AUTH_SECRET', 'AUTH_PASSPHRASE'])
    delete env[k]
  return env
})()

// ---------------------------------------------------------------------------------------------------------
// Temporary folder and child processes, cleaned up however the script ends

const TMP = mkdtempSync(join(tmpdir(), 'attrib-bench-corpus-'))
const live = new Set<ChildProcess>()

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // The group is already gone.
  }
}

/** Stops the private PostgreSQL server while one runs (it also stops itself when this process exits). */
let stopPostgres: (() => Promise<void>) | undefined

let cleanedUp = false
function cleanUp(): void {
  if (cleanedUp) return
  cleanedUp = true
  void stopPostgres?.()
  for (const child of live) killGroup(child, 'SIGKILL')
  rmSync(TMP, { recursive: true, force: true })
}
process.on('exit', cleanUp)
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(signal, () => {
    console.error(`\ncorpus.bench: stopped by ${signal}; removed ${TMP}`)
    cleanUp()
    process.exit(signal === 'SIGINT' ? 130 : 143)
  })

/** Starts a command in its own process group (so the whole tree can be killed), tracked until it exits. */
function start(command: string, args: string[], stdout: 'pipe' | 'ignore' | number): ChildProcess {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: CHILD_ENV,
    detached: true,
    stdio: ['ignore', stdout, 'pipe'],
  })
  live.add(child)
  child.once('close', () => live.delete(child))
  return child
}

/** Keeps the last `max` characters written to a stream (a failing command's error is at the end). */
function tail(stream: NodeJS.ReadableStream | null, max = 64 * 1024): () => string {
  let text = ''
  stream?.setEncoding('utf8')
  stream?.on('data', (chunk: string) => {
    text = (text + chunk).slice(-max)
  })
  return () => text
}

// ---------------------------------------------------------------------------------------------------------
// The corpus

const LABELS = ['anonymous_official', 'spokesperson', 'quote', 'named_source', 'media_report']
const OUTLETS = ['Kyiv Independent', 'BBC', 'Meduza', 'Reuters', 'Ukrainska Pravda', 'CNN', 'TASS']
const SOURCES = ['Dmitry Peskov', 'Volodymyr Zelensky', '', 'a senior official', '']

interface CorpusFacts {
  articles: number
  sentences: number
  annotations: number
  finals: number
  adjudicatedArticles: number
  bytes: number
}

/** Writes the corpus as JSONL (the format `attrib export --format jsonl` writes and `attrib import` reads). */
async function writeCorpus(path: string, count: number): Promise<CorpusFacts> {
  // Headings and kicker lines (no full stop) would merge with the sentence after them.
  const pool = seedSentences().filter((s) => /[.!?]["'”’)]?$/.test(s))
  const out = createWriteStream(path)
  const facts: CorpusFacts = {
    articles: count,
    sentences: 0,
    annotations: 0,
    finals: 0,
    adjudicatedArticles: 0,
    bytes: 0,
  }
  const day0 = Date.UTC(2023, 0, 1)
  let k = 0
  for (let a = 0; a < count; a++) {
    // 6 paragraphs of 5 sentences from the seeds, in turn; a seed sentence that would merge with its
    // neighbour (or split in two) is passed over, so that every article has 30 sentences.
    const paragraphs: string[] = []
    for (let p = 0; p < 6; p++) {
      const s: string[] = []
      for (let tries = 0; s.length < 5; tries++) {
        if (tries > 1000) throw new Error('the seeds give no 5-sentence paragraph')
        const next = pool[k++ % pool.length]!
        if (splitSentences([...s, next].join(' ')).length === s.length + 1) s.push(next)
      }
      paragraphs.push(s.join(' '))
    }
    const { text, sentences } = segmentArticle(paragraphs)
    facts.sentences += sentences.length
    const at = (i: number) => sentences[i % sentences.length]!
    // Two annotators' sentence annotations; one in four of the second ones still a suggestion.
    const annotations: Record<string, unknown>[] = [0, 1].map((n) => {
      const s = at(a + n * 7)
      return {
        id: `a${a}-${n}`,
        kind: 'sentence',
        start: s.start,
        end: s.end,
        labels: [LABELS[(a + n) % LABELS.length]],
        source: SOURCES[(a + n) % SOURCES.length],
        annotator: `annotator${(a + n) % 3}`,
        status: n === 1 && a % 4 === 3 ? 'suggested' : 'accepted',
        created: '2026-11-22T00:00:00.000Z',
      }
    })
    // One article in five adjudicated on some sentences: the reviewer confirms the first annotation's
    // sentence, and on every other such article also decides a second sentence had no attribution.
    if (a % 5 === 0) {
      facts.adjudicatedArticles++
      const s = at(a)
      annotations.push({
        id: `f${a}-0`,
        kind: 'sentence',
        start: s.start,
        end: s.end,
        labels: [LABELS[a % LABELS.length]],
        source: SOURCES[a % SOURCES.length],
        annotator: 'reviewer',
        status: 'accepted',
        created: '2026-11-23T00:00:00.000Z',
        final: true,
      })
      if (a % 10 === 0) {
        const t = at(a + 3)
        annotations.push({
          id: `f${a}-1`,
          kind: 'sentence',
          start: t.start,
          end: t.end,
          labels: [],
          source: '',
          annotator: 'reviewer',
          status: 'accepted',
          created: '2026-11-23T00:00:00.000Z',
          final: true,
        })
      }
    }
    facts.annotations += annotations.length
    facts.finals += annotations.filter((x) => x.final).length
    const date =
      a % 50 === 49 ? undefined : new Date(day0 + ((a * 37) % 730) * 86_400_000).toISOString().slice(0, 10)
    const meta = {
      id: `art-${a}`,
      title: `Article ${a}`,
      outlet: OUTLETS[a % OUTLETS.length],
      story: `story-${a % 97}`,
      ...(date ? { date } : {}),
    }
    const line = JSON.stringify({ id: meta.id, title: meta.title, meta, text, sentences, annotations })
    if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once('drain', () => r()))
  }
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject)
    out.end(resolve)
  })
  facts.bytes = statSync(path).size
  return facts
}

// ---------------------------------------------------------------------------------------------------------
// Measuring

interface Sample {
  seconds: number
  /** User + system CPU seconds of the command's processes: steadier than wall time on a busy machine. */
  cpu: number
  peakKb: number
}

const MARK = '@@corpus-bench'

/**
 * Runs `pnpm <args>` under /usr/bin/time: its wall seconds and peak RSS. What it prints on stdout
 * goes to `stdoutFile` (none: thrown away). Throws, with the end of its stderr, when it fails.
 */
async function timed(args: string[], stdoutFile?: string): Promise<Sample & { stderr: string }> {
  const fd = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore'
  const shown = `${PNPM.join(' ')} ${args.join(' ')}`
  try {
    const child = start('/usr/bin/time', ['-f', `${MARK} %e %M %U %S`, ...PNPM, ...args], fd)
    const stderr = tail(child.stderr)
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject)
      child.once('close', (c) => resolve(c))
    })
    const text = stderr()
    const m = new RegExp(`${MARK} ([\\d.]+) (\\d+) ([\\d.]+) ([\\d.]+)`).exec(text)
    const own = text
      .split('\n')
      .filter((l) => l && !l.startsWith(MARK) && !l.startsWith('Command exited with'))
      .slice(-15)
      .join('\n')
    if (code !== 0 || !m)
      throw new Error(`command failed (exit ${code}): ${shown}\n${own || '(nothing on stderr)'}`)
    return { seconds: Number(m[1]), peakKb: Number(m[2]), cpu: Number(m[3]) + Number(m[4]), stderr: own }
  } finally {
    if (typeof fd === 'number') closeSync(fd)
  }
}

async function repeat(
  runs: number,
  args: (run: number) => string[],
  stdoutFile?: (run: number) => string,
  check?: (run: number, stderr: string) => void,
): Promise<Sample[]> {
  const samples: Sample[] = []
  for (let r = 0; r < runs; r++) {
    const s = await timed(args(r), stdoutFile?.(r))
    check?.(r, s.stderr)
    samples.push({ seconds: s.seconds, cpu: s.cpu, peakKb: s.peakKb })
    process.stderr.write(
      `  run ${r + 1}/${runs}: ${s.seconds.toFixed(2)} s wall, ${s.cpu.toFixed(2)} s CPU, ${mb(s.peakKb)} MB\n`,
    )
  }
  return samples
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

interface ServeSample {
  listenSeconds: number
  requestSeconds: number
  bytes: number
}

/**
 * Starts `pnpm attrib serve --port 0` on the store; the time from spawn until `/api/health` first answers
 * 200, then the time of one `GET path` (the body read whole). Stops the server (its whole process group)
 * before returning.
 */
async function serveOnce(store: string[], path: string, check: (body: string) => void): Promise<ServeSample> {
  const args = ['attrib', 'serve', '--port', '0', '--host', '127.0.0.1', ...store, '--log-level', 'warn']
  const started = performance.now()
  const child = start(PNPM[0]!, [...PNPM.slice(1), ...args], 'pipe')
  const stderr = tail(child.stderr)
  const stdout = tail(child.stdout)
  let exited: string | undefined
  child.once('close', (code, signal) => {
    exited = `exit ${code ?? signal}`
  })
  const fail = (why: string) =>
    new Error(
      `${PNPM.join(' ')} ${args.join(' ')}: ${why}\n${(stdout() + stderr()).split('\n').slice(-15).join('\n')}`,
    )
  try {
    const deadline = started + 180_000
    let url: string | undefined
    let listenSeconds = 0
    while (true) {
      if (exited) throw fail(`the server stopped (${exited}) before it listened`)
      if (performance.now() > deadline) throw fail('no answer from /api/health within 180 s')
      url ??= /listening on (http:\/\/[^\s/]+)/.exec(stdout())?.[1]
      if (url) {
        try {
          const res = await fetch(`${url}/api/health`)
          await res.arrayBuffer()
          if (res.ok) {
            listenSeconds = (performance.now() - started) / 1000
            break
          }
        } catch {
          // Not accepting connections yet.
        }
      }
      await sleep(url ? 5 : 10)
    }
    const t = performance.now()
    const res = await fetch(`${url}${path}`)
    const body = await res.text()
    const requestSeconds = (performance.now() - t) / 1000
    if (!res.ok) throw fail(`GET ${path} answered ${res.status}: ${body.slice(0, 300)}`)
    check(body)
    return { listenSeconds, requestSeconds, bytes: Buffer.byteLength(body) }
  } finally {
    killGroup(child, 'SIGTERM')
    const stopBy = performance.now() + 15_000
    while (!exited && performance.now() < stopBy) await sleep(20)
    if (!exited) killGroup(child, 'SIGKILL')
    while (!exited) await sleep(20)
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reporting

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

function mb(kb: number): number {
  return Math.round((kb * 1024) / 1e6)
}

function seconds(xs: number[]): string {
  if (!xs.length) return '–'
  const f = (x: number) => x.toFixed(2)
  return xs.length === 1
    ? `${f(xs[0]!)} s`
    : `**${f(median(xs))} s** (${f(Math.min(...xs))}–${f(Math.max(...xs))})`
}

function peak(kbs: number[]): string {
  if (!kbs.length) return '–'
  const ms = kbs.map(mb)
  return ms.length === 1
    ? `${ms[0]} MB`
    : `**${Math.round(median(ms))} MB** (${Math.min(...ms)}–${Math.max(...ms)})`
}

interface Row {
  what: string
  target: string
  wall: number[]
  cpu: number[]
  peakKb: number[]
  maxSeconds?: number
  maxMb?: number
}

function verdict(r: Row): string {
  if (r.maxSeconds === undefined && r.maxMb === undefined) return '(reference)'
  const time = r.maxSeconds === undefined || median(r.wall) < r.maxSeconds
  const memory = r.maxMb === undefined || median(r.peakKb.map(mb)) < r.maxMb
  if (time && memory) return 'yes'
  return `no (${[!time && 'time', !memory && 'memory'].filter(Boolean).join(', ')})`
}

function table(rows: Row[]): string {
  const lines = [
    '| step | target | wall, median (min–max) | CPU (user+sys), median | peak RSS, median (min–max) | met |',
    '| --- | --- | --- | --- | --- | --- |',
  ]
  for (const r of rows)
    lines.push(
      `| ${r.what} | ${r.target} | ${seconds(r.wall)} | ${r.cpu.length ? `${median(r.cpu).toFixed(2)} s` : '–'} | ${peak(r.peakKb)} | ${verdict(r)} |`,
    )
  return lines.join('\n')
}

function postgresVersion(): string {
  try {
    const out = execFileSync('postgres', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    return /\d+(\.\d+)?/.exec(out)?.[0] ?? ''
  } catch {
    return ''
  }
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
  } catch {
    return ''
  }
}

interface StoreKind {
  name: 'SQLite' | 'PostgreSQL'
  /** The store arguments of a new, empty store for import run `run`. */
  fresh(run: number): Promise<string[]>
  /** Frees the store of import run `run` (a later run's store is the one measured). */
  drop(run: number): Promise<void>
  /** A word about the store the last import filled. */
  size(args: string[]): string
}

/**
 * Steps 2–5 on one kind of store: import (each run into a fresh store), then export, coverage and serve on
 * the last run's store. With `sqlite` (its medians by step), each target is 2× SQLite's median.
 */
async function measureStore(
  kind: StoreKind,
  corpus: string,
  step: (s: string) => void,
  sqlite?: Map<string, number>,
): Promise<{ rows: Row[]; medians: Map<string, number>; size: string }> {
  const rows: Row[] = []
  const medians = new Map<string, number>()
  const add = (
    key: string,
    row: Omit<Row, 'target' | 'maxSeconds' | 'maxMb'>,
    target: string,
    maxSeconds?: number,
    maxMb?: number,
  ) => {
    medians.set(key, median(row.wall))
    const base = sqlite?.get(key)
    if (base === undefined) rows.push({ ...row, target, maxSeconds, maxMb })
    else
      rows.push({
        ...row,
        what: `${row.what} (PostgreSQL)`,
        target: `≤ 2× SQLite (${(2 * base).toFixed(2)} s)`,
        maxSeconds: 2 * base,
      })
  }
  step(`${kind.name}: attrib import corpus.jsonl, each run into a fresh store`)
  const stores: string[][] = []
  for (let r = 0; r < RUNS; r++) stores.push(await kind.fresh(r))
  const imported = await repeat(
    RUNS,
    (r) => ['attrib', 'import', corpus, ...stores[r]!],
    (r) => join(TMP, `import-${r}.out`),
    (r) => {
      const out = readFileSync(join(TMP, `import-${r}.out`), 'utf8')
      const m = /(\d+) imported/.exec(out)
      if (!m || Number(m[1]) !== ARTICLES)
        throw new Error(
          `attrib import stored ${m?.[1] ?? 'no'} articles, not ${ARTICLES}:\n${out.slice(-500)}`,
        )
      // Keep only the last run's store: the next steps read it.
      if (r > 0) void kind.drop(r - 1)
    },
  )
  const data = stores[RUNS - 1]!
  const size = kind.size(data)
  process.stderr.write(`  ${size}\n`)
  add(
    'import',
    {
      what: '`attrib import corpus.jsonl`',
      wall: imported.map((s) => s.seconds),
      cpu: imported.map((s) => s.cpu),
      peakKb: imported.map((s) => s.peakKb),
    },
    '< 10 s, < 300 MB',
    10,
    300,
  )

  for (const format of ['jsonl', 'sentences-csv']) {
    step(`${kind.name}: attrib export --format ${format}`)
    const out = join(TMP, `export.${format}`)
    const samples = await repeat(
      RUNS,
      () => ['attrib', 'export', '--format', format, '--out', out, ...data],
      () => join(TMP, 'export.out'),
      (_r, stderr) => {
        const said = `${readFileSync(join(TMP, 'export.out'), 'utf8')}\n${stderr}`
        const m = /exported (\d+) articles/.exec(said)
        if (!m || Number(m[1]) !== ARTICLES)
          throw new Error(`attrib export --format ${format} did not export ${ARTICLES} articles:\n${said}`)
      },
    )
    process.stderr.write(`  ${(statSync(out).size / 1e6).toFixed(0)} MB written\n`)
    add(
      `export ${format}`,
      {
        what: `\`attrib export --format ${format}\``,
        wall: samples.map((s) => s.seconds),
        cpu: samples.map((s) => s.cpu),
        peakKb: samples.map((s) => s.peakKb),
      },
      '< 5 s, < 300 MB',
      5,
      300,
    )
  }

  step(`${kind.name}: attrib coverage --format json`)
  const coverageOut = join(TMP, 'coverage.json')
  const coverage = await repeat(
    RUNS,
    () => ['attrib', 'coverage', '--format', 'json', ...data],
    () => coverageOut,
    () => {
      // pnpm prints its "> attrib@ attrib …" banner on stdout first.
      const text = readFileSync(coverageOut, 'utf8')
      try {
        const report = JSON.parse(text.slice(text.indexOf('{')))
        if (report?.corpus?.articles !== ARTICLES)
          throw new Error(`attrib coverage counted ${report?.corpus?.articles} articles, not ${ARTICLES}`)
      } catch (e) {
        if (e instanceof Error && e.message.startsWith('attrib coverage')) throw e
        throw new Error(`attrib coverage --format json printed no JSON:\n${text.slice(0, 500)}`)
      }
    },
  )
  add(
    'coverage',
    {
      what: '`attrib coverage --format json`',
      wall: coverage.map((s) => s.seconds),
      cpu: coverage.map((s) => s.cpu),
      peakKb: coverage.map((s) => s.peakKb),
    },
    '< 2.5 s',
    2.5,
  )

  // The sentence search over the read model's rows (SQ2): a label across the corpus (a page of 1,000),
  // and a word of the text (any case, a page of 100, the default).
  for (const [key, args, what] of [
    ['sentences label', ['--label', LABELS[0]!, '--limit', '1000'], `--label ${LABELS[0]} --limit 1000`],
    ['sentences text', ['-q', 'KREMLIN'], '-q KREMLIN'],
  ] as const) {
    step(`${kind.name}: attrib sentences ${what}`)
    const out = join(TMP, 'sentences.json')
    const samples = await repeat(
      RUNS,
      () => ['attrib', 'sentences', ...args, ...data],
      () => out,
      () => {
        const text = readFileSync(out, 'utf8')
        const found = JSON.parse(text.slice(text.indexOf('{'))) as { sentences: unknown[] }
        if (found.sentences.length === 0) throw new Error(`attrib sentences ${what} found nothing`)
        process.stderr.write(`  ${found.sentences.length} sentences\n`)
      },
    )
    add(
      key,
      {
        what: `\`attrib sentences ${what}\``,
        wall: samples.map((s) => s.seconds),
        cpu: samples.map((s) => s.cpu),
        peakKb: samples.map((s) => s.peakKb),
      },
      '–',
    )
  }

  step(`${kind.name}: attrib serve: until /api/health answers, then the first GET after a fresh start`)
  const listen: number[] = []
  const firstArticles: number[] = []
  const firstCoverage: number[] = []
  const firstSentences: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const a = await serveOnce(data, '/api/articles', (body) => {
      const list = JSON.parse(body)
      if (!Array.isArray(list) || list.length !== ARTICLES)
        throw new Error(`GET /api/articles listed ${Array.isArray(list) ? list.length : 'no'} articles`)
    })
    listen.push(a.listenSeconds)
    firstArticles.push(a.requestSeconds)
    const c = await serveOnce(data, '/api/review/coverage', (body) => JSON.parse(body))
    listen.push(c.listenSeconds)
    firstCoverage.push(c.requestSeconds)
    const q = await serveOnce(data, `/api/sentences?label=${LABELS[0]}&limit=1000`, (body) => {
      if (JSON.parse(body).sentences.length !== 1000) throw new Error('GET /api/sentences found too few')
    })
    firstSentences.push(q.requestSeconds)
    process.stderr.write(
      `  run ${r + 1}/${RUNS}: listening ${a.listenSeconds.toFixed(2)} / ${c.listenSeconds.toFixed(2)} s; ` +
        `/api/articles ${a.requestSeconds.toFixed(2)} s (${(a.bytes / 1e6).toFixed(1)} MB), ` +
        `/api/review/coverage ${c.requestSeconds.toFixed(2)} s (${(c.bytes / 1e6).toFixed(1)} MB)\n`,
    )
  }
  add(
    'listen',
    { what: '`attrib serve`: spawn → first `/api/health` 200', wall: listen, cpu: [], peakKb: [] },
    '< 1 s',
    1,
  )
  add(
    'articles',
    { what: 'first `GET /api/articles` after a start', wall: firstArticles, cpu: [], peakKb: [] },
    '< 1 s',
    1,
  )
  add(
    'review coverage',
    { what: 'first `GET /api/review/coverage` after a start', wall: firstCoverage, cpu: [], peakKb: [] },
    '< 1 s',
    1,
  )
  add(
    'sentences',
    {
      what: `first \`GET /api/sentences?label=${LABELS[0]}&limit=1000\` after a start`,
      wall: firstSentences,
      cpu: [],
      peakKb: [],
    },
    '–',
  )
  return { rows, medians, size }
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const began = new Date()
  // The checkout as it is when the run starts (others may commit while it runs).
  const commit = git(['rev-parse', '--short', 'HEAD']) || 'unknown'
  const dirty = git(['status', '--porcelain', '--', 'apps', 'packages', 'package.json', 'pnpm-lock.yaml'])
    .split('\n')
    .filter(Boolean).length
  const load0 = loadavg()[0]!
  const step = (s: string) =>
    process.stderr.write(`\n[${((Date.now() - began.getTime()) / 1000).toFixed(0)} s] ${s}\n`)
  const corpus = join(TMP, 'corpus.jsonl')
  step(`writing ${ARTICLES} articles to ${corpus}`)
  const facts = await writeCorpus(corpus, ARTICLES)
  process.stderr.write(
    `  ${facts.sentences} sentences, ${facts.annotations} annotations (${facts.finals} final, on ${facts.adjudicatedArticles} articles), ${(facts.bytes / 1e6).toFixed(0)} MB\n`,
  )
  const rows: Row[] = []

  step(`${PNPM.join(' ')} --version: the launcher alone, what every row below includes (one warm-up run)`)
  await timed(['--version'])
  const launcher = await repeat(RUNS, () => ['--version'])
  rows.push({
    what: `\`${PNPM.join(' ')} --version\` (launcher alone)`,
    target: '–',
    wall: launcher.map((s) => s.seconds),
    cpu: launcher.map((s) => s.cpu),
    peakKb: launcher.map((s) => s.peakKb),
  })

  step('attrib --help (one warm-up run, not counted)')
  await timed(['attrib', '--help'])
  const help = await repeat(RUNS, () => ['attrib', '--help'])
  rows.push({
    what: '`attrib --help`',
    target: '< 1 s',
    wall: help.map((s) => s.seconds),
    cpu: help.map((s) => s.cpu),
    peakKb: help.map((s) => s.peakKb),
    maxSeconds: 1,
  })

  const sqlite = await measureStore(
    {
      name: 'SQLite',
      fresh: async (r) => ['--data', join(TMP, `store-${r}`)],
      drop: async (r) => rmSync(join(TMP, `store-${r}`), { recursive: true, force: true }),
      size: (args) => `store ${(statSync(join(args[1]!, 'attrib.sqlite')).size / 1e6).toFixed(0)} MB`,
    },
    corpus,
    step,
  )
  rows.push(...sqlite.rows)
  const notes = [`SQLite: ${sqlite.size}.`]

  // PostgreSQL: a private server from the system's binaries (as the tests start one: no fsync, no
  // synchronous commit), when the CLI can fill a PostgreSQL store and the binaries are there.
  const importHelp = spawnSync(PNPM[0]!, [...PNPM.slice(1), 'attrib', 'import', '--help'], {
    cwd: ROOT,
    env: CHILD_ENV,
    encoding: 'utf8',
  }).stdout
  if (!importHelp?.includes('--postgres'))
    notes.push('PostgreSQL: not measured — `attrib import` has no `--postgres`, so the CLI cannot fill one.')
  else {
    step('PostgreSQL: starting a private server')
    let server: PostgresTestServer | undefined
    try {
      // The module alone (node built-ins and pg), not the whole testing entry point.
      const { startPostgres } = await import('../packages/store/src/postgresTestServer')
      server = await startPostgres()
    } catch (e) {
      notes.push(`PostgreSQL: not measured — no private server could start: ${(e as Error).message}`)
    }
    if (server) {
      stopPostgres = () => server.stop()
      try {
        const pg = await measureStore(
          {
            name: 'PostgreSQL',
            fresh: async () => ['--postgres', await server.createDatabase()],
            drop: async () => {},
            size: () => 'private server from the system binaries, tuned as for the tests (no fsync)',
          },
          corpus,
          step,
          sqlite.medians,
        )
        rows.push(...pg.rows)
        notes.push(`PostgreSQL ${postgresVersion()}: ${pg.size}; "≤ 2× SQLite" is the issue's target.`)
      } finally {
        stopPostgres = undefined
        await server.stop()
      }
    }
  }

  const when = `${began.toISOString().slice(0, 16).replace('T', ' ')} UTC`
  console.log(
    [
      `## Corpus benchmark: ${ARTICLES.toLocaleString('en')} articles — ${when}, commit ${commit}` +
        (dirty ? ` (+ ${dirty} uncommitted files under apps/ and packages/)` : ''),
      `${ARTICLES.toLocaleString('en')} articles, ${facts.sentences.toLocaleString('en')} sentences ` +
        `(${(facts.sentences / ARTICLES).toFixed(1)} per article), ${facts.annotations.toLocaleString('en')} annotations ` +
        `(${facts.finals.toLocaleString('en')} adjudicated, on ${facts.adjudicatedArticles.toLocaleString('en')} articles); ` +
        `corpus.jsonl ${(facts.bytes / 1e6).toFixed(0)} MB. ` +
        `Node ${process.version}, ${cpus().length} cores, load average ${load0.toFixed(1)} at the start and ` +
        `${loadavg()[0]!.toFixed(1)} at the end; ${RUNS} run${RUNS > 1 ? 's' : ''} of each, commands through ` +
        `\`${PNPM.join(' ')}\`; "met" compares the median with the target.`,
      table(rows),
      ...notes,
    ].join('\n\n'),
  )
}

main().then(
  () => {
    cleanUp()
    process.exit(0)
  },
  (e) => {
    console.error(`\ncorpus.bench: ${e instanceof Error ? e.message : String(e)}`)
    cleanUp()
    process.exit(1)
  },
)
