import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { corpusFormat, EXPORT_FORMATS } from '@attrib/formats'
import { type PostgresTestServer, startPostgres } from '@attrib/server/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { filesUnder, runInProcess } from './testCli'

// Every corpus command on PostgreSQL (`--postgres`) gives what it gives on SQLite, on the same corpus.
// (The suggestions go last: they change the corpus the other tests compare.)

let postgres: PostgresTestServer
let url = ''
const dir = mkdtempSync(join(tmpdir(), 'attrib-pgcli-'))
const sqliteDir = join(dir, 'sqlite')

const TEXT = 'Peskov said it was so. Two officials denied it. The Journal reported it.'
const CORPUS = ['a', 'b', 'c']
  .map((id, n) =>
    JSON.stringify({
      id,
      title: `Article ${id}`,
      meta: { id, title: `Article ${id}`, outlet: n === 2 ? 'Other' : 'Daily', date: `2024-0${n + 1}-01` },
      text: TEXT,
      annotations: [
        {
          id: `${id}1`,
          start: 0,
          end: 22,
          labels: ['named_source'],
          source: 'Peskov',
          annotator: 'ann',
          status: 'accepted',
          created: 'x',
          kind: 'sentence',
        },
        {
          id: `${id}2`,
          start: 23,
          end: 47,
          labels: ['anonymous_official'],
          source: '',
          annotator: 'bob',
          status: 'accepted',
          created: 'x',
          kind: 'sentence',
        },
        ...(n === 1
          ? [
              {
                id: `${id}3`,
                start: 23,
                end: 47,
                labels: ['quote'],
                source: '',
                annotator: 'rev',
                status: 'accepted',
                created: 'x',
                kind: 'sentence',
                final: true,
              },
            ]
          : []),
      ],
    }),
  )
  .join('\n')

beforeAll(async () => {
  postgres = await startPostgres()
  url = await postgres.createDatabase()
  writeFileSync(join(dir, 'corpus.jsonl'), `${CORPUS}\n`)
}, 120_000)
afterAll(async () => {
  await postgres?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const cli = (args: string[]) => runInProcess(args, dir)

describe('[CP3] every corpus command on PostgreSQL answers as on SQLite', () => {
  it('imports the same corpus into both', async () => {
    const onSqlite = await cli(['import', join(dir, 'corpus.jsonl'), '--data', sqliteDir])
    const onPostgres = await cli(['import', join(dir, 'corpus.jsonl'), '--postgres', url])
    expect(onSqlite.code, onSqlite.stderr).toBe(0)
    expect(onPostgres.code, onPostgres.stderr).toBe(0)
    expect(onPostgres.stdout.split('\n').slice(0, 3)).toEqual(onSqlite.stdout.split('\n').slice(0, 3))
  })

  it('exports every format identically', async () => {
    for (const format of EXPORT_FORMATS) {
      const ext = corpusFormat(format).singleFile ? '.out' : ''
      const a = join(dir, `sqlite-${format}${ext}`)
      const b = join(dir, `pg-${format}${ext}`)
      expect((await cli(['export', '--format', format, '--out', a, '--data', sqliteDir])).code).toBe(0)
      const run = await cli(['export', '--format', format, '--out', b, '--postgres', url])
      expect(run.code, run.stderr).toBe(0)
      expect(filesUnder(b), format).toEqual(filesUnder(a))
    }
  })

  it('gives the same coverage, and reindexes', async () => {
    const a = await cli(['coverage', '--format', 'json', '--data', sqliteDir])
    const b = await cli(['coverage', '--format', 'json', '--postgres', url])
    expect(b.code, b.stderr).toBe(0)
    expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout))
    expect(JSON.parse(b.stdout).corpus.articles).toBe(3)
    const reindex = await cli(['reindex', '--postgres', url])
    expect(reindex).toMatchObject({ code: 0, stderr: expect.stringMatching(/^reindexed 3 articles in /) })
  })

  it('[SQ3] finds the same sentences on both, and pages alike', async () => {
    for (const args of [
      ['--label', 'anonymous_official'],
      ['--layer', 'all', '--label', 'anonymous_official', '--annotator', 'bob'],
      ['--source', 'PESKOV', '--outlet', 'Daily'],
      ['-q', 'journal', '--limit', '2'],
      ['-q', 'journal', '--after', 'b:2', '--format', 'csv'],
    ]) {
      const a = await cli(['sentences', ...args, '--data', sqliteDir])
      const b = await cli(['sentences', ...args, '--postgres', url])
      expect(a.code, a.stderr).toBe(0)
      expect(b.code, b.stderr).toBe(0)
      expect(b.stdout, args.join(' ')).toBe(a.stdout)
    }
    const page = JSON.parse(
      (await cli(['sentences', '-q', 'journal', '--limit', '2', '--postgres', url])).stdout,
    )
    expect(page.sentences.map((s: { article: string }) => s.article)).toEqual(['a', 'b'])
    expect(page.next).toBe('b:2')
    const decided = JSON.parse(
      (await cli(['sentences', '--label', 'anonymous_official', '--data', sqliteDir])).stdout,
    )
    // Article b's second sentence was decided ("quote"): its annotators' label is not in the default layer.
    expect(decided.sentences.map((s: { article: string }) => s.article)).toEqual(['a', 'c'])
  })

  it('[CP6] pre-annotates both alike with attrib suggest --store', async () => {
    const a = await cli(['suggest', '--store', '--data', sqliteDir])
    const b = await cli(['suggest', '--store', '--postgres', url])
    expect(a.code, a.stderr).toBe(0)
    expect(b.code, b.stderr).toBe(0)
    expect(b.stdout).toBe(a.stdout)
    expect(a.stdout).toMatch(/^suggested [1-9]\d* sentences? in 3 of 3 articles\n$/)
    // The same sentences with the same labels (each store's annotations have ids of their own).
    const suggested = async (store: string[]) =>
      JSON.parse(
        (await cli(['sentences', '--annotator', 'attrib-suggest', '--status', 'suggested', ...store])).stdout,
        (key, value) => (key === 'annotation' ? undefined : value),
      )
    expect(await suggested(['--postgres', url])).toEqual(await suggested(['--data', sqliteDir]))
    expect((await suggested(['--data', sqliteDir])).sentences.length).toBeGreaterThan(0)
  })

  it('names the database it cannot reach, without its password', async () => {
    const run = await cli([
      'export',
      '--format',
      'jsonl',
      '--out',
      join(dir, 'x'),
      '--postgres',
      'postgres://u:secret@127.0.0.1:1/db',
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^attrib export: cannot open PostgreSQL postgres:\/\/u:\*+@127\.0\.0\.1:1\/db/)
    expect(run.stderr).not.toContain('secret')
  })
})
