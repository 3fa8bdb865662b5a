import { existsSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import {
  type ApiError,
  ArticleImportError,
  type ArticleInput,
  type ArticleSnapshot,
  createTaxonomy,
  parseArticle,
  readArticle,
  SOURCE_DECISIONS_DOC,
  snapshotLines,
  validateTaxonomy,
} from '@attrib/core'
import { lines } from '@attrib/formats'
import {
  ARTICLE_ID,
  ArticleExistsError,
  articleStats,
  articleView,
  checkArticleId,
  DEFAULT_DELETE_RETENTION_MS,
  type DocumentStore,
  loadDocument,
  readDecisions,
  readLoaded,
  readTaxonomy,
  storeCorpusReader,
  TAXONOMY_SETTING,
  TaxonomyBody,
} from '@attrib/store'
import {
  CloseCode,
  consoleLogger,
  describeError,
  type Logger,
  YServer,
  type YServerOptions,
} from '@attrib/sync'
import fastifyStatic from '@fastify/static'
import { type FastifyInstance, fastify } from 'fastify'
import { z } from 'zod'
import { type AuthOptions, authenticateConnection, registerAccessControl } from './accessControl'
import { type CatalogEntry, catalogEntry } from './catalog'
import { DELETED_REASON, registerDeleteRoutes } from './deleteRoute'
import { registerExportRoute } from './exportRoute'
import { registerHistoryRoute } from './historyRoute'
import { HttpError, importProblem, parseBody } from './httpErrors'
import { jsonLinesBody } from './jsonLinesReply'
import { ServerMetrics } from './metrics'
import { registerOutletsRoute } from './outletsRoute'
import { registerReviewRoute } from './reviewRoute'
import { registerSentencesRoute } from './sentencesRoute'
import { registerSourceDecisionsRoute } from './sourceDecisionsRoute'
import { registerSourcesRoute } from './sourcesRoute'

/**
 * The `Cache-Control` of a file of the built web app (path relative to its root): hashed assets never
 * change under their name, so browsers keep them a year without asking; everything else (index.html,
 * the service worker) is revalidated on every load so a new build is picked up at once (HTTP9).
 */
function webCacheControl(path: string): string {
  return path.startsWith(`assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'
}

/** Options of {@link createServer}: the websocket server's, plus the web app to serve. */
export interface ServerOptions extends Omit<YServerOptions, 'logger'> {
  /** The built web app (apps/web/dist). When it does not exist, `/` serves a page saying to build it. */
  webRoot?: string
  logger?: Logger
  /**
   * The Prometheus metrics served at `GET /metrics`; default a fresh {@link ServerMetrics} without the
   * process metrics (which install process-wide observers; `startServer` turns them on). `false`
   * serves no `/metrics` and leaves the store untimed.
   */
  metrics?: ServerMetrics | false
  /**
   * Access control (SPEC AC1–AC8): tokens signed with `auth.secret` are required on every websocket and
   * every `/api/*` route but the session and health ones. Absent: the server is open to anyone who can
   * reach it. An `onAuthenticate` given as well runs after the token check.
   */
  auth?: AuthOptions
  /**
   * Behind a reverse proxy: trust its `X-Forwarded-For` (fastify's `trustProxy`: `true`, or the proxies'
   * addresses/CIDRs), so that per-address limits such as the sign-in rate see the real client. Default off.
   */
  trustProxy?: boolean | string[]
  /**
   * How long a deleted article stays restorable (`DELETE_RETENTION_MS`, default 30 days): the `undoUntil`
   * of `DELETE /api/articles/:id`. `startServer` purges the articles deleted longer ago on start.
   */
  deleteRetentionMs?: number
}

/** A running (or ready to run) attrib server. */
export interface AttribServer {
  app: FastifyInstance
  yserver: YServer
  store: DocumentStore
  /** The metrics of `GET /metrics`, or null when disabled. */
  metrics: ServerMetrics | null
  /** True from the moment `close` is called: `/healthz` answers 503 and new websockets are refused. */
  readonly shuttingDown: boolean
  /** Starts listening; port 0 picks a free port. Resolves with the actual port. */
  listen(port: number, host?: string): Promise<{ port: number }>
  /**
   * Shuts down gracefully: `/healthz` turns 503, the HTTP server stops accepting connections, every room
   * is stored (compacted), then every websocket is closed with 1001 (Going Away: y-websocket clients
   * reconnect). Resolves when all of that is done. Does not close the store.
   */
  close(): Promise<void>
}

/** The JSON body of a failed API request (the protocol module the web app shares). */
export type { ApiError }
export { type CatalogEntry, catalogEntry }

const MetaBody = z
  .object({
    title: z.string(),
    outlet: z.string(),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'),
    url: z.string(),
    author: z.string(),
    story: z.string(),
  })
  .partial()
  .strict()

const ArticleBody = z
  .object({
    id: z.string().regex(ARTICLE_ID, 'must start with a letter or digit and hold only [A-Za-z0-9._-]'),
    title: z.string().min(1),
    text: z.string().refine((t) => t.trim().length > 0, 'must not be empty'),
    format: z.enum(['text', 'markdown', 'html']),
    fileName: z.string().max(255),
    meta: MetaBody,
  })
  .partial()
  .required({ text: true })
  .strict()

/** The query of `GET /api/articles/:id`: the snapshot as one JSON document, or as JSON Lines (HTTP3). */
const ArticleQuery = z.strictObject({ format: z.enum(['json', 'jsonl']).default('json') })

/** An article's snapshot: from its live room when loaded (the freshest), else from the store. */
export function readSnapshot(
  store: DocumentStore,
  yserver: YServer,
  id: string,
): Promise<ArticleSnapshot | null> {
  return storeCorpusReader(store, { live: (name) => yserver.getDocument(name) }).readSnapshot(id)
}

const BUILD_PAGE = `<!doctype html><meta charset="utf-8"><title>attrib</title>
<p>The attrib server is running, but the web app is not built. Run <code>pnpm start</code> (or
<code>pnpm --filter @attrib/web build</code>) and reload.</p>`

/** The schema compilers' factory: routes have no JSON schemas (see createServer). */
function noSchemas(): never {
  throw new Error('routes are checked with zod (parseBody); fastify route schemas are not used')
}

/**
 * Creates the HTTP server (fastify: the JSON API and the web app) with the y-websocket server on the same
 * port under `/yjs/<article id>`. The catalog's counts of a changed room are recomputed when the catalog is
 * read and when the room unloads, not on every change: reading a whole article
 * after every burst of edits cost as much server time as the edits themselves.
 * @example
 * const server = createServer({ store: new SqliteStore('data/attrib.sqlite'), webRoot: 'apps/web/dist' })
 * const { port } = await server.listen(0)
 */
export function createServer(options: ServerOptions): AttribServer {
  const { webRoot } = options
  const logger = options.logger ?? consoleLogger
  const maxPayload = options.maxPayload ?? 16 * 1024 * 1024
  const metrics =
    options.metrics === false ? null : (options.metrics ?? new ServerMetrics({ defaultMetrics: false }))
  // Everything below, the rooms included, writes through the timed store.
  const store = metrics ? metrics.instrumentStore(options.store) : options.store
  let shuttingDown = false
  // Live rooms changed since their catalog row was last written.
  const staleStats = new Set<string>()
  const { auth } = options
  const checkToken = auth && authenticateConnection(auth)
  const yserver = new YServer({
    ...options,
    onAuthenticate: checkToken
      ? async (context) => {
          const access = await checkToken(context)
          const allowed = await options.onAuthenticate?.(context)
          if (allowed === false) return false
          if (typeof allowed !== 'object') return access
          return {
            ...access,
            readOnly: access.readOnly || allowed.readOnly,
            mayAdjudicate: access.mayAdjudicate !== false && allowed.mayAdjudicate !== false,
          }
        }
      : options.onAuthenticate,
    store,
    maxPayload,
    logger,
    counters: options.counters ?? metrics?.roomCounters,
    onChange: async (context) => {
      staleStats.add(context.room)
      review.articleChanged(context.room)
      await options.onChange?.(context)
    },
    deriveView: (doc, seq) => articleView(readArticle(doc), seq),
    onStoreDocument: async (context) => {
      // When the room unloads (it has left the server's rooms by then); a live room's counts are
      // computed when the catalog is read.
      if (!yserver.getDocument(context.room) && staleStats.delete(context.room))
        await store.updateArticleStats(context.room, articleStats(context.document))
      await options.onStoreDocument?.(context)
    },
  })
  // One reader of the corpus for every route: the read model's views, the live rooms for loaded articles.
  // Views computed from their documents since the last progress line (missing after an upgrade, stale).
  let recomputed = 0
  let recomputedTotal = 0
  const reader = storeCorpusReader(store, {
    live: (name) => yserver.getDocument(name),
    onRecompute: () => {
      recomputedTotal++
      // A store from before the read model (or after a change of the segmenter) builds its views on the
      // first reads; say how far it has come, now and then, so a long first start is not a silent one.
      if (++recomputed === 1000) {
        recomputed = 0
        logger.info('building the read model', { views: recomputedTotal })
      }
    },
    onSkipped: (id, skipped) =>
      logger.warn('malformed records left out of an article', {
        article: id,
        records: skipped.map((r) => `${r.id}: ${r.problem}`),
      }),
  })
  // Fastify's own logger stays off: the server logs through `logger`, requests at debug level.
  const app = fastify({
    logger: false,
    bodyLimit: maxPayload,
    trustProxy: options.trustProxy ?? false,
    // Requests are checked with zod (parseBody) and answers are plain JSON: no route has a JSON schema,
    // so fastify's schema compilers (ajv, fast-json-stringify: a hundred files) are never loaded.
    schemaController: { compilersFactory: { buildValidator: noSchemas, buildSerializer: noSchemas } },
  })
  const detach = yserver.attach(app.server)
  metrics?.observe({ connections: () => yserver.connectionCount, rooms: () => yserver.roomNames().length })
  metrics?.register(app)
  app.addHook('onResponse', async (request, reply) => {
    logger.debug?.('request', {
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    })
  })

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof HttpError) {
      const body: ApiError = { error: error.message }
      if (error.where) body.where = error.where
      if (error.problem) body.problem = error.problem
      return reply.code(error.statusCode).send(body)
    }
    const status = (error as { statusCode?: number }).statusCode
    if (status !== undefined && status >= 400 && status < 500)
      return reply.code(status).send({ error: describeError(error) } satisfies ApiError)
    logger.error('request failed', { error: describeError(error) })
    return reply.code(500).send({ error: 'internal server error' } satisfies ApiError)
  })

  // Before the routes, so that its check runs for every one of them.
  registerAccessControl(app, auth)

  app.get('/api/health', async () => ({ ok: true }))

  // For load balancers and orchestrators: 503 once shutting down (take this instance out of rotation) or
  // when the store does not answer a trivial read.
  app.get('/healthz', async (_request, reply) => {
    if (shuttingDown) return reply.code(503).send({ ok: false, error: 'shutting down' })
    try {
      await store.getSetting(TAXONOMY_SETTING)
    } catch (e) {
      logger.error('health check: the store failed', { error: describeError(e) })
      return reply.code(503).send({ ok: false, error: 'store unavailable' })
    }
    return {
      ok: true,
      connections: yserver.connectionCount,
      rooms: yserver.roomNames().length,
      uptimeSeconds: Math.round(process.uptime()),
    }
  })

  app.get('/api/articles', async () => {
    for (const room of [...staleStats]) {
      staleStats.delete(room)
      // A room unloaded without a final compaction (nothing new since the last one) is read back.
      const live = yserver.getDocument(room)
      const stats = live ? articleStats(live) : readLoaded(await loadDocument(store, room), articleStats)
      if (stats) await store.updateArticleStats(room, stats)
    }
    return (await store.listArticles()).map(catalogEntry)
  })

  app.post('/api/articles', async (request, reply) => {
    const body = parseBody(ArticleBody, request.body)
    let input: ArticleInput
    try {
      input = parseArticle(body.text, {
        format: body.format,
        fileName: body.fileName,
        id: body.id,
        meta: body.title ? { ...body.meta, title: body.title } : body.meta,
      })
      checkArticleId(input.meta.id)
    } catch (e) {
      throw new HttpError(400, describeError(e), 'body.text', importProblem(e))
    }
    try {
      const row = await store.createArticle(input)
      return reply.code(201).send(catalogEntry(row))
    } catch (e) {
      if (e instanceof ArticleExistsError) throw new HttpError(409, e.message, 'body.id')
      if (e instanceof ArticleImportError) throw new HttpError(400, e.message, 'body.text', importProblem(e))
      throw e
    }
  })

  app.get<{ Params: { id: string } }>('/api/articles/:id', async (request, reply) => {
    const { id } = request.params
    const { format } = parseBody(ArticleQuery, request.query, 'query')
    if (!ARTICLE_ID.test(id) || !(await store.getArticleRow(id)))
      throw new HttpError(404, `no article ${id}`, 'id')
    const snapshot = await reader.readSnapshot(id)
    if (!snapshot) throw new HttpError(404, `article ${id} has no document`, 'id')
    if (format === 'jsonl') {
      return jsonLinesBody(reply, [...lines(snapshotLines(snapshot))].join(''))
    }
    return snapshot
  })

  registerExportRoute(app, { reader })
  registerHistoryRoute(app, { store, liveDocument: (id) => yserver.getDocument(id) })
  registerSentencesRoute(app, { store, logger })
  const { relay } = options
  const review = registerReviewRoute(app, {
    store,
    yserver,
    reader,
    onWarm: (articles, ms) =>
      logger.info('dashboard ready', {
        articles,
        seconds: Number((ms / 1000).toFixed(1)),
        ...(recomputedTotal > 0 ? { viewsBuilt: recomputedTotal } : {}),
      }),
    publishChange: relay && ((id) => relay.publishChange(id)),
  })
  const decisions = () => readDecisions(store)
  registerSourcesRoute(app, { digests: () => review.digests(), decisions })
  registerOutletsRoute(app, { digests: () => review.digests(), decisions })
  // A decision on the index is announced like a changed article, here and to the other processes.
  registerSourceDecisionsRoute(app, { store, onChanged: () => review.articleChanged(SOURCE_DECISIONS_DOC) })
  registerDeleteRoutes(app, {
    store,
    yserver,
    retentionMs: options.deleteRetentionMs ?? DEFAULT_DELETE_RETENTION_MS,
    entry: catalogEntry,
    onChanged: (id) => review.articleChanged(id),
  })
  // Changes made through other processes (scale-out): their counts and coverage are read again.
  const stopRemoteChanges = relay?.onChange((id) => {
    staleStats.add(id)
    review.articleChanged(id, { remote: true })
    // Deleted through another process: this one's room of it closes too.
    if (yserver.roomNames().includes(id))
      void store.getArticleRow(id).then(
        async (row) => {
          if (!row) await yserver.closeRoom(id, CloseCode.NotFound, DELETED_REASON)
        },
        (e: unknown) =>
          logger.warn('could not read the catalog row', { article: id, error: describeError(e) }),
      )
  })

  app.get('/api/taxonomy', async () => readTaxonomy(store))

  app.put('/api/taxonomy', async (request) => {
    const body = parseBody(TaxonomyBody, request.body)
    try {
      validateTaxonomy(body)
    } catch (e) {
      throw new HttpError(400, describeError(e), 'body.labels')
    }
    const taxonomy = createTaxonomy(body.labels)
    await store.setSetting(TAXONOMY_SETTING, taxonomy)
    return taxonomy
  })

  const hasWebApp = webRoot !== undefined && existsSync(join(webRoot, 'index.html'))
  if (hasWebApp)
    app.register(fastifyStatic, {
      root: webRoot,
      // The build writes `.br` and `.gz` beside each asset (apps/web/vite.config.ts); sent when accepted.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, path) => {
        res.setHeader('vary', 'accept-encoding')
        res.setHeader('cache-control', webCacheControl(relative(webRoot, path)))
      },
    })

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!
    if (path.startsWith('/api/') || path === '/api' || path.startsWith('/yjs/') || request.method !== 'GET')
      return reply.code(404).send({ error: `no route ${request.method} ${path}` } satisfies ApiError)
    // The web app routes on the client, so every other page gets index.html.
    if (hasWebApp) return reply.sendFile('index.html')
    return reply.code(200).type('text/html; charset=utf-8').send(BUILD_PAGE)
  })

  let closing: Promise<void> | null = null
  return {
    app,
    yserver,
    store: options.store,
    metrics,
    get shuttingDown() {
      return shuttingDown
    },
    async listen(port, host = '127.0.0.1') {
      await app.listen({ port, host })
      const address = app.server.address()
      return { port: typeof address === 'object' && address ? address.port : port }
    },
    close() {
      closing ??= (async () => {
        shuttingDown = true
        stopRemoteChanges?.()
        detach()
        // Stops listening at once (requests already in flight finish; fastify answers new requests on
        // kept-alive connections with 503), while the rooms are stored and the websockets closed.
        const httpClosed = app.close()
        await yserver.close()
        await httpClosed
      })()
      return closing
    },
  }
}
