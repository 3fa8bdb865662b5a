import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DASHBOARD_CHARTS } from '@attrib/charts'
import { type ArticleInput, readArticle } from '@attrib/core'
import { coverageReport } from '@attrib/review'
import { createServer, DATABASE_FILE, loadDocument, SqliteStore, silentLogger } from '@attrib/server'
import { afterAll, describe, expect, it } from 'vitest'
import { type CoverageCommandOptions, coverageCommand } from './coverageCommand'
import { ExitCode } from './io'

const ARTICLES: ArticleInput[] = [
  {
    meta: { id: 'a1', title: 'Calls | more', outlet: 'Daily', date: '2024-10-25', story: 'musk' },
    paragraphs: ['Peskov said there was one call. Officials declined to comment.', 'Musk confirmed it.'],
    annotations: [
      {
        kind: 'sentence',
        start: 0,
        end: 31,
        labels: ['spokesperson'],
        annotator: 'ann',
        source: 'Dmitry Peskov',
      },
      { kind: 'sentence', start: 32, end: 62, labels: ['anonymous_official'], annotator: 'bob' },
    ],
  },
  {
    meta: { id: 'b2', title: 'Other <b>', outlet: 'Wire', date: '2023-01-01' },
    paragraphs: ['Two here. And one.'],
  },
]

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function storeDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'attrib-coverage-'))
  dirs.push(dir)
  const store = new SqliteStore(join(dir, DATABASE_FILE))
  await store.createArticles(ARTICLES)
  await store.close()
  return dir
}

async function run(options: Partial<CoverageCommandOptions> & { dataDir: string }) {
  let stdout = ''
  let stderr = ''
  const code = await coverageCommand(
    { format: 'json', filter: {}, ...options },
    {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      stdin: (async function* () {})(),
    },
  )
  return { code, stdout, stderr }
}

describe('attrib coverage', () => {
  it('[CP7] json is the coverage report of the stored articles, filters applied, text when asked', async () => {
    const dataDir = await storeDir()
    const { code, stdout } = await run({ dataDir, text: true })
    expect(code).toBe(ExitCode.ok)
    const store = new SqliteStore(join(dataDir, DATABASE_FILE))
    const snapshots = [
      readArticle((await loadDocument(store, 'a1'))!),
      readArticle((await loadDocument(store, 'b2'))!),
    ]
    await store.close()
    const labels = ['anonymous_official', 'spokesperson', 'quote', 'named_source', 'media_report']
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(coverageReport(snapshots, { labels }))))
    // Without --text, as the API answers by default: the unattributed sentences by index only.
    const plain = JSON.parse((await run({ dataDir })).stdout)
    expect(plain).toEqual(
      JSON.parse(JSON.stringify(coverageReport(snapshots, { labels, sentenceText: false }))),
    )
    expect(JSON.stringify(plain)).not.toContain('Officials declined')
    const filtered = JSON.parse((await run({ dataDir, filter: { outlets: ['Wire'] } })).stdout)
    expect(filtered.articles.map((a: { id: string }) => a.id)).toEqual(['b2'])
  })

  it('[CP7] json equals what GET /api/review/coverage answers on the same store', async () => {
    const dataDir = await storeDir()
    const store = new SqliteStore(join(dataDir, DATABASE_FILE))
    const server = createServer({ store, logger: silentLogger })
    try {
      for (const text of [true, false])
        for (const [query, filter] of [
          ['', {}],
          ['annotator=bob&from=2024-01-01', { annotators: ['bob'], from: '2024-01-01' }],
          ['outlet=Wire', { outlets: ['Wire'] }],
        ] as const) {
          const api = (await server.app.inject({ url: `/api/review/coverage?${query}&text=${text}` })).json()
          const cli = JSON.parse((await run({ dataDir, filter, text })).stdout)
          expect(cli).toEqual(api)
        }
    } finally {
      await server.close()
      await store.close()
    }
  })

  it('md prints tables with escaped cells', async () => {
    const { code, stdout } = await run({ dataDir: await storeDir(), format: 'md' })
    expect(code).toBe(ExitCode.ok)
    expect(stdout).toContain('| 2 | 5 | 2 | 40.0% | 50.0% | 0 | 1 | 3 |')
    expect(stdout).toContain('| a1 | Calls \\| more | Daily | 2024-10-25 | 3 | 2 | 66.7% | 50.0% | 0 | 1 |')
    expect(stdout).toContain('| Spokesperson | 1 | 20.0% |')
    expect(stdout).toContain('## By month')
    // Each article's sentences without a source, by index, with their text.
    expect(stdout).toMatch(/## Sentences without a source\n\n### Calls \\\| more\n\n- 2: \S/)
  })

  it('html is one page with inline charts and nothing to fetch', async () => {
    const { code, stdout } = await run({
      dataDir: await storeDir(),
      format: 'html',
      linkBase: 'http://h:4455/',
    })
    expect(code).toBe(ExitCode.ok)
    expect(stdout).toMatch(/^<!doctype html>/)
    expect(stdout.match(/<svg/g)!.length).toBeGreaterThanOrEqual(4)
    expect(stdout).not.toMatch(/<script|<link|\ssrc=/)
    expect(stdout).toContain('Other &#60;b&#62;')
    expect(stdout).toContain('href="http://h:4455/#/a/a1?s=2"')
    expect(stdout).toContain('href="http://h:4455/#/a/a1?label=spokesperson"')
    // Every chart of the registry, the outlets' ones too (drawn from the digests, as the dashboard's are).
    for (const chart of DASHBOARD_CHARTS) expect(stdout).toContain(`<h2>${chart.title}</h2>`)
  })

  it('fails with one line when there is no store', async () => {
    const { code, stderr } = await run({ dataDir: join(tmpdir(), 'attrib-no-such-store') })
    expect(code).toBe(ExitCode.failure)
    expect(stderr).toMatch(/^attrib coverage: no store at .* \(check --data or DATA_DIR\)\n$/)
  })
})
