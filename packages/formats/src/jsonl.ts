import { ANNOTATION_STATUSES, type ArticleSnapshot, articleSourceIds, codePointLength } from '@attrib/core'
import { z } from 'zod'
import { type CorpusFormat, JSONL_MEDIA_TYPE, lines, perArticle } from './corpusFormat'
import { type ArticleRecord, FormatError, jsonLine, jsonLines, snapshotToRecord } from './record'

/**
 * Writes articles as JSON Lines, one article per line (no line terminator; join with `\n`).
 * Each line: `{"id","title","meta","text","sentences","annotations"}`, offsets in code points.
 */
export function* exportJsonl(articles: Iterable<ArticleSnapshot>): Iterable<string> {
  for (const snapshot of articles) {
    const r = snapshotToRecord(snapshot)
    // The source index's id of each named source, so a corpus's sources can be joined across articles.
    const sourceIds = articleSourceIds(r.annotations)
    yield JSON.stringify({
      id: r.id,
      title: r.title,
      meta: r.meta,
      text: r.text,
      sentences: (r.sentences ?? []).map((s) => ({ start: s.start, end: s.end })),
      annotations: r.annotations.map((a) => ({
        id: a.id,
        start: a.start,
        end: a.end,
        labels: a.labels,
        source: a.source,
        annotator: a.annotator,
        status: a.status,
        created: a.created,
        kind: a.kind,
        ...(a.reason ? { reason: a.reason } : {}),
        ...(a.final ? { final: true } : {}),
        ...(sourceIds.has(a.id) ? { sourceId: sourceIds.get(a.id) } : {}),
      })),
    })
  }
}

const offset = z.number().int().nonnegative()
const span = z.object({ start: offset, end: offset })
const optionalText = z.string().optional()

const lineSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  meta: z
    .object({
      outlet: optionalText,
      date: optionalText,
      url: optionalText,
      author: optionalText,
      sourceFile: optionalText,
      story: optionalText,
      importedAt: optionalText,
      review: z.enum(['open', 'independent']).optional(),
    })
    .optional(),
  text: z.string(),
  sentences: z.array(span).optional(),
  annotations: z.array(
    z.object({
      id: z.string().min(1),
      start: offset,
      end: offset,
      labels: z.array(z.string().min(1)),
      source: z.string().default(''),
      annotator: z.string().default(''),
      status: z.enum(ANNOTATION_STATUSES as [string, ...string[]]).default('accepted'),
      created: z.string().optional(),
      kind: z.enum(['sentence', 'span']).default('span'),
      reason: z.string().optional(),
      final: z.boolean().optional(),
    }),
  ),
})

/**
 * Reads a JSON Lines corpus written by {@link exportJsonl}; blank lines are skipped.
 * Throws a {@link FormatError} naming file, line and field at the first bad line.
 * @example parseJsonl(text, 'corpus.jsonl') // [{ id, title, meta, text, sentences, annotations }]
 */
export function parseJsonl(text: string, fileName = '<input>'): ArticleRecord[] {
  const records: ArticleRecord[] = []
  for (const { value, line } of jsonLines(text, fileName, lineSchema))
    records.push(jsonlRecord(value, line, fileName))
  return records
}

/**
 * Reads one line of a JSON Lines corpus (for readers that stream a large file line by line): the record,
 * or null for a blank line. Throws a {@link FormatError} naming file, line and field.
 */
export function parseJsonlLine(text: string, line: number, fileName = '<input>'): ArticleRecord | null {
  const value = jsonLine(text, line, fileName, lineSchema)
  return value === undefined ? null : jsonlRecord(value, line, fileName)
}

function jsonlRecord(v: z.infer<typeof lineSchema>, at: number, fileName: string): ArticleRecord {
  const length = codePointLength(v.text)
  const checkSpan = (s: { start: number; end: number }, field: string) => {
    if (s.end < s.start || s.end > length)
      throw new FormatError(fileName, at, `${field}.end`, `must be ≥ start and ≤ text length (got ${s.end})`)
  }
  for (const [j, s] of (v.sentences ?? []).entries()) checkSpan(s, `sentences[${j}]`)
  const seen = new Set<string>()
  v.annotations.forEach((a, j) => {
    checkSpan(a, `annotations[${j}]`)
    if (seen.has(a.id)) throw new FormatError(fileName, at, `annotations[${j}].id`, `duplicate id "${a.id}"`)
    seen.add(a.id)
  })
  const meta = Object.fromEntries(Object.entries(v.meta ?? {}).filter(([, x]) => x !== undefined))
  return {
    id: v.id,
    title: v.title,
    meta: { ...meta, id: v.id, title: v.title },
    text: v.text,
    ...(v.sentences ? { sentences: v.sentences } : {}),
    annotations: v.annotations.map((a) => ({
      id: a.id,
      kind: a.kind,
      start: a.start,
      end: a.end,
      labels: a.labels,
      source: a.source,
      annotator: a.annotator,
      status: a.status as ArticleRecord['annotations'][number]['status'],
      ...(a.created !== undefined ? { created: a.created } : {}),
      ...(a.reason !== undefined ? { reason: a.reason } : {}),
      ...(a.final ? { final: true } : {}),
    })),
  }
}

/** JSONL: one article per line with its text, sentences and every annotation (what `attrib import` reads back). */
export const jsonlFormat: CorpusFormat<'jsonl'> = {
  id: 'jsonl',
  name: 'JSONL (attrib, full fidelity)',
  description:
    'one article per line: metadata, text, sentences and every annotation; imports back losslessly',
  mediaType: JSONL_MEDIA_TYPE,
  singleFile: true,
  async *write(articles, { name }) {
    yield { path: `${name}.jsonl`, chunks: perArticle(articles, (a) => lines(exportJsonl([a]))) }
  },
}
