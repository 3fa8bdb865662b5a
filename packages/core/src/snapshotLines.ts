import type { ArticleMeta } from './articleDoc'
import type { SkippedRecord } from './documentShape'
import type { SentenceSpan } from './segment'
import type { ArticleSnapshot, ResolvedAnnotation } from './snapshot'

/**
 * An article's snapshot as JSON Lines (`GET /api/articles/:id?format=jsonl`, server rule HTTP3): short
 * lines that a reader parses one at a time, with its page's turns between them, instead of one document of
 * megabytes in one `JSON.parse`. The `article` line comes first; the text comes in pieces, the spans and
 * annotations in batches, each in order.
 */
export type SnapshotLine =
  | { type: 'article'; meta: ArticleMeta; schemaVersion: number; skipped?: SkippedRecord[] }
  | { type: 'text'; text: string }
  | { type: 'paragraphs'; spans: SentenceSpan[] }
  | { type: 'sentences'; spans: SentenceSpan[] }
  | { type: 'annotations'; annotations: ResolvedAnnotation[] }

/** UTF-16 code units of text per `text` line. */
const TEXT_PIECE = 16_384
/** Spans per `paragraphs` or `sentences` line. */
const SPANS_PER_LINE = 1000
/** Annotations per `annotations` line. */
const ANNOTATIONS_PER_LINE = 200

/** `snapshot` as JSON Lines, one string per line (without its newline). */
export function snapshotLines(snapshot: ArticleSnapshot): string[] {
  const lines: SnapshotLine[] = [
    {
      type: 'article',
      meta: snapshot.meta,
      schemaVersion: snapshot.schemaVersion,
      ...(snapshot.skipped && { skipped: snapshot.skipped }),
    },
  ]
  const { text } = snapshot
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + TEXT_PIECE)
    // Not between the two halves of a character outside the Basic Multilingual Plane.
    const last = text.charCodeAt(end - 1)
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--
    lines.push({ type: 'text', text: text.slice(at, end) })
    at = end
  }
  for (let i = 0; i < snapshot.paragraphs.length; i += SPANS_PER_LINE)
    lines.push({ type: 'paragraphs', spans: snapshot.paragraphs.slice(i, i + SPANS_PER_LINE) })
  for (let i = 0; i < snapshot.sentences.length; i += SPANS_PER_LINE)
    lines.push({ type: 'sentences', spans: snapshot.sentences.slice(i, i + SPANS_PER_LINE) })
  for (let i = 0; i < snapshot.annotations.length; i += ANNOTATIONS_PER_LINE)
    lines.push({ type: 'annotations', annotations: snapshot.annotations.slice(i, i + ANNOTATIONS_PER_LINE) })
  return lines.map((line) => JSON.stringify(line))
}

/**
 * Puts a snapshot back together from its JSON Lines' values, given one at a time (`add`), as they are read.
 * A line of a type it does not know is skipped (a newer server's); `snapshot` throws when no `article`
 * line came first.
 */
export class SnapshotReader {
  #article: Extract<SnapshotLine, { type: 'article' }> | null = null
  #text: string[] = []
  #paragraphs: SentenceSpan[] = []
  #sentences: SentenceSpan[] = []
  #annotations: ResolvedAnnotation[] = []

  add(value: unknown): void {
    const line = value as SnapshotLine
    if (typeof line !== 'object' || line === null)
      throw new TypeError('a line of the snapshot is not an object')
    if (this.#article === null && line.type !== 'article')
      throw new TypeError(`the snapshot's first line is "${String(line.type)}", not "article"`)
    switch (line.type) {
      case 'article':
        this.#article = line
        break
      case 'text':
        this.#text.push(line.text)
        break
      case 'paragraphs':
        for (const s of line.spans) this.#paragraphs.push(s)
        break
      case 'sentences':
        for (const s of line.spans) this.#sentences.push(s)
        break
      case 'annotations':
        for (const a of line.annotations) this.#annotations.push(a)
        break
    }
  }

  snapshot(): ArticleSnapshot {
    const article = this.#article
    if (!article) throw new TypeError('the snapshot had no "article" line')
    return {
      meta: article.meta,
      schemaVersion: article.schemaVersion,
      text: this.#text.join(''),
      paragraphs: this.#paragraphs,
      sentences: this.#sentences,
      annotations: this.#annotations,
      ...(article.skipped && { skipped: article.skipped }),
    }
  }
}
