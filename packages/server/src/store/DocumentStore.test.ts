import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ArticleInput, addAnnotationsAtOffsets, createArticleDoc, readArticle } from '@attrib/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  ArticleExistsError,
  applyStoredDocument,
  type DocumentStore,
  importArticles,
  loadDocument,
} from './DocumentStore'
import { MemoryStore } from './MemoryStore'
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

function textOf(store: DocumentStore, name: string): string {
  const doc = new Y.Doc()
  applyStoredDocument(doc, store.load(name), 'test')
  return doc.getText('t').toString()
}

const backends: { name: string; open: (dir: string) => DocumentStore }[] = [
  { name: 'MemoryStore', open: () => new MemoryStore() },
  { name: 'SqliteStore', open: (dir) => new SqliteStore(join(dir, 'store.sqlite')) },
]

// One contract, every backend (tldraw style): a backend passes these or it is not a DocumentStore.
describe.each(backends)('DocumentStore contract: $name', ({ open }) => {
  let dir: string
  let store: DocumentStore
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'attrib-store-'))
    store = open(dir)
  })
  afterEach(() => {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('[ST1] an unknown document loads empty', () => {
    expect(store.load('nope')).toEqual({ snapshot: null, updates: [], lastUpdateId: 0 })
  })

  it('[ST2] appended updates load in order with increasing ids, per document', () => {
    const [ua, ub, uc] = [update('a'), update('b'), update('c')]
    const a1 = store.appendUpdate('x', ua)
    const b1 = store.appendUpdate('y', ub)
    const a2 = store.appendUpdate('x', uc)
    expect(a1).toBeLessThan(b1)
    expect(b1).toBeLessThan(a2)
    const loaded = store.load('x')
    expect(loaded.snapshot).toBeNull()
    expect(loaded.updates.map((u) => Buffer.from(u).toString('hex'))).toEqual(
      [ua, uc].map((u) => Buffer.from(u).toString('hex')),
    )
    expect(loaded.lastUpdateId).toBe(a2)
    expect(store.countUpdates('x')).toBe(2)
    expect(store.countUpdates()).toBe(3)
  })

  it('[ST3] compact replaces the snapshot and drops only the rows it covers', () => {
    const doc = new Y.Doc()
    doc.on('update', (u: Uint8Array) => store.appendUpdate('x', u))
    doc.getText('t').insert(0, 'hello')
    doc.getText('t').insert(5, ' world')
    const through = store.load('x').lastUpdateId
    store.compact('x', Y.encodeStateAsUpdate(doc), through)
    doc.getText('t').insert(0, '> ')
    store.appendUpdate('y', update('other'))
    const loaded = store.load('x')
    expect(loaded.snapshot).not.toBeNull()
    expect(loaded.updates).toHaveLength(1)
    expect(store.countUpdates('y')).toBe(1)
    expect(textOf(store, 'x')).toBe('> hello world')
  })

  it('[ST4] createArticle stores the document and a catalog row with counts', () => {
    const row = store.createArticle(ARTICLE)
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
    expect(store.getArticleRow('a1')).toEqual(row)
    const doc = loadDocument(store, 'a1')!
    expect(readArticle(doc).text).toBe(`${ARTICLE.paragraphs[0]}\n\n${ARTICLE.paragraphs[1]}`)
    expect(store.getArticleRow('missing')).toBeUndefined()
  })

  it('[ST5] a duplicate id throws ArticleExistsError and changes nothing', () => {
    store.createArticle(ARTICLE)
    const before = store.load('a1')
    expect(() => store.createArticle({ ...ARTICLE, paragraphs: ['Other text.'] })).toThrow(ArticleExistsError)
    expect(store.load('a1')).toEqual(before)
    expect(store.listArticles()).toHaveLength(1)
  })

  it('[ST12] createArticles stores annotated articles all or nothing', () => {
    const annotated = {
      meta: { id: 'b1', title: 'B' },
      paragraphs: ['Peskov said so. Officials declined.'],
      annotations: [
        { kind: 'sentence' as const, start: 0, end: 15, labels: ['spokesperson'], annotator: 'x' },
      ],
    }
    const rows = store.createArticles([annotated, { meta: { id: 'b2', title: 'B2' }, paragraphs: ['Two.'] }])
    expect(rows.map((r) => [r.id, r.tagged])).toEqual([
      ['b1', 1],
      ['b2', 0],
    ])
    expect(readArticle(loadDocument(store, 'b1')!).annotations[0]).toMatchObject({ start: 0, end: 15 })
    // A bad annotation in the third article: nothing of the batch is stored.
    const bad = {
      ...annotated,
      meta: { id: 'c3', title: 'C' },
      annotations: [{ ...annotated.annotations[0]!, end: 999 }],
    }
    expect(() =>
      store.createArticles([
        { ...annotated, meta: { id: 'c1', title: 'C' } },
        { meta: { id: 'c2', title: 'C' }, paragraphs: ['x'] },
        bad,
      ]),
    ).toThrow(/article c3: annotation 0/)
    // A taken id: nothing stored either.
    expect(() => store.createArticles([{ ...annotated, meta: { id: 'd1', title: 'D' } }, annotated])).toThrow(
      ArticleExistsError,
    )
    expect(store.listArticles().map((r) => r.id)).toEqual(['b1', 'b2'])
  })

  it('[ST6] a bad article id is refused', () => {
    expect(() => store.createArticle({ ...ARTICLE, meta: { id: '../x', title: 't' } })).toThrow(RangeError)
    expect(store.listArticles()).toEqual([])
  })

  it('[ST7] listArticles is ordered by id; updateArticleStats refreshes counts and metadata', () => {
    store.createArticle({ ...ARTICLE, meta: { id: 'b', title: 'B' } })
    store.createArticle({ ...ARTICLE, meta: { id: 'a', title: 'A' } })
    store.updateArticleStats('a', { sentences: 7, tagged: 2 })
    store.updateArticleStats('b', { sentences: 1, tagged: 1, meta: { id: 'b', title: 'B2', outlet: 'O' } })
    store.updateArticleStats('ghost', { sentences: 1, tagged: 1 })
    const rows = store.listArticles()
    expect(rows.map((r) => [r.id, r.title, r.outlet, r.sentences, r.tagged])).toEqual([
      ['a', 'A', null, 7, 2],
      ['b', 'B2', 'O', 1, 1],
    ])
  })

  it('[ST8] settings round-trip as JSON; unknown keys are undefined', () => {
    expect(store.getSetting('taxonomy')).toBeUndefined()
    const value = { labels: [{ id: 'x', n: 1 }] }
    store.setSetting('taxonomy', value)
    value.labels[0]!.n = 2
    expect(store.getSetting('taxonomy')).toEqual({ labels: [{ id: 'x', n: 1 }] })
    store.setSetting('taxonomy', null)
    expect(store.getSetting('taxonomy')).toBeNull()
    expect(() => store.setSetting('bad', undefined)).toThrow(TypeError)
  })

  it('[ST9] importArticles skips existing ids when asked, and throws otherwise', () => {
    store.createArticle(ARTICLE)
    const second = { ...ARTICLE, meta: { id: 'a2', title: 'Two' } }
    const result = importArticles(store, [ARTICLE, second], { skipExisting: true })
    expect(result.created.map((r) => r.id)).toEqual(['a2'])
    expect(result.skipped).toEqual(['a1'])
    expect(() => importArticles(store, [second])).toThrow(ArticleExistsError)
  })

  it('[ST10] a document rebuilt from snapshot + log equals the original, annotations included', () => {
    const doc = createArticleDoc(ARTICLE)
    store.appendUpdate('a1', Y.encodeStateAsUpdate(doc))
    doc.on('update', (u: Uint8Array) => store.appendUpdate('a1', u))
    addAnnotationsAtOffsets(doc, [
      { kind: 'sentence', start: 0, end: 5, labels: ['quote'], annotator: 'ann' },
    ])
    store.compact('a1', Y.encodeStateAsUpdate(doc), store.load('a1').lastUpdateId)
    addAnnotationsAtOffsets(doc, [
      { kind: 'span', start: 0, end: 6, labels: ['named_source'], annotator: 'b' },
    ])
    const loaded = loadDocument(store, 'a1')!
    expect(readArticle(loaded)).toEqual(readArticle(doc))
    expect(readArticle(loaded).annotations).toHaveLength(2)
  })
})

describe('SqliteStore', () => {
  it('[ST11] keeps its data across reopening and records the schema version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'attrib-store-'))
    try {
      const path = join(dir, 's.sqlite')
      const first = new SqliteStore(path)
      first.createArticle(ARTICLE)
      first.appendUpdate('a1', update('x'))
      expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(first.db.pragma('synchronous', { simple: true })).toBe(1)
      first.close()
      const second = new SqliteStore(path, { synchronous: 'FULL' })
      expect(second.db.pragma('user_version', { simple: true })).toBe(STORE_SCHEMA_VERSION)
      expect(second.db.pragma('synchronous', { simple: true })).toBe(2)
      expect(second.listArticles().map((r) => r.id)).toEqual(['a1'])
      expect(second.countUpdates('a1')).toBe(1)
      second.db.pragma(`user_version = ${STORE_SCHEMA_VERSION + 1}`)
      second.close()
      expect(() => new SqliteStore(path)).toThrow(/newer/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
