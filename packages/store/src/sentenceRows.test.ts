import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ArticleInput, PARAGRAPH_SEPARATOR, readArticle } from '@attrib/core'
import type { DocumentStore, SentenceMatch, SentenceQuery } from '@attrib/sync'
import Database from 'better-sqlite3'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { articleView, loadDocument, VIEW_VERSION } from './articles'
import { MemoryStore } from './MemoryStore'
import { PgStore } from './PgStore'
import { type PostgresTestServer, startPostgres } from './postgresTestServer'
import { SqliteStore } from './SqliteStore'

// The read model's sentence rows (SPEC ST32, ST33), on every backend.

const PARAGRAPHS = [
  '😀 Peskov said there was one call. Officials declined to comment.',
  'Müller confirmed it. The vote was close.',
]
const TEXT = PARAGRAPHS.join(PARAGRAPH_SEPARATOR)
/** The code-point offset of `part` in the article's text. */
const at = (part: string) => Array.from(TEXT.slice(0, TEXT.indexOf(part))).length
const cpLength = (s: string) => Array.from(s).length

const S0 = '😀 Peskov said there was one call.'
const S1 = 'Officials declined to comment.'
const S2 = 'Müller confirmed it.'
const S3 = 'The vote was close.'
const sentence = (text: string) => ({
  kind: 'sentence' as const,
  start: at(text),
  end: at(text) + cpLength(text),
})

const ARTICLE: ArticleInput = {
  meta: { id: 'a1', title: 'Calls', outlet: 'Daily' },
  paragraphs: PARAGRAPHS,
  annotations: [
    {
      id: 'n1',
      ...sentence(S0),
      labels: ['named', 'direct-quote'],
      source: 'Dmitry Peskov',
      annotator: 'ana',
    },
    { id: 'n2', ...sentence(S1), labels: ['anonymous'], annotator: 'ben' },
    { id: 'n3', ...sentence(S1), labels: ['spokesperson'], annotator: 'suggester', status: 'rejected' },
    { id: 'n4', ...sentence(S2), labels: ['named'], source: 'Anna Müller', annotator: 'ana' },
    { id: 'n5', ...sentence(S2), labels: ['anonymous'], annotator: 'ben' },
    // A reviewer decided sentence 2 (named) and sentence 3 ("no attribution": no labels).
    { id: 'f1', ...sentence(S2), labels: ['named'], source: 'Anna Müller', annotator: 'rev', final: true },
    { id: 'f2', ...sentence(S3), labels: [], annotator: 'rev', final: true },
  ],
}

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

/** Each match as `article:index` with its label rows as `annotator/label/status[/final][/auto]`. */
const brief = (matches: SentenceMatch[]) =>
  matches.map((m) => ({
    at: `${m.article}:${m.sentence.index}`,
    labels: m.labels
      .map((l) => `${l.annotator}/${l.label}/${l.status}${l.final ? '/final' : ''}${l.auto ? '/auto' : ''}`)
      .sort(),
  }))

const ids = (matches: SentenceMatch[]) => matches.map((m) => `${m.article}:${m.sentence.index}`)

describe.each(backends)('sentence rows: $name', ({ name, open }) => {
  let dir: string
  let store: DocumentStore
  const find = (q: Omit<SentenceQuery, 'version' | 'limit'> & { limit?: number }) =>
    store.findSentences({ version: VIEW_VERSION, limit: 100, ...q })
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'attrib-rows-'))
    store = await open(dir)
  }, PG_TIMEOUT)
  afterEach(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('[ST32] creating an article writes a row per sentence (code points, text) and a row per label', async () => {
    await store.createArticle(ARTICLE)
    const all = await find({ layer: 'all' })
    expect(all.map((m) => m.sentence)).toEqual([
      { index: 0, start: 0, end: cpLength(S0), text: S0 },
      { index: 1, start: at(S1), end: at(S1) + cpLength(S1), text: S1 },
      { index: 2, start: at(S2), end: at(S2) + cpLength(S2), text: S2 },
      { index: 3, start: at(S3), end: at(S3) + cpLength(S3), text: S3 },
    ])
    expect(brief(all)).toEqual([
      { at: 'a1:0', labels: ['ana/direct-quote/accepted/auto', 'ana/named/accepted/auto'] },
      { at: 'a1:1', labels: ['ben/anonymous/accepted/auto', 'suggester/spokesperson/rejected/auto'] },
      // Decided by the reviewer: only the final row is in the `auto` layer.
      {
        at: 'a1:2',
        labels: ['ana/named/accepted', 'ben/anonymous/accepted', 'rev/named/accepted/final/auto'],
      },
      { at: 'a1:3', labels: ['rev/null/accepted/final/auto'] },
    ])
    const quote = all[0]!.labels.find((l) => l.label === 'direct-quote')!
    expect(quote).toEqual({
      sentence: 0,
      annotation: 'n1',
      kind: 'sentence',
      annotator: 'ana',
      status: 'accepted',
      final: false,
      auto: true,
      label: 'direct-quote',
      source: 'Dmitry Peskov',
    })
    // The rows are the snapshot's.
    const snapshot = readArticle((await loadDocument(store, 'a1'))!)
    expect(articleView(snapshot, 0).rows!.sentences).toEqual(all.map((m) => m.sentence))
  })

  it('[ST32] the rows are replaced with their view, and an older view leaves them as they are', async () => {
    await store.createArticle(ARTICLE)
    await store.createArticle({ ...ARTICLE, meta: { id: 'a2', title: 'Other' }, annotations: [] })
    const doc = (await loadDocument(store, 'a1'))!
    const seq = await store.appendUpdates('a1', [Y.encodeStateAsUpdate(doc)])
    const edited = { ...readArticle(doc), annotations: [] }
    await store.compact('a1', Y.encodeStateAsUpdate(doc), seq, articleView(edited, seq))
    expect(brief(await find({ layer: 'all', articles: ['a1'] }))).toEqual(
      [0, 1, 2, 3].map((i) => ({ at: `a1:${i}`, labels: [] })),
    )
    // An older view of the same version is refused, and so are its rows.
    await store.writeView('a1', articleView(readArticle(doc), seq - 1))
    expect((await find({ label: 'named' })).length).toBe(0)
    // A view without rows removes them.
    await store.writeView('a1', { ...articleView(edited, seq), rows: undefined })
    expect(ids(await find({}))).toEqual(['a2:0', 'a2:1', 'a2:2', 'a2:3'])
    if (name === 'SqliteStore') {
      // Plain SQL over the file, as a researcher would query it.
      await store.close()
      const db = new Database(join(dir, 'store.sqlite'), { readonly: true })
      expect(db.prepare('SELECT count(*) AS n FROM sentences WHERE article = ?').get('a2')).toEqual({ n: 4 })
      db.close()
      store = await open(dir)
    }
  })

  it('[ST32] deleted articles are not found; purging removes their rows', async () => {
    await store.createArticle(ARTICLE)
    await store.deleteArticle('a1')
    expect(await find({})).toEqual([])
    await store.restoreArticle('a1')
    expect((await find({})).length).toBe(4)
    await store.deleteArticle('a1')
    await store.purgeDeleted(new Date(Date.now() + 1000).toISOString())
    await store.createArticle({ ...ARTICLE, annotations: [] })
    expect(brief(await find({ layer: 'all' })).flatMap((m) => m.labels)).toEqual([])
  })

  it('[ST33] findSentences filters by label, annotator, status, source, text and layer, in pages', async () => {
    await store.createArticle(ARTICLE)
    await store.createArticle({ ...ARTICLE, meta: { id: 'a0', title: 'Earlier' } })
    expect(ids(await find({ label: 'named' }))).toEqual(['a0:0', 'a0:2', 'a1:0', 'a1:2'])
    // The annotators' layer on a decided sentence is not in `auto`, but is in `all`.
    expect(ids(await find({ label: 'anonymous' }))).toEqual(['a0:1', 'a1:1'])
    expect(ids(await find({ label: 'anonymous', layer: 'all' }))).toEqual(['a0:1', 'a0:2', 'a1:1', 'a1:2'])
    expect(ids(await find({ layer: 'final', articles: ['a1'], annotator: 'rev' }))).toEqual(['a1:2', 'a1:3'])
    // Rejected rows match only when asked for.
    expect(ids(await find({ label: 'spokesperson' }))).toEqual([])
    expect(ids(await find({ label: 'spokesperson', status: 'rejected', articles: ['a1'] }))).toEqual(['a1:1'])
    // Source and text: part of it, any case, Unicode included.
    expect(ids(await find({ source: 'MÜLLER', articles: ['a1'] }))).toEqual(['a1:2'])
    expect(ids(await find({ source: 'peskov', annotator: 'ben' }))).toEqual([])
    expect(ids(await find({ text: 'müller CONFIRMED', articles: ['a0'] }))).toEqual(['a0:2'])
    expect(ids(await find({ text: '😀 peskov' }))).toEqual(['a0:0', 'a1:0'])
    // A match gives every row of the layer on its sentence, not only the one that matched.
    expect(brief(await find({ label: 'direct-quote', articles: ['a1'] }))[0]!.labels).toEqual([
      'ana/direct-quote/accepted/auto',
      'ana/named/accepted/auto',
    ])
    // Pages: after the last match of the previous page.
    const first = await find({ limit: 3 })
    const last = first[first.length - 1]!
    const second = await find({ limit: 3, after: { article: last.article, sentence: last.sentence.index } })
    const rest = await find({ after: { article: 'a1', sentence: 0 } })
    expect([...ids(first), ...ids(second)]).toEqual(['a0:0', 'a0:1', 'a0:2', 'a0:3', 'a1:0', 'a1:1'])
    expect(ids(rest)).toEqual(['a1:1', 'a1:2', 'a1:3'])
    // Rows of another read-model version do not count.
    expect(await store.findSentences({ version: VIEW_VERSION + 1, limit: 10 })).toEqual([])
  })

  it('[ST33] staleViews names the articles whose view is missing, of another version or older than the document', async () => {
    await store.createArticle(ARTICLE)
    await store.createArticle({ ...ARTICLE, meta: { id: 'a2', title: 'Other' } })
    await store.createArticle({ ...ARTICLE, meta: { id: 'a3', title: 'Third' } })
    expect(await store.staleViews(VIEW_VERSION)).toEqual([])
    const doc = (await loadDocument(store, 'a2'))!
    doc.getMap('meta').set('title', 'Renamed')
    await store.appendUpdates('a2', [Y.encodeStateAsUpdate(doc)])
    await store.writeView('a3', { ...articleView(readArticle(doc), 0), version: VIEW_VERSION + 1 })
    expect(await store.staleViews(VIEW_VERSION)).toEqual(['a2', 'a3'])
    await store.deleteArticle('a2')
    expect(await store.staleViews(VIEW_VERSION)).toEqual(['a3'])
    expect(await store.staleViews(VIEW_VERSION + 1)).toEqual(['a1'])
  })
})

describe('sentence rows: SqliteStore writes only what changed', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'attrib-rows-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  /** Every row of article a1, as SQL reads them. */
  const rowsOf = (store: SqliteStore) => ({
    sentences: store.db
      .prepare('SELECT idx, start, "end", text FROM sentences WHERE article = ? ORDER BY idx')
      .all('a1'),
    labels: store.db
      .prepare('SELECT * FROM sentence_labels WHERE article = ? ORDER BY idx, annotation, label')
      .all('a1'),
  })

  it('[ST32] a run of edits gives the rows a full write gives, also when another process wrote between', async () => {
    const store = new SqliteStore(join(dir, 'a.sqlite'))
    const other = new SqliteStore(join(dir, 'a.sqlite'))
    const reference = new SqliteStore(join(dir, 'reference.sqlite'))
    try {
      await store.createArticle(ARTICLE)
      await reference.createArticle(ARTICLE)
      const base = readArticle((await loadDocument(store, 'a1'))!)
      let random = 7
      const next = (n: number) => {
        random = (random * 1103515245 + 12345) % 2147483648
        return random % n
      }
      for (let seq = 1; seq <= 60; seq++) {
        // Some annotations dropped, some relabelled, and now and then a sentence fewer or its text changed.
        const annotations = base.annotations
          .filter(() => next(3) > 0)
          .map((a) => (next(2) ? { ...a, labels: [...a.labels, `l${next(4)}`] } : a))
        const sentences = next(5) === 0 ? base.sentences.slice(0, 3) : base.sentences
        const text = next(7) === 0 ? base.text.replace('close', 'tight') : base.text
        const view = articleView({ ...base, text, sentences, annotations }, seq)
        // Every seventh write comes from another process (the CLI's reindex, a second server).
        await (seq % 7 === 0 ? other : store).writeView('a1', view)
        await reference.writeView('a1', { ...view, rows: undefined })
        await reference.writeView('a1', view)
        expect(rowsOf(store), `write ${seq}`).toEqual(rowsOf(reference))
      }
    } finally {
      await store.close()
      await other.close()
      await reference.close()
    }
  })
})

describe('sentence rows: the SQL in docs/architecture.md', () => {
  it('[ST32] runs on a SQLite store and counts what the rows say', async () => {
    const doc = readFileSync(new URL('../../../docs/architecture.md', import.meta.url), 'utf8')
    const sql = /```sql\n([\s\S]*?)```/.exec(doc)![1]!
    const dir = mkdtempSync(join(tmpdir(), 'attrib-rows-'))
    const store = new SqliteStore(join(dir, 'attrib.sqlite'))
    try {
      await store.createArticle(ARTICLE)
      expect(store.db.prepare(sql).all()).toEqual([
        { outlet: 'Daily', label: 'named', sentences: 2 },
        { outlet: 'Daily', label: 'anonymous', sentences: 1 },
        { outlet: 'Daily', label: 'direct-quote', sentences: 1 },
      ])
    } finally {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
