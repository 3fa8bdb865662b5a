import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { changeDecisions, DATABASE_FILE, SqliteStore } from '@attrib/server'
import { afterAll, describe, expect, it } from 'vitest'
import { runInProcess } from './testCli'

const ROOT = resolve(import.meta.dirname, '../../..')
const dir = mkdtempSync(join(tmpdir(), 'attrib-decisions-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('[SD4] attrib sources', () => {
  it('applies the decisions people made on the index', async () => {
    const imported = await runInProcess(
      ['import', join(ROOT, 'seeds/demo/musk-putin-two-annotators.jsonl'), '--data', dir],
      dir,
    )
    expect(imported.code, imported.stderr).toBe(0)
    const list = async () =>
      JSON.parse((await runInProcess(['sources', '--data', dir, '--format', 'json'], dir)).stdout)
        .sources as {
        id: string
        mergedFrom?: string[]
      }[]
    const before = await list()
    expect(before.some((s) => s.id === 'wall-street-journal')).toBe(true)
    const store = new SqliteStore(join(dir, DATABASE_FILE))
    try {
      await changeDecisions(
        store,
        { kind: 'merge', from: 'wall-street-journal', into: 'dmitry-peskov' },
        'rita',
        'reviewer',
      )
    } finally {
      await store.close()
    }
    const after = await list()
    expect(after.some((s) => s.id === 'wall-street-journal')).toBe(false)
    expect(after.find((s) => s.id === 'dmitry-peskov')?.mergedFrom).toEqual(['wall-street-journal'])
    expect(after).toHaveLength(before.length - 1)
  })
})
