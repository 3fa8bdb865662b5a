import { get, type IncomingMessage } from 'node:http'
import {
  type ArticleInput,
  Origin,
  readAnnotations,
  SOURCE_DECISIONS_DOC,
  updateAnnotation,
} from '@attrib/core'
import { MemoryStore } from '@attrib/store'
import { silentLogger } from '@attrib/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { mintToken, type Role } from './auth'
import { type AttribServer, createServer } from './createServer'
import { connectClient, waitFor } from './testUtils'

const SECRET = 'source-decisions-test-secret-0123456789abcdef'

const sentence = (start: number, end: number, labels: string[], source: string) => ({
  kind: 'sentence' as const,
  start,
  end,
  labels,
  source,
  annotator: 'ann',
})
// Sentences (code points): [0,42) [43,61) [62,86)
const ARTICLES: ArticleInput[] = [
  {
    meta: { id: 'a1', title: 'One', outlet: 'Daily', date: '2024-10-01' },
    paragraphs: ['Kremlin spokesman Dmitry Peskov denied it. Peskov added more. The Kremlin said no.'],
    annotations: [
      sentence(0, 42, ['spokesperson'], 'Kremlin spokesman Dmitry Peskov'),
      sentence(43, 61, ['spokesperson', 'quote'], 'Peskov'),
      sentence(62, 82, ['spokesperson'], 'the Kremlin'),
    ],
  },
]

let server: AttribServer | undefined
let base = ''
let wsBase = ''
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function start(auth: boolean): Promise<MemoryStore> {
  const store = new MemoryStore()
  await store.createArticles(ARTICLES)
  server = createServer({
    store,
    logger: silentLogger,
    metrics: false,
    ...(auth ? { auth: { secret: SECRET } } : {}),
  })
  const { port } = await server.listen(0, '127.0.0.1')
  base = `http://127.0.0.1:${port}`
  wsBase = `ws://127.0.0.1:${port}/yjs`
  return store
}

const token = (name: string, role: Role) => mintToken(SECRET, { name, role })

async function api(
  method: string,
  path: string,
  bearer?: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by value in the assertions
): Promise<{ status: number; json: any }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, json: text ? JSON.parse(text) : undefined }
}

const ids = async (bearer: string) =>
  (await api('GET', '/api/sources', bearer)).json.sources.map((s: { id: string }) => s.id).sort()

describe('the source index’s decisions over HTTP', () => {
  it('[SD4] annotators merge and dispute, a reviewer decides; the index and every reader follow, viewers read only', async () => {
    const store = await start(true)
    const [ana, ben, rita, vic] = await Promise.all([
      token('Ana', 'annotator'),
      token('Ben', 'annotator'),
      token('Rita', 'reviewer'),
      token('Vic', 'viewer'),
    ])
    expect(await ids(vic)).toEqual(['dmitry-peskov', 'kremlin'])
    // Ana merges the Kremlin into Peskov: it counts at once.
    const merged = await api('POST', '/api/sources/merges', ana, { from: 'kremlin', into: 'dmitry-peskov' })
    expect(merged.status).toBe(200)
    expect(merged.json.decision).toMatchObject({ kind: 'merge', by: 'Ana', state: 'applied' })
    expect(await ids(vic)).toEqual(['dmitry-peskov'])
    const peskov = (await api('GET', '/api/sources/dmitry-peskov', vic)).json
    expect(peskov.mergedFrom).toEqual(['kremlin'])
    expect(peskov.citations).toHaveLength(3)
    // Ben undoes it: disputed, it no longer counts.
    const disputed = await api('DELETE', '/api/sources/merges/kremlin', ben)
    expect(disputed.json.decision).toMatchObject({ state: 'disputed', disputes: [{ by: 'Ben', into: null }] })
    expect(await ids(vic)).toEqual(['dmitry-peskov', 'kremlin'])
    // Rita decides for the merge; Ben can no longer change it.
    const decided = await api('POST', '/api/sources/merges', rita, { from: 'kremlin', into: 'dmitry-peskov' })
    expect(decided.json.decision).toMatchObject({ state: 'accepted', by: 'Ana', decidedBy: 'Rita' })
    const refused = await api('DELETE', '/api/sources/merges/kremlin', ben)
    expect(refused).toMatchObject({
      status: 409,
      json: { error: 'Rita decided this merge; only a reviewer can change it' },
    })
    // A split of the bare surname, and the list of decisions anyone may read.
    expect((await api('POST', '/api/sources/splits', ana, { spelling: 'Peskov' })).status).toBe(200)
    expect(await ids(vic)).toEqual(['dmitry-peskov', 'peskov'])
    const listed = (await api('GET', '/api/sources/decisions', vic)).json.decisions
    expect(listed.map((d: { key: string; state: string }) => `${d.key} ${d.state}`)).toEqual([
      'merge:kremlin accepted',
      'split:peskov applied',
    ])
    // Viewers may not decide; bad requests say what and where.
    expect((await api('POST', '/api/sources/splits', vic, { spelling: 'Peskov' })).status).toBe(403)
    const loop = await api('POST', '/api/sources/merges', ana, { from: 'dmitry-peskov', into: 'kremlin' })
    expect(loop).toMatchObject({ status: 400, json: { error: expect.stringMatching(/loop/) } })
    const bad = await api('POST', '/api/sources/merges', ana, { from: 'Not An Id', into: 'x' })
    expect(bad).toMatchObject({ status: 400, json: { where: 'body.from' } })
    const long = await api('POST', '/api/sources/splits', ana, { spelling: 'x'.repeat(10_000) })
    expect(long).toMatchObject({ status: 400, json: { where: 'body.spelling' } })
    const control = await api('POST', '/api/sources/splits', ana, { spelling: 'Pes\u0007kov' })
    expect(control.json.error).toMatch(/control character/)
    // The decisions are a document of the store, not an article: the catalog does not list it.
    expect((await store.listArticles()).map((a) => a.id)).toEqual(['a1'])
    expect((await store.load(SOURCE_DECISIONS_DOC)).seq).toBeGreaterThan(0)
  })

  it('[SD4] without access control anyone decides, and open pages hear of it', async () => {
    await start(false)
    const request = get(`${base}/api/review/events`)
    const response = await new Promise<IncomingMessage>((resolve) => request.once('response', resolve))
    let events = ''
    response.setEncoding('utf8')
    response.on('data', (chunk: string) => {
      events += chunk
    })
    try {
      const merged = await api('POST', '/api/sources/merges', undefined, {
        from: 'kremlin',
        into: 'dmitry-peskov',
      })
      expect(merged.json.decision).toMatchObject({ by: 'anonymous', state: 'accepted' })
      await waitFor(() => events.includes(`"id":"${SOURCE_DECISIONS_DOC}"`), 'the change to be announced')
    } finally {
      request.destroy()
    }
  })

  it('[SD4] merges made while the annotations are being edited leave every citation in exactly one source', async () => {
    await start(false)
    const client = connectClient(wsBase, 'a1')
    try {
      await client.synced()
      const named = readAnnotations(client.doc).filter((a) => a.source)
      // Edits of the sources and merges of the index at the same moment, interleaved.
      const edits = (async () => {
        for (let i = 0; i < 20; i++) {
          for (const a of named)
            updateAnnotation(
              client.doc,
              a.id,
              { source: i % 2 ? 'the Kremlin' : 'Dmitry Peskov' },
              Origin.user,
            )
          await new Promise((r) => setTimeout(r, 5))
        }
      })()
      for (let i = 0; i < 10; i++) {
        await api('POST', '/api/sources/merges', undefined, { from: 'kremlin', into: 'dmitry-peskov' })
        await api('DELETE', '/api/sources/merges/kremlin')
      }
      await api('POST', '/api/sources/merges', undefined, { from: 'kremlin', into: 'dmitry-peskov' })
      await edits
      await waitFor(async () => {
        const { json } = await api('GET', '/api/sources')
        return json.sources.reduce((n: number, s: { citations: number }) => n + s.citations, 0) === 3
      }, 'every citation counted once')
      const { json } = await api('GET', '/api/sources')
      expect(json.sources.map((s: { id: string }) => s.id)).toEqual(['dmitry-peskov'])
    } finally {
      client.destroy()
    }
  })
})
