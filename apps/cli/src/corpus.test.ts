import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { readArticle } from '@attrib/core'
import { parseJsonl, SENTENCE_CSV_HEADER } from '@attrib/formats'
import { DATABASE_FILE, loadDocument, readTaxonomy, SqliteStore } from '@attrib/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// `attrib export` and corpus imports, run as users run them (a child process per command), against
// stores in temporary folders.

const ROOT = resolve(import.meta.dirname, '../../..')
const MAIN = join(ROOT, 'apps/cli/src/main.ts')

const ENV = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !['PORT', 'HOST', 'DATA_DIR', 'WEB_ROOT', 'SEEDS_DIR', 'SQLITE_SYNCHRONOUS'].includes(key),
  ),
)

interface Run {
  code: number
  stdout: string
  stderr: string
}

function attrib(args: string[]): Promise<Run> {
  return new Promise((res) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', MAIN, ...args],
      { cwd: ROOT, env: ENV },
      (error, stdout, stderr) => res({ code: error ? Number(error.code) : 0, stdout, stderr }),
    )
    child.stdin!.end('')
  })
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '')
}

const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'attrib-corpus-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** Code-point offsets of `part` in `text`, as corpora count them. */
function span(text: string, part: string): { start: number; end: number } {
  const at = text.indexOf(part)
  if (at < 0) throw new Error(`"${part}" is not in the text`)
  const start = [...text.slice(0, at)].length
  return { start, end: start + [...part].length }
}

const TEXT_1 =
  'Hi 👋 there, said Ann Lee. "Officials 🎉 declined," a spokesperson said.\n\nSecond 🧪 paragraph here.'
const TEXT_2 = 'Peskov said there was one call. The Kremlin 🇷🇺 denied it, Reuters reported.'

/** Two dated articles; annotations of three statuses, two annotators, four labels, one of two labels. */
const CORPUS = [
  {
    id: 'a1',
    title: 'Greetings',
    meta: { outlet: 'Test Post', date: '2024-10-01' },
    text: TEXT_1,
    annotations: [
      {
        id: 'x1',
        ...span(TEXT_1, 'Officials 🎉 declined'),
        labels: ['quote'],
        source: 'Officials',
        annotator: 'ann',
        status: 'accepted',
        kind: 'span',
      },
      {
        id: 'x2',
        ...span(TEXT_1, 'Second 🧪 paragraph'),
        labels: ['anonymous_official'],
        source: '',
        annotator: 'bob',
        status: 'suggested',
        kind: 'span',
      },
    ],
  },
  {
    id: 'a2',
    title: 'Calls',
    meta: { outlet: 'Test Post', date: '2024-11-15' },
    text: TEXT_2,
    annotations: [
      {
        id: 'y1',
        ...span(TEXT_2, 'Peskov said'),
        labels: ['spokesperson'],
        source: 'Peskov',
        annotator: 'ann',
        status: 'accepted',
        kind: 'span',
      },
      {
        id: 'y2',
        ...span(TEXT_2, 'The Kremlin 🇷🇺 denied it'),
        labels: ['named_source', 'media_report'],
        source: '',
        annotator: 'ann',
        status: 'rejected',
        kind: 'span',
      },
    ],
  },
]

function writeJsonl(path: string, records: unknown[]): string {
  writeFileSync(path, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`)
  return path
}

async function withStore<T>(dataDir: string, read: (store: SqliteStore) => Promise<T>): Promise<T> {
  const store = new SqliteStore(join(dataDir, DATABASE_FILE))
  try {
    return await read(store)
  } finally {
    await store.close()
  }
}

function snapshots(dataDir: string) {
  return withStore(dataDir, async (store) => {
    const read = []
    for (const row of await store.listArticles()) {
      const doc = (await loadDocument(store, row.id))!
      try {
        read.push(readArticle(doc))
      } finally {
        doc.destroy()
      }
    }
    return read
  })
}

/** The counts of the summary line `exported 2 articles, 40 sentences, 7 annotations to … in 0.1 s`. */
function summary(run: Run): { articles: number; sentences: number; annotations: number } {
  expect(run.code).toBe(0)
  const m = /^exported (\d+) articles?, (\d+) sentences?, (\d+) annotations? to .+ in \d+\.\d s$/.exec(
    run.stderr.trim(),
  )
  expect(m, run.stderr).not.toBeNull()
  return { articles: Number(m![1]), sentences: Number(m![2]), annotations: Number(m![3]) }
}

const comparable = (a: { start: number; end: number; labels: string[]; status: string; kind: string }) => ({
  start: a.start,
  end: a.end,
  labels: [...a.labels].sort(),
  status: a.status,
  kind: a.kind,
})

// The tests of this file run at once, each starting several CLI processes (about 2 s of CPU each for tsx
// to start): on two cores they queue behind each other, so the time limit is the queue's, not one test's.
describe.concurrent('attrib export and corpus import', { timeout: 120_000 }, () => {
  let dir: string
  let dataDir: string
  beforeAll(async () => {
    dir = tempDir()
    dataDir = join(dir, 'data')
    const run = await attrib(['import', writeJsonl(join(dir, 'corpus.jsonl'), CORPUS), '--data', dataDir])
    expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' })
    expect(run.stdout).toContain('2 imported (1 file')
  })

  it('answers export --help with the formats, the filters and an example', async () => {
    const run = await attrib(['export', '--help'])
    expect(run).toMatchObject({ code: 0, stderr: '' })
    expect(run.stdout).toContain('Usage: attrib export')
    for (const word of [
      '--format',
      '--out',
      '--status',
      '--label',
      '--annotator',
      '--ids',
      '--from',
      '--to',
      'brat',
    ])
      expect(run.stdout).toContain(word)
    expect(run.stdout).toMatch(/Example:\n {2}\$ pnpm attrib export /)
  })

  it('exports jsonl that reads back with the same texts and annotations (emoji offsets included)', async () => {
    const out = join(dir, 'nested/folder/out.jsonl')
    const run = await attrib(['export', '--format', 'jsonl', '--out', out, '--data', dataDir])
    expect(run.stdout).toBe('')
    const counts = summary(run)
    expect(counts).toMatchObject({ articles: 2, annotations: 4 })
    const records = parseJsonl(readFileSync(out, 'utf8'), out)
    expect(records.map((r) => r.id)).toEqual(['a1', 'a2'])
    for (const [i, record] of records.entries()) {
      expect(record.text).toBe(CORPUS[i]!.text)
      expect(record.meta).toMatchObject({ ...CORPUS[i]!.meta, title: CORPUS[i]!.title })
      // The store keeps an annotation's labels in taxonomy order.
      expect(record.annotations).toEqual(
        CORPUS[i]!.annotations.map((a) => ({
          ...a,
          labels: expect.toSatisfy((l: string[]) => [...l].sort().join() === [...a.labels].sort().join()),
          created: expect.any(String),
        })),
      )
    }
    expect(counts.sentences).toBe(records.reduce((n, r) => n + r.sentences!.length, 0))
  })

  it('exports sentences-csv with its header and one row per sentence', async () => {
    const out = join(dir, 'sentences.csv')
    const counts = summary(await attrib(['export', '-f', 'sentences-csv', '-o', out, '-d', dataDir]))
    const rows = readFileSync(out, 'utf8')
      .split('\r\n')
      .filter((l) => l !== '')
    expect(rows[0]).toBe(SENTENCE_CSV_HEADER.join(','))
    expect(rows).toHaveLength(1 + counts.sentences)
    expect(counts.sentences).toBeGreaterThanOrEqual(4)
  })

  it('exports a brat folder that imports into another store with the same annotations', async () => {
    const out = join(dir, 'brat')
    summary(await attrib(['export', '--format', 'brat', '--out', out, '--data', dataDir]))
    for (const file of ['a1.txt', 'a1.ann', 'a2.txt', 'a2.ann', 'annotation.conf', 'visual.conf'])
      expect(existsSync(join(out, file)), file).toBe(true)
    const second = join(dir, 'second')
    const run = await attrib(['import', out, '--data', second])
    expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' })
    expect(run.stdout).toContain('2 imported')
    const [original, copy] = [await snapshots(dataDir), await snapshots(second)]
    expect(copy.map((s) => s.meta.id)).toEqual(['a1', 'a2'])
    for (const [i, s] of copy.entries()) {
      expect(s.text).toBe(original[i]!.text)
      expect(s.annotations.map(comparable)).toEqual(original[i]!.annotations.map(comparable))
    }
  })

  it.each([
    ['w3c', 'corpus.w3c'],
    ['labelstudio', 'corpus.labelstudio'],
    ['doccano', 'corpus.doccano.jsonl'],
  ])(
    'exports %s that imports into another store with the same texts and annotations',
    async (format, out) => {
      const path = join(dir, out)
      summary(await attrib(['export', '--format', format, '--out', path, '--data', dataDir]))
      const second = join(dir, `second-${format}`)
      const run = await attrib(['import', path, '--data', second])
      expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' })
      expect(run.stdout).toContain('2 imported')
      const [original, copy] = [await snapshots(dataDir), await snapshots(second)]
      expect(copy.map((s) => s.meta.id)).toEqual(['a1', 'a2'])
      for (const [i, s] of copy.entries()) {
        expect(s.text).toBe(original[i]!.text)
        expect(s.annotations.map(comparable)).toEqual(original[i]!.annotations.map(comparable))
      }
    },
  )

  it('filters by status, label, annotator, ids and dates', async () => {
    const run = (name: string, ...filter: string[]) =>
      attrib(['export', '-f', 'jsonl', '-o', join(dir, `filter-${name}.jsonl`), '-d', dataDir, ...filter])
    const [accepted, twoStatuses, label, annotator, ids, from, to, none] = await Promise.all([
      run('accepted', '--status', 'accepted'),
      run('two', '--status', 'accepted', '--status', 'rejected'),
      run('label', '--label', 'quote,media_report'),
      run('annotator', '--annotator', 'bob'),
      run('ids', '--ids', 'a2'),
      run('from', '--from', '2024-11-01'),
      run('to', '--to', '2024-10-31'),
      run('none', '--from', '2025-01-01'),
    ])
    expect(summary(accepted)).toMatchObject({ articles: 2, annotations: 2 })
    expect(summary(twoStatuses)).toMatchObject({ articles: 2, annotations: 3 })
    expect(summary(label)).toMatchObject({ articles: 2, annotations: 2 })
    expect(summary(annotator)).toMatchObject({ articles: 2, annotations: 1 })
    expect(summary(ids)).toMatchObject({ articles: 1, annotations: 2 })
    expect(summary(from)).toMatchObject({ articles: 1, annotations: 2 })
    expect(summary(to)).toMatchObject({ articles: 1, annotations: 2 })
    expect(summary(none)).toEqual({ articles: 0, sentences: 0, annotations: 0 })
    const kept = parseJsonl(readFileSync(join(dir, 'filter-accepted.jsonl'), 'utf8'))
    expect(kept.flatMap((r) => r.annotations.map((a) => a.id))).toEqual(['x1', 'y1'])
    expect(parseJsonl(readFileSync(join(dir, 'filter-from.jsonl'), 'utf8')).map((r) => r.id)).toEqual(['a2'])
  })

  it('rejects a bad format, status or date with exit 2, and a missing store or unwritable path with 1', async () => {
    const blocker = join(dir, 'blocker')
    writeFileSync(blocker, '')
    const [format, status, date, noStore, unwritable] = await Promise.all([
      attrib(['export', '-f', 'pdf', '-o', join(dir, 'x'), '-d', dataDir]),
      attrib(['export', '-f', 'jsonl', '-o', join(dir, 'x'), '-d', dataDir, '--status', 'maybe']),
      attrib(['export', '-f', 'jsonl', '-o', join(dir, 'x'), '-d', dataDir, '--from', '2024-02-30']),
      attrib(['export', '-f', 'jsonl', '-o', join(dir, 'x'), '-d', join(dir, 'no-store')]),
      attrib(['export', '-f', 'jsonl', '-o', join(blocker, 'out.jsonl'), '-d', dataDir]),
    ])
    for (const run of [format, status, date]) {
      expect(run.code).toBe(2)
      expect(lines(run.stderr)).toHaveLength(1)
      expect(run.stderr).toMatch(/^attrib export: .*\(see attrib export --help\)\n$/)
    }
    expect(format.stderr).toContain('Allowed choices are jsonl, sentences-csv')
    expect(noStore.code).toBe(1)
    expect(lines(noStore.stderr)).toEqual([
      `attrib export: no store at ${join(dir, 'no-store', DATABASE_FILE)} (check --data or DATA_DIR)`,
    ])
    expect(existsSync(join(dir, 'no-store'))).toBe(false)
    expect(unwritable.code).toBe(1)
    expect(lines(unwritable.stderr)).toHaveLength(1)
    expect(unwritable.stderr).toMatch(/^attrib export: cannot write .*blocker/)
  })

  it('refuses a malformed jsonl naming file and line, and stores nothing of it', async () => {
    const own = tempDir()
    const bad = writeJsonl(join(own, 'bad.jsonl'), [
      CORPUS[0],
      { ...CORPUS[1], annotations: [{ ...CORPUS[1]!.annotations[0], start: 5, end: 2 }] },
    ])
    const run = await attrib(['import', bad, '--data', join(own, 'data')])
    expect(run.code).toBe(1)
    expect(lines(run.stderr)).toHaveLength(1)
    expect(run.stderr).toMatch(new RegExp(`^attrib import: ${bad}:2: annotations\\[0\\]\\.end: `))
    expect(run.stdout).toContain('0 imported, 1 failed')
    expect(await withStore(join(own, 'data'), (store) => store.listArticles())).toEqual([])
  })

  it('refuses unknown labels unless --add-labels, which grows the taxonomy', async () => {
    const own = tempDir()
    const data = join(own, 'data')
    const file = writeJsonl(join(own, 'wire.jsonl'), [
      {
        ...CORPUS[1],
        id: 'w1',
        annotations: [
          { ...CORPUS[1]!.annotations[0], labels: ['wire_service'] },
          { ...CORPUS[1]!.annotations[1], labels: ['quote', 'leaked_memo'] },
        ],
      },
    ])
    const refused = await attrib(['import', file, '--data', data])
    expect(refused.code).toBe(1)
    expect(lines(refused.stderr)).toEqual([
      `attrib import: ${file}: unknown labels: leaked_memo, wire_service (use --add-labels to add them to the taxonomy)`,
    ])
    expect(await withStore(data, (store) => store.listArticles())).toEqual([])

    const added = await attrib(['import', file, '--data', data, '--add-labels'])
    expect(added, added.stderr).toMatchObject({ code: 0, stderr: '' })
    expect(added.stdout).toContain('added labels to the taxonomy: leaked_memo, wire_service')
    const labels = (await withStore(data, (store) => readTaxonomy(store))).labels
    expect(labels.map((l) => l.id)).toEqual([
      'anonymous_official',
      'spokesperson',
      'quote',
      'named_source',
      'media_report',
      'leaked_memo',
      'wire_service',
    ])
    expect(labels.slice(5)).toEqual([
      {
        id: 'leaked_memo',
        name: 'Leaked memo',
        color: expect.stringMatching(/^#[0-9a-f]{6}$/),
        key: '6',
        description: 'Imported label',
      },
      {
        id: 'wire_service',
        name: 'Wire service',
        color: expect.stringMatching(/^#[0-9a-f]{6}$/),
        key: '7',
        description: 'Imported label',
      },
    ])
    expect((await snapshots(data))[0]!.annotations.map((a) => [...a.labels].sort())).toEqual([
      ['wire_service'],
      ['leaked_memo', 'quote'],
    ])

    // A second import of the same ids fails whole, or leaves them out with --skip-existing.
    const [again, skipping] = [
      await attrib(['import', file, '--data', data]),
      await attrib(['import', file, '--data', data, '--skip-existing']),
    ]
    expect(again.code).toBe(1)
    expect(lines(again.stderr)).toEqual([
      `attrib import: ${file}: an article with id "w1" already exists (use --skip-existing to skip it)`,
    ])
    expect(skipping).toMatchObject({ code: 0, stderr: '' })
    expect(skipping.stdout).toContain('skipped w1')
  })
})
