import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Origin, readAnnotations, setAnnotationLabel, updateAnnotation } from '@attrib/core'
import { createServer, DATABASE_FILE, SqliteStore, silentLogger } from '@attrib/server'
import { connectClient, waitFor } from '@attrib/server/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { runInProcess } from './testCli'

const ROOT = resolve(import.meta.dirname, '../../..')
const dir = mkdtempSync(join(tmpdir(), 'attrib-history-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const ARTICLE = '000_cdf3ea4d863409f1'

describe('[AU7] attrib history', () => {
  it('prints the trail a server recorded, as the JSON the API answers, as CSV and as JSON Lines', async () => {
    const imported = await runInProcess(
      ['import', join(ROOT, 'seeds/demo/musk-putin-two-annotators.jsonl'), '--data', dir],
      dir,
    )
    expect(imported.code, imported.stderr).toBe(0)
    // Two changes through a server on the same store, as an annotator would make them in the editor.
    const store = new SqliteStore(join(dir, DATABASE_FILE))
    const server = createServer({ store, logger: silentLogger, metrics: false })
    const { port } = await server.listen(0, '127.0.0.1')
    const client = connectClient(`ws://127.0.0.1:${port}/yjs`, ARTICLE)
    try {
      await client.synced()
      const tag = readAnnotations(client.doc).find((a) => a.labels.length > 0)!
      setAnnotationLabel(client.doc, tag.id, 'spokesperson', true, Origin.user)
      await waitFor(async () => (await store.readAudit(ARTICLE)).length === 1, 'the first change recorded')
      updateAnnotation(client.doc, tag.id, { source: 'Dmitry Peskov' }, Origin.user)
      await waitFor(async () => (await store.readAudit(ARTICLE)).length === 2, 'the second change recorded')
    } finally {
      client.destroy()
      await server.close()
    }
    const json = await runInProcess(['history', ARTICLE, '--data', dir], dir)
    expect(json.code, json.stderr).toBe(0)
    const history = JSON.parse(json.stdout)
    expect(history.article).toBe(ARTICLE)
    expect(history.entries).toHaveLength(2)
    expect(history.entries[0]).toMatchObject({ n: 1, user: 'anonymous', kinds: ['labels'] })
    expect(history.entries[1]).toMatchObject({
      n: 2,
      kinds: ['source'],
      summary: 'source (none) → “Dmitry Peskov”',
    })
    expect(Object.keys(history.start).length).toBeGreaterThan(0)
    const csv = await runInProcess(['history', ARTICLE, '--data', dir, '--format', 'csv'], dir)
    const rows = csv.stdout.trim().split('\r\n')
    expect(rows[0]).toBe('n,at,user,annotation,change,summary,sentence,quote,before,after')
    expect(rows).toHaveLength(history.entries.length + 1)
    const jsonl = await runInProcess(['history', ARTICLE, '--data', dir, '--format', 'jsonl'], dir)
    const lines = jsonl.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(lines.filter((l) => l.type === 'start')).toHaveLength(Object.keys(history.start).length)
    expect(lines.filter((l) => l.type === 'change').map((l) => l.n)).toEqual([1, 2])
  })

  it('names a missing article, a bad id and a missing store', async () => {
    const missing = await runInProcess(['history', 'nope', '--data', dir], dir)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toBe('attrib history: no article nope in the store\n')
    const bad = await runInProcess(['history', '../etc', '--data', dir], dir)
    expect(bad.stderr).toMatch(/^attrib history: "\.\.\/etc" is not an article id/)
    const nowhere = await runInProcess(['history', ARTICLE, '--data', join(dir, 'nowhere')], dir)
    expect(nowhere.stderr).toMatch(/^attrib history: no store at /)
  })
})
