import type { ServerResponse } from 'node:http'
import { ANNOTATION_STATUSES, type ArticleSnapshot } from '@attrib/core'
import {
  type ArticleCoverage,
  type ArticleDigest,
  articleCoverage,
  type CoverageOptions,
  type CoverageReport,
} from '@attrib/review'
import type { ArticleRow, CorpusArticle, DocumentStore } from '@attrib/store'
import {
  CalendarDate,
  CommaList,
  type CorpusReader,
  corpusCoverage,
  readTaxonomy,
  storeCorpusReader,
} from '@attrib/store'
import type { YServer } from '@attrib/sync'
import type { FastifyInstance } from 'fastify'
import * as Y from 'yjs'
import { z } from 'zod'
import { parseBody } from './httpErrors'

const CoverageQuery = z
  .object({
    ids: CommaList.optional(),
    outlet: CommaList.optional(),
    story: CommaList.optional(),
    annotator: CommaList.optional(),
    status: CommaList.pipe(z.array(z.enum(ANNOTATION_STATUSES))).optional(),
    from: CalendarDate.optional(),
    to: CalendarDate.optional(),
    /** `true`: unattributed sentences carry their text (large on a big corpus); by default indexes only. */
    text: z.enum(['true', 'false']).optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from is after to', path: ['from'] })

/** The body of `GET /api/review/coverage`: the shared report of packages/review. */
export type CoverageResponse = CoverageReport

/** Options of {@link registerReviewRoute}. */
export interface ReviewRouteOptions {
  store: DocumentStore
  yserver: YServer
  /** The corpus reader the server's routes share; by default one over `store` and `yserver`'s rooms. */
  reader?: CorpusReader
  /** A `change` event is sent at most this long after an article changed. Default 300 ms. */
  debounceMs?: number
  /** A comment line keeps idle streams open through proxies. Default 15 s. */
  heartbeatMs?: number
  /**
   * Read every article once in the background after start (in small slices between other work), so the
   * first dashboard request does not wait for every document to load. Default true.
   */
  warm?: boolean
  /** Told when the warm-up has read every article: how many, and how long it took. */
  onWarm?: (articles: number, ms: number) => void
  /** Told of every change made in this process (not of those passed in with `remote`): tells other processes. */
  publishChange?: (id: string) => void
}

/** What the server tells the review routes. */
export interface ReviewRoute {
  /**
   * An article's document changed or it was imported: invalidates its cache entry and notifies streams.
   * `remote`: the change was made by another server process, which announced it itself.
   */
  articleChanged(id: string, origin?: { remote: boolean }): void
  /** The digests of every article of the catalog, in id order, read again only for changed articles. */
  digests(): Promise<ArticleDigest[]>
  /** Number of open event streams (for tests). */
  readonly streams: number
}

/** The cached reading of one article, valid while its version is unchanged. */
interface CacheEntry {
  version: string
  snapshot: ArticleSnapshot
  coverageKey?: string
  coverage?: ArticleCoverage
}

/**
 * `GET /api/review/coverage?outlet=a,b&annotator=x&from=YYYY-MM-DD&to=YYYY-MM-DD&story=s&ids=...&status=...`:
 * the coverage report of the corpus (see `coverageReport` of @attrib/review), with every label of the
 * taxonomy. Snapshots and per-article coverage are cached per article version (a live room's state
 * vector, or a change counter and the catalog's `updatedAt`), so only changed articles are read again.
 *
 * `GET /api/review/events`: Server-Sent Events. `event: change` with `data: {"id":"<article id>"}` at most
 * `debounceMs` after an article changed in its room or was imported; a comment every `heartbeatMs`.
 */
export function registerReviewRoute(app: FastifyInstance, options: ReviewRouteOptions): ReviewRoute {
  const { store, yserver } = options
  const debounceMs = options.debounceMs ?? 300
  const heartbeatMs = options.heartbeatMs ?? 15_000
  const cache = new Map<string, CacheEntry>()
  // The cache entry of each snapshot handed to the report, to find its kept coverage.
  const entries = new WeakMap<ArticleSnapshot, CacheEntry>()
  // The articles' digests (the dashboard's usual figures), by article, valid while its version is unchanged.
  const digests = new Map<string, { version: string; digest: ArticleDigest }>()
  const changes = new Map<string, number>()
  const pending = new Map<string, ReturnType<typeof setTimeout>>()
  const streams = new Set<ServerResponse>()

  function version(id: string, updatedAt: string): string {
    const live = yserver.getDocument(id)
    if (live) return `live:${Buffer.from(Y.encodeStateVector(live)).toString('base64')}`
    return `stored:${changes.get(id) ?? 0}:${updatedAt}`
  }

  const reader = options.reader ?? storeCorpusReader(store, { live: (id) => yserver.getDocument(id) })

  /**
   * The snapshots of `rows`, in order (articles without a document left out): cached ones as they are, the
   * others read together through the corpus read model (stored views, no decoding when fresh).
   */
  async function* snapshotsOf(
    rows: readonly Pick<ArticleRow, 'id' | 'updatedAt'>[],
  ): AsyncIterable<CorpusArticle> {
    const versions = rows.map((row) => version(row.id, row.updatedAt))
    const missing = rows.filter((row, i) => cache.get(row.id)?.version !== versions[i]).map((row) => row.id)
    const isMissing = new Set(missing)
    const fresh = new Map<string, ArticleSnapshot>()
    for await (const { id, snapshot } of reader.readArticles(missing)) if (snapshot) fresh.set(id, snapshot)
    for (const [i, row] of rows.entries()) {
      const snapshot = fresh.get(row.id)
      if (snapshot) {
        const entry: CacheEntry = { version: versions[i]!, snapshot }
        cache.set(row.id, entry)
        entries.set(snapshot, entry)
        yield { id: row.id, snapshot, version: entry.version }
      } else if (!isMissing.has(row.id)) {
        const entry = cache.get(row.id)!
        entries.set(entry.snapshot, entry)
        yield { id: row.id, snapshot: entry.snapshot, version: entry.version }
      }
    }
  }

  /** The digests of `rows`, in order (articles without a document left out), read only when changed. */
  async function digestsOf(rows: readonly Pick<ArticleRow, 'id' | 'updatedAt'>[]): Promise<ArticleDigest[]> {
    const versions = rows.map((row) => version(row.id, row.updatedAt))
    const missing = rows.filter((row, i) => digests.get(row.id)?.version !== versions[i]).map((row) => row.id)
    const read = new Map<string, ArticleDigest>()
    for await (const { id, digest } of reader.readDigests(missing)) if (digest) read.set(id, digest)
    const out: ArticleDigest[] = []
    for (const [i, row] of rows.entries()) {
      const digest = read.get(row.id)
      if (digest) {
        digests.set(row.id, { version: versions[i]!, digest })
        out.push(digest)
      } else {
        const cached = digests.get(row.id)
        if (cached && cached.version === versions[i]) out.push(cached.digest)
      }
    }
    return out
  }

  app.get('/api/review/coverage', async (request) => {
    const q = parseBody(CoverageQuery, request.query, 'query')
    const rows = await store.listArticles()
    for (const entries of [cache, digests])
      if (entries.size > rows.length) {
        const ids = new Set(rows.map((r) => r.id))
        for (const id of entries.keys()) if (!ids.has(id)) entries.delete(id)
      }
    // The shared corpus pipeline over this process's caches: only changed articles are read again.
    const byId = new Map(rows.map((row) => [row.id, row]))
    const rowsOf = (ids: readonly string[]) => ids.flatMap((id) => byId.get(id) ?? [])
    const cached: CorpusReader = {
      ...reader,
      listArticles: async () => rows,
      async *readDigests(ids) {
        for (const digest of await digestsOf(rowsOf(ids))) yield { id: digest.meta.id, digest }
      },
      readArticles: (ids) => snapshotsOf(rowsOf(ids)),
    }
    const taxonomy = await readTaxonomy(store)
    return (await corpusCoverage(cached, {
      labels: taxonomy.labels.map((l) => l.id),
      statuses: q.status,
      sentenceText: q.text === 'true',
      filter: {
        ids: q.ids,
        outlets: q.outlet,
        stories: q.story,
        annotators: q.annotator,
        from: q.from,
        to: q.to,
      },
      // Each article's coverage is kept with its snapshot for the options it was last asked with.
      articleCoverage: (snapshot: ArticleSnapshot, coverageOptions: CoverageOptions) => {
        const e = entries.get(snapshot)
        if (!e) return articleCoverage(snapshot, coverageOptions)
        const key = JSON.stringify(coverageOptions)
        if (e.coverageKey !== key || !e.coverage) {
          e.coverage = articleCoverage(snapshot, coverageOptions)
          e.coverageKey = key
        }
        return e.coverage
      },
    })) satisfies CoverageResponse
  })

  app.get('/api/review/events', (_request, reply) => {
    reply.hijack()
    const response = reply.raw
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      // Proxies such as nginx would otherwise hold events back in their buffers.
      'x-accel-buffering': 'no',
    })
    response.write(': connected\n\n')
    streams.add(response)
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), heartbeatMs)
    const stop = () => {
      clearInterval(heartbeat)
      streams.delete(response)
    }
    response.on('close', stop)
    response.on('error', stop)
  })

  // An article created over HTTP is announced like a changed one; its id is in the created row.
  app.addHook('onSend', async (request, reply, payload) => {
    if (
      request.method === 'POST' &&
      request.routeOptions.url === '/api/articles' &&
      reply.statusCode === 201 &&
      typeof payload === 'string'
    ) {
      try {
        const id = (JSON.parse(payload) as { id?: unknown }).id
        if (typeof id === 'string') articleChanged(id)
      } catch {
        // Not JSON: nothing to announce.
      }
    }
    return payload
  })

  let closing = false
  if (options.warm !== false)
    app.addHook('onReady', async () => {
      const rows = await store.listArticles()
      const started = performance.now()
      // The digests the dashboard's usual request reads, in slices between other work.
      let next = 0
      const slice = async () => {
        if (closing) return
        const end = Math.min(rows.length, next + 256)
        try {
          await digestsOf(rows.slice(next, end))
        } catch {
          // A document that cannot be read is reported by the request that needs it.
        }
        next = end
        if (next < rows.length) setImmediate(slice)
        else options.onWarm?.(rows.length, performance.now() - started)
      }
      setImmediate(slice)
    })

  // Open streams would keep the HTTP server from closing.
  app.addHook('preClose', async () => {
    closing = true
    for (const timer of pending.values()) clearTimeout(timer)
    pending.clear()
    // Destroyed, not ended: an ended stream leaves a keep-alive socket that holds `close` up for seconds.
    for (const response of streams) response.destroy()
    streams.clear()
  })

  function articleChanged(id: string, origin?: { remote: boolean }): void {
    changes.set(id, (changes.get(id) ?? 0) + 1)
    if (!origin?.remote) options.publishChange?.(id)
    // The first change starts the timer and later ones ride along, so a steady stream of edits is still
    // reported every `debounceMs` rather than never.
    if (pending.has(id)) return
    pending.set(
      id,
      setTimeout(() => {
        pending.delete(id)
        const event = `event: change\ndata: ${JSON.stringify({ id })}\n\n`
        for (const response of streams) response.write(event)
      }, debounceMs),
    )
  }

  return {
    articleChanged,
    digests: async () => digestsOf(await store.listArticles()),
    get streams() {
      return streams.size
    },
  }
}
