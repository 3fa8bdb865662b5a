import * as Y from 'yjs'
import { PARAGRAPH_SEPARATOR, paragraphElements, paragraphText } from './articleDoc'

/** One paragraph of the article's plain text. */
export interface IndexedParagraph {
  /** UTF-16 offset of the paragraph's first character in the article text. */
  start: number
  end: number
  element: Y.XmlElement
  /** The Y.XmlText holding the paragraph's characters (absent for a paragraph never typed into). */
  text: Y.XmlText | undefined
}

/**
 * The article's plain text (paragraphs joined by a blank line) with the map from
 * Yjs text types to text offsets, so relative positions resolve in O(1) each.
 */
export interface TextIndex {
  text: string
  paragraphs: IndexedParagraph[]
  byText: Map<Y.XmlText, IndexedParagraph>
}

/** Builds the plain text and position index of an article document. O(text). */
export function buildTextIndex(doc: Y.Doc): TextIndex {
  const paragraphs: IndexedParagraph[] = []
  const byText = new Map<Y.XmlText, IndexedParagraph>()
  const parts: string[] = []
  let offset = 0
  for (const element of paragraphElements(doc)) {
    if (parts.length > 0) {
      parts.push(PARAGRAPH_SEPARATOR)
      offset += PARAGRAPH_SEPARATOR.length
    }
    const s = paragraphText(element)
    const text = element.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText)
    const p: IndexedParagraph = { start: offset, end: offset + s.length, element, text }
    paragraphs.push(p)
    if (text) byText.set(text, p)
    parts.push(s)
    offset += s.length
  }
  return { text: parts.join(''), paragraphs, byText }
}

/**
 * The relative position of a UTF-16 offset in the article text. `assoc` 0 sticks to the character
 * after the offset (use for starts), -1 to the one before (use for ends).
 * Throws a `RangeError` for an offset outside every paragraph.
 */
export function offsetToRelative(index: TextIndex, offset: number, assoc: 0 | -1): Y.RelativePosition {
  const p = paragraphAt(index, offset)
  if (!p) throw new RangeError(`offset ${offset} is not inside a paragraph`)
  if (!p.text) throw new RangeError(`offset ${offset} is in an empty paragraph`)
  return Y.createRelativePositionFromTypeIndex(p.text, offset - p.start, assoc)
}

/** The UTF-16 offset in the article text of a relative position, or null when its paragraph is gone. */
export function relativeToOffset(index: TextIndex, doc: Y.Doc, rel: Y.RelativePosition): number | null {
  const abs = Y.createAbsolutePositionFromRelativePosition(rel, doc)
  if (!abs || !(abs.type instanceof Y.XmlText)) return null
  const p = index.byText.get(abs.type)
  if (!p) return null
  return p.start + Math.min(abs.index, p.end - p.start)
}

/** The paragraph holding `offset` (ends included), by binary search. */
export function paragraphAt(index: TextIndex, offset: number): IndexedParagraph | undefined {
  const ps = index.paragraphs
  let lo = 0
  let hi = ps.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const p = ps[mid]!
    if (offset < p.start) hi = mid - 1
    else if (offset > p.end) lo = mid + 1
    else return p
  }
  return undefined
}
