import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { addAnnotationsAtOffsets } from '@attrib/core'
import { SqliteStore } from '@attrib/store'
import { silentLogger } from '@attrib/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { type AttribServer, createServer } from './createServer'
import { connectClient, type TestClient } from './testUtils'

const TEXT = 'Kremlin spokesman Dmitry Peskov denied it. Peskov added more. Two officials disagreed.'
// Sentences (code points): [0,42) [43,61) [62,86)
const ARTICLES = [
  {
    meta: { id: 'a1', title: 'One', outlet: 'Daily', date: '2024-10-01', story: 'calls' },
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
      { kind: 'sentence' as const, start: 62, end: 86, labels: ['anonymous_official'], annotator: 'ann' },
      {
        kind: 'sentence' as const,
        start: 62,
        end: 86,
        labels: ['anonymous_official'],
        annotator: 'rev',
        final: true,
      },
    ],
  },
  {
    meta: { id: 'a2', title: 'Two', outlet: 'Other', date: '2024-11-02' },
    paragraphs: ['The Tribune reported it, officials said.'],
    annotations: [
      { kind: 'sentence' as const, start: 0, end: 40, labels: ['anonymous_official'], annotator: 'bob' },
    ],
  },
]

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

async function start(): Promise<{ base: string; ws: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'attrib-sentences-'))
  dirs.push(dir)
  const store = new SqliteStore(join(dir, 'attrib.sqlite'))
  await store.createArticles(ARTICLES)
  server = createServer({ store, logger: silentLogger })
  const { port } = await server.listen(0, '127.0.0.1')
  return { base: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}/yjs` }
}

const at = (body: { sentences: { article: string; sentence: number }[] }) =>
  body.sentences.map((s) => `${s.article}:${s.sentence}`)

describe('GET /api/sentences', () => {
  it('[SQ2] finds sentences by label, annotator, source, text, layer and article filters, a page at a time', async () => {
    const { base } = await start()
    const get = async (query: string) => {
      const response = await fetch(`${base}/api/sentences?${query}`)
      expect(response.status).toBe(200)
      return response.json()
    }
    const anonymous = await get('label=anonymous_official')
    expect(at(anonymous)).toEqual(['a1:2', 'a2:0'])
    expect(anonymous.sentences[0]).toEqual({
      article: 'a1',
      title: 'One',
      outlet: 'Daily',
      date: '2024-10-01',
      sentence: 2,
      start: 62,
      end: 86,
      text: 'Two officials disagreed.',
      // The `auto` layer: the reviewer decided this sentence, so only the decision is on it.
      labels: [
        {
          label: 'anonymous_official',
          annotator: 'rev',
          status: 'accepted',
          final: true,
          source: '',
          annotation: expect.any(String),
        },
      ],
    })
    expect(anonymous.next).toBeNull()
    expect(at(await get('label=anonymous_official&annotator=ann'))).toEqual([])
    expect(at(await get('label=anonymous_official&annotator=ann&layer=all'))).toEqual(['a1:2'])
    expect(at(await get('source=PESKOV'))).toEqual(['a1:0'])
    expect(at(await get('q=officials'))).toEqual(['a1:2', 'a2:0'])
    expect(at(await get('q=officials&outlet=Other'))).toEqual(['a2:0'])
    expect(at(await get('q=officials&story=calls'))).toEqual(['a1:2'])
    expect(at(await get('q=officials&from=2024-11-01'))).toEqual(['a2:0'])
    expect(at(await get('q=officials&outlet=Nowhere'))).toEqual([])
    // Pages: `next` is the `after` of the following page.
    const first = await get('limit=2')
    expect(at(first)).toEqual(['a1:0', 'a1:1'])
    expect(first.next).toBe('a1:1')
    const second = await get(`limit=2&after=${first.next}`)
    expect(at(second)).toEqual(['a1:2', 'a2:0'])
    expect(second.next).toBeNull()
    // CSV: one row per sentence.
    const csv = await (await fetch(`${base}/api/sentences?source=peskov&format=csv`)).text()
    expect(csv).toBe(
      'article_id,title,outlet,date,sentence,start,end,text,labels,annotators,sources\r\n' +
        'a1,One,Daily,2024-10-01,0,0,42,Kremlin spokesman Dmitry Peskov denied it.,spokesperson,ann,Kremlin spokesman Dmitry Peskov\r\n',
    )
  })

  it('[SQ2] finds what collaborators just tagged, and leaves deleted articles out', async () => {
    const { base, ws } = await start()
    const client = connectClient(ws, 'a2')
    clients.push(client)
    await client.synced()
    addAnnotationsAtOffsets(client.doc, [
      {
        kind: 'sentence',
        start: 0,
        end: 40,
        labels: ['media_report'],
        source: 'the Tribune',
        annotator: 'cy',
      },
    ])
    // The update is stored before anyone is sent it; the search sees the stored document at once.
    let body: { sentences: { article: string }[] } = { sentences: [] }
    for (let i = 0; i < 50 && body.sentences.length === 0; i++) {
      body = await (await fetch(`${base}/api/sentences?label=media_report`)).json()
      if (body.sentences.length === 0) await new Promise((r) => setTimeout(r, 20))
    }
    expect(body.sentences.map((s) => s.article)).toEqual(['a2'])
    expect((await fetch(`${base}/api/articles/a2`, { method: 'DELETE' })).status).toBe(200)
    const after = await (await fetch(`${base}/api/sentences?label=media_report`)).json()
    expect(after.sentences).toEqual([])
  })

  it('[SQ4] all=true gives every sentence found as one CSV, page after page, in order', async () => {
    const { base } = await start()
    // 1,200 sentences over three articles: more than a page of 1,000.
    const many = Array.from({ length: 400 }, (_, i) => `Officials said it ${i}.`).join(' ')
    await server!.store.createArticles(
      ['m1', 'm2', 'm3'].map((id) => ({ meta: { id, title: id, outlet: 'Many' }, paragraphs: [many] })),
    )
    const response = await fetch(`${base}/api/sentences?q=officials%20said&outlet=Many&format=csv&all=true`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const lines = (await response.text()).trimEnd().split('\r\n')
    expect(lines[0]).toBe('article_id,title,outlet,date,sentence,start,end,text,labels,annotators,sources')
    expect(lines.length).toBe(1 + 1200)
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 1).concat(l.split(',')[4]!).join(':'))).toEqual(
      ['m1', 'm2', 'm3'].flatMap((id) => Array.from({ length: 400 }, (_, i) => `${id}:${i}`)),
    )
    const json = await fetch(`${base}/api/sentences?all=true`)
    expect(json.status).toBe(400)
    expect(((await json.json()) as { error: string }).error).toMatch(/only as CSV: add format=csv/)
  })

  it('[SQ1] a bad parameter is refused with what is wrong and what is allowed', async () => {
    const { base } = await start()
    const refused = async (query: string) => {
      const response = await fetch(`${base}/api/sentences?${query}`)
      expect(response.status).toBe(400)
      return ((await response.json()) as { error: string }).error
    }
    expect(await refused('colour=red')).toMatch(/unknown parameter "colour": use label, annotator/)
    expect(await refused('limit=0')).toMatch(/limit.*1 to 1000/)
    expect(await refused('status=maybe')).toMatch(/status/)
    expect(await refused('after=a1')).toMatch(/ARTICLE:INDEX/)
    expect(await refused('from=2024-02-30')).toMatch(/not a calendar date/)
    expect(await refused('from=2024-12-01&to=2024-11-01')).toMatch(/on or before/)
    // A label the taxonomy lacks (a typo) is refused naming the labels, not answered with nothing; also as CSV.
    expect(await refused('label=anonymus')).toMatch(
      /unknown label "anonymus"; the labels are: anonymous_official, spokesperson/,
    )
    expect(await refused('label=anonymus&all=true&format=csv')).toMatch(/unknown label/)
  })
})
