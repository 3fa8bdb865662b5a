/**
 * Sentence segmentation for news text, following section 1 of the annotation guidelines; the rules
 * are numbered SEG1–SEG12 in `packages/core/SPEC.md` and tests are named after them.
 *
 * One left-to-right scan, no ICU: every line is segmented on its own (SEG1); a leading
 * `date YYYY-MM-DD` is split off (SEG2); then each run of terminators (`.`, `!`, `?`, `…`, `. . .`,
 * other scripts' full stops), with the closing quotes and brackets right after it, is a candidate
 * boundary that {@link endsSentence} accepts or rejects by looking at the word before it and the word
 * after it (SEG3–SEG9). Cost is linear in the text: a paragraph takes a few microseconds.
 */
import { abbreviationKind, continuesTime, isAllCaps, isCitationPart, isSentenceOpener } from './segmentWords'

/** A sentence's place in a text: `[start, end)` in UTF-16 code units, trailing space excluded. */
export interface SentenceSpan {
  start: number
  end: number
}

/** Terminator runs: a spaced ellipsis, or a run of full stops, `!`, `?`, `…` and other scripts' stops. */
const TERMINATORS =
  /(?:\.[ \u00a0]){2,}\.|[.!?…\u3002\uff01\uff1f\uff0e\u203c\u2047-\u2049\u061f\u06d4\u0964\u0965\u0589\u1362\u104b\u17d4]+/gy
const TERMINATOR_SCAN =
  /(?:\.[ \u00a0]){2,}\.|[.!?…\u3002\uff01\uff1f\uff0e\u203c\u2047-\u2049\u061f\u06d4\u0964\u0965\u0589\u1362\u104b\u17d4]+/g
/** Stops of scripts written without spaces between sentences (`他说。她走了。`). */
const UNSPACED_STOP = /[\u3002\uff01\uff1f\uff0e]/
/** Stops of other scripts that always end a sentence. */
const OTHER_STOP =
  /[\u3002\uff01\uff1f\uff0e\u203c\u2047-\u2049\u061f\u06d4\u0964\u0965\u0589\u1362\u104b\u17d4]/
const LINE_BREAK = /[\n\r\v\f\u0085\u2028\u2029]/g
const DATE_METADATA =
  /date:?[ \t\u00a0]+\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?(?=\s)/iy

const CLOSERS = '"\'”’)]}»›'
const QUOTE_CLOSERS = '"\'”’»›'
const OPENERS = '"\'“‘„‚([{«‹¿¡'
const OPENING_QUOTES = '"\'“‘„‚«‹'
const DOUBLE_QUOTES = '"“”„«»'

const LETTER = /\p{L}/u
const UPPER = /\p{Lu}/u
const LOWER = /\p{Ll}/u
const DIGIT = /\p{Nd}/u
const FORMAT = /\p{Cf}/u
/** Symbols that cannot open a sentence: dashes and punctuation that continue one (`Minn. —`, `U.S.C. §`). */
const CONTINUING_SYMBOL = /[\p{Pd}\p{Po}\p{Pc}&§¶%+=<>|~^*/\\]/u
const POSSESSIVE = /['’]s$/
/**
 * A label in capitals before a headline on the same line (`FOR IMMEDIATE RELEASE Qubitry Launches …`,
 * `BREAKING NEWS Storm Hits …`): two or more words in capitals, one of five letters or more, then a
 * capitalised word in lower case.
 */
const KICKER = /(?:\p{Lu}{2,}[ \t\u00a0]+){2,}(?=\p{Lu}\p{Ll})/uy
/** A credit line in brackets at the end of a line: `(Reporting by …; Editing by …)` (SEG9). */
const CREDIT = /[ \t\u00a0]\(\p{Lu}\p{Ll}+(?:[ \t\u00a0]\p{Ll}+)?[ \t\u00a0]by[ \t\u00a0][^()]+\)$/u
const LIST_MARKER = /^(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,5})$/
const URL_OR_EMAIL = /[/@]|www\.|:\/\//i
/** A code or number after `No.`: capitals with a digit or a dash and a digit (`A-26-0311`, `RSV-3104`, `B12`). */
const REGISTRY_CODE = /\p{Lu}{1,6}-?\d/uy

/** The speech verbs of an attribution after a closed quotation (`"Why?" Smith asked.`). */
const SPEECH_VERBS = new Set(
  `said says asked asks added adds told tells wrote writes replied replies explained explains noted
  notes stressed insisted warned shouted answered continued recalled admitted claimed declared
  responded remarked argued suggested concluded laughed joked exclaimed demanded wondered cried yelled
  screamed whispered murmured pleaded urged countered conceded acknowledged observed quipped mused
  tweeted complained protested repeated sighed snapped cautioned emphasized emphasised pressed reminded
  assured challenged`
    .trim()
    .split(/\s+/),
)
/** Pronouns that can be the whole subject of an attribution. */
const PRONOUNS = new Set(['He', 'She', 'They', 'We', 'I', 'It', 'You', 'Everyone', 'Someone', 'Nobody'])
/** Determiners that can open the subject of an attribution (`The mayor said`). */
const DETERMINERS = new Set(['The', 'A', 'An', 'One', 'Another', 'His', 'Her', 'Their', 'Our', 'My', 'Its'])
/**
 * Speech verbs whose object is the hearer (`asked the city's lawyer, Paul Ebner`, `told the board`):
 * whatever follows them is still the attribution, not a new sentence.
 */
const HEARER_VERBS = new Set(
  'asked asks told tells urged urges pressed presses reminded reminds assured assures challenged'.split(' '),
)
/** Words after a speech verb that keep it an attribution (`asked reporters`, `said on Monday`). */
const AFTER_VERB = new Set(
  `reporters journalists me us him her them again then later earlier today yesterday on at in during
  after before from outside via with while when as through over to of by afterwards recently once
  simply only softly quietly aloud back`
    .trim()
    .split(/\s+/),
)

function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    (c > 0x7f &&
      (c === 0x85 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000 ||
        c === 0xfeff))
  )
}

/** End of the word starting at `from`: letters, digits, marks, apostrophes and inner hyphens. */
function wordEnd(text: string, from: number, end: number): number {
  let i = from
  while (i < end) {
    const ch = text[i]!
    const c = ch.charCodeAt(0)
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) i++
    else if (c < 0x80) {
      if ((ch === "'" || ch === '-') && i + 1 < end && LETTER.test(text[i + 1]!)) i++
      else break
    } else if (ch === '’' && i + 1 < end && LETTER.test(text[i + 1]!)) i++
    else if (/[\p{L}\p{M}\p{N}]/u.test(ch)) i++
    else if (c >= 0xd800 && c <= 0xdbff && /[\p{L}\p{N}]/u.test(text.slice(i, i + 2))) i += 2
    else break
  }
  return i
}

/** What comes after a candidate boundary. */
interface Next {
  /** Where the word starts, after any opening quotes or brackets. */
  at: number
  opened: boolean
  /**
   * `lower`: a lower-case word (continues the sentence); `upper`: capitalised, a name in camel case
   * (`iPhone`, `eBay`), dot-led (`.NET`) or a letter of a caseless script; `digit`; `continuing`: a
   * dash or other punctuation that cannot open a sentence; `other`: any other symbol (`$`, emoji).
   */
  kind: 'lower' | 'upper' | 'digit' | 'continuing' | 'other'
  word: string
  /** The word is a single letter followed by a period: an initial (`M. J. Kaur`, `R. Civ.`). */
  initial: boolean
  /** The character after the word and any spaces. */
  after: string
  /** The word after that begins in lower case. */
  thenLower: boolean
}

function nextAt(text: string, from: number, end: number): Next {
  let at = from
  while (at < end && (OPENERS.includes(text[at]!) || FORMAT.test(text[at]!))) at++
  const opened = at > from
  const cp = text.codePointAt(at)
  const ch = cp === undefined ? '' : String.fromCodePoint(cp)
  let kind: Next['kind'] = 'other'
  let wordStart = at
  if (ch === '.' && UPPER.test(text[at + 1] ?? '')) {
    kind = 'upper'
    wordStart = at + 1
  } else if (LOWER.test(ch)) kind = 'lower'
  // Capitals, and letters of caseless scripts (Arabic, Hebrew, CJK), may open a sentence.
  else if (LETTER.test(ch)) kind = 'upper'
  else if (DIGIT.test(ch)) kind = 'digit'
  else if (ch !== '' && CONTINUING_SYMBOL.test(ch)) kind = 'continuing'
  const e = wordEnd(text, wordStart, end)
  const word = text.slice(wordStart, e)
  // `iPhone`, `eBay`: a capital inside the word makes it a name that may open a sentence; a letter
  // with no upper-case form (caseless scripts written in Ll) cannot signal a continuation either.
  if (kind === 'lower' && (UPPER.test(word) || ch.toUpperCase() === ch)) kind = 'upper'
  const initial = e - wordStart === 1 && kind === 'upper' && text[e] === '.'
  let a = e
  while (a < end && isSpace(text.charCodeAt(a))) a++
  const after = text[a] ?? ''
  let b = a
  while (b < end && OPENERS.includes(text[b]!)) b++
  const thenLower = a > e && LOWER.test(text[b] ?? '') && !UPPER.test(text.slice(b, wordEnd(text, b, end)))
  return { at, opened, kind, word, initial, after, thenLower }
}

/** The word before the period at `dot`: letters and inner dots back to a space or opening mark. */
function wordBefore(text: string, segStart: number, dot: number): { word: string; start: number } {
  let s = dot
  while (s > segStart && !isSpace(text.charCodeAt(s - 1))) s--
  while (s < dot && !/[\p{L}\p{N}]/u.test(text[s]!)) s++
  return { word: text.slice(s, dot), start: s }
}

/**
 * Whether the sentence before the closing quote opened as a quotation (or has no double quote of its
 * own, continuing a quotation of several sentences): only then can an attribution follow it.
 * `He said that "it is over." The Kremlin said nothing.` is two sentences.
 */
function isWholeQuotation(text: string, segStart: number, end: number): boolean {
  let i = segStart
  while (i < end && (text[i] === '(' || text[i] === '[')) i++
  if (OPENING_QUOTES.includes(text[i]!)) return true
  for (let j = segStart; j < end; j++) if (DOUBLE_QUOTES.includes(text[j]!)) return false
  return true
}

/**
 * Whether the text at `from` is an attribution (SEG6): a subject of a pronoun, a determiner or a
 * possessive and up to four words (`Odran's manager Fergal Mulrooney`), or up to five capitalised
 * words (`Dr. Lena Ortiz`), then a speech verb that ends the
 * sentence or is followed by its hearer or a time or place (`Zebrowski asked reporters.`).
 */
function isAttribution(text: string, from: number, end: number): boolean {
  let i = from
  const read = (): string => {
    while (i < end && isSpace(text.charCodeAt(i))) i++
    const s = i
    i = wordEnd(text, i, end)
    // Titles and initials in the speaker's name (`Dr. Lena Ortiz`, `M. J. Kaur`).
    if (text[i] === '.' && i > s && i - s <= 4 && UPPER.test(text[s]!)) i++
    return text.slice(s, i)
  }
  const first = read()
  if (first === '') return false
  let word = first
  if (!PRONOUNS.has(first)) {
    // A determiner may lead lower-case words (`The official`); without one the subject is a name.
    const determiner = DETERMINERS.has(first) || POSSESSIVE.test(first)
    if (!determiner && !UPPER.test(first[0]!)) return false
    for (let words = 1; ; words++) {
      if (text[i] === ',' || i >= end) return false
      word = read()
      if (word === '' || SPEECH_VERBS.has(word) || word.endsWith('ly')) break
      if (words >= 5 || (!determiner && !UPPER.test(word[0]!))) return false
    }
  } else word = read()
  if (word.endsWith('ly')) word = read()
  if (!SPEECH_VERBS.has(word)) return false
  while (i < end && isSpace(text.charCodeAt(i))) i++
  if (i >= end || '.!?,;:…'.includes(text[i]!)) return true
  if (HEARER_VERBS.has(word)) return true
  const then = read()
  return AFTER_VERB.has(then) || then.endsWith('ly')
}

/**
 * Whether the bracket opening at `from` sits inside a sentence: what follows its closing bracket
 * continues one (`Qubitry Ltd. (NASDAQ: QBTY), a maker`). Quotes and unclosed brackets do not.
 */
function bracketInSentence(text: string, from: number, end: number): boolean {
  const open = text[from]
  const close = open === '(' ? ')' : open === '[' ? ']' : ''
  if (close === '') return false
  const at = text.indexOf(close, from + 1)
  if (at < 0 || at >= end) return false
  let i = at + 1
  while (i < end && isSpace(text.charCodeAt(i))) i++
  return i < end && (LOWER.test(text[i]!) || ',;:—–-'.includes(text[i]!))
}

/**
 * Whether a sentence that began at `segStart` ends after the terminators `[stop, stopEnd)` and the
 * closing marks up to `closeEnd`, given the text after the whitespace at `next` (SEG3–SEG9).
 */
function endsSentence(
  text: string,
  segStart: number,
  stop: number,
  stopEnd: number,
  closeEnd: number,
  next: number,
  end: number,
): boolean {
  const n = nextAt(text, next, end)
  // SEG4, SEG6, SEG8: a lower-case word continues the sentence (`"Why?" he asked.`, `waited... and`).
  if (n.kind === 'lower') return false
  const closers = closeEnd > stopEnd
  const quoted = closers && QUOTE_CLOSERS.includes(text[closeEnd - 1]!)
  // SEG6: `“Why now?” Zebrowski asked reporters.` is one sentence.
  if (quoted && !n.opened && n.kind === 'upper' && isWholeQuotation(text, segStart, stop)) {
    if (isAttribution(text, n.at, end)) return false
  }
  const run = text.slice(stop, stopEnd)
  if (run.includes('?') || run.includes('!') || OTHER_STOP.test(run)) return n.kind !== 'continuing'
  if (run.includes('…') || run.length >= 3) {
    // SEG8: an ellipsis ends a sentence before a capitalised word or an opening quote.
    return n.kind === 'upper' || (n.opened && n.kind !== 'continuing')
  }

  // A single period: the word before it decides (SEG4), with what follows.
  const { word, start } = wordBefore(text, segStart, stop)
  if (n.kind === 'continuing') return false
  if (stopEnd - stop === 1 && LIST_MARKER.test(word)) {
    // A list marker (`1.`, `a.`, `IV.`) at the start of a sentence or after a colon stays with its item.
    let p = start
    while (p > segStart && isSpace(text.charCodeAt(p - 1))) p--
    if (p === segStart || text[p - 1] === ':' || text[p - 1] === ';') return false
  }
  let kind = word === '' ? null : abbreviationKind(word)
  // `41 degrees C.`, `98.6 F.`: a capital after a number is a unit, not a name's initial.
  if (
    kind === 'initial' &&
    /(?:\d|\bdegrees?|°)\s*$/u.test(text.slice(Math.max(segStart, start - 12), start))
  )
    kind = 'final'
  // `10 Downing St.`, `Elm St.`: after a capitalised word `St.` is a street, not a saint, and may end a
  // sentence like `Ave.`; `in St. Louis` stays a name.
  if (word === 'St') {
    const before = /(\p{Lu}[\p{L}'’-]*)\s+$/u.exec(text.slice(Math.max(segStart, start - 24), start))
    if (before !== null && !isSentenceOpener(before[1]!)) kind = 'final'
  }
  // `Washington, D.C.`, `Austin, Tex.`: a place after a comma ends its phrase, like `Inc.`.
  if (kind === 'name' && start >= 2 && text[start - 2] === ',' && text[start - 1] === ' ') kind = 'final'
  const opener = n.kind === 'upper' && isSentenceOpener(n.word) && !n.initial
  switch (kind) {
    case null:
      // `Fed. R. Civ. P.`: a short capitalised word before an initial is part of a citation.
      if (n.initial && word.length <= 4 && UPPER.test(word[0] ?? '')) return false
      // SEG13: `188 Ard. App. 3d`, `(Ardel Super. Ct.)`: a short capitalised word before a court
      // reporter's or court's abbreviation is part of the citation.
      if (word.length <= 6 && UPPER.test(word[0] ?? '') && isCitationWord(text, n)) return false
      return true
    case 'title':
    case 'prefix':
      return closers
    case 'number':
      // SEG13: `No. A-26-0311`, `trial no. RSV-3104`: a registry code continues like a number.
      if (n.kind === 'upper') {
        REGISTRY_CODE.lastIndex = n.at
        if (REGISTRY_CODE.test(text)) return false
      }
      return n.kind !== 'digit'
    case 'initial':
    case 'name':
      if (n.kind === 'digit' || n.initial) return false
      return closers || opener || (n.opened && !bracketInSentence(text, next, end))
    case 'final':
    case 'month':
    case 'time':
      if (n.kind === 'digit' || n.initial) return false
      if (closers || opener) return true
      if (n.opened) return !bracketInSentence(text, next, end)
      // `… Holdings Inc. Shares fell`, `until 9 p.m. Police said`: a capitalised word followed by a
      // lower-case one opens a sentence; `p.m. Monday`, `Inc. Chief Executive Ana Ruiz` continue.
      if (n.kind !== 'upper' || !n.thenLower || isAllCaps(n.word)) return false
      return kind !== 'time' || !continuesTime(n.word)
  }
}

/** Whether the next word is a court reporter's or court's abbreviation (`App.`, `Ct.`, `Supp.`). */
function isCitationWord(text: string, n: Next): boolean {
  return n.kind === 'upper' && text[n.at + n.word.length] === '.' && isCitationPart(n.word)
}

/**
 * Whether a terminator glued to the next word (no space) ends a sentence: `breaches.American`,
 * `2021.The` (two lower-case letters or digits, one `.`/`!`/`?`, a capitalised word), outside URLs,
 * e-mail addresses and abbreviations (`U.S.Army`, `Node.js`, `ASP.NET`).
 */
function isGluedBoundary(
  text: string,
  segStart: number,
  stop: number,
  stopEnd: number,
  next: number,
  end: number,
) {
  if (stopEnd - stop !== 1 || text[stop] === '…' || stop - 2 < segStart) return false
  if (!/^[\p{Ll}\d]{2}$/u.test(text.slice(stop - 2, stop))) return false
  if (!/^\p{Lu}\p{Ll}/u.test(text.slice(next, next + 2))) return false
  let ws = stop
  while (ws > segStart && !isSpace(text.charCodeAt(ws - 1))) ws--
  let we = next
  while (we < end && !isSpace(text.charCodeAt(we))) we++
  if (URL_OR_EMAIL.test(text.slice(ws, we))) return false
  if (text[stop] !== '.') return true
  let w = stop
  while (w > ws && /[\p{L}.]/u.test(text[w - 1]!)) w--
  return abbreviationKind(text.slice(w, stop)) === null
}

/** Segments `[from, to)`, a text without line breaks, into `out`. */
function segmentLine(text: string, from: number, to: number, out: SentenceSpan[]): void {
  let start = from
  let end = to
  while (start < end && isSpace(text.charCodeAt(start))) start++
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--
  if (start === end) return
  let segStart = start
  // SEG2: leading `date 2025-06-02` metadata is a segment of its own.
  if (text.charCodeAt(start) === 0x64 || text.charCodeAt(start) === 0x44) {
    DATE_METADATA.lastIndex = start
    const m = DATE_METADATA.exec(text)
    if (m !== null && start + m[0].length < end) {
      const e = start + m[0].length
      out.push({ start, end: e })
      segStart = e
      while (isSpace(text.charCodeAt(segStart))) segStart++
    }
  }
  // SEG2: a label in capitals before the headline (`FOR IMMEDIATE RELEASE`) is metadata too.
  KICKER.lastIndex = segStart
  const kicker = KICKER.exec(text)
  if (kicker !== null && /\p{Lu}{5}/u.test(kicker[0])) {
    let e = segStart + kicker[0].length
    while (isSpace(text.charCodeAt(e - 1))) e--
    out.push({ start: segStart, end: e })
    segStart = segStart + kicker[0].length
  }
  // SEG9: a credit line in brackets at the end of the line is a segment of its own.
  const credit = end - segStart > 12 ? CREDIT.exec(text.slice(Math.max(segStart, end - 300), end)) : null
  if (credit !== null) {
    const creditStart = end - credit[0].length + 1
    let e = creditStart
    while (e > segStart && isSpace(text.charCodeAt(e - 1))) e--
    if (e > segStart) segmentSentences(text, segStart, e, out)
    out.push({ start: creditStart, end })
  } else segmentSentences(text, segStart, end, out)
}

/** Segments `[segStart, end)`, trimmed and without line breaks, into sentences (SEG3–SEG9). */
function segmentSentences(text: string, segStart: number, end: number, out: SentenceSpan[]): void {
  TERMINATOR_SCAN.lastIndex = segStart
  for (;;) {
    const m = TERMINATOR_SCAN.exec(text)
    if (m === null || m.index >= end) break
    const stop = m.index
    const stopEnd = Math.min(stop + m[0].length, end)
    let closeEnd = stopEnd
    while (closeEnd < end && CLOSERS.includes(text[closeEnd]!)) closeEnd++
    // Terminators again after the closers (`"Go."!`) belong to the same run.
    TERMINATORS.lastIndex = closeEnd
    if (closeEnd > stopEnd && TERMINATORS.test(text)) {
      TERMINATOR_SCAN.lastIndex = closeEnd
      continue
    }
    let next = closeEnd
    while (next < end && isSpace(text.charCodeAt(next))) next++
    TERMINATOR_SCAN.lastIndex = Math.max(closeEnd, stopEnd)
    if (next >= end) break
    if (stop <= segStart) continue
    let boundary: boolean
    if (next === closeEnd) {
      boundary = UNSPACED_STOP.test(text[stopEnd - 1]!)
        ? true
        : isGluedBoundary(text, segStart, stop, stopEnd, next, end)
    } else boundary = endsSentence(text, segStart, stop, stopEnd, closeEnd, next, end)
    if (boundary) {
      out.push({ start: segStart, end: closeEnd })
      segStart = next
    }
  }
  out.push({ start: segStart, end })
}

/**
 * Splits a text of news into sentences (the segments of the annotation guidelines, section 1).
 * Offsets are UTF-16 code units into `text`, leading and trailing whitespace excluded; a blank text
 * has none. Every line break ends a segment; the segments tile the text in order with only
 * whitespace between them. The rules are SEG1–SEG12 of `packages/core/SPEC.md`. Linear in the
 * text's length and never throws.
 * @example
 * splitSentences('"Why?" he asked. Gen. Smith left at 5 p.m. The U.S. Army stayed.')
 * // → [{ start: 0, end: 16 }, { start: 17, end: 42 }, { start: 43, end: 64 }]
 */
export function splitSentences(text: string): SentenceSpan[] {
  const out: SentenceSpan[] = []
  if (typeof text !== 'string' || text.length === 0) return out
  LINE_BREAK.lastIndex = 0
  let lineStart = 0
  for (let m = LINE_BREAK.exec(text); m !== null; m = LINE_BREAK.exec(text)) {
    segmentLine(text, lineStart, m.index, out)
    lineStart = m.index + 1
  }
  segmentLine(text, lineStart, text.length, out)
  return out
}
