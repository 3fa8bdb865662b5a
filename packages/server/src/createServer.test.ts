import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib'
import {
  type ArticleInput,
  addAnnotationsAtOffsets,
  DEFAULT_LABELS,
  Origin,
  SnapshotReader,
} from '@attrib/core'
import { MemoryStore, SqliteStore } from '@attrib/store'
import { silentLogger } from '@attrib/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { type AttribServer, createServer, type ServerOptions } from './createServer'
import { connectClient, type TestClient, waitFor } from './testUtils'

const ARTICLE: ArticleInput = {
  meta: { id: 'a1', title: 'Calls', outlet: 'Daily', date: '2024-10-25', story: 'musk' },
  paragraphs: ['Peskov said there was one call. Officials declined to comment.', 'Musk confirmed it.'],
}

let server: AttribServer | undefined
let base = ''
const cleanups: (() => void)[] = []

async function start(options: Partial<ServerOptions> = {}): Promise<AttribServer> {
  server = createServer({ store: new MemoryStore(), logger: silentLogger, ...options })
  const { port } = await server.listen(0, '127.0.0.1')
  base = `http://127.0.0.1:${port}`
  return server
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by value in the assertions
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, json: text ? JSON.parse(text) : undefined }
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup()
  await server?.close()
  server = undefined
})

describe('createServer', () => {
  it('[HTTP1] health and the catalog with counts', async () => {
    const { store } = await start()
    await store.createArticle(ARTICLE)
    expect(await api('GET', '/api/health')).toEqual({ status: 200, json: { ok: true } })
    expect(await api('GET', '/api/articles')).toEqual({
      status: 200,
      json: [
        {
          id: 'a1',
          title: 'Calls',
          outlet: 'Daily',
          date: '2024-10-25',
          story: 'musk',
          sentences: 3,
          tagged: 0,
          share: 0,
        },
      ],
    })
    expect((await api('GET', '/api/nothing')).status).toBe(404)
  })

  it('[HTTP2] POST /api/articles imports good bodies and refuses bad ones with 4xx', async () => {
    await start()
    const created = await api('POST', '/api/articles', {
      id: 'new-1',
      title: 'A title',
      text: 'First sentence. Second one.\n\nA second paragraph.',
      format: 'text',
      meta: { outlet: 'Wire', story: 's1' },
    })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({
      id: 'new-1',
      title: 'A title',
      outlet: 'Wire',
      story: 's1',
      tagged: 0,
    })
    expect(created.json.sentences).toBeGreaterThanOrEqual(3)
    const read = await api('GET', '/api/articles/new-1')
    expect(read.json.text).toContain('A second paragraph.')

    const duplicate = await api('POST', '/api/articles', { id: 'new-1', title: 'Again', text: 'Text.' })
    expect(duplicate.status).toBe(409)
    expect(duplicate.json.error).toMatch(/already exists/)

    const bad: [unknown, string | undefined][] = [
      [{ title: 'No text' }, 'body.text'],
      [{ text: '   ' }, 'body.text'],
      [{ id: '../etc', text: 'Text.' }, 'body.id'],
      [{ text: 'Text.', format: 'pdf' }, 'body.format'],
      [{ text: 'Text.', extra: 1 }, 'body'],
      [{ text: 'Text.', meta: { date: 'yesterday' } }, 'body.meta.date'],
      ['{not json', undefined],
    ]
    for (const [body, where] of bad) {
      const response = await api('POST', '/api/articles', body)
      expect([body, response.status]).toEqual([body, 400])
      expect(typeof response.json.error).toBe('string')
      if (where) expect(response.json.where).toBe(where)
    }
    expect((await api('GET', '/api/articles')).json.map((a: { id: string }) => a.id)).toEqual(['new-1'])
  })

  it('[HTTP2] POST /api/articles refuses what is not text or over the limits with its problem, and cuts a long line', async () => {
    await start()
    const refused: [unknown, string, RegExp][] = [
      [
        { fileName: 'scan.txt', text: '%PDF-1.4\nstream' },
        'not-text',
        /^scan\.txt: this is not text: it looks like a PDF/,
      ],
      [{ fileName: 'odd.txt', text: `Hello.${'\ufffd\u0002'.repeat(50)}` }, 'not-text', /not readable text/],
      [
        { fileName: 'huge.txt', text: 'Word. '.repeat(340_000) },
        'too-large',
        /2,039,999 characters of text; an article may have at most 2,000,000/,
      ],
      [
        { fileName: 'run.txt', text: `Go ${'on '.repeat(1100)}.` },
        'too-large',
        /sentence of 3,30\d characters/,
      ],
    ]
    for (const [body, problem, error] of refused) {
      const response = await api('POST', '/api/articles', body)
      expect([response.status, response.json.where, response.json.problem]).toEqual([
        400,
        'body.text',
        problem,
      ])
      expect(response.json.error).toMatch(error)
    }
    const line = Array.from(
      { length: 300 },
      (_, i) => `Officials said the ${i}th report was late again this week.`,
    )
    const created = await api('POST', '/api/articles', { fileName: 'one-line.txt', text: line.join(' ') })
    expect(created.status).toBe(201)
    expect(created.json.sentences).toBe(300)
    const read = await api('GET', '/api/articles/one-line')
    expect(read.json.paragraphs.length).toBeGreaterThan(1)
    expect((await api('GET', '/api/articles')).json.map((a: { id: string }) => a.id)).toEqual(['one-line'])
  })

  it('[HTTP3] GET /api/articles/:id reads the store, or the live room, as JSON or JSON Lines, and 404s otherwise', async () => {
    const s = await start({ changeDebounceMs: 20 })
    await s.store.createArticle(ARTICLE)
    const stored = await api('GET', '/api/articles/a1')
    expect(stored.status).toBe(200)
    expect(stored.json).toMatchObject({
      meta: { id: 'a1', title: 'Calls' },
      schemaVersion: 1,
      annotations: [],
    })
    expect(stored.json.sentences).toHaveLength(3)
    // As JSON Lines, read back a line at a time: the same snapshot.
    const lines = await fetch(`${base}/api/articles/a1?format=jsonl`)
    expect(lines.status).toBe(200)
    expect(lines.headers.get('content-type')).toBe('application/x-ndjson')
    const reader = new SnapshotReader()
    for (const line of (await lines.text()).trimEnd().split('\n')) reader.add(JSON.parse(line))
    expect(reader.snapshot()).toEqual(stored.json)
    const bad = await api('GET', '/api/articles/a1?format=xml')
    expect(bad.status).toBe(400)
    expect(bad.json.where).toBe('query.format')
    expect((await api('GET', '/api/articles/missing')).status).toBe(404)
    expect((await api('GET', '/api/articles/..%2Fx')).status).toBe(404)

    // The websocket server answers on the same port; the catalog follows the room's changes.
    const client: TestClient = connectClient(`${base.replace('http', 'ws')}/yjs`, 'a1')
    cleanups.push(() => client.destroy())
    await client.synced()
    addAnnotationsAtOffsets(
      client.doc,
      [{ kind: 'sentence', start: 0, end: 6, labels: ['quote'], annotator: 'alice' }],
      Origin.user,
    )
    await waitFor(
      async () => (await api('GET', '/api/articles/a1')).json.annotations.length === 1,
      'the annotation in the live document',
    )
    expect((await api('GET', '/api/articles/a1')).json.annotations[0]).toMatchObject({ labels: ['quote'] })
    await waitFor(async () => (await api('GET', '/api/articles')).json[0].tagged === 1, 'fresh counts')
    expect((await api('GET', '/api/articles')).json[0]).toMatchObject({
      tagged: 1,
      sentences: 3,
      share: 1 / 3,
    })
  })

  it('[HTTP4] taxonomy: defaults, a valid PUT is kept, invalid ones are refused', async () => {
    await start()
    expect(await api('GET', '/api/taxonomy')).toEqual({ status: 200, json: { labels: DEFAULT_LABELS } })
    const labels = [
      { id: 'official', name: 'Official', color: '#112233', key: '1', description: 'An official' },
      { id: 'expert', name: 'Expert', color: '#445566', key: '2', description: 'An expert' },
    ]
    expect(await api('PUT', '/api/taxonomy', { labels })).toEqual({ status: 200, json: { labels } })
    expect((await api('GET', '/api/taxonomy')).json).toEqual({ labels })

    const reserved = await api('PUT', '/api/taxonomy', { labels: [{ ...labels[0], key: 'j' }] })
    expect(reserved.status).toBe(400)
    expect(reserved.json).toMatchObject({ where: 'body.labels' })
    expect(reserved.json.error).toMatch(/reserved/)
    const shape = await api('PUT', '/api/taxonomy', { labels: [{ id: 'x' }] })
    expect(shape.status).toBe(400)
    expect(shape.json.where).toBe('body.labels.0.name')
    expect((await api('GET', '/api/taxonomy')).json).toEqual({ labels })
  })

  it('[HTTP5] serves the web app with an SPA fallback, or a build hint when it is missing', async () => {
    await start({ webRoot: join(tmpdir(), 'attrib-no-such-dir') })
    const hint = await fetch(`${base}/documents/a1`)
    expect(hint.status).toBe(200)
    expect(await hint.text()).toMatch(/not built/)
    await server!.close()

    const webRoot = mkdtempSync(join(tmpdir(), 'attrib-web-'))
    cleanups.push(() => rmSync(webRoot, { recursive: true, force: true }))
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>attrib app</title>')
    writeFileSync(join(webRoot, 'app.js'), 'console.log(1)')
    await start({ webRoot })
    expect(await (await fetch(`${base}/`)).text()).toMatch(/attrib app/)
    expect(await (await fetch(`${base}/documents/a1`)).text()).toMatch(/attrib app/)
    expect(await (await fetch(`${base}/app.js`)).text()).toBe('console.log(1)')
    const missingApi = await api('GET', '/api/nope')
    expect(missingApi.status).toBe(404)
    expect(missingApi.json.error).toMatch(/no route/)
  })

  it('[HTTP9] hashed assets are cached for a year and sent precompressed; index.html and the service worker are revalidated', async () => {
    const webRoot = mkdtempSync(join(tmpdir(), 'attrib-web-'))
    cleanups.push(() => rmSync(webRoot, { recursive: true, force: true }))
    mkdirSync(join(webRoot, 'assets'))
    const script = `console.log(${JSON.stringify('attribution '.repeat(2000))})`
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>attrib app</title>')
    writeFileSync(join(webRoot, 'sw.js'), 'self.addEventListener("fetch", () => {})')
    writeFileSync(join(webRoot, 'assets/index-abc123.js'), script)
    writeFileSync(join(webRoot, 'assets/index-abc123.js.br'), brotliCompressSync(script))
    writeFileSync(join(webRoot, 'assets/index-abc123.js.gz'), gzipSync(script))
    await start({ webRoot })

    // Raw requests: fetch would decode the body and hide what went over the wire.
    const get = (path: string, acceptEncoding?: string) =>
      new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((res, rej) => {
        const req = httpRequest(
          `${base}${path}`,
          { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} },
          (response) => {
            const chunks: Buffer[] = []
            response.on('data', (c: Buffer) => chunks.push(c))
            response.on('end', () => res({ headers: response.headers, body: Buffer.concat(chunks) }))
          },
        )
        req.on('error', rej)
        req.end()
      })

    const brotli = await get('/assets/index-abc123.js', 'gzip, deflate, br')
    expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(brotli.headers['content-encoding']).toBe('br')
    expect(brotli.headers['content-type']).toMatch(/javascript/)
    expect(brotli.headers.vary).toMatch(/accept-encoding/i)
    expect(brotli.body.length).toBeLessThan(script.length / 10)
    expect(brotliDecompressSync(brotli.body).toString()).toBe(script)
    const gzip = await get('/assets/index-abc123.js', 'gzip')
    expect(gzip.headers['content-encoding']).toBe('gzip')
    const plain = await get('/assets/index-abc123.js')
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.toString()).toBe(script)
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable')

    for (const path of ['/', '/index.html', '/sw.js', '/some/route']) {
      const page = await get(path, 'gzip, br')
      expect(page.headers['cache-control'], path).toBe('no-cache')
    }
  })
})

describe('export API', () => {
  const annotated: ArticleInput = {
    ...ARTICLE,
    annotations: [
      {
        kind: 'sentence',
        start: 0,
        end: 31,
        labels: ['spokesperson'],
        annotator: 'ann',
        source: 'Dmitry Peskov',
      },
      {
        kind: 'sentence',
        start: 32,
        end: 62,
        labels: ['anonymous_official'],
        annotator: 'bob',
        status: 'suggested',
      },
    ],
  }

  it('[HTTP6] streams the corpus as JSONL, filtered by status, with a download name', async () => {
    const { store } = await start()
    await store.createArticles([
      annotated,
      { meta: { id: 'b2', title: 'Other', date: '2023-01-01' }, paragraphs: ['Two.'] },
    ])
    const res = await fetch(`${base}/api/export?format=jsonl&status=accepted&from=2024-01-01`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="a1.jsonl"')
    const lines = (await res.text()).trim().split('\n')
    expect(lines).toHaveLength(1)
    const article = JSON.parse(lines[0]!)
    expect(article.id).toBe('a1')
    expect(article.annotations).toEqual([
      expect.objectContaining({ start: 0, end: 31, labels: ['spokesperson'], source: 'Dmitry Peskov' }),
    ])
  })

  it('[HTTP8] the export reads articles as the client reads, not all before the first byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'attrib-export-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const store = new SqliteStore(join(dir, 'attrib.sqlite'))
    const paragraph = 'An official said the talks went well. '.repeat(1000)
    const total = 400
    await store.createArticles(
      Array.from({ length: total }, (_, i) => ({
        meta: { id: `n${i}`, title: `N ${i}` },
        paragraphs: [paragraph],
      })),
    )
    // Articles are read from the read model in pages of 64; count the articles asked for.
    let reads = 0
    const readViews = store.readViews.bind(store)
    store.readViews = (ids: readonly string[]) => {
      reads += ids.length
      return readViews(ids)
    }
    await start({ store })
    // The review dashboard reads every article once after start; the export's reads are counted after it.
    await waitFor(() => reads >= total, 'the dashboard warm-up')
    await new Promise((r) => setTimeout(r, 100))
    reads = 0
    const response = await fetch(`${base}/api/export?format=jsonl`)
    const reader = response.body!.getReader()
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value).startsWith('{')).toBe(true)
    // About 40 KB per article: far more than the socket and the stream hold ahead of a reader that waits.
    await new Promise((r) => setTimeout(r, 300))
    expect(reads).toBeGreaterThan(0)
    expect(reads).toBeLessThan(total / 2)
    let lines = new TextDecoder().decode(first.value).split('\n').length - 1
    for (let r = await reader.read(); !r.done; r = await reader.read())
      lines += new TextDecoder().decode(r.value).split('\n').length - 1
    expect(lines).toBe(total)
    expect(reads).toBe(total)
  })

  it('[HTTP7] sentences CSV for chosen ids; brat as a zip; bad queries name the parameter', async () => {
    const { store } = await start()
    await store.createArticles([annotated])
    const csv = await (await fetch(`${base}/api/export?format=sentences-csv&ids=a1`)).text()
    expect(csv.split('\r\n')[0]).toBe(
      'article_id,sentence,start,end,text,labels,sources,annotators,source_ids',
    )
    expect(csv.trim().split('\r\n')).toHaveLength(4)
    const zip = await fetch(`${base}/api/export?format=brat`)
    expect(zip.headers.get('content-type')).toBe('application/zip')
    const bytes = new Uint8Array(await zip.arrayBuffer())
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]) // "PK"
    expect(await api('GET', '/api/export?format=pdf')).toMatchObject({
      status: 400,
      json: {
        where: 'query.format',
        error:
          'query.format: expected one of jsonl, sentences-csv, sentences-jsonl, brat, w3c, labelstudio, doccano, conll',
      },
    })
    expect(await api('GET', '/api/export?format=jsonl&outlet=BBC')).toMatchObject({
      status: 400,
      json: {
        error:
          'query: unknown parameter "outlet": use format, ids, label, annotator, status, from, to, layer',
      },
    })
    expect(await api('GET', '/api/export?format=jsonl&from=yesterday')).toMatchObject({
      status: 400,
      json: { where: 'query.from' },
    })
  })
})
