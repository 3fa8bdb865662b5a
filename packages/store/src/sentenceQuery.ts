import type { ArticleView, SentenceLabelRow, SentenceMatch, SentenceQuery, SentenceRows } from '@attrib/sync'

// The meaning of a SentenceQuery, in code: what MemoryStore runs, and what the SQL of SqliteStore and
// PgStore says (the contract test holds them to the same answers).

/** Whether a label row is in the query's layer. */
export function inLayer(row: SentenceLabelRow, layer: SentenceQuery['layer'] = 'auto'): boolean {
  return layer === 'all' || (layer === 'final' ? row.final : row.auto)
}

/** Whether the query names any label criterion (so a sentence needs a matching label row). */
export function hasLabelCriteria(q: SentenceQuery): boolean {
  return (
    q.label !== undefined || q.annotator !== undefined || q.status !== undefined || q.source !== undefined
  )
}

function contains(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle.toLowerCase())
}

/** Whether one label row of the layer matches the query's label criteria. */
export function labelMatches(row: SentenceLabelRow, q: SentenceQuery): boolean {
  return (
    inLayer(row, q.layer) &&
    (q.label === undefined || row.label === q.label) &&
    (q.annotator === undefined || row.annotator === q.annotator) &&
    (q.status === undefined ? row.status !== 'rejected' : row.status === q.status) &&
    (q.source === undefined || contains(row.source, q.source))
  )
}

/**
 * The matches of `query` among the rows of the given articles' views (those of `query.version` only), in
 * (article id, index) order: what {@link MemoryStore} answers.
 */
export function findInRows(articles: Iterable<[string, ArticleView]>, query: SentenceQuery): SentenceMatch[] {
  const only = query.articles && new Set(query.articles)
  const sorted = [...articles]
    .filter(([id, view]) => view.version === query.version && (!only || only.has(id)))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const out: SentenceMatch[] = []
  for (const [article, view] of sorted) {
    if (query.after && article < query.after.article) continue
    const rows: SentenceRows = view.rows ?? { sentences: [], labels: [] }
    const bySentence = new Map<number, SentenceLabelRow[]>()
    for (const l of rows.labels) {
      if (!inLayer(l, query.layer)) continue
      const list = bySentence.get(l.sentence) ?? []
      list.push(l)
      bySentence.set(l.sentence, list)
    }
    for (const sentence of rows.sentences) {
      if (query.after && article === query.after.article && sentence.index <= query.after.sentence) continue
      if (query.text !== undefined && !contains(sentence.text, query.text)) continue
      const labels = bySentence.get(sentence.index) ?? []
      if (hasLabelCriteria(query) && !labels.some((l) => labelMatches(l, query))) continue
      out.push({ article, sentence: { ...sentence }, labels: labels.map((l) => ({ ...l })) })
      if (out.length >= query.limit) return out
    }
  }
  return out
}

/** A sentence row as a database gives it (numbers may come as strings from PostgreSQL). */
export interface SentenceRecord {
  article: string
  idx: number | string
  start: number | string
  end: number | string
  text: string
}

/** A label row as a database gives it. */
export interface LabelRecord {
  article: string
  idx: number | string
  annotation: string
  kind: string
  annotator: string
  status: string
  final: number | boolean
  auto: number | boolean
  label: string | null
  source: string
}

/** The found sentences, each with its label rows (`labels` ordered like the sentences). */
export function groupMatches(found: SentenceRecord[], labels: LabelRecord[]): SentenceMatch[] {
  const bySentence = new Map<string, SentenceLabelRow[]>()
  for (const l of labels) {
    const key = `${l.article}\u0000${l.idx}`
    const list = bySentence.get(key) ?? []
    list.push({
      sentence: Number(l.idx),
      annotation: l.annotation,
      kind: l.kind,
      annotator: l.annotator,
      status: l.status,
      final: Boolean(l.final),
      auto: Boolean(l.auto),
      label: l.label,
      source: l.source,
    })
    bySentence.set(key, list)
  }
  return found.map((r) => ({
    article: r.article,
    sentence: { index: Number(r.idx), start: Number(r.start), end: Number(r.end), text: r.text },
    labels: bySentence.get(`${r.article}\u0000${r.idx}`) ?? [],
  }))
}

/** The sentence rows as stores write them: a JSON array of [start, end, text]. */
export function encodeSentences(rows: SentenceRows): string {
  return JSON.stringify(rows.sentences.map((s) => [s.start, s.end, s.text]))
}

/**
 * A label row's values in the order of `sentence_labels`' columns after `article` (idx, annotation, kind,
 * annotator, status, final, auto, label, source), the flags as 0 and 1.
 */
export function labelRowValues(
  l: SentenceLabelRow,
): [number, string, string, string, string, 0 | 1, 0 | 1, string | null, string] {
  return [
    l.sentence,
    l.annotation,
    l.kind,
    l.annotator,
    l.status,
    l.final ? 1 : 0,
    l.auto ? 1 : 0,
    l.label,
    l.source,
  ]
}

/** The label rows as stores write them: a JSON array of positional arrays, in the columns' order. */
export function encodeLabels(rows: SentenceRows): string {
  return JSON.stringify(rows.labels.map(labelRowValues))
}

/**
 * An article's rows encoded per sentence, for a store that writes only what changed: `sentences[i]` the
 * JSON of sentence i's `[start, end, text]`, `labels[i]` its label rows' positional arrays joined by `,`
 * (empty when it has none).
 */
export interface EncodedRows {
  sentences: string[]
  labels: string[]
}

/** {@link EncodedRows} of `rows`. */
export function encodeBySentence(rows: SentenceRows): EncodedRows {
  const sentences = rows.sentences.map((s) => JSON.stringify([s.start, s.end, s.text]))
  const groups: string[][] = sentences.map(() => [])
  for (const l of rows.labels) {
    const row = labelRowValues(l)
    const group = groups[l.sentence] ?? []
    group.push(JSON.stringify(row))
    groups[l.sentence] = group
  }
  return { sentences, labels: Array.from(groups, (g) => (g ? g.join(',') : '')) }
}
