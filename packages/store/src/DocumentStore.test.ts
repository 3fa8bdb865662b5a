import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ArticleInput, addAnnotationsAtOffsets, createArticleDoc, readArticle } from '@attrib/core'
import { articleDigest } from '@attrib/review'
import {
  ArticleDeletedError,
  ArticleExistsError,
  applyStoredDocument,
  type DocumentStore,
} from '@attrib/sync'
import Database from 'better-sqlite3'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { importArticles, loadDocument, VIEW_VERSION } from './articles'
import { MemoryStore } from './MemoryStore'
import { PG_SCHEMA_VERSION, PgStore } from './PgStore'
import { type PostgresTestServer, startPostgres } from './postgresTestServer'
import { SqliteStore, STORE_SCHEMA_VERSION } from './SqliteStore'

const ARTICLE: ArticleInput = {
  meta: { id: 'a1', title: 'Calls', outlet: 'Daily', date: '2024-10-25', story: 'musk' },
  paragraphs: ['Peskov said there was one call. Officials declined to comment.', 'Musk confirmed it.'],
}

function update(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return Y.encodeStateAsUpdate(doc)
}

const hex = (u: Uint8Array) => Buffer.from(u).toString('hex')

async function textOf(store: DocumentStore, name: string): Promise<string> {
  const doc = new Y.Doc()
  applyStoredDocument(doc, await store.load(name), 'test')
  return doc.getText('t').toString()
}

/** Appends every update of `doc` to the store, in order; `flush` waits for the appends so far. */
function persist(doc: Y.Doc, store: DocumentStore, name: string): { flush: () => Promise<unknown> } {
  const pending: Promise<number>[] = []
  doc.on('update', (u: Uint8Array) => pending.push(store.appendUpdates(name, [u])))
  return { flush: () => Promise.all(pending) }
}

// One PostgreSQL server for the whole file, started on first use (initdb takes a second or two);
// every PgStore test gets a fresh database on it.
let postgres: Promise<PostgresTestServer> | undefined
const getPostgres = () => {
  postgres ??= startPostgres()
  return postgres
}
afterAll(async () => {
  if (postgres) await (await postgres).stop()
})
const PG_TIMEOUT = 60_000

const backends: { name: string; open: (dir: string) => Promise<DocumentStore> }[] = [
  { name: 'MemoryStore', open: async () => new MemoryStore() },
  { name: 'SqliteStore', open: async (dir) => new SqliteStore(join(dir, 'store.sqlite')) },
  { name: 'PgStore', open: async () => PgStore.open(await (await getPostgres()).createDatabase()) },
]

// One contract, every backend (tldraw style): a backend passes these or it is not a DocumentStore.
describe.each(backends)('DocumentStore contract: $name', ({ open }) => {
  let dir: string
  let store: DocumentStore
  let closed: boolean
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'attrib-store-'))
    closed = false
    store = await open(dir)
  }, PG_TIMEOUT)
  afterEach(async () => {
    if (!closed) await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('[ST1] an unknown document loads empty', async () => {
    expect(await store.load('nope')).toEqual({ snapshot: null, updates: [], seq: 0 })
    expect(await store.countUpdates('nope')).toBe(0)
  })

  it('[ST2] appended updates load in order with increasing seqs, per document', async () => {
    const [ua, ub, uc] = [update('a'), update('b'), update('c')]
    const a1 = await store.appendUpdates('x', [ua])
    const b1 = await store.appendUpdates('y', [ub])
    const a2 = await store.appendUpdates('x', [uc])
    expect([a1, b1, a2]).toEqual([1, 1, 2])
    const loaded = await store.load('x')
    expect(loaded.snapshot).toBeNull()
    expect(loaded.updates.map(hex)).toEqual([ua, uc].map(hex))
    expect(loaded.seq).toBe(a2)
    expect(await store.countUpdates('x')).toBe(2)
    expect(await store.countUpdates()).toBe(3)
  })

  it('[ST3] compact replaces the snapshot and drops only the rows it covers', async () => {
    const doc = new Y.Doc()
    const { flush } = persist(doc, store, 'x')
    doc.getText('t').insert(0, 'hello')
    doc.getText('t').insert(5, ' world')
    await flush()
    const through = (await store.load('x')).seq
    expect(through).toBe(2)
    await store.compact('x', Y.encodeStateAsUpdate(doc), through)
    doc.getText('t').insert(0, '> ')
    await flush()
    await store.appendUpdates('y', [update('other')])
    const loaded = await store.load('x')
    expect(loaded.snapshot).not.toBeNull()
    expect(loaded.updates).toHaveLength(1)
    expect(loaded.seq).toBe(3)
    expect(await store.countUpdates('y')).toBe(1)
    expect(await textOf(store, 'x')).toBe('> hello world')
  })

  it('[ST4] createArticle stores the document and a catalog row with counts', async () => {
    const row = await store.createArticle(ARTICLE)
    expect(row).toMatchObject({
      id: 'a1',
      title: 'Calls',
      outlet: 'Daily',
      date: '2024-10-25',
      story: 'musk',
      sentences: 3,
      tagged: 0,
    })
    expect(row.meta).toMatchObject(ARTICLE.meta)
    expect(Number.isNaN(Date.parse(row.createdAt))).toBe(false)
    expect(await store.getArticleRow('a1')).toEqual(row)
    const doc = (await loadDocument(store, 'a1'))!
    expect(readArticle(doc).text).toBe(`${ARTICLE.paragraphs[0]}\n\n${ARTICLE.paragraphs[1]}`)
    expect(await store.getArticleRow('missing')).toBeUndefined()
  })

  it('[ST5] a duplicate id throws ArticleExistsError and changes nothing', async () => {
    await store.createArticle(ARTICLE)
    const before = await store.load('a1')
    await expect(store.createArticle({ ...ARTICLE, paragraphs: ['Other text.'] })).rejects.toThrow(
      ArticleExistsError,
    )
    expect(await store.load('a1')).toEqual(before)
    expect(await store.listArticles()).toHaveLength(1)
  })

  it('[ST12] createArticles stores annotated articles all or nothing', async () => {
    const annotated = {
      meta: { id: 'b1', title: 'B' },
      paragraphs: ['Peskov said so. Officials declined.'],
      annotations: [
        { kind: 'sentence' as const, start: 0, end: 15, labels: ['spokesperson'], annotator: 'x' },
      ],
    }
    const rows = await store.createArticles([
      annotated,
      { meta: { id: 'b2', title: 'B2' }, paragraphs: ['Two.'] },
    ])
    expect(rows.map((r) => [r.id, r.tagged])).toEqual([
      ['b1', 1],
      ['b2', 0],
    ])
    expect(readArticle((await loadDocument(store, 'b1'))!).annotations[0]).toMatchObject({
      start: 0,
      end: 15,
    })
    // A bad annotation in the third article: nothing of the batch is stored.
    const bad = {
      ...annotated,
      meta: { id: 'c3', title: 'C' },
      annotations: [{ ...annotated.annotations[0]!, end: 999 }],
    }
    await expect(
      store.createArticles([
        { ...annotated, meta: { id: 'c1', title: 'C' } },
        { meta: { id: 'c2', title: 'C' }, paragraphs: ['x'] },
        bad,
      ]),
    ).rejects.toThrow(/article c3: annotation 0/)
    // A taken id, named in the error: nothing stored either.
    const taken = store.createArticles([{ ...annotated, meta: { id: 'd1', title: 'D' } }, annotated])
    await expect(taken).rejects.toThrow(ArticleExistsError)
    await expect(taken).rejects.toMatchObject({ id: 'b1' })
    expect((await store.listArticles()).map((r) => r.id)).toEqual(['b1', 'b2'])
    expect(await store.load('c1')).toEqual({ snapshot: null, updates: [], seq: 0 })
    expect(await store.load('d1')).toEqual({ snapshot: null, updates: [], seq: 0 })
  })

  it('[ST6] a bad article id is refused', async () => {
    await expect(store.createArticle({ ...ARTICLE, meta: { id: '../x', title: 't' } })).rejects.toThrow(
      RangeError,
    )
    expect(await store.listArticles()).toEqual([])
  })

  it('[ST7] listArticles is ordered by id; updateArticleStats refreshes counts and metadata', async () => {
    await store.createArticle({ ...ARTICLE, meta: { id: 'b', title: 'B' } })
    await store.createArticle({ ...ARTICLE, meta: { id: 'a', title: 'A' } })
    await store.updateArticleStats('a', { sentences: 7, tagged: 2 })
    await store.updateArticleStats('b', {
      sentences: 1,
      tagged: 1,
      meta: { id: 'b', title: 'B2', outlet: 'O' },
    })
    await store.updateArticleStats('ghost', { sentences: 1, tagged: 1 })
    const rows = await store.listArticles()
    expect(rows.map((r) => [r.id, r.title, r.outlet, r.sentences, r.tagged])).toEqual([
      ['a', 'A', null, 7, 2],
      ['b', 'B2', 'O', 1, 1],
    ])
    expect(rows[1]!.meta).toEqual({ id: 'b', title: 'B2', outlet: 'O' })
  })

  it('[ST8] settings round-trip as JSON; unknown keys are undefined', async () => {
    expect(await store.getSetting('taxonomy')).toBeUndefined()
    const value = { labels: [{ id: 'x', n: 1 }] }
    await store.setSetting('taxonomy', value)
    value.labels[0]!.n = 2
    expect(await store.getSetting('taxonomy')).toEqual({ labels: [{ id: 'x', n: 1 }] })
    await store.setSetting('taxonomy', null)
    expect(await store.getSetting('taxonomy')).toBeNull()
    await expect(store.setSetting('bad', undefined)).rejects.toThrow(TypeError)
  })

  it('[ST9] importArticles skips existing ids when asked, and throws otherwise', async () => {
    await store.createArticle(ARTICLE)
    const second = { ...ARTICLE, meta: { id: 'a2', title: 'Two' } }
    const result = await importArticles(store, [ARTICLE, second], { skipExisting: true })
    expect(result.created.map((r) => r.id)).toEqual(['a2'])
    expect(result.skipped).toEqual(['a1'])
    await expect(importArticles(store, [second])).rejects.toThrow(ArticleExistsError)
  })

  it('[ST10] a document rebuilt from snapshot + log equals the original, annotations included', async () => {
    const doc = createArticleDoc(ARTICLE)
    await store.appendUpdates('a1', [Y.encodeStateAsUpdate(doc)])
    const { flush } = persist(doc, store, 'a1')
    addAnnotationsAtOffsets(doc, [
      { kind: 'sentence', start: 0, end: 5, labels: ['quote'], annotator: 'ann' },
    ])
    await flush()
    await store.compact('a1', Y.encodeStateAsUpdate(doc), (await store.load('a1')).seq)
    addAnnotationsAtOffsets(doc, [
      { kind: 'span', start: 0, end: 6, labels: ['named_source'], annotator: 'b' },
    ])
    await flush()
    const loaded = (await loadDocument(store, 'a1'))!
    expect(readArticle(loaded)).toEqual(readArticle(doc))
    expect(readArticle(loaded).annotations).toHaveLength(2)
  })

  it('[ST13] a batch append gets consecutive seqs and is stored all or nothing', async () => {
    const batch = [update('a'), update('b'), update('c')]
    expect(await store.appendUpdates('x', batch)).toBe(3)
    expect(await store.appendUpdates('x', [update('d'), update('e')])).toBe(5)
    const loaded = await store.load('x')
    expect(loaded.seq).toBe(5)
    expect(loaded.updates.slice(0, 3).map(hex)).toEqual(batch.map(hex))
    // A batch with a bad element in the middle: rejected, nothing of it stored, no seq used.
    await expect(
      store.appendUpdates('x', [update('f'), null as unknown as Uint8Array, update('g')]),
    ).rejects.toThrow()
    expect(await store.load('x')).toEqual(loaded)
    expect(await store.countUpdates('x')).toBe(5)
    expect(await store.appendUpdates('x', [update('h')])).toBe(6)
  })

  it('[ST14] seqs are per document and gap-free', async () => {
    const got: Record<string, number[]> = { x: [], y: [], z: [] }
    for (const [name, n] of [
      ['x', 1],
      ['y', 2],
      ['x', 3],
      ['z', 1],
      ['y', 1],
      ['x', 1],
    ] as const) {
      const last = await store.appendUpdates(
        name,
        Array.from({ length: n }, (_, i) => update(`${name}${i}`)),
      )
      for (let s = last - n + 1; s <= last; s++) got[name]!.push(s)
    }
    expect(got).toEqual({ x: [1, 2, 3, 4, 5], y: [1, 2, 3], z: [1] })
    expect((await store.load('x')).seq).toBe(5)
    expect((await store.load('y')).seq).toBe(3)
    expect((await store.load('z')).seq).toBe(1)
    expect(await store.countUpdates()).toBe(9)
  })

  it('[ST15] load reports the seq after everything was compacted, and appends continue from it', async () => {
    const doc = new Y.Doc()
    const { flush } = persist(doc, store, 'x')
    for (const word of ['one ', 'two ', 'three ']) doc.getText('t').insert(doc.getText('t').length, word)
    await flush()
    await store.compact('x', Y.encodeStateAsUpdate(doc), 3)
    const compacted = await store.load('x')
    expect(compacted.updates).toEqual([])
    expect(compacted.snapshot).not.toBeNull()
    expect(compacted.seq).toBe(3)
    expect(await store.countUpdates('x')).toBe(0)
    doc.getText('t').insert(0, '> ')
    await flush()
    expect((await store.load('x')).seq).toBe(4)
    expect(await textOf(store, 'x')).toBe('> one two three ')
  })

  it('[ST16] a compaction through a lower (or the same) seq than the stored snapshot is ignored', async () => {
    const doc = new Y.Doc()
    const { flush } = persist(doc, store, 'x')
    doc.getText('t').insert(0, 'a')
    const early = Y.encodeStateAsUpdate(doc)
    doc.getText('t').insert(1, 'b')
    doc.getText('t').insert(2, 'c')
    await flush()
    // Process A compacted through 3; process B, late, tries to compact through 1 with an older state.
    await store.compact('x', Y.encodeStateAsUpdate(doc), 3)
    const after = await store.load('x')
    await store.compact('x', early, 1)
    await store.compact('x', early, 3)
    expect(await store.load('x')).toEqual(after)
    expect(await textOf(store, 'x')).toBe('abc')
    // A later compaction still moves it forward.
    doc.getText('t').insert(3, 'd')
    await flush()
    await store.compact('x', Y.encodeStateAsUpdate(doc), 4)
    expect(await textOf(store, 'x')).toBe('abcd')
    expect((await store.load('x')).updates).toEqual([])
  })

  it('[ST17] a compaction through seq n keeps the updates after n', async () => {
    const doc = new Y.Doc()
    const { flush } = persist(doc, store, 'x')
    doc.getText('t').insert(0, 'a')
    doc.getText('t').insert(1, 'b')
    await flush()
    const state = Y.encodeStateAsUpdate(doc)
    // Appended (by another process) after the state was taken: must survive the compaction.
    doc.getText('t').insert(2, 'c')
    await flush()
    await store.compact('x', state, 2)
    const loaded = await store.load('x')
    expect([loaded.updates.length, loaded.seq]).toEqual([1, 3])
    expect(await textOf(store, 'x')).toBe('abc')
  })

  it('[ST24] appending no updates stores nothing and resolves to the current sequence number', async () => {
    expect(await store.appendUpdates('x', [])).toBe(0)
    await store.appendUpdates('x', [update('a'), update('b')])
    expect(await store.appendUpdates('x', [])).toBe(2)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, update('a'))
    Y.applyUpdate(doc, update('b'))
    await store.compact('x', Y.encodeStateAsUpdate(doc), 2)
    expect(await store.appendUpdates('x', [])).toBe(2)
    expect(await store.countUpdates('x')).toBe(0)
  })

  it('[ST25] createArticle writes the read-model view of the new document in the same transaction', async () => {
    await store.createArticle(ARTICLE)
    const [stored, missing] = await store.readViews(['a1', 'missing'])
    expect(missing).toEqual({ id: 'missing', seq: 0, view: null })
    expect(stored!.id).toBe('a1')
    expect(stored!.view).toMatchObject({ seq: stored!.seq, version: VIEW_VERSION })
    const fromDoc = readArticle((await loadDocument(store, 'a1'))!)
    expect(JSON.parse(stored!.view!.json)).toEqual(JSON.parse(JSON.stringify(fromDoc)))
    // The digest alone, without the snapshot.
    const [digest] = await store.readViews(['a1'], 'digest')
    expect(JSON.parse(digest!.view!.json)).toEqual(JSON.parse(JSON.stringify(articleDigest(fromDoc))))
  })

  it('[ST26] a view follows compaction and never goes back to an older document of its version', async () => {
    await store.createArticle(ARTICLE)
    const doc = (await loadDocument(store, 'a1'))!
    const { flush } = persist(doc, store, 'a1')
    doc.getMap('meta').set('title', 'Renamed')
    await flush()
    const [afterEdit] = await store.readViews(['a1'])
    // The edit is in the log, not yet in the view: the view is older than its document.
    expect(afterEdit!.seq).toBeGreaterThan(afterEdit!.view!.seq)
    const through = afterEdit!.seq
    const view = {
      seq: through,
      version: VIEW_VERSION,
      json: JSON.stringify(readArticle(doc)),
      digest: '{"d":1}',
    }
    await store.compact('a1', Y.encodeStateAsUpdate(doc), through, view)
    const [compacted] = await store.readViews(['a1'])
    expect(compacted).toEqual({
      id: 'a1',
      seq: through,
      view: { seq: through, version: VIEW_VERSION, json: view.json },
    })
    expect((await store.readViews(['a1'], 'digest'))[0]!.view!.json).toBe('{"d":1}')
    // An older view of the same version is ignored; a view of another version replaces it.
    await store.writeView('a1', { seq: 0, version: VIEW_VERSION, json: '{}', digest: '{}' })
    expect((await store.readViews(['a1']))[0]!.view!.json).toBe(view.json)
    await store.writeView('a1', { seq: 0, version: VIEW_VERSION + 1, json: '{"v":2}', digest: '{"d":2}' })
    expect((await store.readViews(['a1']))[0]!.view).toEqual({
      seq: 0,
      version: VIEW_VERSION + 1,
      json: '{"v":2}',
    })
    expect((await store.readViews(['a1'], 'digest'))[0]!.view!.json).toBe('{"d":2}')
  })

  it('[ST34] hasArticles says whether the catalog has an article, deleted ones left out', async () => {
    expect(await store.hasArticles()).toBe(false)
    await store.createArticle(ARTICLE)
    expect(await store.hasArticles()).toBe(true)
    await store.deleteArticle('a1')
    expect(await store.hasArticles()).toBe(false)
    await store.restoreArticle('a1')
    expect(await store.hasArticles()).toBe(true)
  })

  it('[ST29] deleteArticle hides the article from the catalog and keeps its document; restoreArticle brings it back', async () => {
    await store.createArticle(ARTICLE)
    await store.createArticle({ ...ARTICLE, meta: { ...ARTICLE.meta, id: 'a2' } })
    await store.appendUpdates('a1', [update('after import')])
    const row = (await store.getArticleRow('a1'))!
    const before = await store.load('a1')
    const [viewBefore] = await store.readViews(['a1'])

    const t0 = Date.now()
    const deletedAt = await store.deleteArticle('a1')
    expect(Date.parse(deletedAt!)).toBeGreaterThanOrEqual(t0 - 1000)
    expect(Date.parse(deletedAt!)).toBeLessThanOrEqual(Date.now() + 1000)
    expect((await store.listArticles()).map((r) => r.id)).toEqual(['a2'])
    expect(await store.getArticleRow('a1')).toBeUndefined()
    expect(await store.listDeleted()).toEqual([{ id: 'a1', deletedAt }])
    // Deleted already, or never there: nothing to delete.
    expect(await store.deleteArticle('a1')).toBeUndefined()
    expect(await store.deleteArticle('missing')).toBeUndefined()
    // The document, its log and its view stay.
    expect(await store.load('a1')).toEqual(before)
    expect(await store.readViews(['a1'])).toEqual([viewBefore])
    // Counts written while deleted (a room unloading) are kept for the restore.
    await store.updateArticleStats('a1', { sentences: 3, tagged: 1 })

    const restored = await store.restoreArticle('a1')
    expect(restored).toEqual({ ...row, tagged: 1, updatedAt: restored!.updatedAt })
    expect(await store.listDeleted()).toEqual([])
    expect(await store.getArticleRow('a1')).toEqual(restored)
    expect((await store.listArticles()).map((r) => r.id)).toEqual(['a1', 'a2'])
    expect(await store.load('a1')).toEqual(before)
    // Restoring an article that is not deleted gives its row; an unknown id gives nothing.
    expect(await store.restoreArticle('a1')).toEqual(restored)
    expect(await store.restoreArticle('missing')).toBeUndefined()
  })

  it('[ST30] creating an article with the id of a deleted one throws ArticleDeletedError and changes nothing', async () => {
    await store.createArticle(ARTICLE)
    const deletedAt = (await store.deleteArticle('a1'))!
    const before = await store.load('a1')
    const error = await store.createArticle({ ...ARTICLE, paragraphs: ['Other text.'] }).catch((e) => e)
    expect(error).toBeInstanceOf(ArticleDeletedError)
    expect(error).toBeInstanceOf(ArticleExistsError)
    expect(error.deletedAt).toBe(deletedAt)
    expect(error.message).toMatch(/"a1" was deleted at .* restore it/)
    await expect(
      store.createArticles([{ ...ARTICLE, meta: { ...ARTICLE.meta, id: 'b1' } }, ARTICLE]),
    ).rejects.toThrow(ArticleDeletedError)
    expect(await store.getArticleRow('b1')).toBeUndefined()
    expect(await store.load('a1')).toEqual(before)
    // An import that skips existing ids skips it too.
    expect(await importArticles(store, [ARTICLE], { skipExisting: true })).toMatchObject({
      created: [],
      skipped: ['a1'],
    })
    expect(await store.restoreArticle('a1')).toMatchObject({ id: 'a1', title: 'Calls' })
  })

  it('[ST31] purgeDeleted removes for good the articles deleted before a time, and only those', async () => {
    for (const id of ['a1', 'a2', 'a3'])
      await store.createArticle({ ...ARTICLE, meta: { ...ARTICLE.meta, id } })
    await store.appendUpdates('a1', [update('x')])
    await store.deleteArticle('a1')
    await store.deleteArticle('a2')
    expect(await store.purgeDeleted(new Date(Date.now() - 60_000).toISOString())).toEqual([])
    expect((await store.restoreArticle('a2'))?.id).toBe('a2')
    expect(await store.purgeDeleted(new Date(Date.now() + 1000).toISOString())).toEqual(['a1'])
    expect(await store.restoreArticle('a1')).toBeUndefined()
    expect(await store.load('a1')).toEqual({ snapshot: null, updates: [], seq: 0 })
    expect(await store.countUpdates('a1')).toBe(0)
    expect(await store.readViews(['a1'])).toEqual([{ id: 'a1', seq: 0, view: null }])
    expect((await store.listArticles()).map((r) => r.id)).toEqual(['a2', 'a3'])
    // The id is free again.
    expect((await store.createArticle(ARTICLE)).id).toBe('a1')
    expect((await store.load('a1')).updates).toEqual([])
  })

  it('[ST18] a closed store rejects later calls', async () => {
    await store.appendUpdates('x', [update('a')])
    await store.close()
    closed = true
    await expect(store.load('x')).rejects.toThrow()
    await expect(store.appendUpdates('x', [update('b')])).rejects.toThrow()
    await expect(store.listArticles()).rejects.toThrow()
  })
})

describe('SqliteStore', () => {
  it('[ST11] keeps its data across reopening and records the schema version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'attrib-store-'))
    try {
      const path = join(dir, 's.sqlite')
      const first = new SqliteStore(path)
      await first.createArticle(ARTICLE)
      await first.appendUpdates('a1', [update('x')])
      expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(first.db.pragma('synchronous', { simple: true })).toBe(1)
      await first.close()
      const second = new SqliteStore(path, { synchronous: 'FULL' })
      expect(second.db.pragma('user_version', { simple: true })).toBe(STORE_SCHEMA_VERSION)
      expect(second.db.pragma('synchronous', { simple: true })).toBe(2)
      expect((await second.listArticles()).map((r) => r.id)).toEqual(['a1'])
      expect(await second.countUpdates('a1')).toBe(1)
      expect((await second.load('a1')).seq).toBe(1)
      second.db.pragma(`user_version = ${STORE_SCHEMA_VERSION + 1}`)
      await second.close()
      expect(() => new SqliteStore(path)).toThrow(/newer/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('SqliteStore migrations', () => {
  it('[ST23] a store written by the first schema (global row ids) opens with its logs numbered 1, 2, ... per document', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'attrib-store-'))
    try {
      const path = join(dir, 'old.sqlite')
      // The version-1 schema exactly as the first release wrote it, with interleaved logs of two documents.
      const old = new Database(path)
      old.exec(`
        CREATE TABLE articles (id TEXT PRIMARY KEY, title TEXT NOT NULL, outlet TEXT, date TEXT, story TEXT,
          meta TEXT NOT NULL, sentences INTEGER NOT NULL DEFAULT 0, tagged INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE snapshots (name TEXT PRIMARY KEY, data BLOB NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE updates (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, data BLOB NOT NULL);
        CREATE INDEX updates_by_name ON updates (name, id);
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      `)
      old.pragma('user_version = 1')
      const insert = old.prepare('INSERT INTO updates (name, data) VALUES (?, ?)')
      const written = ['a', 'b', 'c', 'd', 'e'].map((text) => update(text))
      for (const [i, name] of ['x', 'y', 'x', 'x', 'y'].entries()) insert.run(name, written[i])
      old
        .prepare('INSERT INTO snapshots (name, data, updated_at) VALUES (?, ?, ?)')
        .run('z', update('z'), 'now')
      old.close()

      const store = new SqliteStore(path)
      try {
        expect(store.db.pragma('user_version', { simple: true })).toBe(STORE_SCHEMA_VERSION)
        expect((await store.load('x')).seq).toBe(3)
        expect((await store.load('x')).updates.map(hex)).toEqual(
          [written[0]!, written[2]!, written[3]!].map(hex),
        )
        expect((await store.load('y')).seq).toBe(2)
        expect(await store.load('z')).toMatchObject({ seq: 0, updates: [] })
        expect(await store.appendUpdates('x', [update('f')])).toBe(4)
        expect(await store.appendUpdates('z', [update('g'), update('h')])).toBe(2)
      } finally {
        await store.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('PgStore', () => {
  let postgresUrl: () => Promise<string>
  const opened: PgStore[] = []
  beforeEach(async () => {
    const server = await getPostgres()
    postgresUrl = () => server.createDatabase()
  }, PG_TIMEOUT)
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()))
  })
  const openStore = async (url: string) => {
    const store = await PgStore.open(url)
    opened.push(store)
    return store
  }

  it('[ST19] two stores (two processes) appending to one document get seqs 1..N without gaps', async () => {
    const url = await postgresUrl()
    const [a, b] = await Promise.all([openStore(url), openStore(url)])
    // 200 appends interleaved across both pools, a few of them batches of 3.
    const appends = Array.from({ length: 200 }, (_, i) => {
      const batch = Array.from({ length: i % 10 === 0 ? 3 : 1 }, (_, j) => Uint8Array.of(i, j, i >> 8))
      return { batch, store: i % 2 === 0 ? a : b }
    })
    const lasts = await Promise.all(appends.map(({ batch, store }) => store.appendUpdates('doc', batch)))
    const total = appends.reduce((n, { batch }) => n + batch.length, 0)
    const bySeq = new Map<number, Uint8Array>()
    appends.forEach(({ batch }, i) => {
      batch.forEach((u, j) => {
        bySeq.set(lasts[i]! - batch.length + 1 + j, u)
      })
    })
    // Every seq 1..N assigned exactly once, each batch consecutive.
    expect([...bySeq.keys()].sort((x, y) => x - y)).toEqual(Array.from({ length: total }, (_, i) => i + 1))
    const [fromA, fromB] = await Promise.all([a.load('doc'), b.load('doc')])
    expect(fromA.seq).toBe(total)
    expect(fromA.updates.map(hex)).toEqual(fromB.updates.map(hex))
    expect(fromA.seq).toBe(fromB.seq)
    // The log is in seq order: update k is the one whose append was given seq k.
    expect(fromA.updates.map(hex)).toEqual(Array.from({ length: total }, (_, i) => hex(bySeq.get(i + 1)!)))
  })

  it('[ST20] concurrent appends and compactions from two stores lose nothing', async () => {
    const url = await postgresUrl()
    const [a, b] = await Promise.all([openStore(url), openStore(url)])
    const source = new Y.Doc()
    const updates: Uint8Array[] = []
    source.on('update', (u: Uint8Array) => updates.push(u))
    for (let i = 0; i < 120; i++) source.getText('t').insert(0, String(i % 10))
    // Store a appends; store b compacts with whatever it loads, while appends are in flight.
    const appending = (async () => {
      for (let i = 0; i < updates.length; i += 4) await a.appendUpdates('doc', updates.slice(i, i + 4))
    })()
    const compacting = (async () => {
      for (let round = 0; round < 15; round++) {
        const loaded = await b.load('doc')
        const doc = new Y.Doc()
        applyStoredDocument(doc, loaded, 'test')
        await b.compact('doc', Y.encodeStateAsUpdate(doc), loaded.seq)
      }
    })()
    await Promise.all([appending, compacting])
    const loaded = await a.load('doc')
    expect(loaded.seq).toBe(updates.length)
    expect(await textOf(a, 'doc')).toBe(source.getText('t').toString())
    expect(await textOf(b, 'doc')).toBe(source.getText('t').toString())
  })

  it('[ST21] migrates once when two processes open a new database together; refuses a newer schema', async () => {
    const url = await postgresUrl()
    const [a, b, c] = await Promise.all([openStore(url), openStore(url), openStore(url)])
    const { rows } = await a.pool.query<{ version: number }>('SELECT version FROM attrib_schema')
    expect(rows).toEqual([{ version: PG_SCHEMA_VERSION }])
    await b.createArticle(ARTICLE)
    await c.appendUpdates('a1', [update('x')])
    await Promise.all(opened.splice(0).map((s) => s.close()))
    // Reopening keeps the data.
    const again = await openStore(url)
    expect((await again.listArticles()).map((r) => r.id)).toEqual(['a1'])
    expect(await again.load('a1')).toMatchObject({ seq: 1, updates: [expect.any(Uint8Array)] })
    await again.pool.query('UPDATE attrib_schema SET version = $1', [PG_SCHEMA_VERSION + 1])
    await expect(PgStore.open(url)).rejects.toThrow(/newer/)
  })

  it('[ST22] refuses bad calls with clear errors', async () => {
    const store = await openStore(await postgresUrl())
    await store.appendUpdates('x', [update('a')])
    await expect(store.compact('x', update('a'), 5)).rejects.toThrow(/up to seq 1, not 5/)
    await expect(store.compact('x', update('a'), -1)).rejects.toThrow(RangeError)
    await expect(store.appendUpdates('x', 'no' as unknown as Uint8Array[])).rejects.toThrow(TypeError)
    expect(await store.appendUpdates('x', [])).toBe(1)
    expect(await store.appendUpdates('new', [])).toBe(0)
    // Buffers and views into larger buffers are stored as their own bytes.
    const view = new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4)
    await store.appendUpdates('v', [view, Buffer.from([4, 5])])
    expect((await store.load('v')).updates.map((u) => [...u])).toEqual([
      [1, 2, 3],
      [4, 5],
    ])
    await store.close()
    await store.close()
    await expect(store.load('x')).rejects.toThrow(/closed/)
    // Closing while more calls wait than the pool has connections: they finish, then the pool ends.
    const busy = await PgStore.open(await postgresUrl(), { max: 2 })
    const calls = Array.from({ length: 20 }, (_, i) => busy.appendUpdates('q', [Uint8Array.of(i)]))
    await busy.close()
    expect((await Promise.all(calls)).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    )
    await expect(
      PgStore.open('postgres://nobody@127.0.0.1:1/none', { connectionTimeoutMillis: 2000 }),
    ).rejects.toThrow()
  })
})
