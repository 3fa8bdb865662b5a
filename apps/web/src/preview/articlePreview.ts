/**
 * An article's preview: a compact, read-only form of what the editor shows on its first paint (the
 * paragraphs' text, their sentences, and the labels drawn on them), cheap to store, read and draw, so an
 * article is on screen before its Y.Doc has been applied and the editor built (apps/web/SPEC.md, OPEN1).
 * No DOM and no I/O here: the form is built from a server snapshot (or the editor, `previewOfEditor.ts`)
 * and drawn as an HTML string that mirrors the editor's DOM.
 */
import {
  type AnnotationStatus,
  type ArticleMeta,
  type ArticleSnapshot,
  codePointsToUtf16,
  type ReviewMode,
  SECTION_SIZE,
  visibleTo,
} from '@attrib/core'
import {
  badgeKey,
  badgeLabels,
  type LabelStyle,
  sentenceClass,
  sentenceStyle,
  spanLook,
} from '@attrib/editor'

/** The shape's version: a stored preview of another version is not drawn (and is written again). */
export const PREVIEW_FORMAT = 1

/** A drawn annotation of a preview (rejected ones are never drawn, so never kept). */
export type PreviewAnnotation = {
  labels: string[]
  status: Exclude<AnnotationStatus, 'rejected'>
  annotator: string
  /** Part of the adjudicated layer. */
  final?: true
} & (
  | {
      kind: 'sentence'
      /** The article's sentence index (as in snapshots and the API). */
      sentence: number
    }
  | {
      kind: 'span'
      /** UTF-16 offsets in the article's text (the paragraphs joined by a blank line). */
      start: number
      end: number
    }
)

/** An article as its preview draws it. */
export interface ArticlePreview {
  format: typeof PREVIEW_FORMAT
  id: string
  meta: ArticleMeta
  review: ReviewMode
  /** The paragraphs' text. */
  paragraphs: string[]
  /**
   * Per paragraph, its sentences as `[start, end, start, end, …]`: UTF-16 offsets in the paragraph, split
   * as the editor splits them (core's `splitSentences`, paragraph by paragraph).
   */
  sentences: number[][]
  annotations: PreviewAnnotation[]
}

/** Between two paragraphs of the article's text (core's `PARAGRAPH_SEPARATOR`). */
const SEPARATOR_LENGTH = 2

/**
 * The preview of a server snapshot (`GET /api/articles/:id`, code-point offsets): the same text,
 * sentences and drawn annotations in the UTF-16 offsets the page works in.
 */
export function previewFromSnapshot(snapshot: ArticleSnapshot): ArticlePreview {
  const { text } = snapshot
  const u = codePointsToUtf16(text)
  const starts = snapshot.paragraphs.map((p) => u(p.start))
  const paragraphs = snapshot.paragraphs.map((p, i) => text.slice(starts[i], u(p.end)))
  const sentences: number[][] = paragraphs.map(() => [])
  let p = 0
  for (const s of snapshot.sentences) {
    const start = u(s.start)
    while (p + 1 < starts.length && start >= starts[p + 1]!) p++
    sentences[p]!.push(start - starts[p]!, u(s.end) - starts[p]!)
  }
  const annotations: PreviewAnnotation[] = []
  for (const a of snapshot.annotations) {
    if (a.status === 'rejected') continue
    const common = {
      labels: a.labels,
      status: a.status,
      annotator: a.annotator,
      ...(a.final && { final: true as const }),
    }
    if (a.kind === 'sentence') {
      if (a.sentence !== null) annotations.push({ ...common, kind: 'sentence', sentence: a.sentence })
    } else if (a.end > a.start)
      annotations.push({ ...common, kind: 'span', start: u(a.start), end: u(a.end) })
  }
  return {
    format: PREVIEW_FORMAT,
    id: snapshot.meta.id,
    meta: snapshot.meta,
    review: snapshot.meta.review === 'independent' ? 'independent' : 'open',
    paragraphs,
    sentences,
    annotations,
  }
}

/** Whether a value read back from storage is a preview this code can draw. */
export function isPreview(value: unknown, articleId: string): value is ArticlePreview {
  const v = value as Partial<ArticlePreview> | null
  return (
    !!v &&
    v.format === PREVIEW_FORMAT &&
    v.id === articleId &&
    Array.isArray(v.paragraphs) &&
    Array.isArray(v.sentences) &&
    v.sentences.length === v.paragraphs.length &&
    Array.isArray(v.annotations)
  )
}

/** The article's sentence count and, per paragraph, the index of its first sentence. */
export function sentenceIndex(preview: ArticlePreview): { count: number; firstOf: number[] } {
  const firstOf: number[] = []
  let count = 0
  for (const list of preview.sentences) {
    firstOf.push(count)
    count += list.length / 2
  }
  return { count, firstOf }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }
const SPECIAL = /[&<>"]/
const escapeHtml = (s: string) => (SPECIAL.test(s) ? s.replace(/[&<>"]/g, (c) => ESCAPES[c]!) : s)

/** The labels drawn on one sentence, as the editor's annotation plugin groups them. */
interface Marks {
  accepted: Set<string>
  suggested: Set<string>
}

/** A span annotation as drawn: where it starts and ends, and the element that opens it. */
interface DrawnSpan {
  start: number
  end: number
  open: string
}

/** Text from `from` to `to` of a paragraph, with the span annotations over it drawn as the editor does. */
function inline(text: string, from: number, to: number, spans: readonly DrawnSpan[]): string {
  if (from >= to) return ''
  const over = spans.filter((s) => s.start < to && s.end > from)
  if (over.length === 0) return escapeHtml(text.slice(from, to))
  const cuts = new Set([from, to])
  for (const s of over) {
    if (s.start > from) cuts.add(s.start)
    if (s.end < to) cuts.add(s.end)
  }
  const points = [...cuts].sort((a, b) => a - b)
  let out = ''
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!
    const b = points[i + 1]!
    const covering = over.filter((s) => s.start <= a && s.end >= b)
    out += `${covering.map((s) => s.open).join('')}${escapeHtml(text.slice(a, b))}${'</span>'.repeat(covering.length)}`
  }
  return out
}

/** Options of {@link previewDrawing}. */
export interface PreviewDrawingOptions {
  /** How each label is drawn (the editor's `labelStyles` of the taxonomy). */
  styles: ReadonlyMap<string, LabelStyle>
  /** The person reading: in independent mode only their own annotations and the suggester's are drawn. */
  annotator: string
}

/** A preview ready to be drawn a few paragraphs at a time (see {@link previewDrawing}). */
export interface PreviewDrawing {
  /** How many paragraphs the article has. */
  paragraphs: number
  /** The length of paragraph `p`'s text: what a step of drawing is sized by. */
  length(p: number): number
  /** The HTML of paragraphs `from` to `to` (excluded), without the sections that hold them. */
  html(from: number, to: number): string
}

/**
 * The preview's HTML, a few paragraphs at a time, to be put in sections of {@link SECTION_SIZE} paragraphs
 * as the editor groups them (`content-visibility` on each; {@link previewHtml}), each sentence a `<span>`, a drawn one with the classes, inline
 * style, `data-labels` and badge the editor's annotation plugin gives it (from `@attrib/editor`), span
 * annotations underlined. All text and attribute values are escaped.
 */
export function previewDrawing(preview: ArticlePreview, options: PreviewDrawingOptions): PreviewDrawing {
  const { styles, annotator } = options
  const marks = new Map<number, Marks>()
  const spans: DrawnSpan[] = []
  for (const a of preview.annotations) {
    if (!visibleTo(a, annotator, preview.review)) continue
    if (a.kind === 'span') {
      const look = spanLook(a.status, a.labels, styles)
      spans.push({
        start: a.start,
        end: a.end,
        open: `<span class="${escapeHtml(look.className)}" style="${escapeHtml(look.style)}" data-span-labels="${escapeHtml(a.labels.join(' '))}">`,
      })
      continue
    }
    let m = marks.get(a.sentence)
    if (!m) {
      m = { accepted: new Set(), suggested: new Set() }
      marks.set(a.sentence, m)
    }
    for (const l of a.labels) (a.status === 'accepted' ? m.accepted : m.suggested).add(l)
  }
  spans.sort((x, y) => x.start - y.start)
  // A badge and the opening of its sentence, drawn once per combination of labels.
  const looks = new Map<string, string>()
  const lookOf = (m: Marks): string | null => {
    for (const l of m.accepted) m.suggested.delete(l)
    if (m.accepted.size === 0 && m.suggested.size === 0) return null
    const accepted = [...m.accepted].sort()
    const suggested = [...m.suggested].sort()
    const key = `${accepted.join(',')}|${suggested.join(',')}`
    let look = looks.get(key)
    if (look === undefined) {
      look = `<span class="attrib-badge" contenteditable="false" data-badge="${escapeHtml(badgeKey(accepted, suggested))}">`
      for (const b of badgeLabels(accepted, suggested, styles))
        look += `<span class="${b.className}" title="${escapeHtml(b.title)}" style="${escapeHtml(b.style)}">${escapeHtml(b.text)}</span>`
      look += `</span><span class="${sentenceClass(accepted, suggested)}" style="${escapeHtml(sentenceStyle(accepted, suggested, styles))}" data-labels="${escapeHtml(accepted.join(' '))}" data-suggested="${escapeHtml(suggested.join(' '))}">`
      looks.set(key, look)
    }
    return look
  }
  // Where each paragraph starts in the text and which sentence comes first in it.
  const { firstOf } = sentenceIndex(preview)
  const bases: number[] = []
  let base = 0
  for (const text of preview.paragraphs) {
    bases.push(base)
    base += text.length + SEPARATOR_LENGTH
  }
  // Span annotations per paragraph they cross, in the paragraph's offsets.
  const spansOf = new Map<number, DrawnSpan[]>()
  for (const s of spans) {
    let lo = 0
    let hi = bases.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (bases[mid]! <= s.start) lo = mid
      else hi = mid - 1
    }
    for (let p = lo; p < bases.length && bases[p]! < s.end; p++) {
      const list = spansOf.get(p) ?? []
      list.push({ start: s.start - bases[p]!, end: s.end - bases[p]!, open: s.open })
      spansOf.set(p, list)
    }
  }
  const paragraphHtml = (p: number): string => {
    const text = preview.paragraphs[p]!
    if (text.length === 0) return '<p><br></p>'
    const here = spansOf.get(p) ?? []
    let html = '<p>'
    const bounds = preview.sentences[p]!
    let at = 0
    let sentence = firstOf[p]!
    for (let k = 0; k < bounds.length; k += 2, sentence++) {
      const from = bounds[k]!
      const to = bounds[k + 1]!
      html += inline(text, at, from, here)
      const m = marks.get(sentence)
      html += `${(m && lookOf(m)) ?? '<span>'}${inline(text, from, to, here)}</span>`
      at = to
    }
    return `${html}${inline(text, at, text.length, here)}</p>`
  }
  return {
    paragraphs: preview.paragraphs.length,
    length: (p) => preview.paragraphs[p]!.length,
    html(from, to) {
      let html = ''
      for (let p = from; p < to; p++) html += paragraphHtml(p)
      return html
    },
  }
}

/** How a section of paragraphs opens, as the editor draws it. */
export const SECTION_OPEN = '<div class="attrib-section">'

/** The whole preview's HTML at once (see {@link previewDrawing}). */
export function previewHtml(preview: ArticlePreview, options: PreviewDrawingOptions): string {
  const drawing = previewDrawing(preview, options)
  let html = ''
  for (let from = 0; from < drawing.paragraphs; from += SECTION_SIZE)
    html += `${SECTION_OPEN}${drawing.html(from, Math.min(drawing.paragraphs, from + SECTION_SIZE))}</div>`
  return html
}
