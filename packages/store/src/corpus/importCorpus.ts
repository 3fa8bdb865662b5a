import { basename } from 'node:path'
import {
  ArticleImportError,
  type ArticleInput,
  type ArticleMeta,
  createTaxonomy,
  fitArticle,
  type Label,
  RESERVED_KEYS,
  type Taxonomy,
  unknownLabels,
} from '@attrib/core'
import type { ArticleRecord } from '@attrib/formats'
import { ArticleDeletedError, type ArticleRow, type DocumentStore } from '@attrib/sync'
import { readTaxonomy, TAXONOMY_SETTING } from './taxonomy'

// The corpus import of the pipeline (SPEC CP4, CP5): records read from a corpus file, whatever its format,
// stored in a store of any kind. Reading the files is the caller's (apps/cli `corpusImport.ts`; a JSONL
// file streams through `jsonlFileRecords`).

/**
 * The store's input for a record: the text split at blank lines (joined again it is the text exactly,
 * so the offsets stay right), `meta` over the record's metadata, a title from the first line when the
 * format has none (brat); a paragraph over the limit cut at sentence boundaries. Throws a
 * {@link CorpusRefused} for an article or a sentence over the limits.
 */
export function recordToInput(
  record: ArticleRecord,
  meta: Partial<ArticleMeta>,
  fileName: string,
): ArticleInput {
  const title = record.title || titleOf(record.text) || record.id
  const input: ArticleInput = {
    meta: { sourceFile: basename(fileName), ...record.meta, ...meta, id: record.id, title },
    paragraphs: record.text.split('\n\n'),
    // A record's annotations already have the shape an import takes (code-point offsets of the text).
    annotations: record.annotations,
  }
  // Within the limits (LIM2–LIM4 of packages/core/SPEC.md): a very long paragraph is cut, its
  // annotations following; an article or sentence too large refuses the unit.
  try {
    return fitArticle(input, { file: `article "${record.id}"` })
  } catch (e) {
    if (e instanceof ArticleImportError) throw new CorpusRefused(e.message)
    throw e
  }
}

function titleOf(text: string): string {
  const line = text.trim().split('\n')[0]?.trim() ?? ''
  const chars = [...line]
  return chars.length > 80 ? `${chars.slice(0, 79).join('').trimEnd()}…` : line
}

/** A corpus unit that cannot be imported; the message follows `<unit>: ` on the error line. */
export class CorpusRefused extends Error {}

/** Colours of labels added by an import, in order; chosen to differ from the default labels'. */
const PALETTE = ['#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#bab0ac', '#17becf', '#bcbd22', '#8c564b']

/**
 * The taxonomy with `ids` appended: name from the id (`wire_service` → `Wire service`), a palette colour
 * not yet used where one is left, the first free key among 6–9 then a–z (reserved keys skipped), and
 * the description `Imported label`. Throws a `RangeError` when an id is not a valid label id or no key
 * is left.
 */
export function withImportedLabels(taxonomy: Taxonomy, ids: string[]): Taxonomy {
  const labels: Label[] = taxonomy.labels.map((l) => ({ ...l }))
  const freeKeys = [...'6789abcdefghijklmnopqrstuvwxyz'].filter(
    (k) => !RESERVED_KEYS.includes(k) && !labels.some((l) => l.key.toLowerCase() === k),
  )
  for (const id of ids) {
    const key = freeKeys.shift()
    if (!key) throw new RangeError(`no free key left for label "${id}"`)
    const used = new Set(labels.map((l) => l.color.toLowerCase()))
    const color = PALETTE.find((c) => !used.has(c)) ?? PALETTE[labels.length % PALETTE.length]!
    const name = id.charAt(0).toUpperCase() + id.slice(1).replace(/_/g, ' ')
    labels.push({ id, name, color, key, description: 'Imported label' })
  }
  return createTaxonomy(labels)
}

/**
 * The taxonomy with a corpus's `unknown` labels added, undefined when there are none. Refuses with a
 * {@link CorpusRefused} unless `addLabels`, or when a label cannot be added; checked before anything is
 * stored, so a bad label refuses the whole unit.
 */
function grownTaxonomy(taxonomy: Taxonomy, unknown: string[], addLabels?: boolean): Taxonomy | undefined {
  if (unknown.length === 0) return undefined
  if (!addLabels)
    throw new CorpusRefused(
      `unknown labels: ${unknown.join(', ')} (use --add-labels to add them to the taxonomy)`,
    )
  try {
    return withImportedLabels(taxonomy, unknown)
  } catch (e) {
    throw new CorpusRefused(`cannot add labels: ${(e as Error).message}`)
  }
}

/** A corpus read as a stream of records (a large JSONL file): each call reads it again from the start. */
export interface RecordStream {
  /** The name in messages, and the articles' `sourceFile`. */
  name: string
  stream(): AsyncIterable<ArticleRecord>
}

/** Options of {@link storeCorpus}. */
export interface StoreCorpusOptions {
  meta: Partial<ArticleMeta>
  skipExisting?: boolean
  addLabels?: boolean
}

/** What {@link storeCorpus} did. */
export interface StoredCorpus {
  created: ArticleRow[]
  skipped: string[]
  addedLabels: string[]
}

/**
 * Stores the records of one corpus unit all or nothing (one `createArticles` transaction). Refuses
 * with a {@link CorpusRefused} when an id is taken (unless `skipExisting`, which leaves those
 * articles out) or when labels are not in the taxonomy (unless `addLabels`, which adds them, after
 * the articles are stored).
 */
export async function storeCorpus(
  store: DocumentStore,
  records: ArticleRecord[],
  unitName: string,
  options: StoreCorpusOptions,
): Promise<StoredCorpus> {
  const skipped: string[] = []
  const inputs: ArticleInput[] = []
  for (const record of records) {
    if (await store.getArticleRow(record.id)) {
      if (!options.skipExisting)
        throw new CorpusRefused(
          `an article with id "${record.id}" already exists (use --skip-existing to skip it)`,
        )
      skipped.push(record.id)
      continue
    }
    inputs.push(recordToInput(record, options.meta, unitName))
  }
  const taxonomy = await readTaxonomy(store)
  const unknown = unknownLabels(inputs, taxonomy)
  const grown = grownTaxonomy(taxonomy, unknown, options.addLabels)
  const created = await store.createArticles(inputs)
  if (grown) await store.setSetting(TAXONOMY_SETTING, grown)
  return { created, skipped, addedLabels: grown ? unknown : [] }
}

/**
 * {@link storeCorpus} for a unit read as a stream (a large JSONL file): every record is checked first
 * (taken ids, ids twice in the file, unknown labels), so a bad line still stores nothing of the file;
 * then the articles are stored `batch` at a time, each batch one transaction. Memory stays that of one
 * batch whatever the file's size. A process killed in between leaves whole articles only; running the
 * import again with `skipExisting` continues where it stopped. `onCreated` is told of each batch stored.
 */
export async function storeCorpusStream(
  store: DocumentStore,
  unit: RecordStream,
  options: StoreCorpusOptions & { batch?: number; onCreated?: (rows: ArticleRow[]) => void },
): Promise<Omit<StoredCorpus, 'created'> & { created: number }> {
  const existing = new Set((await store.listArticles()).map((row) => row.id))
  // A deleted article's id is taken until it is purged: refused (naming the undo) or skipped, like any other.
  const deleted = new Map((await store.listDeleted()).map((d) => [d.id, d.deletedAt]))
  for (const id of deleted.keys()) existing.add(id)
  const inFile = new Set<string>()
  const skipped: string[] = []
  const labels = new Set<string>()
  for await (const record of unit.stream()) {
    if (inFile.has(record.id))
      throw new CorpusRefused(`the article id "${record.id}" appears twice in the file`)
    inFile.add(record.id)
    if (existing.has(record.id)) {
      const deletedAt = deleted.get(record.id)
      if (!options.skipExisting && deletedAt) throw new ArticleDeletedError(record.id, deletedAt)
      if (!options.skipExisting)
        throw new CorpusRefused(
          `an article with id "${record.id}" already exists (use --skip-existing to skip it)`,
        )
      skipped.push(record.id)
    } else recordToInput(record, options.meta, unit.name) // refuses the file now for a record over the limits
    for (const a of record.annotations) for (const l of a.labels) labels.add(l)
  }
  const taxonomy = await readTaxonomy(store)
  const known = new Set(taxonomy.labels.map((l) => l.id))
  const unknown = [...labels].filter((l) => !known.has(l)).sort()
  const grown = grownTaxonomy(taxonomy, unknown, options.addLabels)
  const size = options.batch ?? 256
  let created = 0
  let inputs: ArticleInput[] = []
  const flush = async () => {
    if (inputs.length === 0) return
    const rows = await store.createArticles(inputs)
    created += rows.length
    inputs = []
    options.onCreated?.(rows)
  }
  for await (const record of unit.stream()) {
    if (existing.has(record.id)) continue
    inputs.push(recordToInput(record, options.meta, unit.name))
    if (inputs.length >= size) await flush()
  }
  await flush()
  if (grown) await store.setSetting(TAXONOMY_SETTING, grown)
  return { created, skipped, addedLabels: grown ? unknown : [] }
}
