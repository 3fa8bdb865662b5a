import { ANNOTATION_STATUSES, type ArticleSnapshot, codePointsToUtf16, utf16ToCodePoints } from '@attrib/core'
import { z } from 'zod'
import { type CorpusFormat, JSONL_MEDIA_TYPE, lines, perArticle } from './corpusFormat'
import { type ArticleRecord, FormatError, jsonLines, type RecordAnnotation } from './record'

/*
 * doccano sequence-labeling JSONL (https://doccano.github.io/doccano/): one document per line,
 * `{"text": …, "label": [[start, end, "label"], …]}`; other keys are kept by doccano as metadata.
 *
 * Offsets: UTF-16 code units, as JavaScript counts. doccano's labeling UI computes offsets on
 * JavaScript strings (doccano#2290, 2023, still open, and doccano#2484, 2026: "👨🏻‍🚒 firemen drive
 * firetrucks" gives firetrucks 22..32 in doccano, 19..29 in Python). The project option "Count
 * grapheme clusters as one character" changes that and is not supported here.
 *
 * Round trip: doccano has one label per span, so an annotation with several labels becomes several
 * triples; the metadata key `attrib` holds, parallel to `label`, each triple's annotation id and the
 * fields doccano lacks (source, annotator, status, kind, created, reason). Triples with the same id
 * are one annotation again on import. Without `attrib` (a file labeled in doccano), triples with the
 * same span are one annotation.
 */

/** The per-triple metadata written in the `attrib` key. */
export interface DoccanoAnnotationMeta {
  id: string
  source?: string
  annotator?: string
  status?: RecordAnnotation['status']
  kind?: RecordAnnotation['kind']
  created?: string
  reason?: string
}

/**
 * Writes one doccano JSONL line per article (no line terminator; join with `\n`).
 * Offsets in UTF-16 code units; keys `id` (the article id), `title`, `label`, `attrib`.
 */
export function* exportDoccano(articles: Iterable<ArticleSnapshot>): Iterable<string> {
  for (const article of articles) {
    const toUtf16 = codePointsToUtf16(article.text)
    const label: [number, number, string][] = []
    const attrib: DoccanoAnnotationMeta[] = []
    for (const a of article.annotations) {
      for (const l of a.labels) {
        label.push([toUtf16(a.start), toUtf16(a.end), l])
        attrib.push({
          id: a.id,
          ...(a.source ? { source: a.source } : {}),
          annotator: a.annotator,
          status: a.status,
          kind: a.kind,
          ...(a.created ? { created: a.created } : {}),
          ...(a.reason ? { reason: a.reason } : {}),
        })
      }
    }
    yield JSON.stringify({
      id: article.meta.id,
      title: article.meta.title,
      text: article.text,
      label,
      attrib,
    })
  }
}

const offset = z.number().int().nonnegative()
const lineSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).optional(),
  title: z.string().optional(),
  text: z.string(),
  // doccano's own exports name the key `label`; older ones `labels` or `entities`.
  label: z.array(z.tuple([offset, offset, z.string().min(1)])).optional(),
  attrib: z
    .array(
      z.object({
        id: z.string().min(1),
        source: z.string().optional(),
        annotator: z.string().optional(),
        status: z.enum(ANNOTATION_STATUSES as [string, ...string[]]).optional(),
        kind: z.enum(['sentence', 'span']).optional(),
        created: z.string().optional(),
        reason: z.string().optional(),
      }),
    )
    .optional(),
})

/**
 * Reads doccano sequence-labeling JSONL (UTF-16 offsets) into records with code-point offsets.
 * Lines without `id` get `<file name>-<line>`; blank lines are skipped. Throws a
 * {@link FormatError} naming the file, the line and the field (`label[2][1]`).
 */
export function parseDoccano(text: string, fileName = '<input>'): ArticleRecord[] {
  const records: ArticleRecord[] = []
  for (const { value: v, line: at } of jsonLines(text, fileName, lineSchema)) {
    const label = v.label ?? []
    if (v.attrib && v.attrib.length !== label.length)
      throw new FormatError(
        fileName,
        at,
        'attrib',
        `has ${v.attrib.length} entries for ${label.length} labels`,
      )
    const id = v.id !== undefined ? String(v.id) : `${fileName}-${at}`
    const toCodePoints = utf16ToCodePoints(v.text)
    const byKey = new Map<string, RecordAnnotation>()
    label.forEach(([start, end, name], j) => {
      if (end < start || end > v.text.length)
        throw new FormatError(
          fileName,
          at,
          `label[${j}][1]`,
          `must be ≥ start and ≤ text length ${v.text.length} (got ${end})`,
        )
      // An offset inside a surrogate pair means the file counts something other than UTF-16 units.
      if (isInsidePair(v.text, start) || isInsidePair(v.text, end))
        throw new FormatError(
          fileName,
          at,
          `label[${j}]`,
          `offset splits a character (expected UTF-16 code units)`,
        )
      const meta = v.attrib?.[j]
      const key = meta ? meta.id : `${start}:${end}`
      const existing = byKey.get(key)
      if (existing) {
        if (toCodePoints(start) !== existing.start || toCodePoints(end) !== existing.end)
          throw new FormatError(
            fileName,
            at,
            `label[${j}]`,
            `annotation "${key}" has labels on different spans`,
          )
        existing.labels.push(name)
        return
      }
      byKey.set(key, {
        id: meta ? meta.id : `${id}-${byKey.size + 1}`,
        kind: meta?.kind ?? 'span',
        start: toCodePoints(start),
        end: toCodePoints(end),
        labels: [name],
        source: meta?.source ?? '',
        annotator: meta?.annotator ?? '',
        status: (meta?.status ?? 'accepted') as RecordAnnotation['status'],
        ...(meta?.created !== undefined ? { created: meta.created } : {}),
        ...(meta?.reason !== undefined ? { reason: meta.reason } : {}),
      })
    })
    const title = v.title ?? id
    records.push({ id, title, meta: { id, title }, text: v.text, annotations: [...byKey.values()] })
  }
  return records
}

function isInsidePair(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false
  const before = text.charCodeAt(offset - 1)
  const after = text.charCodeAt(offset)
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff
}

/** doccano sequence-labelling JSONL. */
export const doccanoFormat: CorpusFormat<'doccano'> = {
  id: 'doccano',
  name: 'doccano JSONL',
  description: "doccano's sequence-labelling JSONL (UTF-16 offsets), one document per line",
  mediaType: JSONL_MEDIA_TYPE,
  singleFile: true,
  async *write(articles, { name }) {
    yield { path: `${name}.doccano.jsonl`, chunks: perArticle(articles, (a) => lines(exportDoccano([a]))) }
  },
}
