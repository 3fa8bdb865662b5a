import {
  type ArticleInput,
  type ArticleSnapshot,
  adjudicatedSentences,
  annotationSentence,
  buildArticleDoc,
  codePointsToUtf16,
  fitArticle,
  normaliseSourceName,
  readArticle,
  splitSentences,
  taggedShare,
} from '@attrib/core'
import { articleDigest } from '@attrib/review'
import {
  ArticleDeletedError,
  type ArticleRow,
  type ArticleStats,
  type ArticleView,
  applyStoredDocument,
  checkArticleId,
  type DocumentStore,
  type SentenceLabelRow,
  type SentenceRows,
  type StoredDocument,
} from '@attrib/sync'
import * as Y from 'yjs'

// What every store does with an article beside storing it: its catalog counts, its read-model view, the
// document built from an import, and one-off reads of stored documents.

/** How long a deleted article can be restored before a server start purges it for good: 30 days. */
export const DEFAULT_DELETE_RETENTION_MS = 30 * 24 * 60 * 60 * 1000

/** `value` as JSON; throws a `TypeError` naming the setting when it cannot be stored as JSON. */
export function settingJson(key: string, value: unknown): string {
  const json = JSON.stringify(value)
  if (json === undefined)
    throw new TypeError(`setting ${JSON.stringify(key)}: value is not JSON-serialisable`)
  return json
}

/** Counts of an article document, for the catalog. */
export function articleStats(doc: Y.Doc): ArticleStats {
  return snapshotStats(readArticle(doc))
}

/** Counts of an article's snapshot, for the catalog. */
export function snapshotStats(snapshot: ArticleSnapshot): ArticleStats {
  const { sentences, tagged } = taggedShare(snapshot)
  return { sentences, tagged, meta: snapshot.meta }
}

/**
 * The version of the read model's rows this code writes: a change to what `readArticle` gives for the same
 * document (the snapshot's shape, the segmentation) makes every stored view stale. The segmentation's part
 * is found by segmenting a probe text, so a change to the segmenter's rules needs no one to remember it;
 * so is the source names' normalisation, whose names the digests keep.
 */
export const VIEW_VERSION: number = viewVersion()

function viewVersion(): number {
  // Bump SNAPSHOT_SHAPE when ArticleSnapshot or readArticle changes in a way the probe does not show.
  const SNAPSHOT_SHAPE = 4
  const probe =
    'HEADLINE: Mayor says "no"\nBy Ana Ruiz\nDr. M. J. Kaur, of Acme Inc., said at 9 p.m. that it was over... ' +
    'It was not. "Why now?" Zebrowski asked. (The vote was 5-4.) iPhone sales fell 2.5% vs. last year. ' +
    '• one\n• two\nSource: Statistics Office. U.S. officials said so. Sen. Ortega agreed... and left! ' +
    // Issue 15, second round: units, openers after an abbreviation, a street, a hearer after a question.
    'It took 2 hr. 14 min. at 41 degrees C. Around noon it ended at 10 Downing St. Ald. Suarez left. ' +
    '"Who pays?" Reyes asked the two lawyers. ' +
    // Issue 15, third round: citations (SEG13).
    'He cited 188 Ard. App. 3d 412 (Ardel Super. Ct.) in No. A-26-0311. It ended.'
  const spans = splitSentences(probe).map((s) => `${s.start}-${s.end}`)
  // The digest's source index part keeps normalised names: changed name rules make the views stale too.
  const names = ['Kremlin spokesman Dmitry Peskov', 'Ursula von der Leyen', 'the US Department of Defense']
    .map(normaliseSourceName)
    .join('|')
  let hash = 2166136261
  for (const c of `${SNAPSHOT_SHAPE}|${spans.join(',')}|${names}`)
    hash = Math.imul(hash ^ c.charCodeAt(0), 16777619)
  return hash >>> 0
}

/** The read-model row of a snapshot read from a document at sequence number `seq`. */
export function articleView(snapshot: ArticleSnapshot, seq: number): ArticleView {
  return {
    seq,
    version: VIEW_VERSION,
    json: JSON.stringify(snapshot),
    digest: JSON.stringify(articleDigest(snapshot)),
    rows: sentenceRows(snapshot),
  }
}

/**
 * The read model's rows of a snapshot: each sentence with its text, and each label of each annotation on
 * it (an annotation outside every sentence has none), with whether the default `auto` layer keeps it.
 */
export function sentenceRows(snapshot: ArticleSnapshot): SentenceRows {
  const utf16 = codePointsToUtf16(snapshot.text)
  const sentences = snapshot.sentences.map((s, index) => ({
    index,
    start: s.start,
    end: s.end,
    text: snapshot.text.slice(utf16(s.start), utf16(s.end)),
  }))
  const decided = adjudicatedSentences(snapshot)
  const labels: SentenceLabelRow[] = []
  for (const a of snapshot.annotations) {
    const sentence = annotationSentence(snapshot, a)
    if (sentence === null) continue
    const final = a.final === true
    const row = {
      sentence,
      annotation: a.id,
      kind: a.kind,
      annotator: a.annotator,
      status: a.status,
      final,
      // selectLayer's `auto`, per sentence: final annotations where a reviewer decided, the others elsewhere.
      auto: final || !decided.has(sentence),
      source: a.source,
    }
    if (a.labels.length === 0) labels.push({ ...row, label: null })
    for (const label of a.labels) labels.push({ ...row, label })
  }
  return { sentences, labels }
}

/**
 * What every store does to create an article: validates the id and the limits, and builds the document.
 * Returns the document's full state, its stats and its read-model row (at seq 0).
 */
export function prepareArticle(input: ArticleInput): {
  state: Uint8Array
  stats: ArticleStats
  view: ArticleView
} {
  checkArticleId(input.meta.id)
  // Whatever made the input, no store holds an article over the limits (LIM2–LIM4); the importers have
  // fitted it already, so this only cuts or refuses an input built some other way.
  const doc = buildArticleDoc(fitArticle(input, { file: `article "${input.meta.id}"` }))
  try {
    const snapshot = readArticle(doc)
    return {
      state: Y.encodeStateAsUpdate(doc),
      stats: snapshotStats(snapshot),
      view: articleView(snapshot, 0),
    }
  } finally {
    doc.destroy()
  }
}

/**
 * Reads document `name` from the store into a new Y.Doc (for one-off reads of documents that are not live).
 * Returns null when the store has nothing for it.
 */
export async function loadDocument(store: DocumentStore, name: string): Promise<Y.Doc | null> {
  const stored = await store.load(name)
  if (!stored.snapshot && stored.updates.length === 0) return null
  const doc = new Y.Doc({ guid: name })
  applyStoredDocument(doc, stored, 'attrib:load')
  return doc
}

/**
 * What `read` makes of `doc`, a document loaded for this one read ({@link loadDocument}), which is then
 * destroyed; null when there is no document.
 */
export function readLoaded<T>(doc: Y.Doc | null, read: (doc: Y.Doc) => T): T | null {
  if (!doc) return null
  try {
    return read(doc)
  } finally {
    doc.destroy()
  }
}

/** {@link loadDocument} from a SQLite file without waiting: for code that streams from the file directly. */
export function loadDocumentNow(
  store: { loadNow(name: string): StoredDocument },
  name: string,
): Y.Doc | null {
  const stored = store.loadNow(name)
  if (!stored.snapshot && stored.updates.length === 0) return null
  const doc = new Y.Doc({ guid: name })
  applyStoredDocument(doc, stored, 'attrib:load')
  return doc
}

/** What {@link importArticles} did. */
export interface ImportResult {
  created: ArticleRow[]
  /** Ids that already existed and were skipped. */
  skipped: string[]
}

/**
 * Creates many articles. With `skipExisting`, ids already in the catalog (deleted ones included) are
 * skipped; otherwise the first duplicate throws {@link ArticleExistsError} (articles before it stay created).
 */
export async function importArticles(
  store: DocumentStore,
  inputs: Iterable<ArticleInput>,
  options: { skipExisting?: boolean } = {},
): Promise<ImportResult> {
  const result: ImportResult = { created: [], skipped: [] }
  for (const input of inputs) {
    if (options.skipExisting && (await store.getArticleRow(input.meta.id))) {
      result.skipped.push(input.meta.id)
      continue
    }
    try {
      result.created.push(await store.createArticle(input))
    } catch (e) {
      // A deleted article (not found above, still restorable) counts as existing.
      if (!(options.skipExisting && e instanceof ArticleDeletedError)) throw e
      result.skipped.push(input.meta.id)
    }
  }
  return result
}

/**
 * Computes the read-model view of document `name` from the store and writes it: the snapshot and the
 * sequence number the loaded state reaches (so a view never claims more than it shows); null when the
 * store has no document of that name. What a reader does with a stale view, and `attrib reindex` with all.
 */
export async function rebuildView(
  store: DocumentStore,
  name: string,
): Promise<{ snapshot: ArticleSnapshot; seq: number } | null> {
  const stored = await store.load(name)
  if (!stored.snapshot && stored.updates.length === 0) return null
  const doc = new Y.Doc({ guid: name })
  applyStoredDocument(doc, stored, 'attrib:load')
  const snapshot = readLoaded(doc, readArticle)!
  await store.writeView(name, articleView(snapshot, stored.seq))
  return { snapshot, seq: stored.seq }
}
