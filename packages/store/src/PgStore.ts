import type { ArticleInput, ArticleMeta, AuditEntry, AuditRecord } from '@attrib/core'
import {
  ArticleDeletedError,
  ArticleExistsError,
  type ArticleRow,
  type ArticleStats,
  type ArticleView,
  type DocumentStore,
  type SentenceMatch,
  type SentenceQuery,
  type StoredDocument,
  type StoredView,
  type ViewPart,
} from '@attrib/sync'
import pg from 'pg'
import { prepareArticle, settingJson } from './articles'
import { FIND_SENTENCES, INSERT_ROWS, insertRowsParams, PUT_VIEW, putViewParams } from './pgSentenceRows'
import { groupMatches, hasLabelCriteria, type LabelRecord, type SentenceRecord } from './sentenceQuery'

/** Options of {@link PgStore.open}. */
export interface PgStoreOptions {
  /** Most connections the store's pool opens (default 10). */
  max?: number
  /** Milliseconds to wait for a connection before a call rejects (default 10,000; 0 waits forever). */
  connectionTimeoutMillis?: number
  /** `application_name` of the connections, shown in `pg_stat_activity` (default `attrib`). */
  applicationName?: string
  /**
   * Called when an idle pooled connection fails (the server restarted, the network dropped); the pool
   * discards it and opens another on demand. Default: `console.error`.
   */
  onError?: (error: Error) => void
}

// Each entry moves the database from version i to i + 1 (the row of attrib_schema). Never edit one that
// has shipped: add another.
const MIGRATIONS: string[] = [
  `
  CREATE TABLE documents (
    name text PRIMARY KEY,
    seq bigint NOT NULL DEFAULT 0,
    snapshot bytea,
    snapshot_through bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE updates (
    name text NOT NULL,
    seq bigint NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (name, seq)
  );
  CREATE TABLE articles (
    id text PRIMARY KEY,
    title text NOT NULL,
    outlet text,
    date text,
    story text,
    meta json NOT NULL,
    sentences integer NOT NULL DEFAULT 0,
    tagged integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  );
  CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);
  `,
  // The corpus read model: each article's snapshot as JSON, with the document version it was computed from.
  `
  CREATE TABLE views (name text PRIMARY KEY, seq bigint NOT NULL, version bigint NOT NULL, json text NOT NULL);
  `,
  // Each view's digest (the dashboard's figures of the article), read without the snapshot.
  `
  ALTER TABLE views ADD COLUMN digest text NOT NULL DEFAULT '';
  `,
  // Soft deletion: when an article was deleted, NULL while it is not. The row, the document and its view
  // stay until the article is restored or purged.
  `
  ALTER TABLE articles ADD COLUMN deleted_at timestamptz;
  `,
  // The audit trail (SPEC AU1-AU2): each annotation change of a stored update, numbered per document by
  // a counter kept (and locked) with the document's seq, with who, when, and the annotation before and
  // after (JSON, null when absent). An update of a row is refused.
  `
  ALTER TABLE documents ADD COLUMN audit_n bigint NOT NULL DEFAULT 0;
  CREATE TABLE audit (
    name text NOT NULL, n bigint NOT NULL, seq bigint NOT NULL, at text NOT NULL, "user" text NOT NULL,
    annotation text NOT NULL, before text, after text, PRIMARY KEY (name, n)
  );
  CREATE FUNCTION attrib_audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the audit trail cannot be changed'; END $$;
  CREATE TRIGGER audit_is_append_only BEFORE UPDATE ON audit
    FOR EACH ROW EXECUTE FUNCTION attrib_audit_is_append_only();
  `,
  // The read model's rows SQL can query (SPEC ST32): each article's sentences, and each label of each
  // annotation on them, replaced with the article's view. Empty after the migration: the read-model
  // version changed with it, so every view is rebuilt, rows included, on first start or by `attrib reindex`.
  `
  CREATE TABLE sentences (
    article text NOT NULL, idx integer NOT NULL, start integer NOT NULL, "end" integer NOT NULL,
    text text NOT NULL
  );
  CREATE INDEX sentences_by_article ON sentences (article, idx);
  CREATE TABLE sentence_labels (
    article text NOT NULL, idx integer NOT NULL, annotation text NOT NULL, kind text NOT NULL,
    annotator text NOT NULL, status text NOT NULL, final boolean NOT NULL, auto boolean NOT NULL,
    label text, source text NOT NULL
  );
  CREATE INDEX sentence_labels_by_sentence ON sentence_labels (article, idx);
  `,
]

/** The schema version this code writes (the `version` of table `attrib_schema`). */
export const PG_SCHEMA_VERSION = MIGRATIONS.length

// pg_advisory_xact_lock key of the migrations ("attrib" in ASCII), so that processes starting together
// migrate one after the other.
const MIGRATION_LOCK = 0x617474726962

interface ArticleRecord {
  id: string
  title: string
  outlet: string | null
  date: string | null
  story: string | null
  meta: ArticleMeta
  sentences: number
  tagged: number
  created_at: Date
  updated_at: Date
}

/**
 * Appends a batch in one statement. The upsert takes the document row's lock and holds it until the
 * statement commits, so appends to one document are serialised across processes: sequence numbers are
 * gap-free and follow commit order. A failing insert rolls back the counter with it.
 */
const APPEND = `
  WITH d AS (
    INSERT INTO documents AS doc (name, seq, updated_at) VALUES ($1, $3::bigint, now())
    ON CONFLICT (name) DO UPDATE SET seq = doc.seq + $3::bigint, updated_at = now()
    RETURNING seq
  ), ins AS (
    INSERT INTO updates (name, seq, data)
    SELECT $1, d.seq - $3::bigint + u.ord, u.data
    FROM d, unnest($2::bytea[]) WITH ORDINALITY AS u(data, ord)
  )
  SELECT seq FROM d`

/**
 * {@link APPEND} with audit records ($4: a JSON array of them): the trail's counter is taken under the same
 * row lock as the sequence number, so entries are numbered without gaps in commit order.
 */
const APPEND_AUDITED = `
  WITH d AS (
    INSERT INTO documents AS doc (name, seq, audit_n, updated_at)
    VALUES ($1, $3::bigint, json_array_length($4::json), now())
    ON CONFLICT (name) DO UPDATE SET seq = doc.seq + $3::bigint,
      audit_n = doc.audit_n + json_array_length($4::json), updated_at = now()
    RETURNING seq, audit_n
  ), ins AS (
    INSERT INTO updates (name, seq, data)
    SELECT $1, d.seq - $3::bigint + u.ord, u.data
    FROM d, unnest($2::bytea[]) WITH ORDINALITY AS u(data, ord)
  ), aud AS (
    INSERT INTO audit (name, n, seq, at, "user", annotation, before, after)
    SELECT $1, d.audit_n - json_array_length($4::json) + a.ord, d.seq, a.r->>'at', a.r->>'user',
      a.r->>'annotation', nullif((a.r->'before')::text, 'null'), nullif((a.r->'after')::text, 'null')
    FROM d, json_array_elements($4::json) WITH ORDINALITY AS a(r, ord)
  )
  SELECT seq FROM d`

/**
 * The stored state in one statement, hence one consistent view (a statement sees one snapshot of the
 * database): the document row first (kind 0, with the newest seq), then its log after the snapshot.
 */
const LOAD = `
  SELECT 0 AS kind, seq, snapshot AS data FROM documents WHERE name = $1
  UNION ALL
  SELECT 1, u.seq, u.data FROM updates u JOIN documents d ON d.name = u.name
  WHERE u.name = $1 AND u.seq > d.snapshot_through
  ORDER BY kind, seq`

/** What purging an article removes beside its catalog row: each table with its article column. */
const PURGED = [
  ['documents', 'name'],
  ['updates', 'name'],
  ['views', 'name'],
  ['audit', 'name'],
  ['sentences', 'article'],
  ['sentence_labels', 'article'],
] as const

/**
 * Stores a batch of new articles in one statement, from arrays a column each: their catalog rows, their
 * documents' snapshots (covering whatever was appended to those names before) and no log. Their views go
 * in a second statement (CREATE_VIEWS), which sees the documents' counters this one wrote.
 */
const CREATE_ARTICLES = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
      $7::integer[], $8::integer[], $9::bytea[])
      AS t (id, title, outlet, date, story, meta, sentences, tagged, snapshot)
  ), a AS (
    INSERT INTO articles (id, title, outlet, date, story, meta, sentences, tagged, created_at, updated_at)
    SELECT id, title, outlet, date, story, meta::json, sentences, tagged, $10, $10 FROM input
    RETURNING *
  ), d AS (
    INSERT INTO documents AS doc (name, seq, snapshot, snapshot_through, updated_at)
    SELECT id, 0, snapshot, 0, now() FROM input
    ON CONFLICT (name) DO UPDATE SET snapshot = excluded.snapshot, snapshot_through = doc.seq,
      updated_at = now()
  ), gone AS (
    DELETE FROM updates WHERE name = ANY($1::text[])
  )
  SELECT * FROM a`

/** The views of a batch of new articles, each at the number its document's counter stands at. */
const CREATE_VIEWS = `
  INSERT INTO views (name, seq, version, json, digest)
  SELECT t.name, d.seq, t.version, t.json, t.digest
  FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[]) AS t (name, version, json, digest)
  JOIN documents AS d ON d.name = t.name
  ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, version = excluded.version, json = excluded.json,
    digest = excluded.digest`

/**
 * A {@link DocumentStore} on PostgreSQL (node-postgres pool), for several server processes sharing one
 * database. Every method is one statement or one transaction. Per-document sequence numbers come from
 * the `documents.seq` counter, incremented under the row's lock in the same statement that inserts the
 * updates.
 * @example
 * const store = await PgStore.open('postgres://attrib@db/attrib')
 */
export class PgStore implements DocumentStore {
  private closed = false
  /** Statements and transactions under way, which {@link close} lets finish. */
  private inflight = new Set<Promise<unknown>>()

  private constructor(
    /** The connection pool, for tests and maintenance. */
    readonly pool: pg.Pool,
  ) {}

  /** Connects to the database at `url` and creates or migrates its tables. */
  static async open(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
    if (typeof url !== 'string' || url === '')
      throw new TypeError('PgStore.open: a postgres:// URL is required')
    const pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
      application_name: options.applicationName ?? 'attrib',
      // No JIT compilation: the corpus's queries (the sentence search over 300,000 rows, say) cross its cost
      // threshold and then spend more compiling than running (measured: 358 ms of JIT for a 60 ms query).
      options: '-c jit=off',
    })
    const onError = options.onError ?? ((e: Error) => console.error('PgStore: idle connection failed:', e))
    pool.on('error', onError)
    try {
      await migrate(pool)
    } catch (e) {
      await pool.end().catch(() => {})
      throw e
    }
    return new PgStore(pool)
  }

  async load(name: string): Promise<StoredDocument> {
    this.check(name)
    const { rows } = await this.query<{ kind: number; seq: string; data: Buffer | null }>(LOAD, [name])
    const head = rows[0]
    if (!head) return { snapshot: null, updates: [], seq: 0 }
    return {
      snapshot: head.data ? bytes(head.data) : null,
      updates: rows.slice(1).map((r) => bytes(r.data!)),
      seq: Number(head.seq),
    }
  }

  async appendUpdates(
    name: string,
    updates: Uint8Array[],
    audit: readonly AuditRecord[] = [],
  ): Promise<number> {
    this.check(name)
    if (!Array.isArray(updates)) throw new TypeError('PgStore.appendUpdates: updates must be an array')
    updates.forEach((u, i) => {
      if (!(u instanceof Uint8Array))
        throw new TypeError(
          `PgStore.appendUpdates: update ${i} of ${JSON.stringify(name)} is not a Uint8Array`,
        )
    })
    if (updates.length === 0) {
      const { rows } = await this.query<{ seq: string }>('SELECT seq FROM documents WHERE name = $1', [name])
      return rows[0] ? Number(rows[0].seq) : 0
    }
    const { rows } =
      audit.length === 0
        ? await this.query<{ seq: string }>(APPEND, [name, updates, updates.length])
        : await this.query<{ seq: string }>(APPEND_AUDITED, [
            name,
            updates,
            updates.length,
            JSON.stringify(
              audit.map(({ at, user, annotation, before, after }) => ({
                at,
                user,
                annotation,
                before,
                after,
              })),
            ),
          ])
    return Number(rows[0]!.seq)
  }

  async readAudit(name: string, options: { after?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    this.check(name)
    const { rows } = await this.query<{
      n: string
      seq: string
      at: string
      user: string
      annotation: string
      before: string | null
      after: string | null
    }>(
      `SELECT n, seq, at, "user", annotation, before, after FROM audit WHERE name = $1 AND n > $2
       ORDER BY n LIMIT $3`,
      [name, options.after ?? 0, options.limit ?? null],
    )
    return rows.map((r) => ({
      n: Number(r.n),
      seq: Number(r.seq),
      at: r.at,
      user: r.user,
      annotation: r.annotation,
      before: r.before === null ? null : JSON.parse(r.before),
      after: r.after === null ? null : JSON.parse(r.after),
    }))
  }

  async compact(name: string, state: Uint8Array, throughSeq: number, view?: ArticleView): Promise<void> {
    this.check(name)
    if (!(state instanceof Uint8Array)) throw new TypeError('PgStore.compact: state must be a Uint8Array')
    if (!Number.isSafeInteger(throughSeq) || throughSeq < 0)
      throw new RangeError(`PgStore.compact: throughSeq must be a non-negative integer, not ${throughSeq}`)
    await this.transaction(async (client) => {
      await client.query('INSERT INTO documents (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [name])
      const { rows } = await client.query<{ seq: string; snapshot_through: string; has_snapshot: boolean }>(
        `SELECT seq, snapshot_through, snapshot IS NOT NULL AS has_snapshot FROM documents
         WHERE name = $1 FOR UPDATE`,
        [name],
      )
      const row = rows[0]!
      if (throughSeq > Number(row.seq))
        throw new RangeError(
          `PgStore.compact: ${JSON.stringify(name)} has updates up to seq ${row.seq}, not ${throughSeq}`,
        )
      // Another process compacted as far or further: its snapshot stays.
      if (row.has_snapshot && Number(row.snapshot_through) >= throughSeq) return
      await client.query(
        'UPDATE documents SET snapshot = $2, snapshot_through = $3, updated_at = now() WHERE name = $1',
        [name, state, throughSeq],
      )
      await client.query('DELETE FROM updates WHERE name = $1 AND seq <= $2', [name, throughSeq])
      if (view) await client.query(PUT_VIEW, putViewParams(name, view))
    })
  }

  async readViews(ids: readonly string[], part: ViewPart = 'snapshot'): Promise<StoredView[]> {
    this.check()
    if (ids.length === 0) return []
    const { rows } = await this.query<{
      name: string
      seq: string | null
      vseq: string | null
      version: string
      json: string
    }>(
      `SELECT i.name, d.seq, v.seq AS vseq, v.version, ${part === 'digest' ? 'v.digest' : 'v.json'} AS json
       FROM unnest($1::text[]) WITH ORDINALITY AS i (name, n)
       LEFT JOIN documents AS d ON d.name = i.name LEFT JOIN views AS v ON v.name = i.name
       ORDER BY i.n`,
      [ids],
    )
    return rows.map((r) => ({
      id: r.name,
      seq: Number(r.seq ?? 0),
      view: r.vseq === null ? null : { seq: Number(r.vseq), version: Number(r.version), json: r.json },
    }))
  }

  async writeView(name: string, view: ArticleView): Promise<void> {
    this.check(name)
    await this.query(PUT_VIEW, putViewParams(name, view))
  }

  async findSentences(query: SentenceQuery): Promise<SentenceMatch[]> {
    this.check()
    const layer = query.layer ?? 'auto'
    const { rows: found } = await this.query<SentenceRecord>(FIND_SENTENCES, [
      query.version,
      query.after?.article ?? null,
      query.after?.sentence ?? -1,
      query.articles ? [...query.articles] : null,
      query.text ?? null,
      hasLabelCriteria(query),
      layer,
      query.label ?? null,
      query.annotator ?? null,
      query.status ?? null,
      query.source ?? null,
      query.limit,
    ])
    if (found.length === 0) return []
    const { rows: labels } = await this.query<LabelRecord>(
      `SELECT l.article, l.idx, l.annotation, l.kind, l.annotator, l.status, l.final, l.auto, l.label, l.source
       FROM unnest($1::text[], $2::integer[]) WITH ORDINALITY AS k (article, idx, n)
       JOIN sentence_labels AS l ON l.article = k.article AND l.idx = k.idx
       WHERE $3 = 'all' OR ($3 = 'final' AND l.final) OR ($3 = 'auto' AND l.auto)
       ORDER BY k.n, l.ctid`,
      [found.map((r) => r.article), found.map((r) => Number(r.idx)), layer],
    )
    return groupMatches(found, labels)
  }

  async staleViews(version: number): Promise<string[]> {
    this.check()
    const { rows } = await this.query<{ id: string }>(
      `SELECT a.id FROM articles AS a
       LEFT JOIN documents AS d ON d.name = a.id LEFT JOIN views AS v ON v.name = a.id
       WHERE a.deleted_at IS NULL AND (v.name IS NULL OR v.version <> $1 OR v.seq <> coalesce(d.seq, 0))
       ORDER BY a.id COLLATE "C"`,
      [version],
    )
    return rows.map((r) => r.id)
  }

  async countUpdates(name?: string): Promise<number> {
    this.check(name)
    const { rows } =
      name === undefined
        ? await this.query<{ n: string }>('SELECT count(*) AS n FROM updates')
        : await this.query<{ n: string }>('SELECT count(*) AS n FROM updates WHERE name = $1', [name])
    return Number(rows[0]!.n)
  }

  async createArticle(input: ArticleInput): Promise<ArticleRow> {
    const [row] = await this.createArticles([input])
    return row!
  }

  async createArticles(inputs: ArticleInput[]): Promise<ArticleRow[]> {
    this.check()
    // Build every document first: a bad id or annotation stores nothing and costs no round trip.
    const seen = new Set<string>()
    const prepared = inputs.map((input) => {
      const { id } = input.meta
      const article = prepareArticle(input)
      if (seen.has(id)) throw new ArticleExistsError(id)
      seen.add(id)
      return { id, ...article, meta: article.stats.meta ?? input.meta }
    })
    if (prepared.length === 0) return []
    // A deleted article's id is refused by name (the insert below would only see a taken key).
    const { rows: deleted } = await this.query<{ id: string; deleted_at: Date }>(
      'SELECT id, deleted_at FROM articles WHERE id = ANY($1::text[]) AND deleted_at IS NOT NULL ORDER BY id',
      [prepared.map((p) => p.id)],
    )
    if (deleted[0]) throw new ArticleDeletedError(deleted[0].id, deleted[0].deleted_at.toISOString())
    const now = new Date().toISOString()
    return this.transaction(async (client) => {
      // A few statements per batch, whatever its size: a round trip per article was most of an import's time.
      let created: ArticleRecord[]
      try {
        const column = <T>(f: (p: (typeof prepared)[number]) => T) => prepared.map(f)
        const result = await client.query<ArticleRecord>(CREATE_ARTICLES, [
          column((p) => p.id),
          column((p) => p.meta.title),
          column((p) => p.meta.outlet ?? null),
          column((p) => p.meta.date ?? null),
          column((p) => p.meta.story ?? null),
          column((p) => JSON.stringify(p.meta)),
          column((p) => p.stats.sentences),
          column((p) => p.stats.tagged),
          column((p) => Buffer.from(p.state)),
          now,
        ])
        created = result.rows
      } catch (e) {
        if (isUniqueViolation(e))
          throw new ArticleExistsError(takenId(e) ?? (await this.firstTaken(prepared.map((p) => p.id))))
        throw e
      }
      await client.query(CREATE_VIEWS, [
        prepared.map((p) => p.id),
        prepared.map((p) => p.view.version),
        prepared.map((p) => p.view.json),
        prepared.map((p) => p.view.digest),
      ])
      await client.query(
        INSERT_ROWS,
        insertRowsParams(prepared.map(({ id, view }) => ({ id, rows: view.rows }))),
      )
      const byId = new Map(created.map((r) => [r.id, toRow(r)]))
      return prepared.map((p) => byId.get(p.id)!)
    })
  }

  async hasArticles(): Promise<boolean> {
    this.check()
    const { rows } = await this.query('SELECT 1 FROM articles WHERE deleted_at IS NULL LIMIT 1')
    return rows.length > 0
  }

  async listArticles(): Promise<ArticleRow[]> {
    this.check()
    const { rows } = await this.query<ArticleRecord>(
      'SELECT * FROM articles WHERE deleted_at IS NULL ORDER BY id',
    )
    return rows.map(toRow)
  }

  async getArticleRow(id: string): Promise<ArticleRow | undefined> {
    this.check(id)
    const { rows } = await this.query<ArticleRecord>(
      'SELECT * FROM articles WHERE id = $1 AND deleted_at IS NULL',
      [id],
    )
    return rows[0] && toRow(rows[0])
  }

  async deleteArticle(id: string): Promise<string | undefined> {
    this.check(id)
    const { rows } = await this.query<{ deleted_at: Date }>(
      'UPDATE articles SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING deleted_at',
      [id],
    )
    return rows[0]?.deleted_at.toISOString()
  }

  async restoreArticle(id: string): Promise<ArticleRow | undefined> {
    this.check(id)
    const { rows } = await this.query<ArticleRecord>(
      'UPDATE articles SET deleted_at = NULL WHERE id = $1 RETURNING *',
      [id],
    )
    return rows[0] && toRow(rows[0])
  }

  async listDeleted(): Promise<{ id: string; deletedAt: string }[]> {
    this.check()
    const { rows } = await this.query<{ id: string; deleted_at: Date }>(
      'SELECT id, deleted_at FROM articles WHERE deleted_at IS NOT NULL ORDER BY id',
    )
    return rows.map((r) => ({ id: r.id, deletedAt: r.deleted_at.toISOString() }))
  }

  async purgeDeleted(before: string): Promise<string[]> {
    this.check(before)
    return this.transaction(async (client) => {
      const { rows } = await client.query<{ id: string }>(
        'DELETE FROM articles WHERE deleted_at IS NOT NULL AND deleted_at <= $1 RETURNING id',
        [before],
      )
      const ids = rows.map((r) => r.id).sort()
      if (ids.length > 0)
        for (const [table, key] of PURGED)
          await client.query(`DELETE FROM ${table} WHERE ${key} = ANY($1::text[])`, [ids])
      return ids
    })
  }

  async updateArticleStats(id: string, stats: ArticleStats): Promise<void> {
    this.check(id)
    const now = new Date().toISOString()
    if (stats.meta) {
      const { meta } = stats
      await this.query(
        `UPDATE articles SET sentences = $2, tagged = $3, title = $4, outlet = $5, date = $6, story = $7,
         meta = $8, updated_at = $9 WHERE id = $1`,
        [
          id,
          stats.sentences,
          stats.tagged,
          meta.title,
          meta.outlet ?? null,
          meta.date ?? null,
          meta.story ?? null,
          JSON.stringify(meta),
          now,
        ],
      )
    } else
      await this.query('UPDATE articles SET sentences = $2, tagged = $3, updated_at = $4 WHERE id = $1', [
        id,
        stats.sentences,
        stats.tagged,
        now,
      ])
  }

  async getSetting(key: string): Promise<unknown> {
    this.check(key)
    const { rows } = await this.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key])
    return rows[0] === undefined ? undefined : JSON.parse(rows[0].value)
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    this.check(key)
    const json = settingJson(key, value)
    await this.query(
      'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [key, json],
    )
  }

  /** Ends the pool once the calls in flight are done. Later calls reject; closing again does nothing. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    // pg's Pool.end() never serves calls still waiting for a connection: let them finish first.
    await Promise.allSettled([...this.inflight])
    await this.pool.end()
  }

  /** Rejects (the methods are async, so a throw here is a rejection) when closed or given a bad name. */
  private check(name?: string): void {
    if (this.closed) throw new Error('PgStore: the store is closed')
    if (name !== undefined && typeof name !== 'string')
      throw new TypeError(`PgStore: expected a string name, got ${typeof name}`)
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inflight.add(work)
    const done = () => {
      this.inflight.delete(work)
    }
    work.then(done, done)
    return work
  }

  /** One statement on the pool. */
  /** The first of `ids` already stored (the transaction that found one taken is aborted: asked outside it). */
  private async firstTaken(ids: string[]): Promise<string> {
    const { rows } = await this.query<{ id: string }>(
      'SELECT id FROM articles WHERE id = ANY($1::text[]) ORDER BY id LIMIT 1',
      [ids],
    )
    return rows[0]?.id ?? ids[0]!
  }

  private query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    return this.track(this.pool.query<R>(text, values))
  }

  /** Runs `fn` in a transaction on one pooled connection; rolls back when it throws. */
  private transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.track(this.runTransaction(fn))
  }

  private async runTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      const result = await fn(client)
      await client.query('COMMIT')
      client.release()
      return result
    } catch (e) {
      try {
        await client.query('ROLLBACK')
        client.release()
      } catch (rollbackError) {
        // The connection is broken: drop it rather than return it to the pool.
        client.release(rollbackError as Error)
      }
      throw e
    }
  }
}

async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await client.query('CREATE TABLE IF NOT EXISTS attrib_schema (version integer NOT NULL)')
    const { rows } = await client.query<{ version: number }>('SELECT version FROM attrib_schema')
    const version = rows[0]?.version ?? 0
    if (rows.length === 0) await client.query('INSERT INTO attrib_schema (version) VALUES (0)')
    if (version > MIGRATIONS.length)
      throw new Error(
        `PgStore: the database has schema version ${version}, newer than this server's ${MIGRATIONS.length}`,
      )
    for (let v = version; v < MIGRATIONS.length; v++) await client.query(MIGRATIONS[v]!)
    await client.query('UPDATE attrib_schema SET version = $1', [MIGRATIONS.length])
    await client.query('COMMIT')
    client.release()
  } catch (e) {
    await client.query('ROLLBACK').then(
      () => client.release(),
      (rollbackError: Error) => client.release(rollbackError),
    )
    throw e
  }
}

/** The id a unique violation on `articles` names in its detail (`Key (id)=(x) already exists.`), if it does. */
function takenId(e: unknown): string | undefined {
  return /^Key \(id\)=\((.*)\) already exists\.$/.exec((e as { detail?: string }).detail ?? '')?.[1]
}

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === '23505'
}

function toRow(r: ArticleRecord): ArticleRow {
  return {
    id: r.id,
    title: r.title,
    outlet: r.outlet,
    date: r.date,
    story: r.story,
    meta: r.meta,
    sentences: r.sentences,
    tagged: r.tagged,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }
}

/** A Uint8Array view of a Buffer from pg (the same bytes, no copy). */
function bytes(data: Buffer): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}
