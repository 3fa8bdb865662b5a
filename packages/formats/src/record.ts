import type {
  AnnotationKind,
  AnnotationStatus,
  ArticleMeta,
  ArticleSnapshot,
  SentenceSpan,
} from '@attrib/core'
import type { z } from 'zod'

/** One annotation of an {@link ArticleRecord}: offsets in code points of the article text. */
export interface RecordAnnotation {
  id: string
  kind: AnnotationKind
  start: number
  end: number
  labels: string[]
  /** Who or what the claim comes from; empty when not given. */
  source: string
  /** Who made the annotation; empty when the format does not say (brat). */
  annotator: string
  status: AnnotationStatus
  /** ISO time of creation; absent when the format does not say (brat). */
  created?: string
  reason?: string
  /** Part of the adjudicated (final) layer. */
  final?: boolean
}

/**
 * The plain record of one article as importers produce it and the store takes it:
 * metadata, text, and annotations with code-point offsets. `sentences` is kept when the file had it.
 */
export interface ArticleRecord {
  id: string
  title: string
  meta: ArticleMeta
  text: string
  sentences?: SentenceSpan[]
  annotations: RecordAnnotation[]
}

/**
 * A corpus file that cannot be read. The message names the file, the line (1-based) and,
 * where one is to blame, the field: `corpus.jsonl:3: annotations[2].end: must be ≥ start …`.
 */
export class FormatError extends Error {
  override name = 'FormatError'
  /** The file's name, or `<input>` when none was given. */
  readonly file: string
  /** The 1-based line the problem is on. */
  readonly line: number
  /** The field to blame, as a path such as `annotations[2].end`; undefined for a whole line. */
  readonly field: string | undefined

  constructor(file: string, line: number, field: string | undefined, problem: string) {
    super(`${file}:${line}: ${field ? `${field}: ` : ''}${problem}`)
    this.file = file
    this.line = line
    this.field = field
  }
}

/** The record of an article snapshot: what the exporters write. */
export function snapshotToRecord(snapshot: ArticleSnapshot): ArticleRecord {
  return {
    id: snapshot.meta.id,
    title: snapshot.meta.title,
    meta: snapshot.meta,
    text: snapshot.text,
    sentences: snapshot.sentences,
    annotations: snapshot.annotations.map((a) => ({
      id: a.id,
      kind: a.kind,
      start: a.start,
      end: a.end,
      labels: a.labels,
      source: a.source,
      annotator: a.annotator,
      status: a.status,
      created: a.created,
      ...(a.reason ? { reason: a.reason } : {}),
      ...(a.final ? { final: true } : {}),
    })),
  }
}

/** Formats a zod issue path as `annotations[2].end`. */
export function fieldPath(path: readonly PropertyKey[]): string | undefined {
  let out = ''
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`
  return out || undefined
}

/**
 * The non-blank lines of a JSON Lines file, each parsed and validated against `schema`, with its line
 * number (from 1). Throws a {@link FormatError} naming the file, the line and the field.
 */
export function* jsonLines<T>(
  text: string,
  fileName: string,
  schema: z.ZodType<T>,
): Iterable<{ value: T; line: number }> {
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const value = jsonLine(lines[i]!, i + 1, fileName, schema)
    if (value !== undefined) yield { value, line: i + 1 }
  }
}

/**
 * One line of a JSON Lines file checked against `schema`; undefined for a blank line. Throws a
 * {@link FormatError} naming the file, `line` and the field.
 */
export function jsonLine<T>(
  text: string,
  line: number,
  fileName: string,
  schema: z.ZodType<T>,
): T | undefined {
  if (text.trim() === '') return undefined
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new FormatError(fileName, line, undefined, `not valid JSON (${(e as Error).message})`)
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new FormatError(fileName, line, fieldPath(issue.path), issue.message)
  }
  return parsed.data
}
