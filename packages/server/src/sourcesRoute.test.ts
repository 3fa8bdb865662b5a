import { MemoryStore } from '@attrib/store'
import { silentLogger } from '@attrib/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { type AttribServer, createServer } from './createServer'

const TEXT = 'Kremlin spokesman Dmitry Peskov denied it. Peskov added more. Two officials disagreed.'
// Sentences (code points): [0,42) [43,61) [62,86)
const ARTICLES = [
  {
    meta: { id: 'a1', title: 'One', outlet: 'Daily', date: '2024-10-01' },
    paragraphs: [TEXT],
    annotations: [
      {
        kind: 'sentence' as const,
        start: 0,
        end: 42,
        labels: ['spokesperson'],
        source: 'Kremlin spokesman Dmitry Peskov',
        annotator: 'ann',
      },
      {
        kind: 'sentence' as const,
        start: 43,
        end: 61,
        labels: ['spokesperson', 'quote'],
        source: 'Peskov',
        annotator: 'ann',
      },
      { kind: 'sentence' as const, start: 62, end: 86, labels: ['anonymous_official'], annotator: 'ann' },
    ],
  },
  {
    meta: { id: 'a2', title: 'Two', outlet: 'Other', date: '2024-11-02' },
    paragraphs: ['The Tribune reported it.'],
    annotations: [
      {
        kind: 'sentence' as const,
        start: 0,
        end: 24,
        labels: ['media_report'],
        source: 'the Tribune',
        annotator: 'bob',
      },
    ],
  },
]

let server: AttribServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function start(): Promise<string> {
  const store = new MemoryStore()
  await store.createArticles(ARTICLES)
  server = createServer({ store, logger: silentLogger })
  const { port } = await server.listen(0, '127.0.0.1')
  return `http://127.0.0.1:${port}`
}

describe('[SRC2] GET /api/sources and /api/sources/:id', () => {
  it('lists the sources with their citations counted, filters them, and gives one with every citation', async () => {
    const base = await start()
    const all = await (await fetch(`${base}/api/sources`)).json()
    expect(all.sources.map((s: { id: string; citations: number }) => [s.id, s.citations])).toEqual([
      ['dmitry-peskov', 2],
      ['tribune', 1],
    ])
    expect(all.sources[0]).toMatchObject({
      name: 'Dmitry Peskov',
      aliases: ['Kremlin spokesman Dmitry Peskov', 'Peskov'],
      types: ['quote', 'spokesperson'],
      outlets: ['Daily'],
      first: '2024-10-01',
      how: { quote: 1, reported: 1, viaMedia: 0 },
    })
    expect(all.anonymous).toEqual([
      expect.objectContaining({ article: 'a1', descriptions: [{ text: 'two officials', citations: 1 }] }),
    ])
    const filtered = async (query: string) =>
      (await (await fetch(`${base}/api/sources?${query}`)).json()).sources.map((s: { id: string }) => s.id)
    expect(await filtered('q=PESK')).toEqual(['dmitry-peskov'])
    expect(await filtered('outlet=Other')).toEqual(['tribune'])
    expect(await filtered('type=media_report')).toEqual(['tribune'])
    const one = await (await fetch(`${base}/api/sources/dmitry-peskov`)).json()
    expect(one.citations.map((c: { sentence: number; text: string }) => [c.sentence, c.text])).toEqual([
      [0, 'Kremlin spokesman Dmitry Peskov denied it.'],
      [1, 'Peskov added more.'],
    ])
    const missing = await fetch(`${base}/api/sources/nobody`)
    expect(missing.status).toBe(404)
    expect((await fetch(`${base}/api/sources?color=red`)).status).toBe(400)
  })
})

describe('[SRC9] the source index of a period', () => {
  it('from and to (days, both included) keep the citations of the articles dated in them', async () => {
    const base = await start()
    const ids = async (query: string) => {
      const res = await fetch(`${base}/api/sources?${query}`)
      expect(res.status, query).toBe(200)
      const body = await res.json()
      return {
        sources: body.sources.map((s: { id: string; citations: number }) => `${s.id}:${s.citations}`),
        anonymous: body.anonymous.map((a: { article: string }) => a.article),
      }
    }
    expect(await ids('from=2024-10-01&to=2024-10-01')).toEqual({
      sources: ['dmitry-peskov:2'],
      anonymous: ['a1'],
    })
    expect(await ids('from=2024-10-02')).toEqual({ sources: ['tribune:1'], anonymous: [] })
    // The type filter picks sources; the unnamed ones of the period stay.
    expect(await ids('to=2024-11-02&type=media_report')).toEqual({
      sources: ['tribune:1'],
      anonymous: ['a1'],
    })
    expect(await ids('from=2025-01-01')).toEqual({ sources: [], anonymous: [] })
    // One source's citations, in the period too.
    const peskov = await fetch(`${base}/api/sources/dmitry-peskov?to=2024-10-31`)
    expect((await peskov.json()).citations).toHaveLength(2)
    const outside = await fetch(`${base}/api/sources/dmitry-peskov?from=2024-11-01`)
    expect(outside.status).toBe(404)
    expect((await outside.json()).error).toBe('no source with id "dmitry-peskov" in this period')
  })

  it('refuses a date that is not a calendar day, and a from after the to, naming the parameter', async () => {
    const base = await start()
    const refused = async (path: string) => {
      const res = await fetch(`${base}${path}`)
      expect(res.status, path).toBe(400)
      return (await res.json()).error
    }
    expect(await refused('/api/sources?from=2024-02-30')).toBe('query.from: not a calendar date')
    expect(await refused('/api/sources?to=last%20week')).toBe('query.to: expected YYYY-MM-DD')
    expect(await refused('/api/sources?from=2024-12-01&to=2024-01-01')).toBe(
      'query.from: must be on or before to: the period would hold no day',
    )
    expect(await refused('/api/sources/dmitry-peskov?from=2024-13-01')).toBe(
      'query.from: not a calendar date',
    )
    expect(await refused('/api/sources/dmitry-peskov?outlet=Daily')).toBe(
      'query: unknown parameter "outlet": use from, to',
    )
    expect(await refused('/api/sources?since=2024-01-01')).toBe(
      'query: unknown parameter "since": use outlet, type, q, from, to',
    )
  })
})
