import { type SentenceSpan, splitSentences } from '@attrib/core'
import type { Node as PMNode } from 'prosemirror-model'

/** A sentence located in a ProseMirror document. */
export interface SentenceRange {
  /** Document position of the sentence's first character. */
  from: number
  /** Document position just after its last character. */
  to: number
  /** Position before the paragraph node that holds it. */
  paragraphPos: number
}

// Paragraph nodes are immutable and y-prosemirror rebuilds only the paragraph that changed,
// so caching by node identity keeps segmentation off the per-keystroke path.
const cache = new WeakMap<PMNode, SentenceSpan[]>()

/** The sentences of one paragraph node, as offsets into its text (cached per node). */
export function paragraphSentences(paragraph: PMNode): SentenceSpan[] {
  let spans = cache.get(paragraph)
  if (!spans) {
    spans = splitSentences(paragraph.textContent)
    cache.set(paragraph, spans)
  }
  return spans
}

/** Calls `fn` for every paragraph (textblock) that overlaps `[from, to]`. */
export function forEachParagraph(
  doc: PMNode,
  from: number,
  to: number,
  fn: (paragraph: PMNode, pos: number) => void,
): void {
  doc.nodesBetween(Math.max(0, from), Math.min(doc.content.size, to), (node, pos) => {
    if (node.isTextblock) {
      fn(node, pos)
      return false
    }
    return true
  })
}

/** The sentences of the paragraph at `paragraphPos`, as document ranges. */
export function sentencesOfParagraph(paragraph: PMNode, paragraphPos: number): SentenceRange[] {
  return paragraphSentences(paragraph).map((s) => ({
    from: paragraphPos + 1 + s.start,
    to: paragraphPos + 1 + s.end,
    paragraphPos,
  }))
}

/**
 * The sentence at `pos`: the one containing it, else (in the space between two) the one before,
 * else the first of the paragraph. Null outside any sentence-bearing paragraph.
 */
export function sentenceAt(doc: PMNode, pos: number): SentenceRange | null {
  const $pos = doc.resolve(Math.max(0, Math.min(pos, doc.content.size)))
  if (!$pos.parent.isTextblock) return null
  const paragraphPos = $pos.before()
  const sentences = sentencesOfParagraph($pos.parent, paragraphPos)
  if (sentences.length === 0) return null
  let found = sentences[0]!
  for (const s of sentences) {
    if (s.from <= pos) found = s
    else break
  }
  return found
}

/** Every sentence that overlaps `[from, to]` (a sentence merely touched at its end is excluded). */
export function sentencesInRange(doc: PMNode, from: number, to: number): SentenceRange[] {
  if (from === to) {
    const s = sentenceAt(doc, from)
    return s ? [s] : []
  }
  const out: SentenceRange[] = []
  forEachParagraph(doc, from, to, (node, pos) => {
    for (const s of sentencesOfParagraph(node, pos)) if (s.to > from && s.from < to) out.push(s)
  })
  return out
}

/** The sentence after (`dir` 1) or before (`dir` -1) the one at `pos`, across paragraphs. */
export function adjacentSentence(doc: PMNode, pos: number, dir: 1 | -1): SentenceRange | null {
  const current = sentenceAt(doc, pos)
  if (dir === 1) {
    let found: SentenceRange | null = null
    const start = current ? current.to : pos
    doc.nodesBetween(Math.min(start, doc.content.size), doc.content.size, (node, p) => {
      if (found) return false
      if (!node.isTextblock) return true
      found = sentencesOfParagraph(node, p).find((s) => s.from >= start) ?? null
      return false
    })
    return found
  }
  const end = current ? current.from : pos
  // Walk paragraphs backwards from the current section only as far as needed.
  const sectionStarts: number[] = []
  let offset = 0
  doc.forEach((section) => {
    sectionStarts.push(offset)
    offset += section.nodeSize
  })
  for (let si = doc.childCount - 1; si >= 0; si--) {
    const sectionPos = sectionStarts[si]!
    if (sectionPos >= end) continue
    const section = doc.child(si)
    const paragraphs: { node: PMNode; pos: number }[] = []
    section.forEach((node, off) => {
      paragraphs.push({ node, pos: sectionPos + 1 + off })
    })
    for (let pi = paragraphs.length - 1; pi >= 0; pi--) {
      const { node, pos: p } = paragraphs[pi]!
      if (p >= end) continue
      const before = sentencesOfParagraph(node, p).filter((s) => s.to <= end)
      if (before.length > 0) return before[before.length - 1]!
    }
  }
  return null
}

const allCache = new WeakMap<PMNode, SentenceRange[]>()

/**
 * Every sentence of the document in order: index `i` is the article's sentence `i`, as in snapshots,
 * the API and exports (both split each paragraph the same way). Cached per document node.
 */
export function allSentences(doc: PMNode): SentenceRange[] {
  let out = allCache.get(doc)
  if (!out) {
    const list: SentenceRange[] = []
    forEachParagraph(doc, 0, doc.content.size, (node, pos) => {
      for (const s of sentencesOfParagraph(node, pos)) list.push(s)
    })
    out = list
    allCache.set(doc, out)
  }
  return out
}
