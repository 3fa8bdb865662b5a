import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readArticle } from '@attrib/core'
import { articleDigest, outletSourcing } from '@attrib/review'
import { loadDocumentNow, SqliteStore } from '@attrib/store'
import { silentLogger } from '@attrib/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { type AttribServer, createServer } from './createServer'

const TEXT = 'Kremlin spokesman Dmitry Peskov denied it. Peskov added more. Two officials disagreed.'
// Sentences (code points): [0,42) [43,61) [62,86)
const annotations = [
  {
    kind: 'sentence' as const,
    start: 0,
    end: 42,
    labels: ['spokesperson'],
    source: 'Dmitry Peskov',
    annotator: 'ann',
  },
  { kind: 'sentence' as const, start: 43, end: 61, labels: ['quote'], source: 'Peskov', annotator: 'ann' },
  { kind: 'sentence' as const, start: 62, end: 86, labels: ['anonymous_official'], annotator: 'ann' },
]
const article = (id: string, outlet: string, date: string, tags = annotations) => ({
  meta: { id, title: id, outlet, date },
  paragraphs: [TEXT],
  annotations: tags,
})
const ARTICLES = [
  article('a1', 'Daily', '2024-10-01'),
  article('a2', 'Daily', '2024-11-02', annotations.slice(0, 1)),
  article('a3', 'Weekly', '2024-11-20', annotations.slice(2)),
]

let server: AttribServer | undefined
const dirs: string[] = []
afterEach(async () => {
  await server?.close()
  await server?.store.close()
  server = undefined
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A store holding ARTICLES, and a server started on it afresh (as after a restart): what it reads. */
async function start(): Promise<{ base: string; store: SqliteStore; parts: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'attrib-outlets-'))
  dirs.push(dir)
  const store = new SqliteStore(join(dir, 'attrib.sqlite'))
  await store.createArticles(ARTICLES)
  const parts: string[] = []
  const readViews = store.readViews.bind(store)
  store.readViews = (ids, part) => {
    parts.push(part ?? 'snapshot')
    return readViews(ids, part)
  }
  server = createServer({ store, logger: silentLogger })
  const { port } = await server.listen(0, '127.0.0.1')
  return { base: `http://127.0.0.1:${port}`, store, parts }
}

describe('[SRC11] GET /api/review/outlets', () => {
  it("answers each outlet's most cited sources and anonymous share per month from the digests alone", async () => {
    const { base, store, parts } = await start()
    const res = await fetch(`${base}/api/review/outlets`)
    expect(res.status).toBe(200)
    const body = await res.json()
    // Read from the digests of the read model: no snapshot read, no document decoded.
    expect(parts.length).toBeGreaterThan(0)
    expect(parts.every((p) => p === 'digest')).toBe(true)
    const snapshots = ['a1', 'a2', 'a3'].map((id) => readArticle(loadDocumentNow(store, id)!))
    expect(body).toEqual(JSON.parse(JSON.stringify(outletSourcing(snapshots.map(articleDigest)))))
    expect(body.months).toEqual(['2024-10', '2024-11'])
    const daily = body.outlets.find((o: { outlet: string }) => o.outlet === 'Daily')
    expect(daily.topSources).toEqual([
      { id: 'dmitry-peskov', name: 'Dmitry Peskov', citations: 3, articles: 2 },
    ])
    expect(daily.months).toEqual([
      { month: '2024-10', articles: 1, attributed: 3, anonymous: 1, anonymousShare: 1 / 3 },
      { month: '2024-11', articles: 1, attributed: 1, anonymous: 0, anonymousShare: 0 },
    ])
  })

  it('follows the dashboard’s outlet and date filters and refuses bad parameters by name', async () => {
    const { base } = await start()
    const outlets = async (query: string) =>
      (await (await fetch(`${base}/api/review/outlets?${query}`)).json()).outlets.map(
        (o: { outlet: string; articles: number; topSources: unknown[] }) =>
          `${o.outlet}:${o.articles}:${o.topSources.length}`,
      )
    expect(await outlets('outlet=Weekly')).toEqual(['Weekly:1:0'])
    expect(await outlets('from=2024-11-01&to=2024-11-30')).toEqual(['Daily:1:1', 'Weekly:1:0'])
    expect(await outlets('top=1&outlet=Daily')).toEqual(['Daily:2:1'])
    const refused = async (query: string) => {
      const r = await fetch(`${base}/api/review/outlets?${query}`)
      expect(r.status, query).toBe(400)
      return (await r.json()).error
    }
    expect(await refused('from=2024-02-30')).toBe('query.from: not a calendar date')
    expect(await refused('from=2024-12-01&to=2024-11-01')).toBe(
      'query.from: must be on or before to: the period would hold no day',
    )
    expect(await refused('top=0')).toBe('query.top: expected a whole number from 1 to 20')
    expect(await refused('top=many')).toBe('query.top: expected a whole number from 1 to 20')
    expect(await refused('annotator=ann')).toBe(
      'query: unknown parameter "annotator": use outlet, from, to, top',
    )
  })
})
