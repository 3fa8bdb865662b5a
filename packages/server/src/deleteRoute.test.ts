import { mkdtempSync, rmSync } from 'node:fs'
import { get, type IncomingMessage } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ArticleInput, readArticle } from '@attrib/core'
import { DEFAULT_DELETE_RETENTION_MS, MemoryStore, SqliteStore } from '@attrib/store'
import { CloseCode, silentLogger } from '@attrib/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { mintToken, type Role } from './auth'
import { type AttribServer, createServer, type ServerOptions } from './createServer'
import { DELETED_REASON } from './deleteRoute'
import { startServer } from './startServer'
import { connectClient, rawClient, waitFor } from './testUtils'

const SECRET = 'delete-route-test-secret-0123456789abcdef'

function article(id: string): ArticleInput {
  return {
    meta: { id, title: `Calls ${id}` },
    paragraphs: ['Peskov said there was one call. Officials declined to comment.'],
    annotations: [{ kind: 'sentence', start: 0, end: 31, labels: ['named_source'], annotator: 'ana' }],
  }
}

let server: AttribServer | undefined
let base = ''
let port = 0
const cleanups: (() => unknown)[] = []

async function start(options: Partial<ServerOptions> = {}): Promise<AttribServer> {
  const store = new MemoryStore()
  await store.createArticles([article('a1'), article('a2')])
  server = createServer({ store, logger: silentLogger, metrics: false, idleMs: 60_000, ...options })
  ;({ port } = await server.listen(0, '127.0.0.1'))
  base = `http://127.0.0.1:${port}`
  return server
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  await server?.close()
  server = undefined
})

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by value in the assertions
async function api(method: string, path: string, bearer?: string): Promise<{ status: number; json: any }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
  })
  const text = await response.text()
  return { status: response.status, json: text ? JSON.parse(text) : undefined }
}

/** The ids of the `change` events an open `GET /api/review/events` stream received so far. */
async function openEvents(): Promise<{ ids: () => string[] }> {
  const request = get(`${base}/api/review/events`)
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    request.once('response', resolve)
    request.once('error', reject)
  })
  request.on('error', () => {})
  let text = ''
  response.setEncoding('utf8')
  response.on('data', (chunk: string) => {
    text += chunk
  })
  response.on('error', () => {})
  cleanups.push(() => request.destroy())
  return {
    ids: () =>
      [...text.matchAll(/event: change\ndata: (.*)\n/g)].map((m) => (JSON.parse(m[1]!) as { id: string }).id),
  }
}

describe('deleting an article over HTTP', () => {
  it('[HTTP11] DELETE hides the article everywhere and closes its room with 4404; restore brings it back whole', async () => {
    await start({ deleteRetentionMs: 60_000 })
    const events = await openEvents()
    const client = connectClient(`ws://127.0.0.1:${port}/yjs`, 'a1')
    cleanups.push(() => client.destroy())
    await client.synced()
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      client.provider.once('connection-close', (event: CloseEvent | null) =>
        resolve({ code: event?.code ?? 0, reason: event?.reason ?? '' }),
      ),
    )

    const t0 = Date.now()
    const deleted = await api('DELETE', '/api/articles/a1')
    expect(deleted.status).toBe(200)
    expect(deleted.json.id).toBe('a1')
    expect(Date.parse(deleted.json.deletedAt)).toBeGreaterThanOrEqual(t0 - 1000)
    expect(Date.parse(deleted.json.undoUntil) - Date.parse(deleted.json.deletedAt)).toBe(60_000)
    // The collaborator is told, and y-websocket does not reconnect after 4404.
    expect(await closed).toEqual({ code: CloseCode.NotFound, reason: DELETED_REASON })
    // Announced like an edit, so dashboards refetch.
    await waitFor(() => events.ids().includes('a1'), 'a change event for the deletion')

    // Gone from the catalog, the article's route, the door, exports and the dashboard.
    expect((await api('GET', '/api/articles')).json.map((r: { id: string }) => r.id)).toEqual(['a2'])
    expect((await api('GET', '/api/articles/a1')).status).toBe(404)
    expect(await rawClient(`ws://127.0.0.1:${port}/yjs`, 'a1').closed).toBe(CloseCode.NotFound)
    const exported = await fetch(`${base}/api/export?format=jsonl`).then((r) => r.text())
    expect(
      exported
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).id),
    ).toEqual(['a2'])
    expect((await api('GET', '/api/review/coverage')).json.corpus.articles).toBe(1)
    // Deleting again, or an unknown id: 404.
    expect((await api('DELETE', '/api/articles/a1')).status).toBe(404)
    expect((await api('DELETE', '/api/articles/nope')).status).toBe(404)
    // Its id is not free: an import under it is refused, naming the undo.
    const taken = await fetch(`${base}/api/articles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'a1', text: 'Another article.' }),
    })
    expect(taken.status).toBe(409)
    expect(((await taken.json()) as { error: string }).error).toMatch(/was deleted .* restore it/)

    const restored = await api('POST', '/api/articles/a1/restore')
    expect(restored.status).toBe(200)
    expect(restored.json).toMatchObject({ id: 'a1', title: 'Calls a1', sentences: 2, tagged: 1 })
    await waitFor(
      () => events.ids().filter((id) => id === 'a1').length === 2,
      'a change event for the restore',
    )
    expect((await api('GET', '/api/articles')).json.map((r: { id: string }) => r.id)).toEqual(['a1', 'a2'])
    const snapshot = (await api('GET', '/api/articles/a1')).json
    expect(snapshot.annotations.map((a: { labels: string[] }) => a.labels)).toEqual([['named_source']])
    const again = connectClient(`ws://127.0.0.1:${port}/yjs`, 'a1')
    cleanups.push(() => again.destroy())
    await again.synced()
    expect(readArticle(again.doc).annotations).toHaveLength(1)
    expect((await api('POST', '/api/articles/nope/restore')).status).toBe(404)
  })

  it('[HTTP11] a start purges the articles deleted longer ago than the retention period, and only those', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'attrib-delete-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const store = new SqliteStore(join(dir, 'attrib.sqlite'))
    await store.createArticles([article('old'), article('recent'), article('kept')])
    await store.deleteArticle('old')
    await store.deleteArticle('recent')
    const longAgo = new Date(Date.now() - DEFAULT_DELETE_RETENTION_MS - 60_000).toISOString()
    store.db.prepare('UPDATE articles SET deleted_at = ? WHERE id = ?').run(longAgo, 'old')
    await store.close()

    const started = await startServer({ dataDir: dir, port: 0, host: '127.0.0.1', logger: silentLogger })
    cleanups.push(() => started.close())
    ;({ port } = started)
    base = started.url
    expect((await started.store.load('old')).seq).toBe(0)
    expect(await started.store.restoreArticle('old')).toBeUndefined()
    expect((await api('POST', '/api/articles/recent/restore')).status).toBe(200)
    expect((await api('GET', '/api/articles')).json.map((r: { id: string }) => r.id)).toEqual([
      'kept',
      'recent',
    ])
  })
})

describe('who may delete', () => {
  const token = (role: Role, doc?: string) => mintToken(SECRET, { name: `${role}-user`, role, doc })

  it('[AC12] only a reviewer may delete or restore an article; viewers and annotators get 403 saying so', async () => {
    await start({ auth: { secret: SECRET } })
    for (const role of ['viewer', 'annotator'] as const) {
      const refused = await api('DELETE', '/api/articles/a1', await token(role))
      expect(refused.status).toBe(403)
      expect(refused.json.error).toBe(
        `deleting or restoring an article needs the reviewer role; you are signed in as ${role === 'annotator' ? 'an' : 'a'} ${role}`,
      )
    }
    expect((await api('DELETE', '/api/articles/a1')).status).toBe(401)
    // A reviewer's token limited to another article, or to this one, reads only.
    expect((await api('DELETE', '/api/articles/a1', await token('reviewer', 'a1'))).status).toBe(403)
    const reviewer = await token('reviewer')
    expect((await api('GET', '/api/articles', reviewer)).json).toHaveLength(2)
    expect((await api('DELETE', '/api/articles/a1', reviewer)).status).toBe(200)
    expect((await api('POST', '/api/articles/a1/restore', await token('annotator'))).status).toBe(403)
    expect((await api('POST', '/api/articles/a1/restore', reviewer)).status).toBe(200)
    expect((await api('GET', '/api/articles', reviewer)).json).toHaveLength(2)
  })

  it('[AC12] with access control off, anyone may delete and restore', async () => {
    await start()
    expect((await api('DELETE', '/api/articles/a2')).status).toBe(200)
    expect((await api('POST', '/api/articles/a2/restore')).json.id).toBe('a2')
  })
})
