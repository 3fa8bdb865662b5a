import {
  decisionCounts,
  effectiveMerges,
  normaliseSourceName,
  resolveSource,
  type SourceDecision,
  sourceId,
} from '@attrib/core'
import type { SourceSummary } from '../api'
import { changeTime } from '../history/historyModel'
import type { Role } from '../session'

// People's merges and splits of the source index as the Sources pages show them (apps/web SPEC UI22–UI23):
// names for ids, states in words, who may do what. Pure: no DOM, no fetch.

/** Source index ids and the names to show for them. */
export type SourceNames = ReadonlyMap<string, string>

/**
 * The name of every id the index knows of: each source's, and each of its other spellings' own ids (a source
 * merged into another lives on among its aliases), the source's own names first.
 */
export function sourceNames(sources: readonly Pick<SourceSummary, 'id' | 'name' | 'aliases'>[]): SourceNames {
  const names = new Map<string, string>()
  for (const s of sources) names.set(s.id, s.name)
  for (const s of sources)
    for (const alias of s.aliases) {
      const id = spellingId(alias)
      if (!names.has(id)) names.set(id, alias)
    }
  return names
}

/** The name for `id`, or the id itself when the index does not know it (any more). */
export const nameOf = (names: SourceNames, id: string) => names.get(id) ?? id

/** The index id a spelling has on its own (its normalised name's), as the index and the server key splits. */
export const spellingId = (spelling: string) => sourceId(normaliseSourceName(spelling))

/** What a decision is about: "Pentagon into US Department of Defense", "“Peskov” as a source of its own". */
export function decisionSubject(decision: SourceDecision, names: SourceNames): string {
  if (decision.kind === 'split') return `“${decision.spelling}” as a source of its own`
  if (decision.into === null) return `${nameOf(names, decision.from)}: no merge`
  return `${nameOf(names, decision.from)} into ${nameOf(names, decision.into)}`
}

/** The change a decision asks for, to name it in messages: "the merge of Pentagon into …", "the split of “Peskov”". */
export function decisionWhat(decision: SourceDecision, names: SourceNames): string {
  return decision.kind === 'split'
    ? `the split of “${decision.spelling}”`
    : `the merge of ${decisionSubject(decision, names)}`
}

/** "10:42" today, "3 Oct 10:42" another day; `full` for a title. */
export const when = (at: string, now?: Date) => changeTime(at, now)

/** What someone who disputed a decision wanted instead: "Ben wants no merge", "Ben wants it merged into …". */
export function disputeWords(
  decision: SourceDecision,
  dispute: SourceDecision['disputes'][number],
  names: SourceNames,
): string {
  if (dispute.into === null) return `${dispute.by} wants no ${decision.kind}`
  if (decision.kind === 'split') return `${dispute.by} wants it split off`
  if (decision.kind === 'merge' && dispute.into === decision.into) return `${dispute.by} wants the merge`
  return `${dispute.by} wants it merged into ${nameOf(names, dispute.into)}`
}

/** One line of a decision's state: its words, and when (short, and in full for the title). */
export interface StateLine {
  text: string
  time?: { short: string; full: string }
}

/**
 * A decision's state in words, line by line: who made it ("merged by Ana"), who objected and what they want
 * ("disputed: Ben wants no merge"), what a reviewer decided ("accepted by Rita"), and whether it counts.
 */
export function stateLines(decision: SourceDecision, names: SourceNames, now?: Date): StateLine[] {
  const verb = decision.kind === 'merge' ? 'merged' : 'split off'
  const lines: StateLine[] = []
  const decidedAlone = decision.decidedBy !== undefined && decision.decidedBy === decision.by
  if (!decidedAlone || decision.disputes.length > 0)
    lines.push({ text: `${verb} by ${decision.by}`, time: when(decision.at, now) })
  for (const dispute of decision.disputes)
    lines.push({ text: `disputed: ${disputeWords(decision, dispute, names)}`, time: when(dispute.at, now) })
  if (decision.state === 'accepted' || decision.state === 'rejected')
    lines.push({
      text: `${decision.state} by ${decision.decidedBy ?? 'a reviewer'}`,
      ...(decision.decidedAt ? { time: when(decision.decidedAt, now) } : {}),
    })
  return lines
}

/** The state as one word a badge shows (with {@link countsWords} beside it: never colour alone). */
export const STATE_NAMES: Record<SourceDecision['state'], string> = {
  applied: 'applied',
  disputed: 'disputed',
  accepted: 'accepted',
  rejected: 'rejected',
}

/** Whether the decision counts in the index, in words. */
export function countsWords(decision: SourceDecision): string {
  if (decision.state === 'disputed') return 'not counted until a reviewer decides'
  return decisionCounts(decision) ? 'counts in the index' : 'not counted'
}

/**
 * What one may do with a decision in the list:
 * - `accept` / `reject`: a reviewer's (everyone's without sign-in), on what is not yet so;
 * - `withdraw`: an annotator's own undisputed decision (it goes);
 * - `dispute`: an annotator on another's undisputed decision (it stops counting until a reviewer decides).
 * Viewers do nothing; annotators leave disputed and decided ones to reviewers.
 */
export type DecisionAction = 'accept' | 'reject' | 'withdraw' | 'dispute'

/** The actions `role` (signed in as `user`, when signed in) has on `decision`, in the order shown. */
export function decisionActions(decision: SourceDecision, role: Role, user?: string): DecisionAction[] {
  if (role === 'viewer') return []
  if (role === 'reviewer') {
    const acceptable = decision.kind === 'split' || decision.into !== null
    return [
      ...(decision.state !== 'accepted' && acceptable ? (['accept'] as const) : []),
      ...(decision.state !== 'rejected' ? (['reject'] as const) : []),
    ]
  }
  if (decision.state !== 'applied' || decision.disputes.length > 0) return []
  return decision.by === user ? ['withdraw'] : ['dispute']
}

/** Why an annotator has no action on a decision, or null when they have one (or are not an annotator). */
export function noActionWhy(decision: SourceDecision, role: Role): string | null {
  if (role !== 'annotator') return null
  if (decision.state === 'disputed') return 'Waiting for a reviewer to decide.'
  if (decision.state === 'accepted' || decision.state === 'rejected')
    return `${decision.decidedBy ?? 'A reviewer'} decided it; only a reviewer can change it.`
  return null
}

/** The reviewers' worklist first (disputed), then the rest, newest first within each. */
export function sortDecisions(decisions: readonly SourceDecision[]): SourceDecision[] {
  const rank = (d: SourceDecision) => (d.state === 'disputed' ? 0 : 1)
  const latest = (d: SourceDecision) =>
    [d.at, d.decidedAt ?? '', ...d.disputes.map((x) => x.at)].sort().at(-1) ?? ''
  return [...decisions].sort((a, b) => rank(a) - rank(b) || latest(b).localeCompare(latest(a)))
}

/** The spellings of a source one may split off: those with another id than the source's and not merged into it. */
export function splittableSpellings(source: Pick<SourceSummary, 'id' | 'aliases' | 'mergedFrom'>): string[] {
  const merged = new Set(source.mergedFrom ?? [])
  return source.aliases.filter((alias) => {
    const id = spellingId(alias)
    return id !== source.id && !merged.has(id)
  })
}

/** The split that makes `id` a source of its own, when one counts. */
export function splitOf(id: string, decisions: readonly SourceDecision[]): SourceDecision | undefined {
  return decisions.find((d) => d.kind === 'split' && decisionCounts(d) && spellingId(d.spelling) === id)
}

/** The merge decision of source `from` (counting or not). */
export function mergeOf(from: string, decisions: readonly SourceDecision[]): SourceDecision | undefined {
  return decisions.find((d) => d.kind === 'merge' && d.from === from)
}

/** Where a source merged away ends up (merges followed), or null when no counting merge took it. */
export function mergedInto(id: string, decisions: readonly SourceDecision[]): string | null {
  const target = resolveSource(id, effectiveMerges(decisions))
  return target === id ? null : target
}

/**
 * The sources a person may merge `exclude` into whose name or another spelling contains `query` (any case),
 * names starting with it first, then the most cited; at most `limit`.
 */
export function matchSources<T extends Pick<SourceSummary, 'id' | 'name' | 'aliases' | 'citations'>>(
  sources: readonly T[],
  query: string,
  exclude: string,
  limit = 50,
): { matches: T[]; more: number } {
  const q = query.trim().toLowerCase()
  const starts = (s: T) => (q !== '' && s.name.toLowerCase().startsWith(q) ? 0 : 1)
  const all = sources
    .filter((s) => s.id !== exclude)
    .filter((s) => q === '' || [s.name, ...s.aliases].some((n) => n.toLowerCase().includes(q)))
    .sort((a, b) => starts(a) - starts(b) || b.citations - a.citations || a.name.localeCompare(b.name))
  return { matches: all.slice(0, limit), more: Math.max(0, all.length - limit) }
}
