import type { ArticleInput, ArticleMeta, AuditEntry, AuditRecord } from '@attrib/core'
import * as Y from 'yjs'

// What a store is to the sync engine: the interface every backend implements (packages/store), the
// records it holds and the errors it throws. The engine loads, appends and compacts through it.

/** What a store holds for one document: the last snapshot and the updates appended after it, in order. */
export interface StoredDocument {
  /** `Y.encodeStateAsUpdate` of the document at the last compaction, or null when never compacted. */
  snapshot: Uint8Array | null
  /** Updates appended since the snapshot, oldest first. */
  updates: Uint8Array[]
  /**
   * Sequence number of the newest update ever appended to the document (0 when none): the snapshot and
   * `updates` together hold every update up to it. Pass it to {@link DocumentStore.compact}.
   */
  seq: number
}

/** One article of the catalog: metadata for lists and the annotation counts, kept fresh by the server. */
export interface ArticleRow {
  id: string
  title: string
  outlet: string | null
  date: string | null
  story: string | null
  meta: ArticleMeta
  /** Number of sentences of the article. */
  sentences: number
  /** Number of sentences with at least one accepted label. */
  tagged: number
  /** ISO time. */
  createdAt: string
  /** ISO time. */
  updatedAt: string
}

/**
 * A row of the corpus read model: an article's snapshot (core's `readArticle`) as JSON, computed from its
 * document at sequence number `seq` by code of read-model version `version`. Corpus readers (exports,
 * coverage, the dashboard) parse it instead of decoding the document; a view whose `seq` or `version`
 * differs from the document's and the code's is stale and is computed again, never trusted.
 */
export interface ArticleView {
  /** The document's sequence number the view was computed from (see {@link StoredDocument.seq}). */
  seq: number
  /** The read-model version of the code that computed it (`VIEW_VERSION` of the corpus reader). */
  version: number
  /** `JSON.stringify` of the article's snapshot. */
  json: string
  /** `JSON.stringify` of the article's digest (`articleDigest` of @attrib/review): the dashboard's figures. */
  digest: string
  /**
   * The article's sentences and the labels on them, as rows SQL can query (tables `sentences` and
   * `sentence_labels`), replaced with the view and only when the view is. Absent: the article has none.
   */
  rows?: SentenceRows
}

/** One sentence of an article in the read model's rows. Offsets in code points of the article's text. */
export interface SentenceRow {
  /** The sentence's index in the article, from 0. */
  index: number
  start: number
  end: number
  text: string
}

/**
 * One label of one annotation on a sentence: an annotation with several labels gives a row per label, one
 * without labels (a reviewer's "no attribution") a row whose `label` is null.
 */
export interface SentenceLabelRow {
  /** Index of the sentence the annotation counts for. */
  sentence: number
  /** The annotation's id. */
  annotation: string
  /** `sentence` or `span`. */
  kind: string
  annotator: string
  /** `accepted`, `suggested` or `rejected`. */
  status: string
  /** In the reviewer's adjudicated layer. */
  final: boolean
  /** Kept by the default `auto` layer (the reviewer's decision where there is one, the annotators' elsewhere). */
  auto: boolean
  label: string | null
  /** The source name given, empty when none. */
  source: string
}

/** An article's rows of the read model. */
export interface SentenceRows {
  sentences: SentenceRow[]
  labels: SentenceLabelRow[]
}

/**
 * A search of the read model's sentence rows ({@link DocumentStore.findSentences}). A sentence matches when
 * its text holds `text` (any case) and, when any of `label`, `annotator`, `status` or `source` is given, at
 * least one label row of the layer matches all of them (`status` absent: accepted or suggested, not
 * rejected; `source`: part of the name, any case).
 */
export interface SentenceQuery {
  /** Only rows written with views of this read-model version count. */
  version: number
  /** Whose labels: `auto` (default), `final` (the reviewer's) or `all`. */
  layer?: 'auto' | 'final' | 'all'
  label?: string
  annotator?: string
  status?: string
  source?: string
  text?: string
  /** Only these articles (deleted articles never match). */
  articles?: readonly string[]
  /** Only sentences after this one, in (article id, index) order: the previous page's last match. */
  after?: { article: string; sentence: number }
  /** At most this many sentences. */
  limit: number
}

/** A sentence a {@link SentenceQuery} found, with every label row of the layer on it (rejected ones too). */
export interface SentenceMatch {
  article: string
  sentence: SentenceRow
  labels: SentenceLabelRow[]
}

/** Which part of a view {@link DocumentStore.readViews} reads: the snapshot, or only the small digest. */
export type ViewPart = 'snapshot' | 'digest'

/** A stored view as read: `json` holds the part that was asked for. */
export interface ReadView {
  seq: number
  version: number
  json: string
}

/** What {@link DocumentStore.readViews} gives for one article: the stored view and the document's version. */
export interface StoredView {
  id: string
  /** The document's current sequence number (0 for a document never appended to). */
  seq: number
  /** The stored view (the part asked for), or null when none was ever written. */
  view: ReadView | null
}

/** Counts (and optionally fresh metadata) of an article, as computed from its document. */
export interface ArticleStats {
  sentences: number
  tagged: number
  meta?: ArticleMeta
}

/**
 * Persistence of article documents and the catalog. Asynchronous, so that a database on the network
 * (PostgreSQL) fits the same interface as the embedded SQLite file; the server keeps a write queue per room
 * and broadcasts an update only once its append has resolved (write before broadcast).
 *
 * Updates of a document carry sequence numbers 1, 2, 3, ... without gaps, assigned by the store in the
 * order the appends commit, even when several server processes append to the same document. A process
 * that has seen every update up to `n` can therefore compact through `n` without losing another
 * process's updates, and one that sees `n + 2` before `n + 1` knows it missed something.
 */
export interface DocumentStore {
  /** The stored state of document `name`; empty (no snapshot, no updates, seq 0) when nothing is stored. */
  load(name: string): Promise<StoredDocument>
  /**
   * Appends updates to the document's log, in order and atomically (all or none). Resolves to the sequence
   * number of the last one; the others precede it without gaps. No updates: nothing is stored, and it
   * resolves to the document's current sequence number (0 for a new document).
   *
   * `audit`: the annotation changes the updates make, appended to the document's audit trail in the same
   * transaction, numbered on from its last entry and stamped with the last update's sequence number.
   * Compaction leaves the trail alone; only {@link purgeDeleted} removes it, with the article.
   */
  appendUpdates(name: string, updates: Uint8Array[], audit?: readonly AuditRecord[]): Promise<number>
  /**
   * The audit trail of document `name` in order: the entries numbered above `after` (default 0), at most
   * `limit` of them (default all). Nothing can change or remove an entry (SPEC AU2).
   */
  readAudit(name: string, options?: { after?: number; limit?: number }): Promise<AuditEntry[]>
  /**
   * Replaces the snapshot with `state` and deletes the log rows with sequence numbers up to `throughSeq`
   * (the ones `state` covers), atomically. Does nothing when the stored snapshot already covers
   * `throughSeq` or more (another process compacted further), so a snapshot never goes backwards.
   * With `view` (computed from `state`, so `view.seq === throughSeq`), the read-model row is written in the
   * same transaction.
   */
  compact(name: string, state: Uint8Array, throughSeq: number, view?: ArticleView): Promise<void>
  /**
   * The read-model rows of the documents `ids`, in that order, each with the document's current sequence
   * number (a missing document has seq 0 and no view); `part` chooses the snapshot (default) or the digest.
   */
  readViews(ids: readonly string[], part?: ViewPart): Promise<StoredView[]>
  /**
   * Stores the read-model row of document `name`, unless the stored one is of the same version and newer
   * (a view never goes backwards).
   */
  writeView(name: string, view: ArticleView): Promise<void>
  /**
   * The sentences of the read model's rows that match `query`, in (article id, index) order. Rows are as
   * fresh as their views: call {@link staleViews} first and rebuild what it names.
   */
  findSentences(query: SentenceQuery): Promise<SentenceMatch[]>
  /**
   * The articles of the catalog (deleted ones left out) whose view is missing, of another read-model
   * version than `version`, or computed from an older document than the stored one; ordered by id.
   */
  staleViews(version: number): Promise<string[]>
  /** Number of log rows of `name`, or of every document when no name is given. */
  countUpdates(name?: string): Promise<number>
  /**
   * Builds the article's document with core's `createArticleDoc` and stores its state and catalog row at once.
   * Throws {@link ArticleExistsError} when the id is taken, {@link ArticleDeletedError} when it is a deleted
   * article's that is not purged yet.
   */
  createArticle(input: ArticleInput): Promise<ArticleRow>
  /**
   * Creates several articles (a corpus file) all or nothing: when one fails (a taken id, a bad
   * annotation), none is stored and the error names the article.
   */
  createArticles(inputs: ArticleInput[]): Promise<ArticleRow[]>
  /** Whether the catalog has an article (deleted ones left out), without reading the catalog. */
  hasArticles(): Promise<boolean>
  /** Every article of the catalog, ordered by id. */
  listArticles(): Promise<ArticleRow[]>
  /** The catalog row of article `id`, if there is one. */
  getArticleRow(id: string): Promise<ArticleRow | undefined>
  /**
   * Soft-deletes article `id`: marks its catalog row deleted at the current time, which it resolves to
   * (ISO). The document, its log and its view stay, so {@link restoreArticle} brings it back whole; until
   * then {@link listArticles} leaves it out and {@link getArticleRow} does not find it. Resolves to
   * undefined when there is no article `id` (or it is deleted already).
   */
  deleteArticle(id: string): Promise<string | undefined>
  /**
   * Clears the deletion mark of article `id` and resolves to its catalog row (also when it was not
   * deleted); undefined when the store has no article `id`, deleted or not (or it was purged).
   */
  restoreArticle(id: string): Promise<ArticleRow | undefined>
  /**
   * Removes for good the articles deleted at or before `before` (an ISO time): catalog row, document, log
   * and view. Resolves to their ids, in id order.
   */
  purgeDeleted(before: string): Promise<string[]>
  /** The deleted articles that can still be restored, in id order, with when each was deleted (ISO). */
  listDeleted(): Promise<{ id: string; deletedAt: string }[]>
  /** Refreshes counts (and metadata when given) of an article; unknown ids are ignored. */
  updateArticleStats(id: string, stats: ArticleStats): Promise<void>
  /** A project setting (parsed JSON), or undefined. */
  getSetting(key: string): Promise<unknown>
  /** Stores a project setting; `value` must be JSON-serialisable. */
  setSetting(key: string, value: unknown): Promise<void>
  /** Releases the store; later calls reject. */
  close(): Promise<void>
}

/** Thrown when creating an article whose id is already in the catalog. */
export class ArticleExistsError extends Error {
  override name = 'ArticleExistsError'
  constructor(readonly id: string) {
    super(`an article with id ${JSON.stringify(id)} already exists`)
  }
}

/**
 * Thrown when creating an article whose id belongs to a deleted article that is not purged yet: the
 * deletion can still be undone, so the new article does not silently take its place.
 */
export class ArticleDeletedError extends ArticleExistsError {
  override name = 'ArticleDeletedError'
  constructor(
    id: string,
    /** When the article was deleted (ISO time). */
    readonly deletedAt: string,
  ) {
    super(id)
    this.message = `an article with id ${JSON.stringify(id)} was deleted at ${deletedAt} and can still be restored: restore it (undo the deletion) or choose another id`
  }
}

/**
 * Article ids double as room names in URLs (`/yjs/<id>`) and file names, so they are kept to a safe
 * alphabet: a letter or digit, then letters, digits, `.`, `_` and `-`, at most 128 characters.
 */
export const ARTICLE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/

/** Throws a `RangeError` naming the id unless it matches {@link ARTICLE_ID}. */
export function checkArticleId(id: string): void {
  if (!ARTICLE_ID.test(id))
    throw new RangeError(
      `article id ${JSON.stringify(id)} must start with a letter or digit and hold only letters, digits, ".", "_" and "-" (at most 128)`,
    )
}

/** Rebuilds a document from what a store holds, in one transaction; stored updates that fail are skipped. */
export function applyStoredDocument(
  doc: Y.Doc,
  stored: StoredDocument,
  origin: unknown,
  onError: (error: unknown) => void = () => {},
): void {
  // One transaction for everything: applying thousands of updates one by one would run the
  // observers thousands of times, and Y.mergeUpdates is slower still on long logs.
  doc.transact(() => {
    for (const update of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) {
      try {
        Y.applyUpdate(doc, update, origin)
      } catch (e) {
        onError(e)
      }
    }
  }, origin)
}
