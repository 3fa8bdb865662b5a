import { Parser } from 'htmlparser2'
import { Lexer, type MarkedToken, type Token } from 'marked'
import type { ArticleInput, ArticleMeta } from './articleDoc'
import { checkIsText, fitArticle } from './articleLimits'
import { ArticleImportError, lineAt } from './importError'
import { splitSentences } from './segment'

export { ArticleImportError } from './importError'

/**
 * Turns the text of an article file (plain text, Markdown or HTML) into an {@link ArticleInput}.
 * Only text is extracted: HTML is tokenised, never rendered, so nothing in it can run.
 *
 * Decisions:
 * - Plain text: metadata is read only from the top: `Key: value` header lines (title, date, outlet,
 *   url, author, story) and a `date YYYY-MM-DD` prefix; everything else is text. Every non-blank
 *   line is a paragraph: a line break always ends a segment (SEG1 of packages/core/SPEC.md), so
 *   wrapped lines are not joined.
 * - Markdown and HTML: the first level-1 heading is the headline: it becomes the title and is not a
 *   paragraph; later headings are paragraphs. In HTML the first `<h1>` wins over `<title>`, which
 *   often carries the site's name.
 * - Dates must be real `YYYY-MM-DD` dates (a time after them is ignored). A bad date in metadata the
 *   author wrote (header line, front matter, `article:published_time`) is an error; a bad
 *   `<time datetime>` in the page body is skipped.
 */

/** The file formats {@link parseArticle} reads. */
export type ArticleFormat = 'text' | 'markdown' | 'html'

/** Options of {@link parseArticle}. */
export interface ParseArticleOptions {
  /** How to read the source; by default from the file name's extension, else plain text. */
  format?: ArticleFormat
  /** The file's name or path: used in error messages, for the id and as `meta.sourceFile`. */
  fileName?: string
  /** The article id; by default the file's name without its extension, else a slug of the title. */
  id?: string
  /** Metadata that overrides whatever the file says. */
  meta?: Partial<ArticleMeta>
}

const ID_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/
const META_KEYS = ['title', 'date', 'outlet', 'url', 'author', 'story'] as const
type MetaKey = (typeof META_KEYS)[number]
const HEADER_LINE = /^\s*(title|date|outlet|url|author|story)\s*:\s*(.*?)\s*$/i
const DATE_PREFIX = /^\s*date:?\s+(\d{4}-\d{2}-\d{2})(?=\s|$)\s*/i
const FRONT_MATTER_LINE = /^([A-Za-z][\w-]*)\s*:\s*(.*?)\s*$/
const TITLE_MAX_LENGTH = 100
const HEADLINE_MAX_LENGTH = 120

/** Parsed metadata (only what the file says) and paragraphs. */
interface ParsedArticle {
  meta: Partial<ArticleMeta>
  paragraphs: string[]
}

/** Reads the format from a file name's extension: `.md`/`.markdown`, `.html`/`.htm`, else text. */
export function detectFormat(fileName: string): ArticleFormat {
  const extension = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase()
  if (extension === 'md' || extension === 'markdown') return 'markdown'
  if (extension === 'html' || extension === 'htm') return 'html'
  return 'text'
}

/**
 * Parses an article file's text into metadata and plain-text paragraphs (whitespace collapsed, no
 * newlines). Throws an {@link ArticleImportError} naming the file and line for input that is not a
 * string or is not text (LIM1), an article above the limits (LIM2, LIM4; a long paragraph is split, LIM3),
 * front matter that never closes, an invalid date, an invalid id, or an
 * article with no text.
 * @example
 * parseArticle(' date 2024-10-25 Over the past two years...', { fileName: 'seeds/000_cdf3.txt' })
 * // → { meta: { id: '000_cdf3', title: 'Over the past two years...', date: '2024-10-25',
 * //             sourceFile: '000_cdf3.txt' }, paragraphs: ['Over the past two years...'] }
 */
export function parseArticle(source: string, options: ParseArticleOptions = {}): ArticleInput {
  const file = options.fileName
  if (typeof source !== 'string') {
    throw new ArticleImportError(`expected the article as a string, got ${describe(source)}`, { file })
  }
  checkIsText(source, { file })
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  const format = options.format ?? (file === undefined ? 'text' : detectFormat(file))
  let parsed: ParsedArticle
  if (format === 'text') parsed = parseText(text, file)
  else if (format === 'markdown') parsed = parseMarkdown(text, file)
  else if (format === 'html') parsed = parseHtml(text, file)
  else throw new ArticleImportError(`unknown format "${String(format)}"`, { file })

  const paragraphs = parsed.paragraphs.filter((p) => p !== '')
  if (paragraphs.length === 0) throw new ArticleImportError('the article has no text', { file })

  const title = parsed.meta.title ?? options.meta?.title ?? titleFromText(paragraphs[0]!)
  const meta: ArticleMeta = { ...parsed.meta, id: '', title }
  if (file !== undefined) meta.sourceFile = baseName(file)
  meta.id =
    options.id ??
    ((file === undefined ? '' : slug(stripExtension(baseName(file)), false)) ||
      slug(title, true) ||
      `article-${hash(paragraphs.join('\n'))}`)
  for (const [key, value] of Object.entries(options.meta ?? {}) as [keyof ArticleMeta, string][]) {
    if (value !== undefined) meta[key] = value
  }
  if (!ID_PATTERN.test(meta.id)) {
    throw new ArticleImportError(`invalid id "${meta.id}" (expected 1-128 of A-Z a-z 0-9 _ . -)`, { file })
  }
  if (meta.date !== undefined) meta.date = checkDate(meta.date, file)
  return fitArticle({ meta, paragraphs }, { file })
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (value instanceof Uint8Array) return 'bytes (decode them as UTF-8 first)'
  return typeof value
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1)
}

function stripExtension(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(0, dot) : name
}

/** An id-safe version of `text`: accents dropped, other characters outside `A-Za-z0-9_.-` as `-`. */
function slug(text: string, lowerCase: boolean): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
  const cased = lowerCase ? ascii.toLowerCase() : ascii
  return cased.slice(0, 128).replace(/^[-.]+|[-.]+$/g, '')
}

/** FNV-1a: a stable id for a text whose title has no Latin letters or digits to slug. */
function hash(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return (h >>> 0).toString(16).padStart(8, '0')
}

/**
 * The date part of `value` if it is a real `YYYY-MM-DD` date, optionally followed by a time
 * (`2024-10-25T08:00:00Z`, as `article:published_time` has it); else null.
 */
function realDate(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    value.trim(),
  )
  if (!m) return null
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  return real ? `${m[1]}-${m[2]}-${m[3]}` : null
}

function checkDate(value: string, file: string | undefined, line?: number): string {
  const date = realDate(value)
  if (date === null) {
    throw new ArticleImportError(`invalid date "${value}" (expected a real YYYY-MM-DD date)`, { file, line })
  }
  return date
}

function setMeta(
  meta: Partial<ArticleMeta>,
  key: MetaKey,
  value: string,
  file: string | undefined,
  line: number,
): void {
  const clean = collapse(value)
  if (clean === '') return
  meta[key] = key === 'date' ? checkDate(clean, file, line) : clean
}

/**
 * A title from the text: the first paragraph if it reads as a headline (short, no closing
 * punctuation), else its first sentence, cut at a word boundary with an ellipsis when long.
 */
function titleFromText(first: string): string {
  if (first.length <= HEADLINE_MAX_LENGTH && !/[.!?…:;,]["'”’)\]]*$/.test(first)) return first
  const span = splitSentences(first)[0]
  const sentence = span === undefined ? first : first.slice(span.start, span.end)
  if (sentence.length <= TITLE_MAX_LENGTH) return sentence
  let cut = sentence.slice(0, TITLE_MAX_LENGTH - 1)
  const space = cut.lastIndexOf(' ')
  if (space > 0) cut = cut.slice(0, space)
  else if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1)
  return `${cut.replace(/[\s,;:–—-]+$/, '')}…`
}

/**
 * The paragraphs of a plain text: every line that is not blank. A line break always ends a segment
 * (annotation guidelines 1.1, SEG1 of packages/core/SPEC.md): a headline, byline, dateline, `Source:`
 * line or bullet on its own line is never joined to the sentence after it, so each line is a paragraph.
 */
function paragraphsOfLines(lines: string[]): string[] {
  const paragraphs: string[] = []
  for (const line of lines) {
    const text = collapse(line)
    if (text !== '') paragraphs.push(text)
  }
  return paragraphs
}

function parseText(text: string, file: string | undefined): ParsedArticle {
  const lines = text.split('\n')
  const meta: Partial<ArticleMeta> = {}
  let i = 0
  while (i < lines.length && lines[i]!.trim() === '') i++
  let datePrefix = false
  while (i < lines.length) {
    // The prefix first: in `Date: 2024-10-25 Over the past...` only the date is metadata.
    const prefix = datePrefix ? null : DATE_PREFIX.exec(lines[i]!)
    if (prefix) {
      datePrefix = true
      setMeta(meta, 'date', prefix[1]!, file, i + 1)
      const rest = lines[i]!.slice(prefix[0].length)
      if (rest.trim() !== '') {
        lines[i] = rest
        break
      }
      i++
      continue
    }
    const header = HEADER_LINE.exec(lines[i]!)
    if (!header) break
    setMeta(meta, header[1]!.toLowerCase() as MetaKey, header[2]!, file, i + 1)
    i++
  }
  return { meta, paragraphs: paragraphsOfLines(lines.slice(i)) }
}

/** Reads `---` front matter; returns the metadata and the line index where the Markdown body begins. */
function frontMatter(
  lines: string[],
  file: string | undefined,
): { meta: Partial<ArticleMeta>; body: number } {
  const meta: Partial<ArticleMeta> = {}
  if (lines[0]?.trim() !== '---') return { meta, body: 0 }
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!
    if (line.trim() === '---' || line.trim() === '...') return { meta, body: i + 1 }
    const m = FRONT_MATTER_LINE.exec(line)
    const key = m?.[1]?.toLowerCase() ?? ''
    // Other keys and YAML beyond `key: value` (lists, nested maps) are not article metadata: skip them.
    if (m && (META_KEYS as readonly string[]).includes(key)) {
      setMeta(meta, key as MetaKey, unquote(m[2]!), file, i + 1)
    }
  }
  throw new ArticleImportError('front matter opened here is never closed (expected a line "---")', {
    file,
    line: 1,
  })
}

function unquote(value: string): string {
  const m = /^(["'])(.*)\1$/.exec(value)
  return m ? m[2]! : value
}

function parseMarkdown(text: string, file: string | undefined): ParsedArticle {
  const lines = text.split('\n')
  const { meta, body } = frontMatter(lines, file)
  // Own options, so that extensions another module registers with `marked.use` do not apply here.
  const tokens = Lexer.lex(lines.slice(body).join('\n'), { gfm: true })
  const paragraphs: string[] = []
  let headline: string | undefined
  const walk = (blocks: Token[]): void => {
    for (const block of blocks as MarkedToken[]) {
      switch (block.type) {
        case 'heading': {
          const heading = inlineText(block.tokens)
          if (block.depth === 1 && headline === undefined && heading !== '') headline = heading
          else paragraphs.push(heading)
          break
        }
        case 'paragraph':
          paragraphs.push(inlineText(block.tokens))
          break
        case 'text':
          paragraphs.push(inlineText(block.tokens ?? [block]))
          break
        case 'list':
          for (const item of block.items) walk(item.tokens)
          break
        case 'blockquote':
          walk(block.tokens)
          break
        case 'code':
          paragraphs.push(collapse(block.text))
          break
        case 'html':
          for (const b of extractHtml(block.text).blocks) paragraphs.push(b.text)
          break
        case 'table':
          for (const cell of [...block.header, ...block.rows.flat()]) paragraphs.push(inlineText(cell.tokens))
          break
        default:
          break
      }
    }
  }
  walk(tokens)
  if (headline !== undefined && meta.title === undefined) meta.title = headline
  return { meta, paragraphs }
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;')
}

/**
 * Markdown inline tokens back to HTML, reduced to what carries text: emphasis and links keep their
 * words, images go. Text keeps its entity references (`AT&amp;T`) for htmlparser2 to decode, and raw
 * inline HTML goes through as is, so `<script>` in a paragraph is dropped like in an HTML file.
 */
function inlineHtml(tokens: Token[]): string {
  let html = ''
  for (const token of tokens as MarkedToken[]) {
    switch (token.type) {
      case 'text':
        html += token.tokens ? inlineHtml(token.tokens) : token.text.replaceAll('<', '&lt;')
        break
      case 'escape':
      case 'codespan':
        html += escapeHtml(token.text)
        break
      case 'html':
        html += token.text
        break
      case 'br':
        html += ' '
        break
      case 'strong':
      case 'em':
      case 'del':
      case 'link':
        html += inlineHtml(token.tokens)
        break
      default:
        break
    }
  }
  return html
}

function inlineText(tokens: Token[]): string {
  return collapse(
    extractHtml(inlineHtml(tokens))
      .blocks.map((b) => b.text)
      .join(' '),
  )
}

/** Elements whose content is never article text. */
const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'svg',
  'math',
  'object',
  'embed',
  'canvas',
  'textarea',
  'select',
  'button',
])
/** Elements that may appear in `<head>`; any other element starts the body. */
const HEAD_CONTENT = new Set(['title', 'meta', 'link', 'base', 'style', 'script', 'noscript', 'template'])
/** Elements that end a paragraph where they open and where they close. */
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
])

interface HtmlBlock {
  /** The innermost block element the text was in (`body` for text outside any). */
  tag: string
  text: string
}

interface HtmlExtract {
  blocks: HtmlBlock[]
  title?: string
  publishedTime?: { value: string; line: number }
  timeElement?: string
  outlet?: string
  author?: string
  url?: string
}

/** Text blocks and head metadata of an HTML document or fragment, by tokenising it with htmlparser2. */
function extractHtml(html: string): HtmlExtract {
  const extract: HtmlExtract = { blocks: [] }
  const open: string[] = []
  let buffer = ''
  let dropDepth = 0
  let inHead = false
  let title: string | undefined
  const flush = (): void => {
    const text = collapse(buffer)
    buffer = ''
    if (text !== '') extract.blocks.push({ tag: open.at(-1) ?? 'body', text })
  }
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (dropDepth > 0 || DROPPED.has(name)) {
          if (DROPPED.has(name)) dropDepth++
          return
        }
        if (name === 'meta') readMeta(extract, attributes, () => lineAt(html, parser.startIndex))
        if (name === 'head') inHead = true
        else if (!HEAD_CONTENT.has(name)) inHead = false
        if (name === 'title' && title === undefined) title = ''
        else if (name === 'time' && attributes.datetime !== undefined && extract.timeElement === undefined) {
          extract.timeElement = realDate(attributes.datetime) ?? undefined
        } else if (name === 'br') buffer += ' '
        else if (BLOCKS.has(name)) {
          flush()
          open.push(name)
        }
      },
      onclosetag(name) {
        if (dropDepth > 0) {
          if (DROPPED.has(name)) dropDepth--
          return
        }
        if (name === 'head') inHead = false
        else if (name === 'title' && title !== undefined && extract.title === undefined) {
          const text = collapse(title)
          if (text !== '') extract.title = text
          else title = undefined
        } else if (BLOCKS.has(name)) {
          flush()
          const at = open.lastIndexOf(name)
          if (at >= 0) open.length = at
        }
      },
      ontext(data) {
        if (dropDepth > 0) return
        if (title !== undefined && extract.title === undefined) title += data
        else if (!inHead) buffer += data
      },
    },
    { decodeEntities: true },
  )
  parser.end(html)
  flush()
  return extract
}

function readMeta(extract: HtmlExtract, attributes: Record<string, string>, line: () => number): void {
  const key = (attributes.property ?? attributes.name ?? '').toLowerCase()
  const content = collapse(attributes.content ?? '')
  if (content === '') return
  if (key === 'article:published_time') extract.publishedTime ??= { value: content, line: line() }
  else if (key === 'og:site_name') extract.outlet ??= content
  else if (key === 'author' || key === 'article:author') extract.author ??= content
  else if (key === 'og:url') extract.url ??= content
}

function parseHtml(html: string, file: string | undefined): ParsedArticle {
  const extract = extractHtml(html)
  const meta: Partial<ArticleMeta> = {}
  const paragraphs: string[] = []
  let headline: string | undefined
  for (const block of extract.blocks) {
    if (block.tag === 'h1' && headline === undefined) headline = block.text
    else paragraphs.push(block.text)
  }
  const title = headline ?? extract.title
  if (title !== undefined) meta.title = title
  if (extract.publishedTime) {
    meta.date = checkDate(extract.publishedTime.value, file, extract.publishedTime.line)
  } else if (extract.timeElement !== undefined) meta.date = extract.timeElement
  if (extract.outlet !== undefined) meta.outlet = extract.outlet
  if (extract.author !== undefined) meta.author = extract.author
  if (extract.url !== undefined) meta.url = extract.url
  return { meta, paragraphs }
}
