/**
 * Rule-based attribution suggestions: which source types a sentence of news text cites.
 *
 * The detector finds cues in each sentence (reporting verbs, `according to`, quotation marks and the
 * phrases that can be a source), groups the source phrases that belong together (`Kremlin spokesman
 * Dmitry Peskov` is one spokesperson, `officials at the Pentagon` one anonymous source), and then
 * pairs every reporting verb with its subject:
 *
 * 1. `according to`, `citing`, `quoted` and a passive `... by X` take the source after them;
 * 2. a verb right after a quotation or a comma (`", said Marta Lindqvist`) takes the source after it;
 * 3. otherwise the verb takes the nearest source before it in the sentence (the subject, possibly
 *    separated by an apposition: `Smith, who chairs the union, said`).
 *
 * The source's kind gives the label; a pronoun subject (`He added`) continues the previous attributed
 * sentence's source. A verb without a source (`it was said`) or a source without a verb suggests
 * nothing, which keeps precision up. A direct quotation suggests `quote`; a sentence that only
 * continues a quotation takes the speaker of the sentence before (or after) it.
 * Everything is pure string work with regular expressions compiled once.
 */

import {
  AFFILIATION_GAP,
  AFTER_QUOTE,
  ANONYMITY_CLAUSE,
  ANONYMITY_SPEECH,
  APPOSITION,
  BRAND,
  CALLED,
  CAPITALISED,
  CAPITALISED_TOKEN,
  CHANNEL_BEFORE,
  CLAUSE_END,
  CLAUSE_JOIN,
  COORDINATED,
  CREDIT_LINE,
  collect,
  DATA,
  DECLARED_ACT,
  DOCUMENT,
  FORECAST_VERB,
  FORECAST_WORDS,
  FORECASTS_COMPARED,
  FORWARD_BEFORE,
  FORWARD_VERBS,
  HAS_BRAND,
  IN_MEDIUM,
  INVERTED,
  LEFT_GAP,
  MAX_FORWARD_DISTANCE,
  MAX_SUBJECT_DISTANCE,
  NAME_AHEAD,
  NON_ATTRIBUTIVE,
  NOT_A_NAME,
  ORGANISATION_NOUN,
  ORGANISATION_WORD,
  OTHER_OUTLETS,
  OUTLET_AFTER,
  OUTLET_DESCRIPTOR,
  OUTLET_NAMES,
  OUTLET_NOUN,
  OUTLET_PREFIX,
  OUTLET_SUFFIX,
  OWN_OUTLET_DATELINE,
  PASSIVE_BEFORE,
  PASSIVE_BY,
  POSSESSIVE_GAP,
  PRONOUN,
  PROVIDED_BY,
  QUALIFIERS,
  RARE_VERB,
  RARE_VERB_NEEDLES,
  RELAYED_BY,
  ROLE,
  SAID_REFUSAL,
  SENTENCE_START_GAP,
  SEVERAL_OUTLETS,
  SEVERAL_OUTLETS_NEEDLES,
  SOURCE_HEADER,
  SOURCE_NOUN,
  SPOKESPERSON,
  STRONG_SOURCE_NOUNS,
  THAT,
  TITLE_AT_START,
  VERB,
  VERB_AHEAD,
} from './suggestPatterns'

export type { Cue, CueKind, SentenceSuggestion } from './suggestTypes'

import { interviewTurns, namesSpeaker, type Turn } from './suggestInterview'
import { findQuotations, inside, isDirectQuote, isTermQuotation, type Quotation } from './suggestQuotations'
import type { Cue, CueKind, Role, SentenceSuggestion, Source, Verb } from './suggestTypes'

/** The annotator name written on suggested annotations (defined by the core model). */
export { SUGGESTER } from '@attrib/core'

/** The longest prefix of a sentence that is analysed. */
const MAX_SENTENCE = 3000

const ROLE_LABEL: Record<Exclude<Role, 'pronoun'>, string> = {
  anonymous: 'anonymous_official',
  spokesperson: 'spokesperson',
  named: 'named_source',
  media: 'media_report',
}

/**
 * Whether the verb at `[start, end)` is used in another sense or without a source (`That said,`).
 * Only a window around the verb is searched: scanning whole sentences cost most of the run time.
 */
function nonAttributive(lower: string, start: number, end: number): boolean {
  const from = Math.max(0, start - 32)
  const window = lower.slice(from, Math.min(lower.length, end + 24))
  let hit = false
  collect(NON_ATTRIBUTIVE, window, (m) => {
    if (from + m.index < end && from + m.index + m[0].length > start) hit = true
  })
  return hit
}

const UPPER = /\p{Lu}/gu
function lowerOne(c: string): string {
  const l = c.toLowerCase()
  return l.length === c.length ? l : c
}

function cue(kind: CueKind, text: string, start: number, end: number): Cue {
  return { kind, start, end, text: text.slice(start, end) }
}

interface Analysis {
  cues: Cue[]
  verbs: Verb[]
  sources: Source[]
  quotations: Quotation[]
  open: string | null
  directQuote: boolean
  /** Outlets spoken to (`told Radio Norte`, `in an interview with the BBC`): not subjects, but media. */
  channels: Cue[]
  /** The sentence with upper-case letters lowered, offsets unchanged. */
  lower: string
}

/** Finds the cues of one sentence and groups its source phrases. */
/** What the article has said about names so far: spokespeople by surname, outlets by name. */
interface Memory {
  spokespeople: Set<string>
  outlets: Set<string>
  /** Words of people's names seen so far, so that `Ratsimba defended …` opening a sentence is a name. */
  names: Set<string>
}

function analyse(text: string, carried: string | null, memory: Memory): Analysis {
  const { quotations, open } = findQuotations(text, carried)
  // Case-insensitive Unicode regular expressions are slow; the lowercase copy keeps every offset.
  const lower = text.replace(UPPER, lowerOne)
  const outside = (start: number, end: number) => !inside(quotations, start, end)
  // A name or term in quotation marks (`the newspaper «Kommersant»`) still names a source.
  const spoken = quotations.filter((q) => !isTermQuotation(text, q))
  const outsideWords = (start: number, end: number) => !inside(spoken, start, end)
  const channels: Cue[] = []

  const cues: Cue[] = []
  const verbs: Verb[] = []
  const header = SOURCE_HEADER.exec(text)
  if (header) {
    const end = header.index + header[0].length
    cues.push(cue('according_to', text, header.index, end))
    verbs.push({
      start: header.index,
      end,
      text: header[0].trim(),
      forward: true,
      documentOnly: false,
      both: false,
    })
  }
  const onVerb = (m: RegExpExecArray) => {
    const start = m.index
    const end = start + m[0].length
    if (!outside(start, end) || nonAttributive(lower, start, end)) return
    const word = m[0].toLowerCase()
    if ((word === 'said' || word === 'says') && SAID_REFUSAL.test(text.slice(end, end + 80))) return
    if (word === 'declared' && DECLARED_ACT.test(text.slice(end, end + 16))) return
    if (word === 'forecasts' && FORECASTS_COMPARED.test(lower.slice(Math.max(0, start - 12), start))) return
    const according = word === 'according to' || word === 'with reference to'
    cues.push(cue(according ? 'according_to' : 'verb', text, start, end))
    verbs.push({
      start,
      end,
      text: m[0],
      forward: FORWARD_VERBS.test(word),
      documentOnly: m.groups?.doc !== undefined,
      both: word === 'quoted' || word === 'quoting' || word === 'cited' || word === 'citing',
    })
  }
  collect(VERB, text, onVerb)
  let rare = false
  if (FORECAST_WORDS.some((word) => lower.includes(word))) {
    collect(FORECAST_VERB, text, onVerb)
    rare = true
  }
  if (RARE_VERB_NEEDLES.some((needle) => lower.includes(needle))) {
    collect(RARE_VERB, text, onVerb)
    rare = true
  }
  if (rare) verbs.sort((a, b) => a.start - b.start)
  collect(CALLED, lower, (m) => {
    const start = m.index
    const end = start + m[0].length
    if (!outside(start, end)) return
    cues.push(cue('verb', text, start, end))
    verbs.push({ start, end, text: m[0], forward: false, documentOnly: false, both: false })
  })

  const raw: Source[] = []
  const add = (kind: CueKind, role: Role, start: number, end: number, weak = false) => {
    if (!outsideWords(start, end)) return
    const c = cue(kind, text, start, end)
    cues.push(c)
    const lead = kind === 'outlet' ? text.slice(Math.max(0, start - 48), start) : ''
    // `declared Ilievski-Moor to journalists`: the press spoken to is a channel, never the speaker.
    if (kind === 'outlet' && (CHANNEL_BEFORE.test(lead) || (PRESS_HEARD.test(lead) && PRESS.test(c.text)))) {
      channels.push(c)
      return
    }
    raw.push({ start, end, role, text: c.text, weak, cues: [c] })
  }
  collect(SPOKESPERSON, lower, (m) => {
    // `Representative Jane Doe` is a lawmaker's title, not a spokesperson.
    if (text[m.index] === 'R' && NAME_AHEAD.test(text.slice(m.index + m[0].length))) return
    add('spokesperson', 'spokesperson', m.index, m.index + m[0].length)
  })
  collect(SOURCE_NOUN, lower, (m) => {
    const noun = m.groups?.noun === undefined ? null : STRONG_SOURCE_NOUNS.has(m[0]) ? 'strong' : 'weak'
    const end = m.index + m[0].length
    // `Source: State Grain Inspection Board` is a header, not an anonymous source.
    if (header && m.index < header.index + header[0].length) return
    // `official John Smith`, `lawmaker Helena Voss`: the name identifies the source.
    if (noun !== null && /^\s+\p{Lu}\p{Ll}/u.test(text.slice(end, end + 3))) return
    // The cue takes the words that count and qualify the source (`two senior officials`).
    const from = Math.max(0, m.index - 48)
    const qualifier = QUALIFIERS.exec(lower.slice(from, m.index))
    const start = qualifier ? from + qualifier.index : m.index
    add('source_noun', 'anonymous', start, end, noun === 'weak')
  })
  collect(ROLE, text, (m) => {
    add('name', 'named', m.index, m.index + m[0].length)
  })
  collect(ORGANISATION_NOUN, lower, (m) => {
    add('organisation', 'named', m.index, m.index + m[0].length)
  })
  collect(OUTLET_NOUN, text, (m) => {
    add('outlet', 'media', m.index, m.index + m[0].length)
  })
  if (SEVERAL_OUTLETS_NEEDLES.some((word) => lower.includes(word)))
    collect(SEVERAL_OUTLETS, lower, (m) => {
      add('outlet', 'media', m.index, m.index + m[0].length)
    })
  collect(OUTLET_NAMES, text, (m) => {
    memory.outlets.add(m[0])
    add('outlet', 'media', m.index, m.index + m[0].length)
  })
  collect(DOCUMENT, lower, (m) => {
    const start = m.index
    // `said in a statement`, `issued a statement saying`: the statement is how the speaker spoke, not who.
    const lead = text.slice(Math.max(0, start - 40), start)
    if (IN_MEDIUM.test(lead)) return
    // `The Lakeport Gazette reports that`: a noun that is this sentence's verb is no document.
    if (verbs.some((v) => v.start === start)) return
    // `the Statistics Office`: a capitalised word inside a name is part of the name.
    if (/\p{Lu}/u.test(text[start]!) && !SENTENCE_START_GAP.test(text.slice(0, start))) return
    add('document', 'media', start, start + m[0].length)
  })
  const capitalised = (m: RegExpExecArray) => {
    let start = m.index
    let phrase = m[0]
    // Drop sentence-opening and counting words from the front (`The Kremlin`, `Two Pentagon`).
    CAPITALISED_TOKEN.lastIndex = 0
    for (let t = CAPITALISED_TOKEN.exec(phrase); t !== null; t = CAPITALISED_TOKEN.exec(phrase)) {
      if (!NOT_A_NAME.has(t[0])) break
      const skip = t.index + t[0].length
      const rest = phrase.slice(skip)
      const lead = rest.length - rest.trimStart().length
      start += skip + lead
      phrase = rest.trimStart()
      CAPITALISED_TOKEN.lastIndex = 0
    }
    if (phrase === '' || NOT_A_NAME.has(phrase)) return
    const end = start + phrase.length
    const single = !/\s/u.test(phrase)
    // A lone capitalised word that opens a sentence is a name only when it acts as one (`Berg said`).
    if (
      single &&
      SENTENCE_START_GAP.test(text.slice(0, start)) &&
      !VERB_AHEAD.test(text.slice(end)) &&
      // a verb found apart from VERB (`Harrow raised its forecast`) acts the same
      !(rare && verbs.some((v) => v.start > end && VERB_AHEAD_GAP.test(text.slice(end, v.start)))) &&
      !memory.names.has(phrase)
    )
      return
    const outlet =
      // The suffix is one or two words: testing only the phrase's tail keeps the pattern cheap.
      OUTLET_SUFFIX.test(phrase.slice(phrase.lastIndexOf(' ', phrase.lastIndexOf(' ') - 1) + 1)) ||
      OUTLET_PREFIX.test(phrase) ||
      OUTLET_AFTER.test(text.slice(end, end + 16)) ||
      OUTLET_DESCRIPTOR.test(text.slice(Math.max(0, start - 24), start)) ||
      memory.outlets.has(phrase)
    if (outlet) {
      memory.outlets.add(phrase)
      add('outlet', 'media', start, end)
      return
    }
    const surname = phrase.split(/\s+/).pop()!
    if (memory.spokespeople.has(surname)) {
      add('name', 'spokesperson', start, end)
      return
    }
    const organisation = ORGANISATION_WORD.test(phrase)
    if (!organisation && !single)
      for (const word of phrase.split(/\s+/u)) if (!NOT_A_NAME.has(word)) memory.names.add(word)
    add(organisation ? 'organisation' : 'name', 'named', start, end)
  }
  collect(CAPITALISED, text, capitalised)
  if (HAS_BRAND.test(text)) collect(BRAND, text, capitalised)
  collect(PRONOUN, lower, (m) => {
    add('pronoun', 'pronoun', m.index, m.index + m[0].length)
  })

  const sources = group(raw, text)
  const hasVerb = verbs.length > 0
  let directQuote = false
  for (const q of quotations) {
    if (!isDirectQuote(text, q, hasVerb)) continue
    directQuote = true
    cues.push(cue('quote_marks', text, q.start, q.end))
  }
  cues.sort((a, b) => a.start - b.start || b.end - a.end)
  return { cues, verbs, sources, quotations, open, directQuote, channels, lower }
}

const ROLE_RANK: Record<Role, number> = { spokesperson: 5, anonymous: 4, media: 3, named: 2, pronoun: 1 }

/**
 * Merges overlapping and adjacent source phrases into one source: `Kremlin spokesman Dmitry Peskov`
 * (spokesperson), `White House officials` (anonymous), `a document seen by Reuters` (media). The
 * strongest role wins, except that a weak anonymous noun with an affiliation is named
 * (`analysts at the consultancy Vortexa`).
 */
function group(raw: Source[], text: string): Source[] {
  const sorted = raw.filter((s) => s.role !== 'pronoun').sort((a, b) => a.start - b.start || b.end - a.end)
  const out: Source[] = []
  for (const s of sorted) {
    const last = out[out.length - 1]
    if (last && s.start < last.end) {
      // `the county's budget director`: a document word before the end of a phrase only modifies its head.
      if (s.cues[0]!.kind === 'document' && s.end < last.end) last.cues.push(...s.cues)
      else merge(last, s, false, false)
      continue
    }
    if (last && s.start - last.end <= 40 && joinable(last, s, text)) {
      const gap = text.slice(last.end, s.start)
      const affiliation = (AFFILIATION_GAP.test(gap) && !LEFT_GAP.test(gap)) || PROVIDED_BY.test(gap)
      merge(last, s, affiliation, APPOSITION.test(gap), gap)
      continue
    }
    out.push({ ...s, cues: [...s.cues] })
  }
  for (const s of raw)
    if (s.role === 'pronoun' && !out.some((o) => s.start >= o.start && s.end <= o.end)) out.push(s)
  return out.sort((a, b) => a.start - b.start)
}

function joinable(left: Source, right: Source, text: string): boolean {
  const gap = text.slice(left.end, right.start)
  // `According to the aide, the mayor told …`: the object of `according to` ends at the comma.
  if (gap.includes(',') && FORWARD_BEFORE.test(text.slice(Math.max(0, left.start - 24), left.start)))
    return false
  // `data compiled by the Global Water Trust`: data credited to its provider.
  if (PROVIDED_BY.test(gap) && DATA.test(left.text)) return true
  if (LEFT_GAP.test(gap)) return true
  if (POSSESSIVE_GAP.test(gap) && right.cues[0]!.kind === 'document') return true
  const person = (x: Source) =>
    x.cues.some((c) => c.kind === 'name' || c.kind === 'source_noun' || c.kind === 'spokesperson')
  // A bare comma joins an apposition (`Julia Park, an analyst`, `a senior official, Dana Whitlock`), not
  // a list (`meter logs and emails, Sobel wrote`).
  if (APPOSITION.test(gap)) return person(left) && person(right)
  if (AFFILIATION_GAP.test(gap)) return true
  // An apposition after a spokesperson: `a spokesman, Colonel Arvid Berg,`, `Berg, the spokesman`.
  return (
    /^\s*,\s*(?:(?:a|an|the|its|his|her|their)\s+)?$/u.test(gap) &&
    (left.role === 'spokesperson' || right.role === 'spokesperson')
  )
}

function merge(into: Source, s: Source, affiliation: boolean, apposition: boolean, gapText = ''): void {
  const adjacent = s.start >= into.end
  into.end = Math.max(into.end, s.end)
  into.cues.push(...s.cues)
  // `Julia Park, an analyst at Morningstar`: a weak noun beside a name describes the named person.
  const named = (x: Source) => x.role === 'named' && x.cues.some((c) => c.kind === 'name')
  if ((into.role === 'named' && s.role === 'anonymous' && s.weak) || (into.weak && apposition && named(s))) {
    into.role = 'named'
    into.weak = false
    return
  }
  // `a senior official, Dana Whitlock,`: a name makes the source named, whatever the title.
  if (
    into.role === 'anonymous' &&
    apposition &&
    s.cues.some((c) => c.kind === 'name' && /^\p{Lu}/u.test(c.text))
  ) {
    into.role = 'named'
    into.weak = false
    into.text = s.text
    return
  }
  // `local police`, `the student union`: a weak noun right before an organisation only describes it.
  if (
    into.role === 'anonymous' &&
    into.weak &&
    adjacent &&
    /^\s+$/u.test(gapText) &&
    s.role === 'named' &&
    s.cues[0]!.kind === 'organisation'
  ) {
    into.role = 'named'
    into.weak = false
    into.text = s.text
    return
  }
  // `figures from the Statistics Office`: data credited to a named provider is that provider's.
  if (into.role === 'media' && affiliation && DATA.test(into.text) && s.role === 'named') {
    into.role = 'named'
    into.text = s.text
    return
  }
  // `a report by the farmers' association`: the document stays the source.
  if (into.role === 'media' && into.cues[0]!.kind === 'document' && (affiliation || !adjacent)) return
  // `the city attorney's office`, `the company's employees`: after a possessive the right side is the head.
  if (adjacent && POSSESSIVE_GAP.test(gapText) && s.role !== 'pronoun') {
    into.role = s.role
    into.text = s.text
    into.weak = s.weak
    return
  }
  // `a staff report`, `the company's release`: the document is the head noun, its owner a modifier.
  if (s.cues[0]!.kind === 'document' && adjacent && !affiliation && !apposition) {
    into.role = 'media'
    into.text = s.text
    into.weak = false
    return
  }
  if (ROLE_RANK[s.role] > ROLE_RANK[into.role]) {
    // A weak noun before a spokesperson or a name does not make them anonymous; a strong one does.
    into.role = s.role
    into.text = s.text
    into.weak = s.weak
  } else if (ROLE_RANK[s.role] === ROLE_RANK[into.role] && into.weak && !s.weak) {
    into.weak = false
  }
  // `the union's official`: keep the head noun for the reason when it is the stronger one.
  if (s.role === into.role && s.cues[0]!.kind === 'source_noun') into.text = s.text
}

/** The sources a verb attributes to: its subject, or what follows `according to`. */
function subjectsOf(verb: Verb, verbs: Verb[], sources: Source[], text: string): Source[] {
  const after = sources.find((s) => s.start >= verb.end && s.start - verb.end <= MAX_FORWARD_DISTANCE)
  let before: Source | undefined
  for (let i = sources.length - 1; i >= 0 && before === undefined; i--) {
    const s = sources[i]!
    if (s.end > verb.start || verb.start - s.end > MAX_SUBJECT_DISTANCE) continue
    // The object of an earlier verb (`called Musk "..." and said`) is not the subject of this one.
    if (!verbs.some((v) => v !== verb && !v.forward && isObjectOf(v, s, text))) before = s
  }
  if (before) before = throughApposition(before, sources, text, verb)
  if (before && verb.documentOnly) before = documentSubject(before, sources, verbs, verb) ?? before
  // `Quist … apologised to the passengers and said`: a coordinated verb shares the first subject.
  const participle = /ing$/u.test(verb.text) && /,\s*$/u.test(text.slice(0, verb.start))
  if (before && (participle || COORDINATED.test(text.slice(Math.max(0, verb.start - 16), verb.start)))) {
    const first = sources.find((x) => x.end <= verb.start && !verbs.some((v) => v.end <= x.start))
    if (first) before = first
  }
  // `…, the Rental Board, which says`: the relative pronoun refers to the last noun.
  if (before && /^\s*,\s*which\s+(?:\p{Ll}+ly\s+)?$/u.test(text.slice(before.end, verb.start)))
    before = lastNoun(before)
  const gapAfter = after ? text.slice(verb.end, after.start) : ''
  if (verb.forward) {
    if (verb.both && before) return after ? [before, after] : [before]
    if (!after || /[.;:]/u.test(gapAfter)) return []
    // `according to a copy of the email provided by a county employee`: the chain has two sources.
    const relay = sources.find((s) => s.start >= after.end && RELAYED_BY.test(text.slice(after.end, s.start)))
    return relay ? [after, relay] : [after]
  }
  // `was described to this newspaper by three officials`: the agent may sit inside a merged source.
  const agent = sources.find((s) =>
    s.cues.some(
      (c) =>
        c.start >= verb.end &&
        c.start - verb.end <= MAX_FORWARD_DISTANCE &&
        PASSIVE_BY.test(text.slice(verb.end, c.start)) &&
        !/[.;:]/u.test(text.slice(verb.end, c.start)),
    ),
  )
  // The subject of a passive reporting verb is what was reported (`The plan … was described to this
  // newspaper by three officials`), except with `quoted` and `cited`, whose subject speaks too.
  if (agent && PASSIVE_BEFORE.test(text.slice(Math.max(0, verb.start - 24), verb.start)))
    return before && verb.both ? [agent, before] : [agent]
  const word = verb.text.toLowerCase()
  // `", said the insider.` but not `Collins, a statistician, said the study was`: after a comma the
  // source must end its clause.
  const leading = text.slice(0, verb.start)
  if (
    after &&
    INVERTED.test(leading) &&
    /^\s+(?:[\p{Ll}-]+\s+){0,3}$/u.test(gapAfter) &&
    (AFTER_QUOTE.test(leading) || CLAUSE_END.test(text.slice(after.end))) &&
    !word.startsWith('tell') &&
    word !== 'told' &&
    // Only verbs that introduce words invert (`…, said the insider`); `…, criticised the decision` has
    // its object after it.
    INVERTING_VERB.test(word)
  )
    return [after]
  if (before) return [before]
  return []
}

/**
 * The subject of a verb that follows an apposition: `Dr. Lena Ortiz, who led the study, said` is Ortiz's,
 * `The report, published by the institute, said` the report's; `A spokesman for the utility, Omar Haddad,
 * said` stays the spokesman's, and `a senior aide to the mayor, Dana Whitlock, said` is named.
 */
function throughApposition(s: Source, sources: Source[], text: string, verb: Verb): Source {
  const leading = text.slice(0, verb.start)
  const close = leading.search(/,\s*$/u)
  if (close < 0) return relativeHead(s, sources, text)
  const open = text.lastIndexOf(',', close - 1)
  if (open < 0 || s.start < open) return s
  const clause = text.slice(open + 1, close)
  if (clause.length > 100 || /[;:!?"“”«»]/u.test(clause)) return s
  let head: Source | undefined
  for (const h of sources)
    if (h.end <= open && open - h.end <= 40 && !text.slice(h.end, open).includes(',')) head = h
  if (!head) return s
  // `One of them, who asked not to be named because …, said`: the clause withholds the name.
  if (ANONYMITY_CLAUSE.test(clause)) return { ...head, role: 'anonymous', weak: false }
  const appositiveName = text.slice(open + 1, s.start).trim() === '' && s.cues.some((c) => c.kind === 'name')
  if (appositiveName && head.role === 'anonymous') return s
  return head
}

/** `Two analysts who cover the company said`: the subject is the noun before the relative clause. */
function relativeHead(s: Source, sources: Source[], text: string): Source {
  for (let i = sources.length - 1; i >= 0; i--) {
    const h = sources[i]!
    if (h.end > s.start) continue
    const between = text.slice(h.end, s.start)
    if (between.length > 80) return s
    return /^\s+(?:who|whose)\s[^,;:.]*$/u.test(between) ? h : s
  }
  return s
}

/** Between a spokesperson noun and the spokesperson's name: `spokesman Dmitry Peskov`, `a spokesman for the Hale campaign, Liam Carter`. */
const SPOKESPERSON_NAME_GAP = /^(?:\s*|\s+(?:for|of|at)\s+[^,]*,\s*|\s*,\s*)$/u

/** Between a name and the spokesperson noun in apposition to it: `Ravi Menon, a spokesman`, `Menon, the company's spokeswoman`. */
const SPOKESPERSON_APPOSITION = /^\s*,\s*(?:(?:a|an|the|its|his|her|their)\s+)?(?:[\p{L}'’-]+\s+){0,2}$/u

/** For `found`, `showed`: the nearest document or outlet before the verb, with no other verb between. */
function documentSubject(before: Source, sources: Source[], verbs: Verb[], verb: Verb): Source | undefined {
  if (before.cues.some((c) => c.kind === 'document' || c.kind === 'outlet')) return before
  for (let i = sources.length - 1; i >= 0; i--) {
    const s = sources[i]!
    if (s.end > verb.start || verb.start - s.end > MAX_SUBJECT_DISTANCE) continue
    if (verbs.some((v) => v !== verb && v.start >= s.end && v.end <= verb.start)) return undefined
    if (s.cues.some((c) => c.kind === 'document' || c.kind === 'outlet')) return s
  }
  return undefined
}

/** The last cue of a grouped source, as a source of its own (`a complaint with the Rental Board` → the board). */
function lastNoun(source: Source): Source {
  const c = source.cues.reduce((a, b) => (b.end >= a.end ? b : a))
  const role: Role =
    c.kind === 'document' || c.kind === 'outlet'
      ? 'media'
      : c.kind === 'spokesperson'
        ? 'spokesperson'
        : c.kind === 'source_noun'
          ? 'anonymous'
          : 'named'
  return { start: c.start, end: c.end, role, text: c.text, weak: false, cues: [c] }
}

/** A plural source earlier in the sentence that `they` can refer to. */
function pluralBefore(pronoun: Source, sources: Source[]): Source | undefined {
  let found: Source | undefined
  for (const s of sources)
    if (s.end <= pronoun.start && s.role !== 'pronoun' && /s$/u.test(s.text) && s.role !== 'named') found = s
  return found
}

function isClosingAttribution(source: Source, verb: Verb, text: string): boolean {
  return (
    source.end <= verb.start &&
    /^\s*$/u.test(text.slice(source.end, verb.start)) &&
    /[,”"»]\s*(?:[\p{Ll}]+\s+)?$/u.test(text.slice(0, source.start))
  )
}

function isObjectOf(verb: Verb, source: Source, text: string): boolean {
  return verb.end <= source.start && /^\s+(?:the\s+)?$/u.test(text.slice(verb.end, source.start))
}

/** Labels and reasons of one sentence before context is applied. */
interface Own {
  labels: Set<string>
  reasons: string[]
  /** The pronoun subject that continues an earlier source, and the reason to show. */
  pronoun: { word: string; reason: string } | null
  /** Spokesperson names introduced here (`Kremlin spokesman Dmitry Peskov` → `Peskov`). */
  spokespeople: string[]
  /** The source spoke to another outlet (`told Radio Norte`): adds `media_report`. */
  throughOutlet: boolean
}

/** Verbs that can follow the words they attribute, their subject after them (`", said the insider"`). */
const INVERTING_VERB =
  /^(?:said|says|added|adds|wrote|writes|asked|asks|explained|explains|continued|noted|notes|recalled|insisted|warned|argued|replied|stated|observed|remarked|conceded|admitted|acknowledged|declared|countered|complained|cautioned|announced|reported|reports|confirmed|quipped|joked|wondered|answered|according to)$/u

/** `quoted the minister as saying`. */
const QUOTED_AS = /^\s+(?:[^,.;]{1,60}?\s)?as\s+(?:saying|telling|stating|writing)\b/u

/**
 * `…, Helsingin Sanomat reported.`: a capitalised name that is no known organisation and *reports*
 * something is a publication.
 */
function reportedBy(source: Source, verb: Verb, verbs: Verb[], text: string): boolean {
  if (source.role !== 'named') return false
  // `The agency quoted the minister as saying`: who quotes someone as saying is a publication.
  if (
    /^quot/iu.test(verb.text) &&
    source.end <= verb.start &&
    QUOTED_AS.test(text.slice(verb.end, verb.end + 80))
  )
    return true
  if (!/^report/iu.test(verb.text)) return false
  // `Clerk Osei says all precincts have reported`: a verb of the reported clause says nothing of Osei.
  if (verbs.some((v) => v !== verb && v.start >= source.end && v.end <= verb.start)) return false
  if (!source.cues.every((c) => c.kind === 'name' && /^\p{Lu}/u.test(c.text))) return false
  if (/^\s+(?:an?|the|its|\d)\b/iu.test(text.slice(verb.end, verb.end + 6))) return false
  return !TITLE_AT_START.test(text.slice(source.start, source.end))
}

/** Between a name and its verb found apart from VERB (`Brenmoor also reaffirmed`), as {@link VERB_AHEAD} allows. */
const VERB_AHEAD_GAP = /^\s+(?:(?:has|have|had|also|later|then|again|previously)\s+)*$/u

/** What comes before the press spoken to (`… to journalists`), not `according to`. */
const PRESS_HEARD = /(?<!\baccording\s)\bto\s+$/u
const PRESS = /^(?:journalists|reporters)$/iu

/** An outlet named by a common noun (`the paper`, `the broadcaster`), not the article's own (`this newspaper`). */
const OTHER_OUTLET = /^the\s/iu

function attribute(analysis: Analysis, text: string, outletNamed: boolean, ownOutlet: string | null): Own {
  const labels = new Set<string>()
  const reasons: string[] = []
  const spokespeople: string[] = []
  let pronoun: Own['pronoun'] = null
  let attributedEnd = -1
  for (const verb of analysis.verbs) {
    // A verb in the reported clause (`X reported that Kelso had rejected ...`) is content, not attribution.
    const subjects = subjectsOf(verb, analysis.verbs, analysis.sources, text)
    const inClause =
      !verb.forward &&
      attributedEnd >= 0 &&
      (THAT.test(text.slice(attributedEnd, verb.start)) ||
        PASSIVE_BEFORE.test(text.slice(Math.max(0, verb.start - 24), verb.start)) ||
        (subjects[0] !== undefined &&
          subjects[0].start > attributedEnd &&
          !CLAUSE_JOIN.test(text.slice(attributedEnd, subjects[0].start))))
    // ... but a closing attribution after a comma is not: `Some officials feared that ..., the newspaper said.`
    if (inClause && !(subjects[0] && isClosingAttribution(subjects[0], verb, text))) continue
    for (const source of subjects) {
      // `found`, `showed` are a document's verbs; a person or body finds only `that` something is so.
      const speaks = /^\s+that\b/u.test(text.slice(verb.end, verb.end + 6))
      if (
        verb.documentOnly &&
        !speaks &&
        !source.cues.some((c) => c.kind === 'document' || c.kind === 'outlet')
      )
        continue
      // `Bus contractors …, which they say …`: `they` refers back within the sentence.
      const antecedent =
        source.role === 'pronoun' && /^they$/iu.test(source.text)
          ? pluralBefore(source, analysis.sources)
          : undefined
      if (antecedent) {
        labels.add(ROLE_LABEL[antecedent.role as Exclude<Role, 'pronoun'>])
        attributedEnd = verb.end
        reasons.push(`'${verb.text}' + '${source.text}' → '${antecedent.text}'`)
        continue
      }
      if (source.role === 'pronoun') {
        pronoun ??= { word: source.text.toLowerCase(), reason: `'${verb.text}' + '${source.text}'` }
        continue
      }
      labels.add(ROLE_LABEL[reportedBy(source, verb, analysis.verbs, text) ? 'media' : source.role])
      attributedEnd = verb.end
      reasons.push(`'${verb.text}' + '${text.slice(source.start, source.end)}'`)
    }
  }
  // `told Radio Norte`: the statement reached us through that outlet's report (not `told reporters`).
  // `told the paper` is another outlet once the article has named one (`The Ostvik Tribune reported …`).
  // The article's own outlet (`told Kestrel Wire` under a `(Kestrel Wire)` dateline) is no other outlet.
  const channel = analysis.channels.find(
    (c) =>
      (/^\p{Lu}/u.test(c.text) && c.text !== ownOutlet) ||
      OTHER_OUTLETS.test(c.text) ||
      (outletNamed && OTHER_OUTLET.test(c.text)),
  )
  const throughOutlet = channel !== undefined && (labels.size > 0 || pronoun !== null)
  if (throughOutlet) reasons.push(`'${channel.text}' spoken to`)
  // `They spoke on condition of anonymity`: the promise of anonymity is itself the attribution.
  if (ANONYMITY_SPEECH.test(analysis.lower)) {
    labels.add(ROLE_LABEL.anonymous)
    reasons.push('spoke on condition of anonymity')
  }
  for (const s of analysis.sources) {
    if (s.role !== 'spokesperson') continue
    // A name after the noun is the spokesperson's (`spokesman Dmitry Peskov`), and so is a name the
    // noun stands in apposition to (`Ravi Menon, a spokesman for …`); a name right before it is the
    // organisation's (`a Kelso representative`).
    const noun = s.cues.find((c) => c.kind === 'spokesperson')
    for (const c of s.cues)
      if (
        c.kind === 'name' &&
        noun &&
        (c.start > noun.start
          ? SPOKESPERSON_NAME_GAP.test(text.slice(noun.end, c.start))
          : SPOKESPERSON_APPOSITION.test(text.slice(c.end, noun.start)))
      )
        spokespeople.push(c.text.split(/\s+/).pop()!)
  }
  return { labels, reasons, pronoun, spokespeople, throughOutlet }
}

/** Whether the sentence opens with a named person as its subject (`Fenmouth's mayor, Kaito Brennan-Lowe, has …`). */
function namedSubject(analysis: Analysis, text: string): boolean {
  const first = analysis.sources.find((s) => s.role !== 'pronoun')
  return (
    first !== undefined &&
    first.role === 'named' &&
    first.cues.some((c) => c.kind === 'name' && /\s/u.test(c.text)) &&
    SENTENCE_START_GAP.test(
      text.slice(0, first.start).replace(/^[^,]{0,40}\bthe\s+$|^[^,]{0,40}['’]s\s+/u, ''),
    )
  )
}

/** Labels that a person (`he`, `she`) can carry. */
const PERSON_LABELS = new Set(['anonymous_official', 'named_source', 'spokesperson'])

/**
 * The labels a pronoun subject continues: `he`/`she` the last person's, `it` the last organisation's
 * or outlet's, `they` and `one of them` whatever came last.
 */
function continuedLabels(pronoun: string, previous: string[], previousPerson: string[]): string[] {
  if (pronoun === 'he' || pronoun === 'she')
    return previousPerson.length > 0 ? previousPerson : [ROLE_LABEL.named]
  if (pronoun === 'it') return previous.filter((l) => l === ROLE_LABEL.named || l === ROLE_LABEL.media)
  return previous
}

function sorted(labels: Iterable<string>): string[] {
  return [...labels].sort()
}

/**
 * Suggests labels for the sentences of one article, in order. Context carries over: a quotation
 * open at the end of a sentence continues into the next, a pronoun subject (`He added that ...`)
 * continues the previous attributed sentence's source, and a spokesperson introduced once
 * (`Kremlin spokesman Dmitry Peskov`) stays one when named again (`Peskov said`).
 * @example
 * suggestSentences(['Two officials said the talks had failed.', 'They added that no date was set.'])
 * // → [{ labels: ['anonymous_official'], reason: "'said' + 'Two officials'", ... },
 * //    { labels: ['anonymous_official'], reason: "'added' + 'They' → previous source", ... }]
 */
export function suggestSentences(sentences: readonly string[]): SentenceSuggestion[] {
  const memory: Memory = { spokespeople: new Set(), outlets: new Set(), names: new Set() }
  const deferred: (string[] | null)[] = []
  let carried: string | null = null
  let previous: string[] = []
  let previousPerson: string[] = []
  const analyses: Analysis[] = []
  const owns: Own[] = []
  const out: SentenceSuggestion[] = []
  const turns = interviewTurns(sentences)
  let ownOutlet: string | null = null
  let turn: Turn | null = null
  for (const [index, sentence] of sentences.entries()) {
    // Pairing verbs with sources is quadratic; no real sentence needs more than its first few thousand
    // characters, and a pasted run-on paragraph must not hold the editor up.
    const text = sentence.length > MAX_SENTENCE ? sentence.slice(0, MAX_SENTENCE) : sentence
    const analysis = analyse(text, carried, memory)
    // `(Reporting by …; Editing by …)` credits the outlet's own staff.
    if (CREDIT_LINE.test(text)) {
      analysis.verbs.length = 0
      analysis.sources.length = 0
      analysis.channels.length = 0
    }
    ownOutlet ??= OWN_OUTLET_DATELINE.exec(text)?.[1] ?? null
    const own = attribute(analysis, text, memory.outlets.size > 0, ownOutlet)
    for (const name of own.spokespeople) memory.spokespeople.add(name)
    const reasons = [...own.reasons]
    const labels = new Set(own.labels)
    if (labels.size === 0 && own.pronoun !== null) {
      const continued = continuedLabels(own.pronoun.word, previous, previousPerson)
      for (const l of continued) labels.add(l)
      if (continued.length > 0) reasons.push(`${own.pronoun.reason} → previous source`)
    }
    if (own.throughOutlet) labels.add(ROLE_LABEL.media)
    // SUG16: an interviewee's turn is theirs, every sentence of it, until the next speaker tag.
    turn = turns[index] ?? (turn !== null && namesSpeaker(text, turn) ? null : turn)
    if (turn !== null && !turn.interviewer) {
      const surname = turn.tag.split(/\s+/u).pop()!
      labels.add(memory.spokespeople.has(surname) ? ROLE_LABEL.spokesperson : ROLE_LABEL.named)
      reasons.push(`speaker tag '${turn.tag}:' → interview turn`)
    }
    const startsInQuote = analysis.quotations[0]?.continued === true
    const onlyQuote = analysis.directQuote && labels.size === 0 && analysis.verbs.length === 0
    const continuesQuote =
      onlyQuote &&
      previous.length > 0 &&
      (startsInQuote || (owns.length > 0 && analyses[analyses.length - 1]!.directQuote))
    // A quotation still open at the end is attributed where it closes (`“We waited...` / `Nobody came,”
    // said a man …); the previous speaker is only the fallback.
    deferred.push(continuesQuote && analysis.open !== null ? previous : null)
    if (continuesQuote && analysis.open === null) {
      for (const l of previous) labels.add(l)
      reasons.push('quotation continues → previous source')
    }
    if (analysis.directQuote) {
      labels.add('quote')
      reasons.push('quotation marks')
    }
    out.push({ labels: sorted(labels), cues: analysis.cues, reason: reasons.join('; ') })
    analyses.push(analysis)
    owns.push(own)
    const sourceLabels = sorted(labels).filter((l) => l !== 'quote')
    if (sourceLabels.length > 0) previous = sourceLabels
    const personLabels = sourceLabels.filter((l) => PERSON_LABELS.has(l))
    if (personLabels.length > 0) previousPerson = personLabels
    // `Fenmouth's mayor, Kaito Brennan-Lowe, has just spoken to reporters.` / `"…," he said.`: a named
    // person who opens a sentence without attributing anything is who `he` or `she` next refers to.
    else if (sourceLabels.length === 0 && namedSubject(analysis, text)) previousPerson = [ROLE_LABEL.named]
    carried = analysis.open
  }
  // A quotation left open takes its speaker from the sentence that closes it: `“Polls don’t vote.` /
  // `People vote,” he said.`
  for (let i = out.length - 2; i >= 0; i--) {
    const here = out[i]!
    const next = out[i + 1]!
    if (analyses[i]!.open === null || owns[i]!.labels.size > 0) continue
    const nextSources = next.labels.filter((l) => l !== 'quote')
    if (nextSources.length === 0 || here.labels.some((l) => l !== 'quote')) continue
    here.labels = sorted(new Set([...here.labels, ...nextSources]))
    here.reason = [here.reason, 'quotation closes in the next sentence → its source']
      .filter(Boolean)
      .join('; ')
  }
  out.forEach((here, i) => {
    const fallback = deferred[i]
    if (!fallback || here.labels.some((l) => l !== 'quote')) return
    here.labels = sorted(new Set([...here.labels, ...fallback]))
    here.reason = [here.reason, 'quotation continues → previous source'].filter(Boolean).join('; ')
  })
  return out
}
