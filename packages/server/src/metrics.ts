import type { DocumentStore } from '@attrib/store'
import type { FastifyInstance } from 'fastify'
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'

/** What the gauges read when Prometheus scrapes: the live figures of the websocket server. */
export interface MetricsSource {
  /** Open websocket connections. */
  connections(): number
  /** Rooms (article documents) loaded in memory. */
  rooms(): number
}

/**
 * The server's Prometheus metrics, on a registry of their own (never prom-client's global one, so two
 * servers in one process, as in tests, do not share figures).
 *
 * - `attrib_connections`, `attrib_rooms`: gauges read from the {@link MetricsSource} at each scrape;
 * - `attrib_updates_total`: client updates stored (the valid ones; rejected frames are never stored);
 *   `rate(attrib_updates_total[1m])` gives updates per second. A room stores the updates of one
 *   event-loop turn as one row: `attrib_store_rows_total` counts the rows;
 * - `attrib_store_write_seconds{op}`: latency of the store's writes (`appendUpdate`, `compact`, ...);
 * - scale-out: `attrib_relay_updates_total` (updates other processes stored, applied here) and
 *   `attrib_relay_gap_repairs_total` (missing relayed updates read back from the store);
 * - `attrib_http_requests_total{method,route,status}`: HTTP requests by route pattern (not by URL, so
 *   article ids do not explode the label set);
 * - prom-client's default process metrics (CPU, memory, event loop lag, ...), prefixed `attrib_`.
 */
export class ServerMetrics {
  /** The registry to expose; see {@link ServerMetrics.register}. */
  readonly registry = new Registry()
  readonly updates: Counter
  readonly storeRows: Counter
  readonly relayedUpdates: Counter
  readonly gapRepairs: Counter
  readonly storeWrites: Histogram<'op'>
  readonly httpRequests: Counter<'method' | 'route' | 'status'>
  private source: MetricsSource = { connections: () => 0, rooms: () => 0 }

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry]
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'attrib_' })
    const source = () => this.source
    new Gauge({
      name: 'attrib_connections',
      help: 'Open websocket connections.',
      registers,
      collect() {
        this.set(source().connections())
      },
    })
    new Gauge({
      name: 'attrib_rooms',
      help: 'Article documents loaded in memory (rooms).',
      registers,
      collect() {
        this.set(source().rooms())
      },
    })
    this.updates = new Counter({
      name: 'attrib_updates_total',
      help: 'Client updates stored (several of one event-loop turn share one row).',
      registers,
    })
    this.storeRows = new Counter({
      name: 'attrib_store_rows_total',
      help: 'Rows appended to the update log.',
      registers,
    })
    this.relayedUpdates = new Counter({
      name: 'attrib_relay_updates_total',
      help: 'Updates stored by other server processes, received through Redis and applied (scale-out).',
      registers,
    })
    this.gapRepairs = new Counter({
      name: 'attrib_relay_gap_repairs_total',
      help: 'Relayed updates that never arrived and were read back from the store (scale-out).',
      registers,
    })
    this.storeWrites = new Histogram({
      name: 'attrib_store_write_seconds',
      help: 'Latency of the document store writes, by operation.',
      labelNames: ['op'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    })
    this.httpRequests = new Counter({
      name: 'attrib_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'],
      registers,
    })
  }

  /** Sets where the connection and room gauges read their figures. */
  observe(source: MetricsSource): void {
    this.source = source
  }

  /**
   * `store`, with its writes timed into `attrib_store_write_seconds` and appended rows counted in
   * `attrib_store_rows_total`. Every other method passes through untouched, so the decorator keeps
   * working when the {@link DocumentStore} interface grows.
   */
  instrumentStore(store: DocumentStore): DocumentStore {
    const timed = new Set<PropertyKey>(TIMED_WRITES)
    return new Proxy(store, {
      get: (target, key, receiver) => {
        const value: unknown = Reflect.get(target, key, receiver)
        if (typeof value !== 'function') return value
        const method = value as (...args: unknown[]) => unknown
        if (!timed.has(key)) return method.bind(target)
        const op = String(key)
        return async (...args: unknown[]) => {
          const end = this.storeWrites.startTimer({ op })
          try {
            const result = await method.apply(target, args)
            if (op === 'appendUpdates') this.storeRows.inc((args[1] as unknown[]).length)
            return result
          } finally {
            end()
          }
        }
      },
    })
  }

  /** What rooms report, counted into the update and relay metrics. */
  readonly roomCounters = {
    stored: (updates: number) => this.updates.inc(updates),
    relayed: (updates: number) => this.relayedUpdates.inc(updates),
    gapRepaired: () => this.gapRepairs.inc(),
  }

  /** Counts every response of `app` and serves the registry at `GET /metrics` (Prometheus text format). */
  register(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      // The route pattern (`/api/articles/:id`), or `unmatched` for 404s and the SPA fallback.
      const route = request.routeOptions.url ?? 'unmatched'
      this.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) })
    })
    app.get('/metrics', async (_request, reply) => {
      reply.type(this.registry.contentType)
      return this.registry.metrics()
    })
  }
}

// The store's writes; reads are not timed.
const TIMED_WRITES: (keyof DocumentStore)[] = [
  'appendUpdates',
  'compact',
  'createArticle',
  'createArticles',
  'updateArticleStats',
  'setSetting',
]
