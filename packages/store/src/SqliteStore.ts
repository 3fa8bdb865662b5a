import type { AnnotationState, ArticleInput, ArticleMeta, AuditEntry, AuditRecord } from '@attrib/core'
import {
  ArticleDeletedError,
  ArticleExistsError,
  type ArticleRow,
  type ArticleStats,
  type ArticleView,
  type DocumentStore,
  type SentenceMatch,
  type SentenceQuery,
  type SentenceRows,
  type StoredDocument,
  type StoredView,
  type ViewPart,
} from '@attrib/sync'
import Database from 'better-sqlite3'
import { prepareArticle, settingJson } from './articles'
import {
  type EncodedRows,
  encodeBySentence,
  groupMatches,
  hasLabelCriteria,
  type LabelRecord,
  labelRowValues,
  type SentenceRecord,
} from './sentenceQuery'

/** Options of {@link SqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * SQLite's `synchronous` pragma. `NORMAL` (the default) in WAL mode survives a crash of the process
   * (SIGKILL, OOM): a committed transaction is in the WAL file before the insert returns. It may lose the
   * last transactions on power loss or an OS crash; choose `FULL` for that, at the cost of an fsync per update.
   */
  synchronous?: 'NORMAL' | 'FULL'
}

// Each entry moves the database from version i to i + 1 (PRAGMA user_version).
const MIGRATIONS: string[] = [
  `
  CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    outlet TEXT,
    date TEXT,
    story TEXT,
    meta TEXT NOT NULL,
    sentences INTEGER NOT NULL DEFAULT 0,
    tagged INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE snapshots (name TEXT PRIMARY KEY, data BLOB NOT NULL, updated_at TEXT NOT NULL);
  CREATE TABLE updates (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, data BLOB NOT NULL);
  CREATE INDEX updates_by_name ON updates (name, id);
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  // Per-document sequence numbers (see DocumentStore): a counter per document, the seq of every log row,
  // and how far the snapshot reaches. Existing rows are numbered 1, 2, ... per document in id order.
  `
  CREATE TABLE documents (name TEXT PRIMARY KEY, seq INTEGER NOT NULL);
  ALTER TABLE updates ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
  UPDATE updates SET seq = (SELECT count(*) FROM updates AS u WHERE u.name = updates.name AND u.id <= updates.id);
  INSERT INTO documents (name, seq) SELECT name, max(seq) FROM updates GROUP BY name;
  DROP INDEX updates_by_name;
  CREATE UNIQUE INDEX updates_by_seq ON updates (name, seq);
  ALTER TABLE snapshots ADD COLUMN through INTEGER NOT NULL DEFAULT 0;
  `,
  // One B-tree for the log, keyed by (name, seq), and no counter table: the next number is one past the
  // newest row, or past the snapshot when compaction left no row. An append is then one statement that
  // touches one tree, less than half the cost of a transaction over three (measured: 34 vs 77 µs).
  `
  CREATE TABLE updates_v3 (
    name TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (name, seq)
  ) WITHOUT ROWID;
  INSERT INTO updates_v3 (name, seq, data) SELECT name, seq, data FROM updates;
  DROP TABLE updates;
  ALTER TABLE updates_v3 RENAME TO updates;
  UPDATE snapshots SET through = (SELECT seq FROM documents AS d WHERE d.name = snapshots.name)
    WHERE through < (SELECT seq FROM documents AS d WHERE d.name = snapshots.name)
      AND NOT EXISTS (SELECT 1 FROM updates AS u WHERE u.name = snapshots.name);
  DROP TABLE documents;
  `,
  // The corpus read model: each article's snapshot as JSON, with the document version it was computed from.
  // Empty after the migration: rows are computed when first read (or by `attrib reindex`).
  `
  CREATE TABLE views (
    name TEXT PRIMARY KEY, seq INTEGER NOT NULL, version INTEGER NOT NULL, json TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // Each view's digest (the dashboard's figures of the article), read without the snapshot.
  `
  ALTER TABLE views ADD COLUMN digest TEXT NOT NULL DEFAULT '';
  `,
  // Soft deletion: when an article was deleted (ISO time), NULL while it is not. The row, the document
  // and its view stay until the article is restored or purged.
  `
  ALTER TABLE articles ADD COLUMN deleted_at TEXT;
  `,
  // The audit trail (SPEC AU1-AU2): the annotation changes of each stored update (a JSON array of records:
  // who, when, the annotation before and after). They ride on the update's log row, so an append with
  // changes is the same one statement as without (measured: a trigger filing them into a table of their
  // own cost 58 µs an append, a transaction of two 108, the row 38), and compaction moves them, in its
  // transaction, into `audit` before it deletes the rows. Neither is ever updated.
  `
  ALTER TABLE updates ADD COLUMN audit TEXT;
  CREATE TABLE audit (id INTEGER PRIMARY KEY, name TEXT NOT NULL, seq INTEGER NOT NULL, records TEXT NOT NULL);
  CREATE UNIQUE INDEX audit_by_seq ON audit (name, seq);
  CREATE TRIGGER audit_is_append_only BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
  CREATE TRIGGER updates_audit_is_append_only BEFORE UPDATE OF audit ON updates
    BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
  `,
  // The read model's rows SQL can query (SPEC ST32): each article's sentences, and each label of each
  // annotation on them, replaced with the article's view (the views' version and seq say how fresh they
  // are). Empty after the migration: the views' read-model version changed with it, so every view is
  // rebuilt, rows included, on first start (or by `attrib reindex`).
  `
  CREATE TABLE sentences (
    article TEXT NOT NULL, idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text TEXT NOT NULL, PRIMARY KEY (article, idx)
  ) WITHOUT ROWID;
  CREATE TABLE sentence_labels (
    article TEXT NOT NULL, idx INTEGER NOT NULL, annotation TEXT NOT NULL, kind TEXT NOT NULL,
    annotator TEXT NOT NULL, status TEXT NOT NULL, final INTEGER NOT NULL, auto INTEGER NOT NULL,
    label TEXT, source TEXT NOT NULL
  );
  CREATE INDEX sentence_labels_by_sentence ON sentence_labels (article, idx);
  `,
]

/** How many articles' sentence rows a store remembers, to write only what changed (the live rooms'). */
const REMEMBERED_ROWS = 32

/** The schema version this code writes (`PRAGMA user_version`). */
export const STORE_SCHEMA_VERSION = MIGRATIONS.length

// An update's changes as the log row and the trail keep them: JSON of positional arrays, which is about
// half the bytes of the records' objects and quicker to write, read back into records by decodeAudit.
// [[at, user, annotation, before, after], ...], each state [kind, labels, source, status, final (0/1),
// annotator, start, end] or null.
type StoredState = [
  AnnotationState['kind'],
  string[],
  string,
  AnnotationState['status'],
  0 | 1,
  string,
  string,
  string,
]

const storeState = (s: AnnotationState | null): StoredState | null =>
  s && [s.kind, s.labels, s.source, s.status, s.final ? 1 : 0, s.annotator, s.start, s.end]

const readState = (s: StoredState | null): AnnotationState | null =>
  s && {
    kind: s[0],
    labels: s[1],
    source: s[2],
    status: s[3],
    final: s[4] === 1,
    annotator: s[5],
    start: s[6],
    end: s[7],
  }

function encodeAudit(records: readonly AuditRecord[]): string {
  return JSON.stringify(
    records.map((r) => [r.at, r.user, r.annotation, storeState(r.before), storeState(r.after)]),
  )
}

function decodeAudit(text: string): AuditRecord[] {
  return (JSON.parse(text) as [string, string, string, StoredState | null, StoredState | null][]).map(
    ([at, user, annotation, before, after]) => ({
      at,
      user,
      annotation,
      before: readState(before),
      after: readState(after),
    }),
  )
}

/** One stored update's changes, as `readAudit` reads them. */
interface AuditRow {
  seq: number
  records: string
}

interface ArticleRecord {
  id: string
  title: string
  outlet: string | null
  date: string | null
  story: string | null
  meta: string
  sentences: number
  tagged: number
  created_at: string
  updated_at: string
  deleted_at: string | null
}

/**
 * The {@link DocumentStore} of a running server: one SQLite file (better-sqlite3, WAL mode).
 * Every method is one statement or one transaction, so a crash leaves either all of a write or none.
 * better-sqlite3 is synchronous: each method does its work before returning an already settled promise.
 * @example
 * const store = new SqliteStore('data/attrib.sqlite')
 */
export class SqliteStore implements DocumentStore {
  /** The underlying connection, for tests and maintenance. */
  readonly db: Database.Database
  private statements: ReturnType<typeof prepare>
  /** The sentence rows last written per article, with the view they went with (see writeViewNow). */
  private written = new Map<string, { seq: number; version: number; rows: EncodedRows }>()

  /** Opens (and creates or migrates) the database at `path` (`:memory:` for a private in-memory one). */
  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.db = new Database(path)
    try {
      this.db.pragma('journal_mode = WAL')
      this.db.pragma(`synchronous = ${options.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`)
      this.db.pragma('busy_timeout = 5000')
      migrate(this.db)
      // The sentence search's "contains, any case", with JavaScript's Unicode case rules (SQLite's lower()
      // knows only ASCII), so that every store answers alike.
      this.db.function('attrib_contains', { deterministic: true }, (haystack, needle) =>
        String(haystack).toLowerCase().includes(String(needle).toLowerCase()) ? 1 : 0,
      )
      this.statements = prepare(this.db)
    } catch (e) {
      this.db.close()
      throw e
    }
  }

  async load(name: string): Promise<StoredDocument> {
    return this.loadNow(name)
  }

  /** {@link load} without the promise, for maintenance code that runs on the SQLite file directly. */
  loadNow(name: string): StoredDocument {
    const { snapshot, updates, lastSeq } = this.statements
    const read = this.db.transaction(() => {
      const snap = snapshot.get(name) as { data: Buffer } | undefined
      const rows = updates.all(name) as { data: Buffer }[]
      const counter = lastSeq.get({ name }) as { seq: number }
      return {
        snapshot: snap ? bytes(snap.data) : null,
        updates: rows.map((r) => bytes(r.data)),
        seq: counter.seq,
      }
    })
    return read()
  }

  async appendUpdates(
    name: string,
    updates: Uint8Array[],
    audit: readonly AuditRecord[] = [],
  ): Promise<number> {
    const { appendNext, append } = this.statements
    if (updates.length === 0) return (this.statements.lastSeq.get({ name }) as { seq: number }).seq
    // The changes ride on the last row; a trigger files them in the trail (see the migration).
    const changes = audit.length === 0 ? null : encodeAudit(audit)
    if (updates.length === 1)
      return (appendNext.get({ name, data: updates[0], audit: changes }) as { seq: number }).seq
    return this.db.transaction(() => {
      const last = updates.length - 1
      let seq = (appendNext.get({ name, data: updates[0], audit: null }) as { seq: number }).seq
      for (let i = 1; i <= last; i++) append.run(name, ++seq, updates[i], i === last ? changes : null)
      return seq
    })()
  }

  async readAudit(name: string, options: { after?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    const after = options.after ?? 0
    const end = options.limit === undefined ? Number.POSITIVE_INFINITY : after + options.limit
    const out: AuditEntry[] = []
    let n = 0
    // Numbered in the order the updates were stored (seq), each update's changes in their order.
    for (const row of this.statements.readAudit.iterate({ name }) as IterableIterator<AuditRow>) {
      const records = decodeAudit(row.records)
      if (n + records.length <= after) {
        n += records.length
        continue
      }
      for (const { at, user, annotation, before, after: state } of records) {
        n++
        if (n > after && n <= end) out.push({ n, seq: row.seq, at, user, annotation, before, after: state })
      }
      if (n >= end) break
    }
    return out
  }

  async compact(name: string, state: Uint8Array, throughSeq: number, view?: ArticleView): Promise<void> {
    const { snapshotThrough, putSnapshot, deleteUpdates } = this.statements
    this.db.transaction(() => {
      const stored = snapshotThrough.get(name) as { through: number } | undefined
      if (stored && stored.through >= throughSeq) return
      putSnapshot.run(name, state, throughSeq, new Date().toISOString())
      this.statements.keepAudit.run(name, throughSeq)
      deleteUpdates.run(name, throughSeq)
      if (view) this.writeViewNow(name, view)
    })()
  }

  async readViews(ids: readonly string[], part: ViewPart = 'snapshot'): Promise<StoredView[]> {
    return this.readViewsNow(ids, part)
  }

  /** {@link readViews} without the promise. */
  readViewsNow(ids: readonly string[], part: ViewPart = 'snapshot'): StoredView[] {
    if (ids.length === 0) return []
    // One statement for the page: the ids as a JSON array, each with its document's number and its view.
    const statement = part === 'digest' ? this.statements.readDigests : this.statements.readViews
    const rows = statement.all({ ids: JSON.stringify(ids) }) as {
      name: string
      seq: number
      vseq: number | null
      version: number
      json: string
    }[]
    return rows.map((row) => ({
      id: row.name,
      seq: row.seq,
      view: row.vseq === null ? null : { seq: row.vseq, version: row.version, json: row.json },
    }))
  }

  async writeView(name: string, view: ArticleView): Promise<void> {
    this.writeViewNow(name, view)
  }

  /**
   * Writes the view and, when it was written, its sentence rows. A live room writes its view every second
   * while its article is edited, so the rows this store last wrote for an article are remembered (the
   * last few articles) and, when the stored view is still the one they went with, only the sentences whose
   * rows changed are written again: one tag on a 10,000-sentence article rewrites one sentence's labels.
   */
  private writeViewNow(name: string, view: ArticleView): void {
    const s = this.statements
    // A savepoint inside compact's transaction, a transaction of its own otherwise.
    this.db.transaction(() => {
      // The remembered rows are the stored ones only while the stored view is the one they went with.
      const known = this.written.get(name)
      const before = known && (s.viewOf.get(name) as { seq: number; version: number } | undefined)
      // The rows go with the view: when an older view was refused, so are its rows.
      if (!this.putView(name, view)) return
      this.written.delete(name)
      if (view.rows && known && before && known.seq === before.seq && known.version === before.version) {
        const rows = encodeBySentence(view.rows)
        this.writeChangedRows(name, known.rows, rows)
        this.remember(name, view, rows)
        return
      }
      s.deleteSentences.run(name)
      s.deleteSentenceLabels.run(name)
      if (!view.rows) return
      this.insertRows(name, view.rows)
      this.remember(name, view, encodeBySentence(view.rows))
    })()
  }

  /** The view of an article being created, inside its transaction: no rows, no remembered rows, before it. */
  private writeNewViewNow(name: string, view: ArticleView): void {
    this.written.delete(name)
    this.putView(name, view)
    if (view.rows) this.insertRows(name, view.rows)
  }

  /** Writes the view row; false when the stored one is of the same version and newer. */
  private putView(name: string, view: ArticleView): boolean {
    const { seq, version, json, digest } = view
    return this.statements.putView.run({ name, seq, version, json, digest }).changes > 0
  }

  /** Every row, one statement each (quicker than one statement over JSON, measured on an import). */
  private insertRows(name: string, rows: SentenceRows): void {
    const { putSentence, putLabel } = this.statements
    for (const r of rows.sentences) putSentence.run(name, r.index, r.start, r.end, r.text)
    for (const l of rows.labels) putLabel.run(name, ...labelRowValues(l))
  }

  private remember(name: string, view: ArticleView, rows: EncodedRows): void {
    this.written.set(name, { seq: view.seq, version: view.version, rows })
    if (this.written.size > REMEMBERED_ROWS) this.written.delete(this.written.keys().next().value!)
  }

  /** Writes the sentences of `next` whose rows differ from `prev` (the rows stored), and drops the rest. */
  private writeChangedRows(name: string, prev: EncodedRows, next: EncodedRows): void {
    const s = this.statements
    const n = next.sentences.length
    for (let i = 0; i < n; i++) {
      if (next.sentences[i] === prev.sentences[i]) continue
      const [start, end, text] = JSON.parse(next.sentences[i]!) as [number, number, string]
      s.upsertSentence.run(name, i, start, end, text)
    }
    if (prev.sentences.length > n) s.deleteSentencesFrom.run(name, n)
    for (let i = 0; i < Math.max(next.labels.length, prev.labels.length); i++) {
      const labels = next.labels[i] ?? ''
      if (labels === (prev.labels[i] ?? '')) continue
      s.deleteLabelsAt.run(name, i)
      if (labels !== '') s.putSentenceLabels.run({ name, rows: `[${labels}]` })
    }
  }

  async findSentences(query: SentenceQuery): Promise<SentenceMatch[]> {
    const found = this.statements.findSentences.all(sentenceQueryParams(query)) as SentenceRecord[]
    if (found.length === 0) return []
    const keys = JSON.stringify(found.map((r) => [r.article, r.idx]))
    const labels = this.statements.labelsOf.all({ keys, layer: query.layer ?? 'auto' }) as LabelRecord[]
    return groupMatches(found, labels)
  }

  async staleViews(version: number): Promise<string[]> {
    return (this.statements.staleViews.all({ version }) as { id: string }[]).map((r) => r.id)
  }

  async countUpdates(name?: string): Promise<number> {
    const row = (
      name === undefined ? this.statements.countAll.get() : this.statements.countByName.get(name)
    ) as { n: number }
    return row.n
  }

  async createArticles(inputs: ArticleInput[]): Promise<ArticleRow[]> {
    // One transaction: one failing article rolls back them all (no savepoint per article, which cost an
    // import of 10,000 articles more than half a second).
    return this.db.transaction(() => inputs.map((input) => this.insertArticleNow(input)))()
  }

  async createArticle(input: ArticleInput): Promise<ArticleRow> {
    return this.db.transaction(() => this.insertArticleNow(input))()
  }

  /** Stores a new article: to be called inside a transaction, which a failure leaves to roll back. */
  private insertArticleNow(input: ArticleInput): ArticleRow {
    const { id } = input.meta
    const taken = this.statements.getAnyArticle.get(id) as ArticleRecord | undefined
    if (taken?.deleted_at) throw new ArticleDeletedError(id, taken.deleted_at)
    if (taken) throw new ArticleExistsError(id)
    const { state, stats, view } = prepareArticle(input)
    const meta = stats.meta ?? input.meta
    const now = new Date().toISOString()
    const { insertArticle, putSnapshot, deleteUpdates } = this.statements
    const record: ArticleRecord = {
      id,
      title: meta.title,
      outlet: meta.outlet ?? null,
      date: meta.date ?? null,
      story: meta.story ?? null,
      meta: JSON.stringify(meta),
      sentences: stats.sentences,
      tagged: stats.tagged,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    }
    try {
      const { deleted_at: _, ...values } = record
      insertArticle.run(values)
    } catch (e) {
      // Another process may have taken the id between the check above and this insert.
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new ArticleExistsError(id)
      throw e
    }
    putSnapshot.run(id, state, 0, now)
    deleteUpdates.run(id, Number.MAX_SAFE_INTEGER)
    this.writeNewViewNow(id, view)
    return toRow(record)
  }

  async hasArticles(): Promise<boolean> {
    return this.statements.anyArticle.get() !== undefined
  }

  async listArticles(): Promise<ArticleRow[]> {
    return (this.statements.listArticles.all() as ArticleRecord[]).map(toRow)
  }

  async getArticleRow(id: string): Promise<ArticleRow | undefined> {
    return this.getArticleRowNow(id)
  }

  private getArticleRowNow(id: string): ArticleRow | undefined {
    const record = this.statements.getArticle.get(id) as ArticleRecord | undefined
    return record && toRow(record)
  }

  async deleteArticle(id: string): Promise<string | undefined> {
    const now = new Date().toISOString()
    return this.statements.deleteArticle.run(now, id).changes === 1 ? now : undefined
  }

  async restoreArticle(id: string): Promise<ArticleRow | undefined> {
    this.statements.restoreArticle.run(id)
    return this.getArticleRowNow(id)
  }

  async listDeleted(): Promise<{ id: string; deletedAt: string }[]> {
    return (this.statements.listDeleted.all() as { id: string; deleted_at: string }[]).map((r) => ({
      id: r.id,
      deletedAt: r.deleted_at,
    }))
  }

  async purgeDeleted(before: string): Promise<string[]> {
    const { purgeable, purgeArticle, deleteSnapshot, deleteUpdates, deleteView } = this.statements
    return this.db.transaction(() => {
      const ids = (purgeable.all(before) as { id: string }[]).map((r) => r.id)
      for (const id of ids) {
        purgeArticle.run(id)
        deleteSnapshot.run(id)
        deleteUpdates.run(id, Number.MAX_SAFE_INTEGER)
        deleteView.run(id)
        this.written.delete(id)
        this.statements.deleteSentences.run(id)
        this.statements.deleteSentenceLabels.run(id)
        this.statements.deleteAudit.run(id)
      }
      return ids
    })()
  }

  async updateArticleStats(id: string, stats: ArticleStats): Promise<void> {
    const now = new Date().toISOString()
    if (stats.meta) {
      this.statements.updateStatsAndMeta.run({
        id,
        sentences: stats.sentences,
        tagged: stats.tagged,
        title: stats.meta.title,
        outlet: stats.meta.outlet ?? null,
        date: stats.meta.date ?? null,
        story: stats.meta.story ?? null,
        meta: JSON.stringify(stats.meta),
        updated_at: now,
      })
    } else this.statements.updateStats.run(stats.sentences, stats.tagged, now, id)
  }

  async getSetting(key: string): Promise<unknown> {
    const row = this.statements.getSetting.get(key) as { value: string } | undefined
    return row === undefined ? undefined : JSON.parse(row.value)
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    this.statements.setSetting.run(key, settingJson(key, value))
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close()
  }
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number
  if (version > MIGRATIONS.length)
    throw new Error(
      `SqliteStore: the database has schema version ${version}, newer than this server's ${MIGRATIONS.length}`,
    )
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!)
      db.pragma(`user_version = ${v + 1}`)
    })()
  }
}

// The newest sequence number of document @name: its newest log row, or what the snapshot covers.
const LAST_SEQ = `max(
  coalesce((SELECT max(seq) FROM updates WHERE name = @name), 0),
  coalesce((SELECT through FROM snapshots WHERE name = @name), 0))`

/** Reads a page of views (`@ids`, a JSON array), the column `part` as `json`, each with its document's number. */
function readViewsSql(part: 'v.json' | 'v.digest'): string {
  return `SELECT i.value AS name,
      max(coalesce((SELECT max(seq) FROM updates AS u WHERE u.name = i.value), 0),
          coalesce((SELECT through FROM snapshots AS s WHERE s.name = i.value), 0)) AS seq,
      v.seq AS vseq, v.version, ${part} AS json
    FROM json_each(@ids) AS i LEFT JOIN views AS v ON v.name = i.value
    ORDER BY i.key`
}

function prepare(db: Database.Database) {
  return {
    snapshot: db.prepare('SELECT data FROM snapshots WHERE name = ?'),
    updates: db.prepare('SELECT data FROM updates WHERE name = ? ORDER BY seq'),
    lastSeq: db.prepare(`SELECT ${LAST_SEQ} AS seq`),
    appendNext: db.prepare(
      `INSERT INTO updates (name, seq, data, audit) VALUES (@name, ${LAST_SEQ} + 1, @data, @audit) RETURNING seq`,
    ),
    append: db.prepare('INSERT INTO updates (name, seq, data, audit) VALUES (?, ?, ?, ?)'),
    snapshotThrough: db.prepare('SELECT through FROM snapshots WHERE name = ?'),
    putSnapshot: db.prepare(
      `INSERT INTO snapshots (name, data, through, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET data = excluded.data, through = excluded.through,
       updated_at = excluded.updated_at`,
    ),
    deleteUpdates: db.prepare('DELETE FROM updates WHERE name = ? AND seq <= ?'),
    countAll: db.prepare('SELECT count(*) AS n FROM updates'),
    countByName: db.prepare('SELECT count(*) AS n FROM updates WHERE name = ?'),
    insertArticle: db.prepare(
      `INSERT INTO articles (id, title, outlet, date, story, meta, sentences, tagged, created_at, updated_at)
       VALUES (@id, @title, @outlet, @date, @story, @meta, @sentences, @tagged, @created_at, @updated_at)`,
    ),
    anyArticle: db.prepare('SELECT 1 FROM articles WHERE deleted_at IS NULL LIMIT 1'),
    listArticles: db.prepare('SELECT * FROM articles WHERE deleted_at IS NULL ORDER BY id'),
    listDeleted: db.prepare('SELECT id, deleted_at FROM articles WHERE deleted_at IS NOT NULL ORDER BY id'),
    getArticle: db.prepare('SELECT * FROM articles WHERE id = ? AND deleted_at IS NULL'),
    getAnyArticle: db.prepare('SELECT * FROM articles WHERE id = ?'),
    deleteArticle: db.prepare('UPDATE articles SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL'),
    restoreArticle: db.prepare('UPDATE articles SET deleted_at = NULL WHERE id = ?'),
    purgeable: db.prepare(
      'SELECT id FROM articles WHERE deleted_at IS NOT NULL AND deleted_at <= ? ORDER BY id',
    ),
    purgeArticle: db.prepare('DELETE FROM articles WHERE id = ?'),
    deleteSnapshot: db.prepare('DELETE FROM snapshots WHERE name = ?'),
    deleteView: db.prepare('DELETE FROM views WHERE name = ?'),
    readAudit: db.prepare(
      `SELECT seq, records FROM audit WHERE name = @name
       UNION ALL SELECT seq, audit FROM updates WHERE name = @name AND audit IS NOT NULL
       ORDER BY seq`,
    ),
    keepAudit: db.prepare(
      `INSERT INTO audit (name, seq, records)
       SELECT name, seq, audit FROM updates WHERE name = ? AND seq <= ? AND audit IS NOT NULL`,
    ),
    deleteAudit: db.prepare('DELETE FROM audit WHERE name = ?'),
    updateStats: db.prepare('UPDATE articles SET sentences = ?, tagged = ?, updated_at = ? WHERE id = ?'),
    updateStatsAndMeta: db.prepare(
      `UPDATE articles SET sentences = @sentences, tagged = @tagged, title = @title, outlet = @outlet,
       date = @date, story = @story, meta = @meta, updated_at = @updated_at WHERE id = @id`,
    ),
    readViews: db.prepare(readViewsSql('v.json')),
    readDigests: db.prepare(readViewsSql('v.digest')),
    // Replaces the row unless the stored one is of the same version and computed from a newer document.
    putView: db.prepare(
      `INSERT INTO views (name, seq, version, json, digest) VALUES (@name, @seq, @version, @json, @digest)
       ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, version = excluded.version, json = excluded.json,
         digest = excluded.digest
       WHERE views.version <> excluded.version OR views.seq <= excluded.seq`,
    ),
    viewOf: db.prepare('SELECT seq, version FROM views WHERE name = ?'),
    deleteSentences: db.prepare('DELETE FROM sentences WHERE article = ?'),
    deleteSentencesFrom: db.prepare('DELETE FROM sentences WHERE article = ? AND idx >= ?'),
    deleteLabelsAt: db.prepare('DELETE FROM sentence_labels WHERE article = ? AND idx = ?'),
    upsertSentence: db.prepare(
      `INSERT INTO sentences (article, idx, start, "end", text) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (article, idx) DO UPDATE SET start = excluded.start, "end" = excluded."end", text = excluded.text`,
    ),
    deleteSentenceLabels: db.prepare('DELETE FROM sentence_labels WHERE article = ?'),
    putSentence: db.prepare(
      'INSERT INTO sentences (article, idx, start, "end", text) VALUES (?, ?, ?, ?, ?)',
    ),
    putLabel: db.prepare(
      `INSERT INTO sentence_labels (article, idx, annotation, kind, annotator, status, final, auto, label, source)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    // A sentence's label rows as a JSON array of positional arrays (writeChangedRows).
    putSentenceLabels: db.prepare(
      `INSERT INTO sentence_labels (article, idx, annotation, kind, annotator, status, final, auto, label, source)
       SELECT @name, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]'),
         json_extract(j.value, '$[3]'), json_extract(j.value, '$[4]'), json_extract(j.value, '$[5]'),
         json_extract(j.value, '$[6]'), json_extract(j.value, '$[7]'), json_extract(j.value, '$[8]')
       FROM json_each(@rows) AS j`,
    ),
    findSentences: db.prepare(FIND_SENTENCES),
    labelsOf: db.prepare(
      `SELECT l.article, l.idx, l.annotation, l.kind, l.annotator, l.status, l.final, l.auto, l.label, l.source
       FROM json_each(@keys) AS k
       JOIN sentence_labels AS l ON l.article = json_extract(k.value, '$[0]') AND l.idx = json_extract(k.value, '$[1]')
       WHERE ${LAYER_SQL}
       ORDER BY k.key, l.rowid`,
    ),
    staleViews: db.prepare(
      `SELECT a.id FROM articles AS a LEFT JOIN views AS v ON v.name = a.id
       WHERE a.deleted_at IS NULL AND (v.name IS NULL OR v.version <> @version OR v.seq <> max(
         coalesce((SELECT max(seq) FROM updates AS u WHERE u.name = a.id), 0),
         coalesce((SELECT through FROM snapshots AS s WHERE s.name = a.id), 0)))
       ORDER BY a.id`,
    ),
    getSetting: db.prepare('SELECT value FROM settings WHERE key = ?'),
    setSetting: db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
  }
}

// A label row is in the layer @layer (SentenceQuery.layer).
const LAYER_SQL = `(@layer = 'all' OR (@layer = 'final' AND l.final = 1) OR (@layer = 'auto' AND l.auto = 1))`

// SentenceQuery in SQL (the meaning is sentenceQuery.ts's findInRows): sentences of live articles whose
// view is of @version, after the cursor, with the text, and with a label row matching every criterion
// given (@criteria = 0: none needed).
const FIND_SENTENCES = `
  SELECT s.article, s.idx, s.start, s."end", s.text FROM sentences AS s
  JOIN views AS v ON v.name = s.article AND v.version = @version
  JOIN articles AS a ON a.id = s.article AND a.deleted_at IS NULL
  WHERE (@after_article IS NULL OR s.article > @after_article
      OR (s.article = @after_article AND s.idx > @after_idx))
    AND (@articles IS NULL OR s.article IN (SELECT value FROM json_each(@articles)))
    AND (@text IS NULL OR attrib_contains(s.text, @text))
    AND (@criteria = 0 OR EXISTS (
      SELECT 1 FROM sentence_labels AS l WHERE l.article = s.article AND l.idx = s.idx AND ${LAYER_SQL}
        AND (@label IS NULL OR l.label = @label)
        AND (@annotator IS NULL OR l.annotator = @annotator)
        AND (CASE WHEN @status IS NULL THEN l.status <> 'rejected' ELSE l.status = @status END)
        AND (@source IS NULL OR attrib_contains(l.source, @source))))
  ORDER BY s.article, s.idx
  LIMIT @limit`

function sentenceQueryParams(q: SentenceQuery): Record<string, unknown> {
  return {
    version: q.version,
    layer: q.layer ?? 'auto',
    after_article: q.after?.article ?? null,
    after_idx: q.after?.sentence ?? -1,
    articles: q.articles ? JSON.stringify(q.articles) : null,
    text: q.text ?? null,
    criteria: hasLabelCriteria(q) ? 1 : 0,
    label: q.label ?? null,
    annotator: q.annotator ?? null,
    status: q.status ?? null,
    source: q.source ?? null,
    limit: q.limit,
  }
}

function toRow(r: ArticleRecord): ArticleRow {
  return {
    id: r.id,
    title: r.title,
    outlet: r.outlet,
    date: r.date,
    story: r.story,
    meta: JSON.parse(r.meta) as ArticleMeta,
    sentences: r.sentences,
    tagged: r.tagged,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

function bytes(data: Buffer): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}
