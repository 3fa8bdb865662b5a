/**
 * Quotations of the attribution suggester: which marks open and close a quotation, quotations carried
 * over from the sentence before, and whether a quotation is someone's words rather than a title or term.
 */

const QUOTE_INTRO =
  /(?:film|documentary|drama|movie|series|show|book|novel|memoir|song|album|play|opera|exhibition|programme|program|titled|entitled|headlined|slogan|hashtag|nicknamed)\s*,?\s*$/iu
/** Words that introduce a term or a rating rather than someone's words. */
const TERM_INTRO =
  /(?:known as|so-called|dubbed|nicknamed|termed|\b(?:newspaper|weekly|daily|magazine|station|channel|radio|broadcaster|agency|site|website|outlet|network|publication|programme|show)|(?:the|a) (?:term|word|phrase|label|name|hashtag|slogan)|\brat(?:e|es|ed|ing)\s+(?:[\p{L}'’-]+\s+){0,3})\s*,?\s*$/iu
const TERM_AFTER = /^\s*(?:rating|grade|label|status|designation|category|score|mark)\b/u
const WORD = /[\p{L}\p{N}]+/gu
const TITLE_WORD = /^(?:\p{Lu}|\d)/u
const MINOR_WORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'and',
  'or',
  'to',
  'in',
  'on',
  'at',
  'for',
  'by',
  'with',
  'from',
  'as',
  'is',
])

export interface Quotation {
  /** Offset of the opening mark, or 0 when the quotation began in an earlier sentence. */
  start: number
  /** Offset after the closing mark, or the sentence's length when it goes on. */
  end: number
  continued: boolean
  unclosed: boolean
}

/** A quotation mark's role, or null for an apostrophe. */
function quoteMark(text: string, i: number, open: string | null): 'open' | 'close' | null {
  const c = text[i]!
  const before = i > 0 ? text[i - 1]! : ' '
  const after = i + 1 < text.length ? text[i + 1]! : ' '
  const letterBefore = /[\p{L}\p{N}]/u.test(before)
  const letterAfter = /[\p{L}\p{N}]/u.test(after)
  switch (c) {
    case '“':
    case '„':
      return open === '“' || open === '„' ? (open === '„' && c === '“' ? 'close' : 'open') : 'open'
    case '”':
      return open ? 'close' : null
    case '«':
      return 'open'
    case '»':
      return open ? 'close' : null
    case '"':
      // `71h 04' 18"`, `6'2"`: seconds and inches. No quotation opens right after a digit.
      if (/\d/u.test(before) && (open === null || /\d['’′]\s?\d+$/u.test(text.slice(Math.max(0, i - 8), i))))
        return null
      return open === '"' ? 'close' : 'open'
    case '‘':
      return letterBefore ? null : open ? null : 'open'
    case '’':
      return open === '‘' && !letterAfter ? 'close' : null
    default:
      return null
  }
}

const MARK = /["“”„«»‘’]/gu

/** The quotations of a sentence; `carried` when a quotation from the sentence before is still open. */
export function findQuotations(
  text: string,
  carried: string | null,
): { quotations: Quotation[]; open: string | null } {
  const quotations: Quotation[] = []
  let open = carried
  let start = 0
  let continued = carried !== null
  const first = text.length - text.trimStart().length
  MARK.lastIndex = 0
  for (let m = MARK.exec(text); m !== null; m = MARK.exec(text)) {
    const i = m.index
    // A quotation running over paragraphs reopens each one with a mark: `"` at the start continues it.
    if (i === first && open === '"' && text[i] === '"' && carried !== null) continue
    const role = quoteMark(text, i, open)
    if (role === 'open' && open === null) {
      open = text[i]!
      start = i
      continued = false
    } else if (role === 'close' && open !== null) {
      quotations.push({ start, end: i + 1, continued, unclosed: false })
      open = null
    } else if (open === null && quotations.length === 0 && i > 0 && (text[i] === '”' || text[i] === '»')) {
      // A closing mark with no opening one: the opening mark was lost, the quotation began before.
      quotations.push({ start: 0, end: i + 1, continued: true, unclosed: false })
    }
  }
  if (open !== null) quotations.push({ start, end: text.length, continued, unclosed: true })
  return { quotations, open }
}

export function inside(quotations: Quotation[], start: number, end: number): boolean {
  for (const q of quotations) if (start >= q.start && end <= q.end) return true
  return false
}

/**
 * Whether quotation marks surround a name, title or term rather than someone's words: `«Kommersant»`,
 * `"Voices of the Delta"`, `a group known as "the Nine"`, `rates the stock "buy"`.
 */
export function isTermQuotation(text: string, q: Quotation): boolean {
  if (q.continued || q.unclosed) return false
  const inner = text.slice(q.start + 1, q.end - 1)
  const words = inner.match(WORD) ?? []
  if (words.length === 0) return true
  const before = text.slice(Math.max(0, q.start - 48), q.start)
  if (QUOTE_INTRO.test(before) || TERM_INTRO.test(before)) return true
  // `a “fair” rating`, `“buy” status`: a grade, not words.
  if (words.length <= 2 && TERM_AFTER.test(text.slice(q.end, q.end + 16))) return true
  // Titles: every word that matters is capitalised ("Voices of the Delta").
  const major = words.filter((w) => !MINOR_WORDS.has(w))
  if (words.length >= 2 && major.length > 0 && major.every((w) => TITLE_WORD.test(w))) return true
  // One capitalised word with no punctuation of its own is a name (`«Kommersant»`), unless it answers
  // something (`said: "Never"`).
  return (
    words.length === 1 && TITLE_WORD.test(words[0]!) && !/[.,!?;:]/u.test(inner) && !/:\s*$/u.test(before)
  )
}

/** Whether a quotation is a direct quote rather than a title or a scare-quoted word. */
export function isDirectQuote(text: string, q: Quotation, hasVerb: boolean): boolean {
  if (q.continued || q.unclosed) return true
  if (isTermQuotation(text, q)) return false
  const words = text.slice(q.start + 1, q.end - 1).match(WORD) ?? []
  // A quotation that is the whole sentence (`“Somebody has them.”`) is someone's words.
  const alone = /^[\s(—–-]*$/u.test(text.slice(0, q.start)) && /^[\s.,!?)—–-]*$/u.test(text.slice(q.end))
  return words.length >= 4 || hasVerb || alone
}
