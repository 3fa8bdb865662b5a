import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createServer, DATABASE_FILE, SqliteStore, silentLogger } from '@attrib/server'
import { afterAll, describe, expect, it } from 'vitest'
import { runInProcess } from './testCli'

const ROOT = resolve(import.meta.dirname, '../../..')
const dir = mkdtempSync(join(tmpdir(), 'attrib-sources-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('[SRC3] attrib sources', () => {
  it("prints the demo story's sources as a table, CSV and the JSON the API answers", async () => {
    const imported = await runInProcess(
      ['import', join(ROOT, 'seeds/demo/musk-putin-two-annotators.jsonl'), '--data', dir],
      dir,
    )
    expect(imported.code, imported.stderr).toBe(0)
    const md = await runInProcess(['sources', '--data', dir], dir)
    expect(md.code, md.stderr).toBe(0)
    expect(md.stdout).toMatch(/^\| source \| types \| citations/)
    expect(md.stdout).toMatch(/\| Dmitry Peskov \| quote, spokesperson \| 2 \| 1 \|/)
    expect(md.stdout).toMatch(/\| US Department of Defense \| spokesperson \|/)
    const csv = await runInProcess(
      ['sources', '--data', dir, '--format', 'csv', '--type', 'spokesperson'],
      dir,
    )
    const rows = csv.stdout.trim().split('\r\n')
    expect(rows[0]).toBe(
      'id,name,aliases,types,citations,articles,outlets,first,last,quoted,reported,via_media',
    )
    expect(rows.slice(1).every((r) => r.includes('spokesperson'))).toBe(true)
    expect(rows.some((r) => r.startsWith('dmitry-peskov,Dmitry Peskov,'))).toBe(true)
    const json = JSON.parse(
      (await runInProcess(['sources', '--data', dir, '--format', 'json', '-q', 'journal'], dir)).stdout,
    )
    expect(json.sources.map((s: { id: string }) => s.id)).toEqual(['wall-street-journal'])
    expect(json.anonymous.length).toBe(2)
  })

  it('names a missing store', async () => {
    const run = await runInProcess(['sources', '--data', join(dir, 'nowhere')], dir)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^attrib sources: no store at /)
  })
})

describe('[SRC9] attrib sources --from --to', () => {
  it('counts only the articles dated in the period, as GET /api/sources does', async () => {
    // The demo story is imported above: one article dated 2024-10-25, the other undated.
    const json = async (...args: string[]) => {
      const run = await runInProcess(['sources', '--data', dir, '--format', 'json', ...args], dir)
      expect(run.code, run.stderr).toBe(0)
      return JSON.parse(run.stdout)
    }
    const all = await json()
    const october = await json('--from', '2024-10-25', '--to', '2024-10-25')
    const articles = (listing: { anonymous: { article: string }[] }) =>
      listing.anonymous.map((a) => a.article)
    expect(articles(all)).toHaveLength(2)
    expect(articles(october)).toEqual(['000_cdf3ea4d863409f1'])
    expect(october.sources.length).toBeGreaterThan(0)
    expect(october.sources.length).toBeLessThan(all.sources.length)
    expect(october.sources.every((s: { first: string }) => s.first === '2024-10-25')).toBe(true)
    expect(await json('--to', '2024-10-24')).toEqual({ sources: [], anonymous: [] })

    // The same answer as the HTTP API's over the same store.
    const server = createServer({ store: new SqliteStore(join(dir, DATABASE_FILE)), logger: silentLogger })
    try {
      const { port } = await server.listen(0, '127.0.0.1')
      const http = await fetch(`http://127.0.0.1:${port}/api/sources?from=2024-10-25&to=2024-10-25`)
      expect(await http.json()).toEqual(october)
    } finally {
      await server.close()
    }
  })

  it('refuses a bad date or an empty period in one line naming the option, with exit code 2', async () => {
    const refused = async (...args: string[]) => {
      const run = await runInProcess(['sources', '--data', dir, ...args], dir)
      expect(run.code).toBe(2)
      expect(run.stdout).toBe('')
      return run.stderr
    }
    expect(await refused('--from', '2024-02-30')).toBe(
      'attrib sources: --from: not a calendar date (see attrib sources --help)\n',
    )
    expect(await refused('--to', '31.10.2024')).toBe(
      'attrib sources: --to: expected YYYY-MM-DD (see attrib sources --help)\n',
    )
    expect(await refused('--from', '2024-11-01', '--to', '2024-10-01')).toBe(
      'attrib sources: --from: must be on or before to: the period would hold no day (see attrib sources --help)\n',
    )
  })
})
