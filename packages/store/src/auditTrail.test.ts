import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AnnotationState, AuditRecord } from '@attrib/core'
import type { DocumentStore } from '@attrib/sync'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MemoryStore } from './MemoryStore'
import { PgStore } from './PgStore'
import { type PostgresTestServer, startPostgres } from './postgresTestServer'
import { SqliteStore } from './SqliteStore'

// The audit trail's part of the DocumentStore contract (SPEC AU2), on every backend.

function update(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return Y.encodeStateAsUpdate(doc)
}

const STATE: AnnotationState = {
  kind: 'sentence',
  labels: ['anonymous'],
  source: '',
  status: 'accepted',
  final: false,
  annotator: 'ana',
  start: 'AQ==',
  end: 'Ag==',
}

const record = (
  annotation: string,
  user: string,
  before: AnnotationState | null,
  after: AnnotationState | null,
) => ({ annotation, user, at: '2026-12-06T10:42:00.000Z', before, after }) satisfies AuditRecord

let postgres: Promise<PostgresTestServer> | undefined
afterAll(async () => {
  if (postgres) await (await postgres).stop()
})
const PG_TIMEOUT = 60_000

const backends: { name: string; open: (dir: string) => Promise<DocumentStore> }[] = [
  { name: 'MemoryStore', open: async () => new MemoryStore() },
  { name: 'SqliteStore', open: async (dir) => new SqliteStore(join(dir, 'store.sqlite')) },
  {
    name: 'PgStore',
    open: async () => {
      postgres ??= startPostgres()
      return PgStore.open(await (await postgres).createDatabase())
    },
  },
]

describe.each(backends)('audit trail: $name', ({ name, open }) => {
  let dir: string
  let store: DocumentStore
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'attrib-audit-'))
    store = await open(dir)
  }, PG_TIMEOUT)
  afterEach(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('[AU2] changes are appended with their update, numbered per document and stamped with its seq', async () => {
    const spokesperson = { ...STATE, labels: ['spokesperson'], annotator: 'ben' }
    await store.appendUpdates('d', [update('a')])
    const seq = await store.appendUpdates('d', [update('b')], [record('x', 'ana', null, STATE)])
    await store.appendUpdates('other', [update('c')], [record('y', 'ana', null, STATE)])
    const last = await store.appendUpdates(
      'd',
      [update('d'), update('e')],
      [record('x', 'ben', STATE, spokesperson), record('z', 'ben', STATE, null)],
    )
    const trail = await store.readAudit('d')
    expect(trail).toEqual([
      { n: 1, seq, at: '2026-12-06T10:42:00.000Z', user: 'ana', annotation: 'x', before: null, after: STATE },
      {
        n: 2,
        seq: last,
        at: '2026-12-06T10:42:00.000Z',
        user: 'ben',
        annotation: 'x',
        before: STATE,
        after: spokesperson,
      },
      {
        n: 3,
        seq: last,
        at: '2026-12-06T10:42:00.000Z',
        user: 'ben',
        annotation: 'z',
        before: STATE,
        after: null,
      },
    ])
    expect((await store.readAudit('other')).map((e) => e.n)).toEqual([1])
    expect(await store.readAudit('nothing')).toEqual([])
    // Pages: after an entry number, at most a limit.
    expect((await store.readAudit('d', { after: 1 })).map((e) => e.n)).toEqual([2, 3])
    expect((await store.readAudit('d', { after: 1, limit: 1 })).map((e) => e.n)).toEqual([2])
    // What a caller does with what it read does not reach the store.
    trail[0]!.after!.labels.push('tampered')
    expect((await store.readAudit('d'))[0]!.after).toEqual(STATE)
  })

  it('[AU2] compaction keeps the trail; a purge of the deleted article removes it with the article', async () => {
    await store.createArticle({ meta: { id: 'a1', title: 'A' }, paragraphs: ['One sentence.'] })
    const seq = await store.appendUpdates('a1', [update('b')], [record('x', 'ana', null, STATE)])
    await store.compact('a1', update('ab'), seq)
    expect((await store.readAudit('a1')).map((e) => e.annotation)).toEqual(['x'])
    await store.appendUpdates('a1', [update('c')], [record('x', 'ana', STATE, null)])
    expect((await store.readAudit('a1')).map((e) => e.n)).toEqual([1, 2])
    const deletedAt = await store.deleteArticle('a1')
    expect((await store.readAudit('a1')).length).toBe(2)
    expect(deletedAt).toBeDefined()
    await store.purgeDeleted(new Date(Date.now() + 1000).toISOString())
    expect(await store.readAudit('a1')).toEqual([])
  })

  it.runIf(name !== 'MemoryStore')('[AU2] the database refuses to change a recorded entry', async () => {
    const seq = await store.appendUpdates('d', [update('a')], [record('x', 'ana', null, STATE)])
    const opened: DocumentStore = store
    if (opened instanceof SqliteStore) {
      // In the log row, and once compaction has moved it into the trail.
      expect(() => opened.db.exec(`UPDATE updates SET audit = '[]'`)).toThrow(/cannot be changed/)
      await opened.compact('d', update('a'), seq)
      expect(() => opened.db.exec(`UPDATE audit SET records = '[]'`)).toThrow(/cannot be changed/)
    } else if (opened instanceof PgStore)
      await expect(opened.pool.query(`UPDATE audit SET "user" = 'mallory'`)).rejects.toThrow(
        /cannot be changed/,
      )
    else throw new Error('no database to try')
    expect((await store.readAudit('d'))[0]!.user).toBe('ana')
  })
})
