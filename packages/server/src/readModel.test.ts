import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { addAnnotationsAtOffsets, getMetaMap, readArticle } from '@attrib/core'
import { coverageReport } from '@attrib/review'
import {
  articleView,
  loadDocumentNow,
  readTaxonomy,
  SqliteStore,
  storeCorpusReader,
  VIEW_VERSION,
} from '@attrib/store'
import { silentLogger } from '@attrib/sync'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type AttribServer, createServer } from './createServer'
import { connectClient, type TestClient, waitFor } from './testUtils'

const ARTICLE = {
  meta: { id: 'a1', title: 'Calls', outlet: 'Daily', date: '2024-10-25' },
  paragraphs: ['Peskov said there was one call. Officials declined to comment.', 'Musk confirmed it.'],
}

let server: AttribServer | undefined
const clients: TestClient[] = []
const dirs: string[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.close()
  await server?.store.close()
  server = undefined
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function start(): Promise<{ store: SqliteStore; url: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'attrib-views-'))
  dirs.push(dir)
  const store = new SqliteStore(join(dir, 'attrib.sqlite'))
  server = createServer({ store, logger: silentLogger, compactEvery: 10_000 })
  const { port } = await server.listen(0, '127.0.0.1')
  return { store, url: `ws://127.0.0.1:${port}/yjs` }
}

describe('the corpus read model', () => {
  it('[WS18] a live room writes its view within a second of a stored change, and with the snapshot on unload', async () => {
    const { store, url } = await start()
    await store.createArticle(ARTICLE)
    const client = connectClient(url, 'a1')
    clients.push(client)
    await client.synced()
    addAnnotationsAtOffsets(client.doc, [
      { kind: 'sentence', start: 0, end: 31, labels: ['named_source'], annotator: 'ann' },
    ])
    getMetaMap(client.doc).set('title', 'Renamed')
    await waitFor(async () => {
      const [stored] = await store.readViews(['a1'])
      return stored!.seq > 0 && stored!.view?.seq === stored!.seq
    }, 'the live view')
    const [live] = await store.readViews(['a1'])
    const snapshot = JSON.parse(live!.view!.json)
    expect(snapshot.meta.title).toBe('Renamed')
    expect(snapshot.annotations.map((a: { labels: string[] }) => a.labels)).toEqual([['named_source']])
    // Unloading compacts, and the view stays as new as the snapshot.
    client.destroy()
    clients.length = 0
    await server!.close()
    const [unloaded] = await store.readViews(['a1'])
    expect(unloaded!.view!.seq).toBe(unloaded!.seq)
    expect(await store.countUpdates('a1')).toBe(0)
  })

  it('[ST27] a reader computes a stale, missing or unreadable view again from the document and stores it', async () => {
    const { store } = await start()
    await store.createArticles([
      ARTICLE,
      { ...ARTICLE, meta: { ...ARTICLE.meta, id: 'a2' } },
      { ...ARTICLE, meta: { ...ARTICLE.meta, id: 'a3' } },
    ])
    // a1: a view from an older document version (a hand-edited database, a crash between two writes);
    // a2: a view of another read-model version; a3: a view that is not JSON.
    const lie = JSON.stringify({ ...readArticle(loadDocumentNow(store, 'a1')!), text: 'lie' })
    store.db.prepare('UPDATE views SET json = ?, seq = -1 WHERE name = ?').run(lie, 'a1')
    store.db.prepare('UPDATE views SET version = ? WHERE name = ?').run(VIEW_VERSION + 1, 'a2')
    store.db.prepare("UPDATE views SET json = '{' WHERE name = ?").run('a3')
    const recomputed: string[] = []
    const reader = storeCorpusReader(store, { onRecompute: (id, why) => recomputed.push(`${id}:${why}`) })
    const read = []
    for await (const a of reader.readArticles(['a1', 'a2', 'a3', 'missing'])) read.push(a)
    expect(recomputed).toEqual(['a1:stale', 'a2:stale', 'a3:unreadable', 'missing:missing'])
    expect(read.map((a) => a.snapshot?.text ?? null)).toEqual([
      `${ARTICLE.paragraphs[0]}\n\n${ARTICLE.paragraphs[1]}`,
      `${ARTICLE.paragraphs[0]}\n\n${ARTICLE.paragraphs[1]}`,
      `${ARTICLE.paragraphs[0]}\n\n${ARTICLE.paragraphs[1]}`,
      null,
    ])
    // Stored back: the next reader parses the views and decodes nothing.
    recomputed.length = 0
    for await (const _ of reader.readArticles(['a1', 'a2', 'a3']));
    expect(recomputed).toEqual([])
    const [a1] = await store.readViews(['a1'])
    const { json, version } = articleView(JSON.parse(a1!.view!.json), a1!.seq)
    expect(a1!.view).toEqual({ seq: a1!.seq, version, json })
  })

  it('[HTTP10] a malformed record still in a stored document is left out and logged once per article version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'attrib-views-'))
    dirs.push(dir)
    const store = new SqliteStore(join(dir, 'attrib.sqlite'))
    await store.createArticle(ARTICLE)
    // Written as an old server would have stored it, before the shape check.
    const doc = loadDocumentNow(store, 'a1')!
    const before = Y.encodeStateVector(doc)
    doc.getMap('annotations').set('bad', 'not an annotation')
    await store.appendUpdates('a1', [Y.encodeStateAsUpdate(doc, before)])
    const warnings: { message: string; details?: Record<string, unknown> }[] = []
    const logger = {
      ...silentLogger,
      warn: (message: string, details?: Record<string, unknown>) => warnings.push({ message, details }),
    }
    server = createServer({ store, logger })
    const { port } = await server.listen(0, '127.0.0.1')
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`http://127.0.0.1:${port}/api/review/coverage`)
      expect(response.status).toBe(200)
      expect((await response.json()).corpus.articles).toBe(1)
    }
    const left = warnings.filter((w) => w.message === 'malformed records left out of an article')
    expect(left).toHaveLength(1)
    expect(left[0]!.details).toMatchObject({ article: 'a1', records: [expect.stringMatching(/^bad: /)] })
  })

  it("[ST28] the dashboard's usual report after a restart reads the digests only, and equals the snapshots' report", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'attrib-views-'))
    dirs.push(dir)
    const store = new SqliteStore(join(dir, 'attrib.sqlite'))
    await store.createArticles([
      {
        ...ARTICLE,
        annotations: [{ kind: 'sentence', start: 0, end: 31, labels: ['named_source'], annotator: 'ann' }],
      },
      { ...ARTICLE, meta: { ...ARTICLE.meta, id: 'a2', outlet: 'Other' } },
    ])
    const parts: string[] = []
    const readViews = store.readViews.bind(store)
    store.readViews = (ids, part) => {
      parts.push(part ?? 'snapshot')
      return readViews(ids, part)
    }
    server = createServer({ store, logger: silentLogger })
    const { port } = await server.listen(0, '127.0.0.1')
    const body = await (await fetch(`http://127.0.0.1:${port}/api/review/coverage`)).json()
    expect(parts.length).toBeGreaterThan(0)
    expect(parts.every((p) => p === 'digest')).toBe(true)
    const snapshots = ['a1', 'a2'].map((id) => readArticle(loadDocumentNow(store, id)!))
    const labels = (await readTaxonomy(store)).labels.map((l) => l.id)
    expect(body).toEqual(
      JSON.parse(JSON.stringify(coverageReport(snapshots, { labels, sentenceText: false }))),
    )
    expect(body.corpus.attributed).toBe(1)
    // Another request (sentences' text) reads the snapshots.
    await fetch(`http://127.0.0.1:${port}/api/review/coverage?text=true`)
    expect(parts).toContain('snapshot')
  })
})
