import type * as Y from 'yjs'
import { type Annotation, addAnnotation, type NewAnnotation, readAnnotationRecords } from './annotations'
import {
  type ArticleInput,
  type ArticleMeta,
  createArticleDoc,
  docSchemaVersion,
  getMetaMap,
  Origin,
  PARAGRAPH_SEPARATOR,
  readMeta,
} from './articleDoc'
import { checkMetaField, checkSourceName, type SkippedRecord } from './documentShape'
import { codePointsToUtf16, utf16ToCodePoints } from './offsets'
import { type SentenceSpan, splitSentences } from './segment'
import type { Taxonomy } from './taxonomy'
import { buildTextIndex, offsetToRelative, relativeToOffset, type TextIndex } from './textIndex'

/** An annotation resolved to offsets in the article text (Unicode code points). */
export interface ResolvedAnnotation extends Omit<Annotation, 'start' | 'end'> {
  start: number
  end: number
  /** Index of the sentence a `sentence` annotation is attached to (the one its start falls in). */
  sentence: number | null
}

/** A plain, serialisable view of an article: what the API, the CLI and exports read. Offsets in code points. */
export interface ArticleSnapshot {
  meta: ArticleMeta
  schemaVersion: number
  text: string
  paragraphs: SentenceSpan[]
  sentences: SentenceSpan[]
  annotations: ResolvedAnnotation[]
  /**
   * Malformed records left out (annotations, and `meta` fields read as absent), which a client wrote
   * before the server checked the document's shape; absent when there were none. Readers may log them.
   */
  skipped?: SkippedRecord[]
}

/** Sentences of the whole article text, paragraph by paragraph, in UTF-16 offsets. */
export function articleSentences(index: TextIndex): SentenceSpan[] {
  const out: SentenceSpan[] = []
  for (const p of index.paragraphs) {
    for (const s of splitSentences(index.text.slice(p.start, p.end)))
      out.push({ start: p.start + s.start, end: p.start + s.end })
  }
  return out
}

/** The index of the sentence whose range holds `offset` (its end excluded), or null. */
export function sentenceAt(sentences: SentenceSpan[], offset: number): number | null {
  let lo = 0
  let hi = sentences.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const s = sentences[mid]!
    if (offset < s.start) hi = mid - 1
    else if (offset >= s.end) lo = mid + 1
    else return mid
  }
  return null
}

/**
 * The sentence an annotation counts for: a sentence annotation's own, a span's by where it starts;
 * null when that is outside every sentence.
 */
export function annotationSentence(
  snapshot: Pick<ArticleSnapshot, 'sentences'>,
  a: Pick<ResolvedAnnotation, 'kind' | 'sentence' | 'start'>,
): number | null {
  if (a.kind === 'sentence' && a.sentence !== null) return a.sentence
  return sentenceAt(snapshot.sentences, a.start)
}

/**
 * Reads an article document into a snapshot. Annotations whose text was deleted are left out.
 * Offsets are converted to code points, as brat, W3C selectors and Python count them.
 */
export function readArticle(doc: Y.Doc): ArticleSnapshot {
  const index = buildTextIndex(doc)
  const sentences = articleSentences(index)
  const cp = utf16ToCodePoints(index.text)
  const annotations: ResolvedAnnotation[] = []
  const read = readAnnotationRecords(doc)
  const meta = readMeta(doc)
  const skipped = [...malformedMeta(doc, meta), ...read.skipped]
  for (const a of read.annotations) {
    const start = relativeToOffset(index, doc, a.start)
    const end = relativeToOffset(index, doc, a.end)
    if (start === null || end === null || end < start) continue
    const sentence = a.kind === 'sentence' ? sentenceAt(sentences, start) : null
    const anchor = a.kind === 'sentence' && sentence !== null ? sentences[sentence]! : { start, end }
    annotations.push({ ...a, start: cp(anchor.start), end: cp(anchor.end), sentence })
  }
  annotations.sort((x, y) => x.start - y.start || x.end - y.end || x.id.localeCompare(y.id))
  const snapshot: ArticleSnapshot = {
    meta,
    schemaVersion: docSchemaVersion(doc),
    text: index.text,
    paragraphs: index.paragraphs.map((p) => ({ start: cp(p.start), end: cp(p.end) })),
    sentences: sentences.map((s) => ({ start: cp(s.start), end: cp(s.end) })),
    annotations,
  }
  if (skipped.length > 0) snapshot.skipped = skipped
  return snapshot
}

/** The `meta` fields of the wrong type; those `meta` read are set back to what an absent field reads as. */
function malformedMeta(doc: Y.Doc, meta: ArticleMeta): SkippedRecord[] {
  const skipped: SkippedRecord[] = []
  for (const [key, value] of getMetaMap(doc).entries()) {
    const problem = checkMetaField(key, value)
    if (problem === null) continue
    skipped.push({ id: `meta.${key}`, problem })
    if (key === 'id') meta.id = doc.guid
    else if (key === 'title') meta.title = ''
  }
  return skipped
}

/** Labels per sentence (union over its accepted and suggested annotations), in sentence order. */
export function sentenceLabels(snapshot: ArticleSnapshot): { accepted: string[]; suggested: string[] }[] {
  const out = snapshot.sentences.map(() => ({ accepted: new Set<string>(), suggested: new Set<string>() }))
  for (const a of snapshot.annotations) {
    if (a.sentence === null || a.status === 'rejected') continue
    const bucket = out[a.sentence]!
    for (const l of a.labels) (a.status === 'accepted' ? bucket.accepted : bucket.suggested).add(l)
  }
  return out.map((b) => ({ accepted: [...b.accepted].sort(), suggested: [...b.suggested].sort() }))
}

/** Share of sentences with at least one accepted label, and the counts behind it. */
export function taggedShare(snapshot: ArticleSnapshot): { sentences: number; tagged: number; share: number } {
  const tagged = sentenceLabels(snapshot).filter((s) => s.accepted.length > 0).length
  const sentences = snapshot.sentences.length
  return { sentences, tagged, share: sentences === 0 ? 0 : tagged / sentences }
}

/** An annotation to add by text offsets (code points of the article text), for imports and tests. */
export type OffsetAnnotation = Omit<NewAnnotation, 'start' | 'end'> & { start: number; end: number }

/**
 * Adds annotations given by code-point offsets of the article text, all in one transaction.
 * Throws a `RangeError` naming the annotation when an offset is outside the text; nothing is added then.
 */
export function addAnnotationsAtOffsets(
  doc: Y.Doc,
  annotations: OffsetAnnotation[],
  origin: Origin = Origin.import,
): string[] {
  const index = buildTextIndex(doc)
  const u16 = codePointsToUtf16(index.text)
  const prepared = annotations.map((a, i) => {
    const where = `annotation ${i}${a.id ? ` (${a.id})` : ''}`
    if (!(a.start >= 0 && a.end >= a.start)) throw new RangeError(`${where}: bad range ${a.start}..${a.end}`)
    const badSource = a.source === undefined ? null : checkSourceName(a.source)
    if (badSource) throw new RangeError(`${where}: ${badSource}`)
    try {
      return {
        ...a,
        start: offsetToRelative(index, u16(a.start), 0),
        end: offsetToRelative(index, u16(a.end), -1),
      }
    } catch (e) {
      throw new RangeError(`${where}: ${(e as Error).message}`)
    }
  })
  const ids: string[] = []
  doc.transact(() => {
    for (const a of prepared) ids.push(addAnnotation(doc, a, origin))
  }, origin)
  return ids
}

/**
 * The text and sentences of an article before it becomes a document: the paragraphs joined by a
 * blank line, sentence offsets in code points of that text (what `attrib segment` prints).
 */
export function segmentArticle(paragraphs: string[]): { text: string; sentences: SentenceSpan[] } {
  const text = paragraphs.join(PARAGRAPH_SEPARATOR)
  const cp = utf16ToCodePoints(text)
  const sentences: SentenceSpan[] = []
  let offset = 0
  for (const p of paragraphs) {
    for (const s of splitSentences(p))
      sentences.push({ start: cp(offset + s.start), end: cp(offset + s.end) })
    offset += p.length + PARAGRAPH_SEPARATOR.length
  }
  return { text, sentences }
}

/**
 * Builds an article's document from an import: the text, then the annotations the input carries
 * (code-point offsets of the text). Throws a `RangeError` naming the first bad annotation; the
 * caller stores nothing then.
 */
export function buildArticleDoc(input: ArticleInput): Y.Doc {
  const doc = createArticleDoc(input)
  if (input.annotations && input.annotations.length > 0) {
    try {
      addAnnotationsAtOffsets(doc, input.annotations, Origin.import)
    } catch (e) {
      doc.destroy()
      throw new RangeError(`article ${input.meta.id}: ${(e as Error).message}`)
    }
  }
  return doc
}

/** Label ids used by the inputs' annotations that the taxonomy does not define, sorted. */
export function unknownLabels(inputs: ArticleInput[], taxonomy: Taxonomy): string[] {
  const known = new Set(taxonomy.labels.map((l) => l.id))
  const unknown = new Set<string>()
  for (const input of inputs)
    for (const a of input.annotations ?? []) for (const l of a.labels) if (!known.has(l)) unknown.add(l)
  return [...unknown].sort()
}
