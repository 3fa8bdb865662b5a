import {
  type ArticleInput,
  addAnnotationsAtOffsets,
  deleteAnnotation,
  type HistoryEntry,
  Origin,
  readAnnotations,
  restoreAnnotation,
  setAnnotationLabel,
  setFinalDecision,
  updateAnnotation,
} from '@attrib/core'
import { MemoryStore } from '@attrib/store'
import { silentLogger } from '@attrib/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { mintToken, type Role } from './auth'
import { type AttribServer, createServer, type ServerOptions } from './createServer'
import { connectClient, type TestClient, waitFor } from './testUtils'

const SECRET = 'history-route-test-secret-0123456789abcdef'

const ARTICLE: ArticleInput = {
  meta: { id: 'a1', title: 'Calls', outlet: 'Daily' },
  paragraphs: ['Peskov said there was one call. Officials declined to comment.', 'Musk confirmed it.'],
  // Imported with the article: from before the trail, so its history starts with this annotation there.
  annotations: [{ kind: 'sentence', start: 0, end: 31, labels: ['named_source'], annotator: 'importer' }],
}

let server: AttribServer | undefined
let store: MemoryStore
let base = ''
let port = 0
const clients: TestClient[] = []

async function start(options: Partial<ServerOptions> = {}): Promise<void> {
  store = new MemoryStore()
  await store.createArticle(ARTICLE)
  server = createServer({ store, logger: silentLogger, metrics: false, idleMs: 60_000, ...options })
  ;({ port } = await server.listen(0, '127.0.0.1'))
  base = `http://127.0.0.1:${port}`
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.close()
  server = undefined
})

async function connect(token?: string): Promise<TestClient> {
  const client = connectClient(`ws://127.0.0.1:${port}/yjs`, 'a1', undefined, token ? { token } : {})
  clients.push(client)
  await client.synced()
  return client
}

async function api(
  method: string,
  path: string,
  bearer?: string,
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by value in the assertions
): Promise<{ status: number; json: any; text: string }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
  })
  const text = await response.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: response.status, json, text }
}

const token = (name: string, role: Role, doc?: string) => mintToken(SECRET, { name, role, doc })

async function history(bearer?: string): Promise<HistoryEntry[]> {
  const { status, json } = await api('GET', '/api/articles/a1/history', bearer)
  expect(status).toBe(200)
  return json.entries
}

describe('the audit trail on the server', () => {
  it('[AU3] records who (the signed-in user) made each change, when, and before and after', async () => {
    await start({ auth: { secret: SECRET } })
    const ana = await connect(await token('Ana', 'annotator'))
    const ben = await connect(await token('Ben', 'annotator'))
    const t0 = Date.now()
    const [id] = addAnnotationsAtOffsets(
      ana.doc,
      [{ kind: 'sentence', start: 32, end: 62, labels: ['anonymous'], annotator: 'Ana' }],
      Origin.user,
    )
    await waitFor(() => readAnnotations(ben.doc).some((a) => a.id === id), 'Ben to see Ana’s tag')
    ben.doc.transact(() => {
      setAnnotationLabel(ben.doc, id!, 'spokesperson', true)
      setAnnotationLabel(ben.doc, id!, 'anonymous', false)
    }, Origin.user)
    await waitFor(async () => (await store.readAudit('a1')).length === 2, 'two changes recorded')
    const reviewer = await token('Rita', 'reviewer')
    const entries = await history(reviewer)
    expect(entries.map((e) => [e.n, e.user, e.kinds, e.summary, e.sentence, e.quote])).toEqual([
      [1, 'Ana', ['added'], '+ anonymous', 1, 'Officials declined to comment.'],
      [2, 'Ben', ['labels'], 'anonymous → spokesperson', 1, 'Officials declined to comment.'],
    ])
    for (const e of entries) {
      expect(Date.parse(e.at)).toBeGreaterThanOrEqual(t0 - 1000)
      expect(Date.parse(e.at)).toBeLessThanOrEqual(Date.now())
    }
    expect(entries[1]!.before!.labels).toEqual(['anonymous'])
    expect(entries[1]!.after).toMatchObject({
      labels: ['spokesperson'],
      annotator: 'Ana',
      status: 'accepted',
    })
  })

  it('[AU3] without access control the changes are recorded as "anonymous"', async () => {
    await start()
    const client = await connect()
    const imported = readAnnotations(client.doc)[0]!
    updateAnnotation(client.doc, imported.id, { source: 'Dmitry Peskov' }, Origin.user)
    await waitFor(async () => (await store.readAudit('a1')).length === 1, 'the change recorded')
    const [entry] = await history()
    expect(entry).toMatchObject({ user: 'anonymous', kinds: ['source'], sentence: 0 })
    expect(entry!.summary).toBe('source (none) → “Dmitry Peskov”')
  })

  it('[AU5] GET /api/articles/:id/history: the trail with where it starts, as JSON, CSV or JSON Lines; clear errors', async () => {
    await start({ auth: { secret: SECRET } })
    const rita = await connect(await token('Rita', 'reviewer'))
    const imported = readAnnotations(rita.doc)[0]!
    deleteAnnotation(rita.doc, imported.id, Origin.user)
    setFinalDecision(rita.doc, 1, { labels: ['anonymous'] }, 'Rita')
    await waitFor(async () => (await store.readAudit('a1')).length >= 2, 'the changes recorded')
    const viewer = await token('Vic', 'viewer')
    const { json } = await api('GET', '/api/articles/a1/history', viewer)
    expect(json.article).toBe('a1')
    expect(json.entries[0]).toMatchObject({ n: 1, user: 'Rita', kinds: ['removed'], after: null })
    expect(json.entries.some((e: HistoryEntry) => e.kinds.includes('added') && e.after?.final)).toBe(true)
    // Where the trail starts: the imported annotation, which was there before anything was recorded.
    expect(Object.keys(json.start)).toEqual([imported.id])
    expect(json.start[imported.id]).toMatchObject({ labels: ['named_source'], annotator: 'importer' })
    // Pages.
    const page = await api('GET', '/api/articles/a1/history?after=1&limit=1', viewer)
    expect(page.json.entries.map((e: HistoryEntry) => e.n)).toEqual([2])
    // CSV: one row per change.
    const csv = await api('GET', '/api/articles/a1/history?format=csv', viewer)
    expect(csv.status).toBe(200)
    const lines = csv.text.trim().split('\r\n')
    expect(lines[0]).toBe('n,at,user,annotation,change,summary,sentence,quote,before,after')
    expect(lines).toHaveLength(json.entries.length + 1)
    expect(lines[1]).toMatch(
      /^1,[^,]+,Rita,[^,]+,removed,− named_source,0,Peskov said there was one call\.,"\{/,
    )
    // JSON Lines: a start line per annotation where the trail starts, then a change line per change.
    const jsonl = await api('GET', '/api/articles/a1/history?format=jsonl', viewer)
    expect(jsonl.status).toBe(200)
    const objects = jsonl.text
      .trimEnd()
      .split('\n')
      .map((line: string) => JSON.parse(line))
    expect(objects[0]).toEqual({ type: 'start', annotation: imported.id, state: json.start[imported.id] })
    expect(objects.slice(1)).toEqual(json.entries.map((e: HistoryEntry) => ({ type: 'change', ...e })))
    // Errors say what and where.
    expect(await api('GET', '/api/articles/nope/history', viewer)).toMatchObject({ status: 404 })
    const bad = await api('GET', '/api/articles/a1/history?format=xml', viewer)
    expect(bad.status).toBe(400)
    expect(bad.json.where).toBe('query.format')
    expect((await api('GET', '/api/articles/a1/history')).status).toBe(401)
    // A token for this article only may read its history, and not another's.
    expect((await api('GET', '/api/articles/a1/history', await token('Vic', 'viewer', 'a1'))).status).toBe(
      200,
    )
    // Nobody rewrites it: there is no route that writes or removes history.
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'])
      expect((await api(method, '/api/articles/a1/history', await token('Rita', 'reviewer'))).status).toBe(
        404,
      )
  })

  it('[AU6] a reviewer restores a tag to an earlier state: a new change, itself recorded', async () => {
    await start({ auth: { secret: SECRET } })
    const ana = await connect(await token('Ana', 'annotator'))
    const imported = readAnnotations(ana.doc)[0]!
    setAnnotationLabel(ana.doc, imported.id, 'spokesperson', true, Origin.user)
    await waitFor(async () => (await store.readAudit('a1')).length === 1, 'the change recorded')
    const rita = await connect(await token('Rita', 'reviewer'))
    const [change] = await history(await token('Rita', 'reviewer'))
    restoreAnnotation(rita.doc, imported.id, change!.before, Origin.user)
    await waitFor(async () => (await store.readAudit('a1')).length === 2, 'the restore recorded')
    const entries = await history(await token('Rita', 'reviewer'))
    expect(entries[1]).toMatchObject({ user: 'Rita', kinds: ['labels'], after: change!.before })
    await waitFor(
      () =>
        readAnnotations(ana.doc)
          .find((a) => a.id === imported.id)
          ?.labels.join() === 'named_source',
      'Ana to see the restored tag',
    )
    // A viewer's connection is read-only: it cannot restore (nothing is recorded for it).
    const vic = await connect(await token('Vic', 'viewer'))
    restoreAnnotation(vic.doc, imported.id, null, Origin.user)
    await new Promise((r) => setTimeout(r, 200))
    expect(await store.readAudit('a1')).toHaveLength(2)
  })
})
