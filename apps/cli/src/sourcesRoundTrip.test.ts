import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { corpusSources, DATABASE_FILE, SqliteStore, storeCorpusReader } from '@attrib/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runInProcess } from './testCli'

const ROOT = resolve(import.meta.dirname, '../../..')
const dir = mkdtempSync(join(tmpdir(), 'attrib-sources-round-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const cli = async (...args: string[]) => {
  const run = await runInProcess(args, dir)
  expect(run.code, `attrib ${args.join(' ')}\n${run.stderr}`).toBe(0)
  return run.stdout
}

/** `attrib sources --format json` of the store in `data`. */
const listing = async (data: string) => JSON.parse(await cli('sources', '--data', data, '--format', 'json'))

/** The whole source index of the store in `data`, every citation included. */
async function index(data: string) {
  const store = new SqliteStore(join(data, DATABASE_FILE))
  try {
    return await corpusSources(storeCorpusReader(store))
  } finally {
    await store.close()
  }
}

// The demo story with an outlet and a date on each article, and a reviewer's decision on Peskov's
// reported sentence (auto layer: only the decision counts there) and a "no attribution" decision.
function corpus(): string {
  const lines = readFileSync(join(ROOT, 'seeds/demo/musk-putin-two-annotators.jsonl'), 'utf8')
    .trim()
    .split('\n')
  const articles = lines.map((line) => JSON.parse(line))
  const outlets = ['Der Standard', 'The Wall Street Journal']
  articles.forEach((a, i) => {
    a.meta = { ...a.meta, outlet: outlets[i], date: `2024-10-2${5 + i}` }
  })
  type Annotation = { source: string; labels: string[]; kind: string }
  const cites = articles.find((a) => a.annotations.some((x: Annotation) => x.source === 'Dmitry Peskov'))
  const named = (x: Annotation) => x.source === 'Dmitry Peskov' && x.kind === 'sentence'
  const peskov = cites.annotations.find(named)
  const spokesperson = cites.annotations.find(
    (x: Annotation) => x.labels.includes('spokesperson') && !named(x),
  )
  cites.annotations.push(
    { ...peskov, id: 'final-peskov', labels: ['spokesperson'], annotator: 'Rev', final: true },
    { ...spokesperson, id: 'final-none', labels: [], source: '', annotator: 'Rev', final: true },
  )
  const path = join(dir, 'corpus.jsonl')
  writeFileSync(path, `${articles.map((a) => JSON.stringify(a)).join('\n')}\n`)
  return path
}

let original: Awaited<ReturnType<typeof index>>
let originalListing: unknown
beforeAll(async () => {
  await cli('import', corpus(), '--data', join(dir, 'a'))
  original = await index(join(dir, 'a'))
  originalListing = await listing(join(dir, 'a'))
})

describe('[SRC7] an exported corpus imported into an empty store gives the same source index', () => {
  it.each(['jsonl', 'w3c'])('%s', async (format) => {
    const out = join(dir, format === 'jsonl' ? 'export.jsonl' : 'export-w3c')
    await cli('export', '--data', join(dir, 'a'), '--format', format, '--out', out)
    await cli('import', out, '--data', join(dir, `fresh-${format}`))
    expect(await index(join(dir, `fresh-${format}`))).toEqual(original)
    expect(await listing(join(dir, `fresh-${format}`))).toEqual(originalListing)
    // Not trivially: both articles' sources with their titles, outlets and dates, and the decision.
    expect(original.sources.length).toBeGreaterThan(5)
    expect(new Set(original.sources.flatMap((s) => s.outlets))).toEqual(
      new Set(['Der Standard', 'The Wall Street Journal']),
    )
    const peskov = original.sources.find((s) => s.id === 'dmitry-peskov')!
    expect(peskov.citations.map((c) => [c.annotator, c.labels, c.date])).toContainEqual([
      'Rev',
      ['spokesperson'],
      '2024-10-26',
    ])
    expect(peskov.citations[0]!.title).toMatch(/^American billionaire Elon Musk/)
  })
})
