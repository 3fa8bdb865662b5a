import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
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
