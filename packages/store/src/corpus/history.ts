import { type ArticleHistory, readHistory } from '@attrib/core'
import { csvField, lines } from '@attrib/formats'
import type { DocumentStore } from '@attrib/sync'
import type * as Y from 'yjs'
import { z } from 'zod'
import { loadDocument, readLoaded } from '../articles'

/** The formats an article's history is written in, by `attrib history` and `GET /api/articles/:id/history`. */
export const HISTORY_FORMATS = ['json', 'csv', 'jsonl'] as const

/** The query of `GET /api/articles/:id/history` and the options of `attrib history`. */
export const HistoryParams = z.strictObject({
  format: z.enum(HISTORY_FORMATS).default('json'),
  /** Only the changes numbered above this one. */
  after: z.coerce.number().int().min(0).optional(),
  /** At most this many changes. */
  limit: z.coerce.number().int().min(1).max(100_000).optional(),
})
export type HistoryParams = z.infer<typeof HistoryParams>

/**
 * The audit trail of article `id` placed in its current text (core's `readHistory`), as the CLI and the
 * HTTP route both give it (SPEC AU5); null when the store holds no document `id`.
 */
export async function articleHistory(
  store: DocumentStore,
  id: string,
  params: Pick<HistoryParams, 'after' | 'limit'> = {},
  /** The article's document when a live room holds it: read as it is, not loaded again. */
  live?: Y.Doc,
): Promise<ArticleHistory | null> {
  if (live) return readHistory(live, await store.readAudit(id, params))
  const [doc, entries] = await Promise.all([loadDocument(store, id), store.readAudit(id, params)])
  return readLoaded(doc, (d) => readHistory(d, entries))
}

const CSV_HEADER = [
  'n',
  'at',
  'user',
  'annotation',
  'change',
  'summary',
  'sentence',
  'quote',
  'before',
  'after',
]

/** One row per change: the before and after states as JSON (empty when absent). */
export function historyCsv(history: ArticleHistory): string {
  const rows = history.entries.map((e) =>
    [
      e.n,
      e.at,
      e.user,
      e.annotation,
      e.kinds.join(';'),
      e.summary,
      e.sentence,
      e.quote,
      e.before && JSON.stringify(e.before),
      e.after && JSON.stringify(e.after),
    ]
      .map((value) => csvField(value ?? ''))
      .join(','),
  )
  return `${[CSV_HEADER.join(','), ...rows].join('\r\n')}\r\n`
}

/**
 * One JSON object per line (JSON Lines), read a line at a time (the web page reads a large trail so, in
 * steps): a `start` line per annotation where the trail starts (`annotation`, `state`), then a `change`
 * line per change (the change's fields, as in JSON).
 */
export function historyJsonl(history: ArticleHistory): string {
  const rows: string[] = []
  for (const [annotation, state] of Object.entries(history.start))
    rows.push(JSON.stringify({ type: 'start', annotation, state }))
  for (const entry of history.entries) rows.push(JSON.stringify({ type: 'change', ...entry }))
  return [...lines(rows)].join('')
}
