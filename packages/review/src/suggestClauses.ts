import {
  AFFILIATION_GAP,
  AFTER_QUOTE,
  ANONYMITY_CLAUSE,
  APPOSITION,
  CLAUSE_END,
  COORDINATED,
  DATA,
  FORWARD_BEFORE,
  INVERTED,
  LEFT_GAP,
  MAX_FORWARD_DISTANCE,
  MAX_SUBJECT_DISTANCE,
  PASSIVE_BEFORE,
  PASSIVE_BY,
  POSSESSIVE_GAP,
  PROVIDED_BY,
  RELAYED_BY,
} from './suggestPatterns'
import type { Role, Source, Verb } from './suggestTypes'

// The clause structure of a sentence for the suggester (suggest.ts): which sources group into one, which
// source is a reporting verb's subject, and the appositions, relative clauses and documents around it.

const ROLE_RANK: Record<Role, number> = { spokesperson: 5, anonymous: 4, media: 3, named: 2, pronoun: 1 }

/** Verbs that can follow the words they attribute, their subject after them (`", said the insider"`). */
const INVERTING_VERB =
  /^(?:said|says|added|adds|wrote|writes|asked|asks|explained|explains|continued|noted|notes|recalled|insisted|warned|argued|replied|stated|observed|remarked|conceded|admitted|acknowledged|declared|countered|complained|cautioned|announced|reported|reports|confirmed|quipped|joked|wondered|answered|according to)$/u

/**
 * Merges overlapping and adjacent source phrases into one source: `Kremlin spokesman Dmitry Peskov`
 * (spokesperson), `White House officials` (anonymous), `a document seen by Reuters` (media). The
 * strongest role wins, except that a weak anonymous noun with an affiliation is named
 * (`analysts at the consultancy Vortexa`).
 */
export function group(raw: Source[], text: string): Source[] {
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

export function joinable(left: Source, right: Source, text: string): boolean {
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

export function merge(
  into: Source,
  s: Source,
  affiliation: boolean,
  apposition: boolean,
  gapText = '',
): void {
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
export function subjectsOf(verb: Verb, verbs: Verb[], sources: Source[], text: string): Source[] {
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
export function throughApposition(s: Source, sources: Source[], text: string, verb: Verb): Source {
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
export function relativeHead(s: Source, sources: Source[], text: string): Source {
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
export const SPOKESPERSON_NAME_GAP = /^(?:\s*|\s+(?:for|of|at)\s+[^,]*,\s*|\s*,\s*)$/u

/** Between a name and the spokesperson noun in apposition to it: `Ravi Menon, a spokesman`, `Menon, the company's spokeswoman`. */
export const SPOKESPERSON_APPOSITION =
  /^\s*,\s*(?:(?:a|an|the|its|his|her|their)\s+)?(?:[\p{L}'’-]+\s+){0,2}$/u

/** For `found`, `showed`: the nearest document or outlet before the verb, with no other verb between. */
export function documentSubject(
  before: Source,
  sources: Source[],
  verbs: Verb[],
  verb: Verb,
): Source | undefined {
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
export function lastNoun(source: Source): Source {
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
export function pluralBefore(pronoun: Source, sources: Source[]): Source | undefined {
  let found: Source | undefined
  for (const s of sources)
    if (s.end <= pronoun.start && s.role !== 'pronoun' && /s$/u.test(s.text) && s.role !== 'named') found = s
  return found
}

export function isClosingAttribution(source: Source, verb: Verb, text: string): boolean {
  return (
    source.end <= verb.start &&
    /^\s*$/u.test(text.slice(source.end, verb.start)) &&
    /[,”"»]\s*(?:[\p{Ll}]+\s+)?$/u.test(text.slice(0, source.start))
  )
}

export function isObjectOf(verb: Verb, source: Source, text: string): boolean {
  return verb.end <= source.start && /^\s+(?:the\s+)?$/u.test(text.slice(verb.end, source.start))
}
