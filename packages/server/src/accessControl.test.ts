import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type ArticleInput,
  addAnnotationsAtOffsets,
  DEFAULT_LABELS,
  getAnnotationsMap,
  Origin,
  readArticle,
  reviewMode,
  SCHEMA_VERSION,
  setReviewMode,
} from '@attrib/core'
import { loadDocument, MemoryStore } from '@attrib/store'
import type { Logger } from '@attrib/sync'
import { CloseCode, encodeUpdate, silentLogger } from '@attrib/sync'
import { SignJWT } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { mintToken, type Role } from './auth'
import { type AttribServer, createServer, type ServerOptions } from './createServer'
import { isLoopback, readServerConfig, ServerConfigError, startServer } from './startServer'
import { waitFor } from './testUtils'

const SECRET = 'access-control-test-secret-0123456789'
const PASSPHRASE = 'correct horse battery staple'

function article(id: string): ArticleInput {
  return {
    meta: { id, title: `Calls ${id}` },
    paragraphs: ['Peskov said there was one call. Officials declined to comment.', 'Musk confirmed it.'],
  }
}

let server: AttribServer | undefined
let port = 0
const providers: WebsocketProvider[] = []
const sockets: WebSocket[] = []

async function start(options: Partial<ServerOptions> = {}): Promise<AttribServer> {
  const store = new MemoryStore()
  await store.createArticle(article('a1'))
  await store.createArticle(article('a2'))
  server = createServer({ store, logger: silentLogger, metrics: false, ...options })
  ;({ port } = await server.listen(0, '127.0.0.1'))
  return server
}

const startWithAuth = (passphrase?: string) => start({ auth: { secret: SECRET, passphrase } })

function token(role: Role, doc?: string, name = `${role}-user`): Promise<string> {
  return mintToken(SECRET, { name, role, doc })
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by value in the assertions
type Answer = { status: number; json: any; cookie: string | null }

async function api(
  method: string,
  path: string,
  options: { bearer?: string; cookie?: string; body?: unknown } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {}
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`
  if (options.cookie) headers.cookie = options.cookie
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  })
  const text = await response.text()
  let json: unknown = text
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    // the web app's page
  }
  return { status: response.status, json, cookie: response.headers.get('set-cookie') }
}

/** The `name=value` part of a `Set-Cookie` header, to send back as `Cookie`. */
function cookiePair(setCookie: string | null): string {
  return setCookie!.split(';')[0]!
}

/** A raw websocket to `room`; resolves with its close code, or 'open' once the server sent sync step 1. */
function upgrade(room: string, query: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const params = new URLSearchParams({ schema: String(SCHEMA_VERSION), ...query })
  const ws = new WebSocket(`ws://127.0.0.1:${port}/yjs/${room}?${params}`, { headers })
  sockets.push(ws)
  ws.on('error', () => {})
  return new Promise<number | 'open'>((resolve) => {
    ws.once('message', () => resolve('open'))
    ws.once('close', (code: number) => resolve(code))
  })
}

interface Peer {
  doc: Y.Doc
  provider: WebsocketProvider
}

/** A y-websocket client of `room` that carries `token` in the URL. */
function peer(room: string, tokenValue: string): Peer {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/yjs`, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { schema: String(SCHEMA_VERSION), token: tokenValue },
  })
  providers.push(provider)
  return { doc, provider }
}

const synced = (p: Peer) => waitFor(() => p.provider.synced, 'the client to sync')

function annotate(doc: Y.Doc, start: number, annotator: string): void {
  addAnnotationsAtOffsets(
    doc,
    [{ kind: 'sentence', start, end: start + 5, labels: ['quote'], annotator }],
    Origin.user,
  )
}

/** The close codes a y-websocket client receives. */
function closeCodes(p: Peer): number[] {
  const codes: number[] = []
  p.provider.on('connection-close', (event) => codes.push(event?.code ?? 0))
  return codes
}

/** What the store holds of `room`: the annotations (id and whether final) and the review mode. */
async function stored(room: string): Promise<{ finals: string[]; ids: string[]; review: string }> {
  const doc = (await loadDocument(server!.store, room))!
  try {
    const { annotations } = readArticle(doc)
    return {
      ids: annotations.map((a) => a.id),
      finals: annotations.filter((a) => a.final).map((a) => a.id),
      review: reviewMode(doc),
    }
  } finally {
    doc.destroy()
  }
}

async function storedAnnotators(room: string): Promise<string[]> {
  const doc = (await loadDocument(server!.store, room))!
  try {
    return readArticle(doc).annotations.map((a) => a.annotator ?? '')
  } finally {
    doc.destroy()
  }
}

afterEach(async () => {
  for (const p of providers.splice(0)) {
    p.destroy()
    p.doc.destroy()
  }
  for (const ws of sockets.splice(0)) ws.terminate()
  await server?.close()
  server = undefined
})

describe('access control: websocket', () => {
  it('[AC2] no token, a bad, forged or expired token close with 4401; another article with 4403', async () => {
    await startWithAuth()
    expect(await upgrade('a1')).toBe(CloseCode.Unauthorized)
    expect(await upgrade('a1', { token: 'garbage' })).toBe(CloseCode.Unauthorized)
    const forged = await mintToken('a-different-secret-of-enough-length!!', { name: 'x', role: 'reviewer' })
    expect(await upgrade('a1', { token: forged })).toBe(CloseCode.Unauthorized)
    const expired = await new SignJWT({ role: 'annotator' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('Ann')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 5)
      .sign(new TextEncoder().encode(SECRET))
    expect(await upgrade('a1', { token: expired })).toBe(CloseCode.Unauthorized)
    expect(await upgrade('a2', { token: await token('annotator', 'a1') })).toBe(CloseCode.Forbidden)
    expect(await upgrade('a1', { token: await token('annotator', 'a1') })).toBe('open')
    expect(await upgrade('a2', { token: await token('viewer') })).toBe('open')
  })

  it('[AC2] a y-websocket client refused with 4401 does not retry', async () => {
    await startWithAuth()
    const bad = peer('a1', 'garbage')
    const closes: number[] = []
    bad.provider.on('connection-close', (event) => closes.push(event?.code ?? 0))
    await waitFor(() => closes.length > 0, 'the refusal')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(closes).toEqual([CloseCode.Unauthorized])
    expect(bad.provider.shouldConnect).toBe(false)
  })

  it("[AC3] an annotator's update is stored and reaches the other collaborators", async () => {
    await startWithAuth()
    const ann = peer('a1', await token('annotator', undefined, 'ann'))
    const rita = peer('a1', await token('reviewer', 'a1', 'rita'))
    await Promise.all([synced(ann), synced(rita)])
    annotate(ann.doc, 0, 'ann')
    await waitFor(() => readArticle(rita.doc).annotations.length === 1, 'the annotation at the reviewer')
    await waitFor(async () => (await storedAnnotators('a1')).includes('ann'), 'the annotation in the store')
  })

  it("[AC4] a viewer's update is neither stored nor broadcast; the viewer still gets others' updates and awareness is relayed", async () => {
    await startWithAuth()
    const ann = peer('a1', await token('annotator', undefined, 'ann'))
    const vic = peer('a1', await token('viewer', 'a1', 'vic'))
    await Promise.all([synced(ann), synced(vic)])
    annotate(vic.doc, 0, 'vic')
    // Frames of one connection are handled in order: once the viewer's awareness reached the annotator,
    // its update before it has been handled (dropped) too.
    vic.provider.awareness.setLocalStateField('user', { name: 'vic' })
    await waitFor(
      () => [...ann.provider.awareness.getStates().values()].some((s) => s.user?.name === 'vic'),
      "the viewer's awareness at the annotator",
    )
    annotate(ann.doc, 32, 'ann')
    await waitFor(
      () => readArticle(vic.doc).annotations.some((a) => a.annotator === 'ann'),
      "the annotator's update at the viewer",
    )
    await waitFor(
      async () => (await storedAnnotators('a1')).includes('ann'),
      "the annotator's update in the store",
    )
    expect(readArticle(ann.doc).annotations.map((a) => a.annotator)).toEqual(['ann'])
    expect(await storedAnnotators('a1')).toEqual(['ann'])
    expect(readArticle(server!.yserver.getDocument('a1')!).annotations.map((a) => a.annotator)).toEqual([
      'ann',
    ])
    // A later joiner gets nothing of the viewer's either.
    const late = peer('a1', await token('reviewer'))
    await synced(late)
    expect(readArticle(late.doc).annotations.map((a) => a.annotator)).toEqual(['ann'])
  })

  it("[AC9] an annotator's update that adjudicates or changes the review mode is refused with 4409; a reviewer's is stored", async () => {
    await startWithAuth()
    const ann = peer('a1', await token('annotator', undefined, 'ann'))
    const rita = peer('a1', await token('reviewer', undefined, 'rita'))
    const annCloses = closeCodes(ann)
    const ritaCloses = closeCodes(rita)
    await Promise.all([synced(ann), synced(rita)])
    annotate(ann.doc, 0, 'ann')
    const [id] = [...getAnnotationsMap(ann.doc).keys()]
    await waitFor(
      async () => (await stored('a1')).ids.includes(id!),
      "the annotator's own annotation in the store",
    )
    await waitFor(() => getAnnotationsMap(rita.doc).has(id!), "the annotator's annotation at the reviewer")

    // The annotator marks its annotation final: refused, and the room reloads from the store.
    getAnnotationsMap(ann.doc).get(id!)!.set('final', true)
    await waitFor(() => annCloses.includes(CloseCode.Refused), 'the annotator to be closed with 4409')
    await waitFor(() => ritaCloses.includes(CloseCode.RoomReset), 'the room reset')
    await waitFor(() => rita.provider.wsconnected && rita.provider.synced, 'the reviewer to resync')
    expect(ann.provider.shouldConnect).toBe(false)
    expect(await stored('a1')).toEqual({ ids: [id], finals: [], review: 'open' })
    expect(readArticle(rita.doc).annotations.filter((a) => a.final)).toEqual([])
    expect(readArticle(server!.yserver.getDocument('a1')!).annotations.filter((a) => a.final)).toEqual([])

    // So is a review-mode change by another annotator's client.
    const ben = peer('a1', await token('annotator', 'a1', 'ben'))
    const benCloses = closeCodes(ben)
    await synced(ben)
    setReviewMode(ben.doc, 'independent')
    await waitFor(() => benCloses.includes(CloseCode.Refused), 'the second annotator to be closed with 4409')
    await waitFor(() => ritaCloses.filter((c) => c === CloseCode.RoomReset).length === 2, 'the second reset')
    await waitFor(() => rita.provider.wsconnected && rita.provider.synced, 'the reviewer to resync')
    expect(reviewMode(rita.doc)).toBe('open')
    expect((await stored('a1')).review).toBe('open')

    // The reviewer may do both; a later client gets them.
    getAnnotationsMap(rita.doc).get(id!)!.set('final', true)
    setReviewMode(rita.doc, 'independent')
    await waitFor(
      async () => (await stored('a1')).review === 'independent',
      "the reviewer's changes in the store",
    )
    expect(await stored('a1')).toEqual({ ids: [id], finals: [id], review: 'independent' })
    const late = peer('a1', await token('viewer', undefined, 'vic'))
    await synced(late)
    expect(reviewMode(late.doc)).toBe('independent')
    expect(readArticle(late.doc).annotations.map((a) => a.final)).toEqual([true])
    // A final annotation is the reviewer's: an annotator may not delete it either.
    const cat = peer('a1', await token('annotator', undefined, 'cat'))
    const catCloses = closeCodes(cat)
    await synced(cat)
    getAnnotationsMap(cat.doc).delete(id!)
    await waitFor(() => catCloses.includes(CloseCode.Refused), 'the third annotator to be closed with 4409')
    expect((await stored('a1')).finals).toEqual([id])
  })

  it("[AC9] in a turn with several annotators' updates, a forbidden one resets the room; its sender is refused when it sends it again, the others' are kept", async () => {
    const warnings: Record<string, unknown>[] = []
    await start({
      auth: { secret: SECRET },
      logger: { ...silentLogger, warn: (message, fields) => warnings.push({ message, ...fields }) },
    })
    const ann = peer('a1', await token('annotator', undefined, 'ann'))
    const eve = peer('a1', await token('annotator', undefined, 'eve'))
    const annCloses = closeCodes(ann)
    const eveCloses = closeCodes(eve)
    await Promise.all([synced(ann), synced(eve)])
    // Both send in the same turn: one annotation, one review-mode change.
    annotate(ann.doc, 0, 'ann')
    setReviewMode(eve.doc, 'independent')
    const [id] = [...getAnnotationsMap(ann.doc).keys()]
    await waitFor(() => eveCloses.includes(CloseCode.Refused), 'the offender to be refused with 4409')
    await waitFor(
      async () => (await stored('a1')).ids.includes(id!),
      "the other annotator's annotation stored",
    )
    expect((await stored('a1')).review).toBe('open')
    expect(annCloses).not.toContain(CloseCode.Refused)
    expect(ann.provider.shouldConnect).toBe(true)
    // The batch had both authors (the path this test is about), then the offender's update came alone.
    expect(warnings.filter((w) => w.connections === 2)).toHaveLength(1)
    expect(warnings.filter((w) => w.connections === 1)).toHaveLength(1)
  })

  it("[AC9] an annotator's update that waits for content it depends on is dropped, not applied later under a reviewer's", async () => {
    await startWithAuth()
    const rita = peer('a1', await token('reviewer', undefined, 'rita'))
    await synced(rita)
    // Offline, someone writes an annotation (A) and then marks it final (B), which depends on A.
    const offline = new Y.Doc()
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(rita.doc))
    const updates: Uint8Array[] = []
    offline.on('update', (u: Uint8Array) => updates.push(u))
    annotate(offline, 0, 'rita')
    const [id] = [...getAnnotationsMap(offline).keys()]
    getAnnotationsMap(offline).get(id!)!.set('final', true)
    expect(updates).toHaveLength(2)
    const [a, b] = updates as [Uint8Array, Uint8Array]

    // An annotator sends only B: the server cannot apply it yet, so it would wait inside Yjs. It is dropped,
    // and the annotator told to reconnect (its client then sends all it has in sync step 2).
    const params = new URLSearchParams({ schema: String(SCHEMA_VERSION), token: await token('annotator') })
    const ws = new WebSocket(`ws://127.0.0.1:${port}/yjs/a1?${params}`)
    sockets.push(ws)
    ws.on('error', () => {})
    const closed = new Promise<number>((resolve) => ws.once('close', (code: number) => resolve(code)))
    await new Promise<void>((resolve) => ws.once('message', () => resolve()))
    ws.send(encodeUpdate(b))
    expect(await closed).toBe(CloseCode.Resync)

    // The reviewer then supplies A (as the reviewer's own client would): A is stored, B is not.
    Y.applyUpdate(rita.doc, a)
    await waitFor(async () => (await stored('a1')).ids.includes(id!), 'the annotation in the store')
    expect((await stored('a1')).finals).toEqual([])
    expect(readArticle(server!.yserver.getDocument('a1')!).annotations.filter((x) => x.final)).toEqual([])
    const late = peer('a1', await token('viewer', undefined, 'vic'))
    await synced(late)
    expect(readArticle(late.doc).annotations.filter((x) => x.final)).toEqual([])
    offline.destroy()
  })

  it('[AC11] a user whose update was refused may not open that article again for refusedBarMs', async () => {
    await start({ auth: { secret: SECRET }, refusedBarMs: 1500 })
    const rita = peer('a1', await token('reviewer', undefined, 'rita'))
    const ritaCloses = closeCodes(rita)
    const eveToken = await token('annotator', undefined, 'eve')
    const eve = peer('a1', eveToken)
    await Promise.all([synced(rita), synced(eve)])
    setReviewMode(eve.doc, 'independent')
    await waitFor(() => ritaCloses.includes(CloseCode.RoomReset), 'the room reset')
    await waitFor(() => rita.provider.wsconnected && rita.provider.synced, 'the reviewer to resync')

    // A client that reconnects at once (y-websocket would not after 4409; a hostile one does) is turned
    // away at the door, and the room is not reset again.
    const started = Date.now()
    expect(await upgrade('a1', { token: eveToken })).toBe(CloseCode.Refused)
    expect(await upgrade('a2', { token: eveToken })).toBe('open')
    expect(await upgrade('a1', { token: await token('annotator', undefined, 'ann') })).toBe('open')
    await new Promise((r) => setTimeout(r, 200))
    expect(ritaCloses.filter((c) => c === CloseCode.RoomReset)).toHaveLength(1)
    // Once the bar has passed, the user may come back (the article is unchanged: review mode still open).
    await new Promise((r) => setTimeout(r, Math.max(0, 1600 - (Date.now() - started))))
    expect(await upgrade('a1', { token: eveToken })).toBe('open')
    expect((await stored('a1')).review).toBe('open')
  })

  it("[AC9] a server's own onAuthenticate that returns limits keeps the token's: an annotator still may not adjudicate", async () => {
    await start({ auth: { secret: SECRET }, onAuthenticate: () => ({ readOnly: false }) })
    const ann = peer('a1', await token('annotator', undefined, 'ann'))
    const annCloses = closeCodes(ann)
    await synced(ann)
    setReviewMode(ann.doc, 'independent')
    await waitFor(() => annCloses.includes(CloseCode.Refused), 'the annotator to be refused with 4409')
    expect((await stored('a1')).review).toBe('open')
  })

  it('[AC6] the session cookie is accepted on the upgrade', async () => {
    await startWithAuth()
    const signedIn = await api('POST', '/api/session', { body: { token: await token('viewer', 'a1') } })
    const cookie = cookiePair(signedIn.cookie)
    expect(await upgrade('a1', {}, { cookie })).toBe('open')
    expect(await upgrade('a2', {}, { cookie })).toBe(CloseCode.Forbidden)
    expect(await upgrade('a1', {}, { cookie: 'attrib_token=nonsense' })).toBe(CloseCode.Unauthorized)
  })
})

describe('access control: HTTP', () => {
  it('[AC5] /api/* needs a valid token (401 JSON); session, health and the web app do not', async () => {
    await startWithAuth()
    const none = await api('GET', '/api/articles')
    expect(none.status).toBe(401)
    expect(none.json).toEqual({ error: expect.any(String) })
    expect((await api('GET', '/api/articles', { bearer: 'garbage' })).status).toBe(401)
    expect((await api('GET', '/api/articles/a1')).status).toBe(401)
    expect((await api('GET', '/api/export?format=jsonl')).status).toBe(401)
    expect((await api('GET', '/api/taxonomy')).status).toBe(401)
    expect((await api('GET', '/api/review/coverage')).status).toBe(401)
    expect((await api('POST', '/api/articles', { body: { text: 'Hello.' } })).status).toBe(401)
    expect((await api('GET', '/api/nothing-here')).status).toBe(401)
    // The router decodes percent-escapes: the check follows the route, not the raw URL.
    expect((await api('GET', '/%61pi/articles')).status).toBe(401)
    expect(Array.isArray((await api('GET', '/api%2Farticles')).json)).toBe(false)
    expect((await api('GET', '/%61pi/taxonomy')).status).toBe(401)
    expect(await api('GET', '/api/health')).toMatchObject({ status: 200, json: { ok: true } })
    expect((await api('GET', '/healthz')).status).toBe(200)
    expect(await api('GET', '/api/session')).toMatchObject({ status: 200, json: { auth: true, user: null } })
    expect((await api('GET', '/')).status).toBe(200)
    expect((await api('GET', '/articles/a1')).status).toBe(200)
    const viewer = await token('viewer')
    const list = await api('GET', '/api/articles', { bearer: viewer })
    expect(list.status).toBe(200)
    expect(list.json.map((e: { id: string }) => e.id)).toEqual(['a1', 'a2'])
    expect((await api('GET', '/api/articles/a2', { bearer: viewer })).status).toBe(200)
    expect((await api('GET', '/api/review/coverage', { bearer: viewer })).status).toBe(200)
  })

  it('[AC5] a token limited to one article reads only that article (403 otherwise)', async () => {
    await startWithAuth()
    const limited = await token('annotator', 'a1')
    expect((await api('GET', '/api/articles/a1', { bearer: limited })).status).toBe(200)
    expect((await api('GET', '/api/export?format=jsonl&ids=a1', { bearer: limited })).status).toBe(200)
    const forbidden = await api('GET', '/api/articles/a2', { bearer: limited })
    expect(forbidden).toMatchObject({ status: 403, json: { error: expect.stringContaining('a1') } })
    expect((await api('GET', '/api/articles', { bearer: limited })).status).toBe(403)
    expect((await api('GET', '/api/export?format=jsonl', { bearer: limited })).status).toBe(403)
    expect((await api('GET', '/api/export?format=jsonl&ids=a1,a2', { bearer: limited })).status).toBe(403)
    expect((await api('GET', '/api/review/coverage', { bearer: limited })).status).toBe(403)
    expect(
      (await api('POST', '/api/articles', { bearer: limited, body: { id: 'n1', text: 'Hello.' } })).status,
    ).toBe(403)
    // The labels are the project's, not an article's: the editor needs them to show the one article.
    expect((await api('GET', '/api/taxonomy', { bearer: limited })).status).toBe(200)
  })

  it('[AC5] writes need annotator or reviewer; the labels need reviewer; viewers only read', async () => {
    await startWithAuth()
    const [viewer, annotator, reviewer] = await Promise.all([
      token('viewer'),
      token('annotator'),
      token('reviewer'),
    ])
    const body = (id: string) => ({ id, text: 'Officials said it.' })
    expect((await api('POST', '/api/articles', { bearer: viewer, body: body('v1') })).status).toBe(403)
    expect((await api('POST', '/api/articles', { bearer: annotator, body: body('n1') })).status).toBe(201)
    expect((await api('POST', '/api/articles', { bearer: reviewer, body: body('n2') })).status).toBe(201)
    const labels = { labels: DEFAULT_LABELS.slice(0, 2) }
    expect((await api('PUT', '/api/taxonomy', { bearer: viewer, body: labels })).status).toBe(403)
    expect((await api('PUT', '/api/taxonomy', { bearer: annotator, body: labels })).status).toBe(403)
    const put = await api('PUT', '/api/taxonomy', { bearer: reviewer, body: labels })
    expect(put.status).toBe(200)
    expect(put.json.labels).toHaveLength(2)
    expect((await api('GET', '/api/taxonomy', { bearer: viewer })).json.labels).toHaveLength(2)
  })

  it('[AC6] POST /api/session with a token sets the HttpOnly cookie, which then signs requests in', async () => {
    await startWithAuth()
    const invite = await mintToken(SECRET, { name: 'Vic', role: 'viewer', doc: 'a1', expiresIn: 3600 })
    const signedIn = await api('POST', '/api/session', { body: { token: invite } })
    expect(signedIn.status).toBe(200)
    expect(signedIn.json).toEqual({ user: { name: 'Vic', role: 'viewer', doc: 'a1' } })
    expect(signedIn.cookie).toMatch(
      /^attrib_token=[\w.-]+; Path=\/; Max-Age=(3599|3600); HttpOnly; SameSite=Lax$/,
    )
    const cookie = cookiePair(signedIn.cookie)
    expect(await api('GET', '/api/session', { cookie })).toMatchObject({
      json: { auth: true, user: { name: 'Vic', role: 'viewer', doc: 'a1' } },
    })
    expect((await api('GET', '/api/articles/a1', { cookie })).status).toBe(200)
    expect((await api('GET', '/api/articles/a2', { cookie })).status).toBe(403)
    // A token without expiry gets a 30-day cookie.
    const forever = await api('POST', '/api/session', { body: { token: await token('reviewer') } })
    expect(forever.cookie).toContain(`Max-Age=${30 * 24 * 3600};`)
    const bad = await api('POST', '/api/session', { body: { token: 'garbage' } })
    expect(bad).toMatchObject({ status: 401, json: { error: expect.any(String) }, cookie: null })
    expect((await api('POST', '/api/session', { body: { role: 'reviewer' } })).status).toBe(400)
    const out = await api('DELETE', '/api/session', { cookie })
    expect(out.status).toBe(200)
    expect(out.cookie).toMatch(/^attrib_token=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax$/)
  })

  it('[AC6] POST /api/session with the passphrase mints an annotator token as a cookie', async () => {
    await startWithAuth(PASSPHRASE)
    const signedIn = await api('POST', '/api/session', { body: { name: '  Ann  ', passphrase: PASSPHRASE } })
    expect(signedIn).toMatchObject({ status: 200, json: { user: { name: 'Ann', role: 'annotator' } } })
    expect(signedIn.cookie).toContain(`Max-Age=${30 * 24 * 3600};`)
    const cookie = cookiePair(signedIn.cookie)
    expect((await api('GET', '/api/session', { cookie })).json.user).toEqual({
      name: 'Ann',
      role: 'annotator',
    })
    expect(
      (await api('POST', '/api/articles', { cookie, body: { id: 'n1', text: 'Officials said it.' } })).status,
    ).toBe(201)
    expect(await upgrade('a2', {}, { cookie })).toBe('open')
    const wrong = await api('POST', '/api/session', { body: { name: 'Ann', passphrase: 'guess' } })
    expect(wrong).toMatchObject({ status: 401, cookie: null })
    expect(
      (await api('POST', '/api/session', { body: { name: '   ', passphrase: PASSPHRASE } })).status,
    ).toBe(400)
    expect(
      (await api('POST', '/api/session', { body: { name: 'x'.repeat(65), passphrase: PASSPHRASE } })).status,
    ).toBe(400)
  })

  it('[AC10] POST /api/session allows 10 attempts a minute per address; the 11th is a 429, other routes are unaffected', async () => {
    await startWithAuth(PASSPHRASE)
    for (let i = 0; i < 10; i++) {
      const wrong = await api('POST', '/api/session', { body: { name: 'Mallory', passphrase: `guess ${i}` } })
      expect(wrong.status).toBe(401)
    }
    const limited = await fetch(`http://127.0.0.1:${port}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Mallory', passphrase: PASSPHRASE }),
    })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(limited.headers.get('set-cookie')).toBeNull()
    expect(await limited.json()).toEqual({ error: expect.stringContaining('too many sign-in attempts') })
    // The right passphrase or a token does not get through either, until the minute is over.
    expect((await api('POST', '/api/session', { body: { token: await token('reviewer') } })).status).toBe(429)
    expect((await api('GET', '/api/session')).status).toBe(200)
    expect((await api('DELETE', '/api/session')).status).toBe(200)
    expect((await api('GET', '/api/health')).status).toBe(200)
    expect((await api('GET', '/api/articles', { bearer: await token('viewer') })).status).toBe(200)
    expect(await upgrade('a1', { token: await token('annotator') })).toBe('open')
  })

  it('[AC10] behind a trusted proxy (TRUST_PROXY), the limit counts each forwarded client address', async () => {
    await start({ auth: { secret: SECRET, passphrase: PASSPHRASE }, trustProxy: true })
    const attempt = (forwardedFor: string) =>
      fetch(`http://127.0.0.1:${port}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: JSON.stringify({ name: 'Mallory', passphrase: 'wrong' }),
      })
    for (let i = 0; i < 10; i++) expect((await attempt('203.0.113.7')).status).toBe(401)
    expect((await attempt('203.0.113.7')).status).toBe(429)
    // Another client behind the same proxy still has its own ten attempts.
    expect((await attempt('198.51.100.2')).status).toBe(401)
    expect(readServerConfig({ TRUST_PROXY: 'true' }, { root: '/' }).trustProxy).toBe(true)
    expect(readServerConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }, { root: '/' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ])
    expect(() => readServerConfig({ TRUST_PROXY: 'yes please' }, { root: '/' })).toThrow(/TRUST_PROXY/)
  })

  it('[AC6] without a configured passphrase, a passphrase sign-in is a 400', async () => {
    await startWithAuth()
    const answer = await api('POST', '/api/session', { body: { name: 'Ann', passphrase: PASSPHRASE } })
    expect(answer).toMatchObject({ status: 400, cookie: null })
  })
})

describe('access control: off', () => {
  it('[AC7] without a secret everything stays open as before', async () => {
    await start()
    expect(await api('GET', '/api/session')).toMatchObject({ status: 200, json: { auth: false, user: null } })
    expect((await api('GET', '/api/articles')).status).toBe(200)
    expect((await api('PUT', '/api/taxonomy', { body: { labels: DEFAULT_LABELS } })).status).toBe(200)
    expect(
      (await api('POST', '/api/articles', { body: { id: 'n1', text: 'Officials said it.' } })).status,
    ).toBe(201)
    // A token means nothing here; signing in is refused rather than pretending.
    expect((await api('POST', '/api/session', { body: { token: 'anything' } })).status).toBe(400)
    expect(await upgrade('a1')).toBe('open')
    const anyone = peer('a1', 'ignored')
    const other = peer('a1', 'ignored')
    await Promise.all([synced(anyone), synced(other)])
    annotate(anyone.doc, 0, 'anyone')
    await waitFor(() => readArticle(other.doc).annotations.length === 1, 'the annotation at the other')
    // Nobody has a role, so anyone may adjudicate and change the review mode (AC9 needs access control).
    setReviewMode(anyone.doc, 'independent')
    await waitFor(() => reviewMode(other.doc) === 'independent', 'the review mode at the other')
  })
})

describe('access control: configuration', () => {
  it('[AC8] AUTH_SECRET needs 32 characters; AUTH_PASSPHRASE needs AUTH_SECRET; secrets are not echoed', () => {
    const read = (env: Record<string, string>) => () => readServerConfig(env, { root: '/' })
    expect(read({ AUTH_SECRET: 'tooshort-secret' })).toThrow(ServerConfigError)
    expect(read({ AUTH_SECRET: 'tooshort-secret' })).toThrow(
      /AUTH_SECRET must be at least 32 characters, got 15 characters/,
    )
    expect(read({ AUTH_SECRET: 'tooshort-secret' })).not.toThrow(/tooshort/)
    expect(read({ AUTH_PASSPHRASE: 'open sesame' })).toThrow(/AUTH_PASSPHRASE needs AUTH_SECRET/)
    expect(read({ AUTH_SECRET: SECRET, AUTH_PASSPHRASE: PASSPHRASE })()).toMatchObject({
      authSecret: SECRET,
      authPassphrase: PASSPHRASE,
    })
    expect(readServerConfig({}, { root: '/' }).authSecret).toBeUndefined()
  })

  it('[AC8] an open server on a non-loopback address warns loudly at start', async () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'].map(isLoopback)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ])
    expect(['0.0.0.0', '::', '192.168.1.5', 'example.org'].map(isLoopback)).toEqual([
      false,
      false,
      false,
      false,
    ])
    const warnings = async (auth: ServerOptions['auth'], host: string) => {
      const seen: string[] = []
      const logger: Logger = { ...silentLogger, warn: (message) => seen.push(message) }
      const dataDir = mkdtempSync(join(tmpdir(), 'attrib-auth-'))
      try {
        const started = await startServer({ dataDir, port: 0, host, logger, metrics: false, auth })
        await started.close()
      } finally {
        rmSync(dataDir, { recursive: true, force: true })
      }
      return seen
    }
    expect(await warnings(undefined, '0.0.0.0')).toEqual([
      expect.stringContaining('anyone who can reach this address can read and change every article'),
    ])
    expect(await warnings({ secret: SECRET }, '0.0.0.0')).toEqual([])
    expect(await warnings(undefined, '127.0.0.1')).toEqual([])
  })
})
