/**
 * What an article may hold (rules LIM1–LIM4 of `packages/core/SPEC.md`), so that every article accepted
 * stays fluid in the editor: a file that is not text is refused by its content, a very long line is
 * split into paragraphs at sentence boundaries, and an article or a sentence above its limit is refused
 * with a sentence that says what and where.
 */
import type { ArticleInput, ArticleInputAnnotation } from './articleDoc'
import { ArticleImportError, lineAt } from './importError'
import { codePointLength } from './offsets'
import { splitSentences } from './segment'

/** The documented limits (docs/importing.md). Characters are UTF-16 code units, as JavaScript counts. */
export const ARTICLE_LIMITS = {
  /** The text of an article, paragraphs included, in characters. */
  articleCharacters: 2_000_000,
  /** Sentences in an article. */
  sentences: 20_000,
  /** A paragraph, in characters: a longer one is split at sentence boundaries on import. */
  paragraphCharacters: 10_000,
  /** A sentence, in characters. */
  sentenceCharacters: 3_000,
} as const

/** Where an article's problem is reported: the file (or record) named in the message. */
export interface LimitPlace {
  file?: string | undefined
}

/** Control characters other than tab, line breaks and form feed, and U+FFFD (bytes that were not UTF-8). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNREADABLE = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\ufffd]/g
/** Above this share of unreadable characters a file is not taken for text. */
const UNREADABLE_SHARE = 0.01

/** File types recognised by their first bytes, read as UTF-8 (a byte that is not UTF-8 is U+FFFD). */
const SIGNATURES: [string, string][] = [
  ['%PDF-', 'a PDF document'],
  ['PK\u0003\u0004', 'a ZIP archive (a Word or OpenDocument file is one)'],
  ['\ufffdPNG', 'a PNG image'],
  ['GIF87a', 'a GIF image'],
  ['GIF89a', 'a GIF image'],
  ['\ufffd\ufffd\ufffd\ufffd', 'a JPEG image or another binary file'],
  ['\u001f\ufffd\u0008', 'a gzip archive'],
  ['{\\rtf', 'an RTF document'],
]

/**
 * LIM1: throws an {@link ArticleImportError} (kind `not-text`) when `source` is not the text of an
 * article: a NUL byte (naming its line), a known binary file type at its start, or more than 1 in 100
 * characters unreadable (control characters, or bytes that were not UTF-8). Linear in the text.
 */
export function checkIsText(source: string, place: LimitPlace = {}): void {
  checkText(source, place, UNREADABLE)
}

/** Control characters only: in bytes known not to be UTF-8, U+FFFD says nothing of being binary. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g

function checkText(source: string, place: LimitPlace, unreadableCharacters: RegExp): void {
  const nul = source.indexOf('\0')
  if (nul >= 0) {
    throw new ArticleImportError('this is not text: it holds a NUL byte, as binary files do', {
      file: place.file,
      line: lineAt(source, nul),
      kind: 'not-text',
    })
  }
  for (const [signature, what] of SIGNATURES) {
    if (source.startsWith(signature))
      throw new ArticleImportError(`this is not text: it looks like ${what}`, {
        file: place.file,
        kind: 'not-text',
      })
  }
  let unreadable = 0
  unreadableCharacters.lastIndex = 0
  while (unreadableCharacters.exec(source) !== null) unreadable++
  if (unreadable > 0 && unreadable >= source.length * UNREADABLE_SHARE) {
    throw new ArticleImportError(
      `this is not readable text: ${count(unreadable)} of its ${count(source.length)} characters are control characters or bytes that are not UTF-8 (a binary file, or text saved in another encoding)`,
      { file: place.file, kind: 'not-text' },
    )
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true })
const UTF8_LOSSY = new TextDecoder('utf-8')

/**
 * LIM1 for a file's bytes: its text as UTF-8, or UTF-16 when a byte-order mark says so (the mark dropped). Bytes that are not UTF-8 throw
 * an {@link ArticleImportError} of kind `not-text`: saying it is not text (as {@link checkIsText}) when
 * it looks binary, else that it is text in another encoding, to be saved as UTF-8. Nothing is guessed:
 * text read in the wrong encoding would be stored wrong without a word.
 */
export function decodeArticleFile(bytes: Uint8Array, place: LimitPlace = {}): string {
  // UTF-16 says so in its byte-order mark (as Windows' Notepad saves "Unicode"): read as such.
  const utf16 =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? 'utf-16le'
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? 'utf-16be'
        : null
  try {
    return utf16 ? new TextDecoder(utf16, { fatal: true }).decode(bytes) : UTF8.decode(bytes)
  } catch {
    checkText(UTF8_LOSSY.decode(bytes), place, CONTROL)
    throw new ArticleImportError(
      'this is not UTF-8 text (it was saved in another encoding, such as Windows-1252)',
      { file: place.file, kind: 'not-text' },
    )
  }
}

/**
 * LIM2–LIM4: the article within the limits. A paragraph longer than
 * {@link ARTICLE_LIMITS.paragraphCharacters} is split at sentence boundaries into paragraphs of at most
 * that (LIM3), the annotations' offsets following the text; an article longer than
 * {@link ARTICLE_LIMITS.articleCharacters} or with more than {@link ARTICLE_LIMITS.sentences} sentences
 * (LIM2), or a sentence longer than {@link ARTICLE_LIMITS.sentenceCharacters} (LIM4), throws an
 * {@link ArticleImportError} of kind `too-large`. An input already within the limits is returned as is.
 */
export function fitArticle(input: ArticleInput, place: LimitPlace = {}): ArticleInput {
  // An input this returned is within the limits: the store's check after an importer's is free.
  if (fitted.has(input)) return input
  const file = place.file
  let characters = 0
  for (const p of input.paragraphs) characters += p.length
  if (characters > ARTICLE_LIMITS.articleCharacters) {
    throw new ArticleImportError(
      `the article has ${count(characters)} characters of text; an article may have at most ${count(ARTICLE_LIMITS.articleCharacters)}`,
      { file, kind: 'too-large' },
    )
  }
  // Fewer characters than twice the limit cannot hold that many sentences (each takes at least one
  // character and a space), so short articles are never segmented here.
  let sentences = 0
  const countSentences = characters >= ARTICLE_LIMITS.sentences * 2
  const paragraphs: string[] = []
  // Where paragraphs were cut, in code points of the text joined by blank lines: kept only for the
  // annotations to follow.
  const track = (input.annotations?.length ?? 0) > 0
  const cuts: Cut[] = []
  let offset = 0
  let changed = false
  for (let i = 0; i < input.paragraphs.length; i++) {
    const text = input.paragraphs[i]!
    const spans =
      countSentences || text.length > ARTICLE_LIMITS.sentenceCharacters ? splitSentences(text) : null
    if (spans) {
      sentences += spans.length
      for (const s of spans) {
        if (s.end - s.start > ARTICLE_LIMITS.sentenceCharacters) {
          const start = text.slice(s.start, s.start + 60).trimEnd()
          throw new ArticleImportError(
            `paragraph ${i + 1} has a sentence of ${count(s.end - s.start)} characters, beginning “${start}…”; a sentence may have at most ${count(ARTICLE_LIMITS.sentenceCharacters)}`,
            { file, kind: 'too-large' },
          )
        }
      }
    }
    if (text.length <= ARTICLE_LIMITS.paragraphCharacters || !spans || spans.length < 2) {
      paragraphs.push(text)
      if (track) offset += codePointLength(text) + 2
      continue
    }
    changed = true
    // Code points of the text up to a UTF-16 offset, read forward once.
    let u16 = 0
    let cp = offset
    const at = (position: number) => {
      cp += codePointLength(text.slice(u16, position))
      u16 = position
      return cp
    }
    // The text before the first sentence and after the last is only whitespace (SEG11): it is dropped;
    // the space between two pieces becomes the blank line between paragraphs.
    let previousEnd = 0
    pieceRanges(spans).forEach(([start, end], k) => {
      if (track && (start > previousEnd || k > 0)) {
        // With no space between them (`他说。她走了。`), the blank line is added.
        const from = at(previousEnd)
        cuts.push({ at: from, end: at(start), replacement: k === 0 ? 0 : 2 })
      }
      paragraphs.push(text.slice(start, end))
      previousEnd = end
    })
    if (track) {
      if (previousEnd < text.length) {
        const from = at(previousEnd)
        cuts.push({ at: from, end: at(text.length), replacement: 0 })
      }
      offset = at(text.length) + 2
    }
  }
  if (sentences > ARTICLE_LIMITS.sentences) {
    throw new ArticleImportError(
      `the article has ${count(sentences)} sentences; an article may have at most ${count(ARTICLE_LIMITS.sentences)}`,
      { file, kind: 'too-large' },
    )
  }
  if (!changed) {
    fitted.add(input)
    return input
  }
  const out: ArticleInput = { meta: input.meta, paragraphs }
  if (input.annotations) out.annotations = input.annotations.map((a) => moveAnnotation(a, cuts))
  fitted.add(out)
  return out
}

/** Inputs {@link fitArticle} returned (not copies: an input changed since is a new object to it). */
const fitted = new WeakSet<ArticleInput>()

/** The `[start, end)` of each piece of a paragraph cut at its sentences' boundaries (LIM3). */
function pieceRanges(spans: readonly { start: number; end: number }[]): [number, number][] {
  let pieceStart = spans[0]!.start
  let pieceEnd = spans[0]!.end
  const pieces: [number, number][] = []
  for (const s of spans.slice(1)) {
    if (s.end - pieceStart > ARTICLE_LIMITS.paragraphCharacters) {
      pieces.push([pieceStart, pieceEnd])
      pieceStart = s.start
    }
    pieceEnd = s.end
  }
  pieces.push([pieceStart, pieceEnd])
  return pieces
}

/**
 * A paragraph's text cut as an import cuts it (LIM3): pieces of whole sentences of at most
 * {@link ARTICLE_LIMITS.paragraphCharacters}, or the text itself when it fits (or is one sentence).
 * @example
 * cutParagraph('Short. Text.') // → ['Short. Text.']
 */
export function cutParagraph(text: string): string[] {
  if (text.length <= ARTICLE_LIMITS.paragraphCharacters) return [text]
  const spans = splitSentences(text)
  if (spans.length < 2) return [text]
  return pieceRanges(spans).map(([start, end]) => text.slice(start, end))
}

/**
 * A change made to the text joined by blank lines, in code points: `[at, end)` (whitespace between or
 * around sentences) became `replacement` characters (`\n\n` between two pieces, nothing at the ends).
 */
interface Cut {
  at: number
  end: number
  replacement: number
}

/** `a` with its offsets where the cuts moved them; an offset inside a replaced space goes to its start. */
function moveAnnotation(a: ArticleInputAnnotation, cuts: readonly Cut[]): ArticleInputAnnotation {
  const move = (position: number): number => {
    let shift = 0
    for (const c of cuts) {
      if (c.end > c.at ? position >= c.end : position > c.at) shift += c.replacement - (c.end - c.at)
      else if (position > c.at) return c.at + shift
      else break
    }
    return position + shift
  }
  return { ...a, start: move(a.start), end: move(a.end) }
}

function count(n: number): string {
  return n.toLocaleString('en')
}
