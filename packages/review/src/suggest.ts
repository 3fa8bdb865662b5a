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
  ANONYMITY_SPEECH,
  BRAND,
  CALLED,
  CAPITALISED,
  CAPITALISED_TOKEN,
  CHANNEL_BEFORE,
  CLAUSE_JOIN,
  CREDIT_LINE,
  collect,
  DECLARED_ACT,
  DOCUMENT,
  FORECAST_VERB,
  FORECAST_WORDS,
  FORECASTS_COMPARED,
  FORWARD_VERBS,
  HAS_BRAND,
  IN_MEDIUM,
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
  PRONOUN,
  QUALIFIERS,
  RARE_VERB,
  RARE_VERB_NEEDLES,
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

import {
  group,
  isClosingAttribution,
  pluralBefore,
  SPOKESPERSON_APPOSITION,
  SPOKESPERSON_NAME_GAP,
  subjectsOf,
} from './suggestClauses'
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
