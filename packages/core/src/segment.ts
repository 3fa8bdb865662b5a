/**
 * Sentence segmentation for news text.
 *
 * `Intl.Segmenter` (ICU, Unicode UAX #29) proposes the breaks; the rules below repair what it gets
 * wrong on news copy. Rules, in the order they are tried at each proposed break:
 *
 * 1. A break with no whitespace before it is kept only for two glued sentences
 *    (`breaches.American`): two lowercase letters or digits, `.`/`!`/`?`, then a capitalised word,
 *    outside URLs and e-mail addresses. Otherwise (`a?b=C` in a URL, `Yahoo!News`) it is dropped.
 * 2. A break before a lowercase word is dropped: `"Why?" he asked.` is one sentence.
 * 3. A break after a closing quote before a short attribution (`"Why?" Smith asked.`) is dropped.
 * 4. A bare ellipsis (`...`, `…`, `. . .`) does not end a sentence; in AP style an ellipsis marks
 *    omitted words and a sentence that ends before it takes a fourth dot (`....`). So
 *    `that... The reason` is one sentence, `that.... The reason` two. An ellipsis followed by a
 *    closing quote or bracket and then a capital does end it: `“I wonder…” The man left.`
 * 5. After a period, the word before it decides: titles (`Mr.`, `Gen.`, `Sen.`) and `e.g.`, `i.e.`,
 *    `vs.`, `v.` never end a sentence; `No.`, `Fig.` do not before a number; months do not before a
 *    number; abbreviations that may end one (`U.S.`, `Inc.`, `Jr.`, `a.m.`, `etc.`, initials like
 *    `F.` and `J.R.R.`) do only before a closing quote or bracket, an opening quote, or a common
 *    sentence-opening word (`The`, `He`, `But`, ...). A list marker (`1.`, `a.`, `IV.`) at the start of
 *    a sentence or after a colon stays with the item it numbers.
 * 6. Closing quotes and brackets stay with the sentence they close, opening ones with the sentence they
 *    open; a quotation of several sentences is split into its sentences.
 * 7. Sentences end only at terminal punctuation, so a headline without any is one sentence. Text after the
 *    last one that has none of its own joins the previous sentence when it is at most three words
 *    (page furniture such as `... Putin. Share`, "Read more"); longer, it is a sentence of its own.
 */

/** A sentence's place in a text: `[start, end)` in UTF-16 code units, trailing space excluded. */
export interface SentenceSpan {
  start: number
  end: number
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' })

const DEBRIS_MAX_WORDS = 3
const CHUNK_LENGTH = 2000
const TERMINATOR_CUT = /[.!?…]["'”’)\]]*\s+(?![.!?…])/
const SPACE_CUT = /\s+/

const CLOSERS = new Set(['"', "'", '”', '’', ')', ']', '}', '»', '›'])
const OPENERS = new Set(['"', "'", '“', '‘', '„', '‚', '(', '[', '{', '«', '‹', '¿', '¡'])
const QUOTES = new Set(['"', "'", '”', '’', '»', '›'])
const OPENING_QUOTES = new Set(['"', "'", '“', '‘', '„', '‚', '«', '‹'])
const DOUBLE_QUOTES = new Set(['"', '“', '”', '„', '«', '»'])

/** Abbreviations that come before a name and never end a sentence. */
const TITLES = new Set(
  (
    'Mr Mrs Ms Messrs Mmes Dr Drs Prof Gen Sen Sens Rep Reps Gov Lt Col Sgt Capt Cpl Maj Adm Cmdr Cdr ' +
    'Brig Pvt Rev Hon Pres Supt Insp Det Atty Fr Mt Ft'
  ).split(' '),
)
/** Abbreviations that are always followed by more of the same sentence. */
const CONTINUING = new Set(['e.g', 'i.e', 'vs', 'v', 'cf', 'viz', 'a.k.a', 'approx', 'incl', 'esp'])
/** Abbreviations that stay in the sentence when a number follows (`No. 1`, `Fig. 3`). */
const BEFORE_NUMBER = new Set(
  'No Nos no Art Vol Vols Fig Figs p pp para Ch ch Sec Ref Nr Tel tel ca c'.split(' '),
)
const MONTHS = new Set('Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec'.split(' '))
/** Abbreviations that may end a sentence as well as continue it. */
const AMBIGUOUS = new Set(
  (
    'Jr Sr Inc Corp Co Cos Ltd Bros Plc Assn Dept Univ Ave Blvd Rd St Ste etc ' +
    // AP-style state abbreviations
    'Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md Mass Mich Minn Miss Mo Mont Neb Nev ' +
    'Okla Ore Pa Tenn Tex Va Vt Wash Wis Wyo'
  ).split(' '),
)
/**
 * Closed-class words that open sentences. After an ambiguous abbreviation (`the U.S. The Kremlin`)
 * one of these signals a new sentence; a name (`the U.S. Army`) does not.
 */
const SENTENCE_OPENERS = new Set(
  (
    'The A An This That These Those It Its He She They We I You His Her Their Our My Your There Here ' +
    'But And Or So Yet Nor In On At By For From With Without To Of As If When While After Before Since ' +
    'Although Though Because However Meanwhile Moreover Also Still Then Now Thus Instead Later Earlier ' +
    'Yesterday Today According Some Many Most Several Both All Each Such No Not Only Even What Who Why ' +
    'How Where Which Despite During Among Last Next Nonetheless Nevertheless Furthermore Nobody None ' +
    'Everyone Everybody Everything Someone Somebody Something Nothing Neither Either'
  ).split(' '),
)

const LIST_MARKER = /^(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,5})$/
const ACRONYM = /^(?:\p{L}{1,2}\.)+\p{L}{1,2}$/u
const SINGLE_CAPITAL = /^\p{Lu}$/u
const LOWER = /\p{Ll}/u
const UPPER = /\p{Lu}/u
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u
const ATTRIBUTION =
  /(?:(?:He|She|They|We|I|It)\s+|(?:(?:The|A|An)\s+)?(?:\p{Lu}[\p{L}'’.-]*\s+){1,4}|(?:The|A|An)\s+(?:\p{L}[\p{L}'’-]*\s+){1,3})(?:said|says|asked|asks|added|adds|told|tells|wrote|writes|replied|replies|explained|noted|stressed|insisted|warned|shouted|answered|continued|recalled|admitted|claimed|declared|responded|remarked|argued|suggested|concluded|laughed|joked|exclaimed|demanded|wondered)(?:\s+[\p{L}\p{N}'’,-]+){0,3}[.!?]["'”’)]*(?:\s|$)/uy
const GLUED = /[\p{Ll}\d]{2}[.!?][”’)\]]*(?=\p{Lu}\p{Ll})/gu
const ELLIPSIS_CLOSED = /…[”’"')\]]+\s+(?=\p{Lu})/gu
const BEFORE_DIGIT_OR_CAMEL_CASE = /[.!?]["'”’)\]]*\s+(?=\d|\p{Ll}+\p{Lu})/gu

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

function isTerminator(c: number): boolean {
  return c === 0x2e || c === 0x21 || c === 0x3f || c === 0x2026
}

/**
 * Whether ICU could break anywhere before `last` (the start of the final run of terminators).
 * It breaks only after `.` `!` `?`, other scripts' full stops and line separators; when none occur
 * the paragraph is one sentence and ICU need not run (most news paragraphs of one sentence).
 */
function mayBreak(text: string, start: number, last: number): boolean {
  for (let i = start; i < last; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x370) {
      if (c === 0x2e || c === 0x21 || c === 0x3f || c === 10 || c === 13 || c === 0x85) return true
    } else if (
      c === 0x2026 ||
      // Cyrillic, general punctuation and currency signs hold no sentence terminator but … and ‼ ⁇ ⁈ ⁉.
      !(
        (c >= 0x400 && c <= 0x52f) ||
        (c >= 0x2000 && c <= 0x2027) ||
        (c >= 0x2030 && c <= 0x203b) ||
        (c >= 0x204a && c <= 0x20cf)
      )
    )
      return true
  }
  return false
}

/** Start of the trailing run of terminators, closers and spaces before `end`. */
function finalRunStart(text: string, start: number, end: number): number {
  let i = end
  while (i > start) {
    const c = text.charCodeAt(i - 1)
    if (isTerminator(c) || isSpace(c) || CLOSERS.has(text[i - 1]!)) i--
    else break
  }
  return i
}

/** Whether the text before `end` closes with terminal punctuation, closing quotes allowed. */
function endsWithTerminator(text: string, start: number, end: number): boolean {
  let i = end
  while (i > start && CLOSERS.has(text[i - 1]!)) i--
  if (i === start) return false
  const c = text.charCodeAt(i - 1)
  return isTerminator(c) || c === 0x3002 || c === 0xff01 || c === 0xff1f || (c >= 0x203c && c <= 0x2049)
}

function countWords(text: string, start: number, end: number): number {
  let words = 0
  let inWord = false
  for (let i = start; i < end; i++) {
    const space = isSpace(text.charCodeAt(i))
    if (!space && !inWord) words++
    inWord = !space
  }
  return words
}

type Terminal = 'stop' | 'period' | 'ellipsis'

/** Classifies a run of terminators: `?`/`!` stop; three dots are an ellipsis; else a period. */
function terminalKind(run: string): Terminal {
  if (run.includes('?') || run.includes('!')) return 'stop'
  const dots = run.replaceAll(' ', '')
  return dots === '...' || dots === '…' ? 'ellipsis' : 'period'
}

type Abbreviation = 'title' | 'continuing' | 'number' | 'month' | 'ambiguous'

function abbreviationKind(word: string): Abbreviation | null {
  // "I." ends sentences ("Neither do I.") far more often than it is a middle initial.
  if (word === 'I') return null
  if (CONTINUING.has(word)) return 'continuing'
  if (TITLES.has(word)) return 'title'
  if (BEFORE_NUMBER.has(word)) return 'number'
  if (MONTHS.has(word)) return 'month'
  if (AMBIGUOUS.has(word) || ACRONYM.test(word) || SINGLE_CAPITAL.test(word)) return 'ambiguous'
  return null
}

/** The word starting at `from`, up to the next space or punctuation other than `.'’-`. */
function wordAt(text: string, from: number): string {
  let i = from
  while (i < text.length) {
    const ch = text[i]!
    if (LETTER_OR_DIGIT.test(ch) || ch === "'" || ch === '’' || ch === '-' || ch === '.') i++
    else break
  }
  return text.slice(from, i)
}

type NextCase = 'lower' | 'upper' | 'digit' | 'other'

function caseOf(word: string): NextCase {
  const first = word[0]
  if (first === undefined) return 'other'
  if (first >= '0' && first <= '9') return 'digit'
  // `iPhone`, `eBay`: a capital inside the word makes it a name, not a continuation.
  if (LOWER.test(first)) return UPPER.test(word) ? 'upper' : 'lower'
  return UPPER.test(first) ? 'upper' : 'other'
}

/** Whether a break with no space before it separates two glued sentences (`breaches.American`). */
function isGluedBreak(text: string, segStart: number, leftEnd: number, rightStart: number): boolean {
  let t = leftEnd
  while (t > segStart && '”’)]'.includes(text[t - 1]!)) t--
  if (t - 3 < segStart || !isTerminator(text.charCodeAt(t - 1)) || text[t - 1] === '…') return false
  const before = text.slice(t - 3, t - 1)
  if (!/^[\p{Ll}\d]{2}$/u.test(before)) return false
  if (!/^\p{Lu}\p{Ll}/u.test(text.slice(rightStart, rightStart + 2))) return false
  let ws = t - 1
  while (ws > segStart && !isSpace(text.charCodeAt(ws - 1))) ws--
  let we = rightStart
  while (we < text.length && !isSpace(text.charCodeAt(we))) we++
  const token = text.slice(ws, we)
  if (/[/@]|www\.|:\/\//i.test(token)) return false
  let wordStart = t - 1
  while (wordStart > ws && /[\p{L}.]/u.test(text[wordStart - 1]!)) wordStart--
  return abbreviationKind(text.slice(wordStart, t - 1)) === null
}

/**
 * Whether the sentence `[segStart, end)` is all quotation: it opens with a quote, or (a quotation of
 * several sentences) it has no double quote of its own. Only then can an attribution follow it
 * (`"Why?" Smith asked.`); `He said that "it is over." The Kremlin said.` is two sentences.
 */
function isWholeQuotation(text: string, segStart: number, end: number): boolean {
  if (OPENING_QUOTES.has(text[segStart]!)) return true
  for (let i = segStart; i < end; i++) if (DOUBLE_QUOTES.has(text[i]!)) return false
  return true
}

/**
 * Decides whether the sentence that began at `segStart` ends before `rightStart`
 * (a break proposed by ICU or by the glued-sentence and closed-ellipsis scans).
 */
function keepBreak(text: string, segStart: number, rightStart: number): boolean {
  let leftEnd = rightStart
  while (leftEnd > segStart && isSpace(text.charCodeAt(leftEnd - 1))) leftEnd--
  if (leftEnd <= segStart) return false
  if (leftEnd === rightStart) return isGluedBreak(text, segStart, leftEnd, rightStart)

  let t = leftEnd
  while (t > segStart && CLOSERS.has(text[t - 1]!)) t--
  const closers = t < leftEnd
  let r = t
  while (r > segStart) {
    const c = text.charCodeAt(r - 1)
    if (isTerminator(c)) r--
    else if (c === 32 && r - 2 >= segStart && text[r - 2] === '.' && text[r] === '.') r--
    else break
  }
  // ICU broke for a reason these rules do not cover (a line separator, another script's full stop).
  if (r === t) return true
  const kind = terminalKind(text.slice(r, t))

  let w = rightStart
  while (w < text.length && OPENERS.has(text[w]!)) w++
  const opened = w > rightStart
  const next = wordAt(text, w)
  const nextCase = caseOf(next)
  if (nextCase === 'lower') return false

  if (closers && QUOTES.has(text[leftEnd - 1]!) && isWholeQuotation(text, segStart, t)) {
    ATTRIBUTION.lastIndex = rightStart
    if (ATTRIBUTION.test(text)) return false
  }
  if (kind === 'ellipsis') return closers && nextCase === 'upper'
  if (kind === 'stop') return true

  let ws = r
  while (ws > segStart && !isSpace(text.charCodeAt(ws - 1))) ws--
  while (ws < r && !LETTER_OR_DIGIT.test(text[ws]!)) ws++
  const word = text.slice(ws, r)
  if (t - r === 1 && LIST_MARKER.test(word)) {
    let p = ws
    while (p > segStart && isSpace(text.charCodeAt(p - 1))) p--
    if (p === segStart || text[p - 1] === ':' || text[p - 1] === ';') return false
  }
  switch (abbreviationKind(word)) {
    case 'continuing':
      return false
    case 'title':
      return closers
    case 'number':
      return nextCase !== 'digit'
    case 'month':
      if (nextCase === 'digit') return false
      return closers || opened || SENTENCE_OPENERS.has(next)
    case 'ambiguous':
      if (closers || opened) return true
      if (nextCase === 'digit') return false
      return SENTENCE_OPENERS.has(next)
    case null:
      return true
  }
}

/**
 * The breaks ICU proposes in `[start, end)`. V8's segment iterator slows down quadratically on long
 * strings (a 100,000-character paragraph takes seconds), so a long paragraph goes to ICU in chunks
 * of 2,000 to 4,000 characters, cut after a terminator and its spaces where possible (that cut is
 * proposed as a break for {@link keepBreak} to judge like any other), else at a space.
 */
function icuBreaks(text: string, start: number, end: number): number[] {
  const breaks: number[] = []
  let from = start
  while (from < end) {
    let to = end
    let proposed = false
    if (end - from > CHUNK_LENGTH) {
      const window = text.slice(from + CHUNK_LENGTH, from + 2 * CHUNK_LENGTH)
      let cut = TERMINATOR_CUT.exec(window)
      proposed = cut !== null
      cut ??= SPACE_CUT.exec(window)
      if (cut !== null) to = Math.min(end, from + CHUNK_LENGTH + cut.index + cut[0].length)
      else to = Math.min(end, from + 2 * CHUNK_LENGTH)
    }
    const chunk = from === 0 && to === text.length ? text : text.slice(from, to)
    for (const s of segmenter.segment(chunk)) if (s.index > 0) breaks.push(from + s.index)
    // A cut at a plain space is not a sentence break; one after a terminator is proposed like ICU's.
    if (to < end && proposed) breaks.push(to)
    from = to
  }
  return breaks
}

/**
 * Adds breaks ICU does not propose: glued sentences, an ellipsis closed by a quote, and a sentence
 * that opens with a number or a name in camel case (`iPhone`), which ICU takes for a continuation
 * because a lowercase letter follows.
 */
function extraBreaks(text: string, breaks: number[]): void {
  const before = breaks.length
  if (text.includes('…')) {
    for (const m of text.matchAll(ELLIPSIS_CLOSED)) breaks.push(m.index + m[0].length)
  }
  for (const m of text.matchAll(GLUED)) breaks.push(m.index + m[0].length)
  for (const m of text.matchAll(BEFORE_DIGIT_OR_CAMEL_CASE)) breaks.push(m.index + m[0].length)
  if (breaks.length > before) breaks.sort((a, b) => a - b)
}

/**
 * Splits one paragraph of news text into sentences. Offsets are UTF-16 code units into `text`,
 * leading and trailing whitespace excluded; an empty or blank paragraph has no sentences.
 * The rules (abbreviations, initials, quotations, ellipses, headlines) are listed at the top of
 * segment.ts. Fast enough to run on every edit: one paragraph costs a few microseconds.
 * @example
 * splitSentences('"Why?" he asked. Gen. Smith left at 5 p.m. The U.S. Army stayed.')
 * // → [{ start: 0, end: 16 }, { start: 17, end: 42 }, { start: 43, end: 64 }]
 */
export function splitSentences(text: string): SentenceSpan[] {
  let start = 0
  let end = text.length
  while (start < end && isSpace(text.charCodeAt(start))) start++
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--
  if (start === end) return []
  if (!mayBreak(text, start, finalRunStart(text, start, end))) return [{ start, end }]

  const breaks = icuBreaks(text, start, end)
  extraBreaks(text, breaks)

  const spans: SentenceSpan[] = []
  let segStart = start
  let previous = -1
  for (let b of breaks) {
    while (b < end && isSpace(text.charCodeAt(b))) b++
    if (b === previous || b <= segStart || b >= end) continue
    previous = b
    if (!keepBreak(text, segStart, b)) continue
    let e = b
    while (isSpace(text.charCodeAt(e - 1))) e--
    spans.push({ start: segStart, end: e })
    segStart = b
  }
  spans.push({ start: segStart, end })

  const last = spans[spans.length - 1]!
  if (
    spans.length > 1 &&
    !endsWithTerminator(text, last.start, last.end) &&
    countWords(text, last.start, last.end) <= DEBRIS_MAX_WORDS
  ) {
    spans.pop()
    spans[spans.length - 1]!.end = end
  }
  return spans
}
