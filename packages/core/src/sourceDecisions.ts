import type * as Y from 'yjs'
import { normaliseSourceName, sourceId } from './sourceNames'

// People's decisions on the source index (SPEC SD1–SD3): the index proposes which spellings are one
// source (normalised names, titles dropped, a bare surname resolved in its article); people merge two
// sources it kept apart and split a spelling off a source it joined. The decisions are one small Y.Doc of
// the corpus (a map of plain records, one per decision), changed by the server on people's requests and
// read by every reader of the index, so two decisions made at the same moment in two places converge.
//
// Anyone who may annotate merges and splits; a decision someone else made and another annotator undoes or
// changes becomes disputed and no longer counts until a reviewer settles it; a reviewer's decision
// (accepted or rejected) stands, and only a reviewer changes it.

/** The name the store keeps the decisions document under: outside the article id alphabet, so no article has it. */
export const SOURCE_DECISIONS_DOC = '_sources'

/**
 * - `applied`: made by an annotator and undisputed, so it counts;
 * - `disputed`: another annotator undid or changed it; it does not count until a reviewer decides;
 * - `accepted` / `rejected`: a reviewer decided; accepted counts, rejected does not.
 */
export type DecisionState = 'applied' | 'disputed' | 'accepted' | 'rejected'

/** One objection to a decision: who, when, and what they wanted instead (null: no merge or split). */
export interface DecisionDispute {
  by: string
  at: string
  into: string | null
}

interface DecisionBase {
  /** The map key: `merge:<from id>` or `split:<spelling id>`. */
  key: string
  by: string
  /** ISO time. */
  at: string
  state: DecisionState
  disputes: DecisionDispute[]
  /** The reviewer who accepted or rejected it, and when. */
  decidedBy?: string
  decidedAt?: string
}

/** Source `from` is the same as source `into` (both source index ids). */
export interface MergeDecision extends DecisionBase {
  kind: 'merge'
  from: string
  /** The source it is merged into; null for a rejected request to undo a merge nobody had made. */
  into: string | null
}

/** The spelling (any spelling normalising to it) is a source of its own, not part of the one it was resolved to. */
export interface SplitDecision extends DecisionBase {
  kind: 'split'
  /** The spelling as the person gave it. */
  spelling: string
}

export type SourceDecision = MergeDecision | SplitDecision

/** What a user may do with decisions: an annotator's word counts until disputed, a reviewer's stands. */
export type DecisionRole = 'annotator' | 'reviewer'

/** Refused decision requests say why; the server answers them with 403 or 409. */
export class DecisionError extends Error {
  override name = 'DecisionError'
  constructor(
    message: string,
    readonly status: 403 | 409 | 400,
  ) {
    super(message)
  }
}

/** The longest chain of merges followed (a → b → c ...). */
const MAX_CHAIN = 32

const decisionsMap = (doc: Y.Doc) => doc.getMap<unknown>('decisions')

/** The key of a merge of source `from`. */
export const mergeKey = (from: string) => `merge:${from}`
/** The key of a split of `spelling`. */
export const splitKey = (spelling: string) => `split:${sourceId(normaliseSourceName(spelling))}`

const STATES: ReadonlySet<string> = new Set(['applied', 'disputed', 'accepted', 'rejected'])
const isString = (x: unknown): x is string => typeof x === 'string'

/** A stored record as a decision, or null when it is not one (readers skip it). */
function readDecision(key: string, value: unknown): SourceDecision | null {
  if (typeof value !== 'object' || value === null) return null
  const v = value as Record<string, unknown>
  if (!isString(v.by) || !isString(v.at) || !isString(v.state) || !STATES.has(v.state)) return null
  const disputes = Array.isArray(v.disputes)
    ? v.disputes.filter(
        (d): d is DecisionDispute =>
          typeof d === 'object' &&
          d !== null &&
          isString(d.by) &&
          isString(d.at) &&
          (d.into === null || isString(d.into)),
      )
    : []
  const base = {
    key,
    by: v.by,
    at: v.at,
    state: v.state as DecisionState,
    disputes,
    ...(isString(v.decidedBy) ? { decidedBy: v.decidedBy } : {}),
    ...(isString(v.decidedAt) ? { decidedAt: v.decidedAt } : {}),
  }
  if (
    v.kind === 'merge' &&
    isString(v.from) &&
    (isString(v.into) || v.into === null) &&
    key === mergeKey(v.from)
  )
    return { ...base, kind: 'merge', from: v.from, into: v.into }
  if (v.kind === 'split' && isString(v.spelling) && key === splitKey(v.spelling))
    return { ...base, kind: 'split', spelling: v.spelling }
  return null
}

/** Every well-formed decision of the document, by key. */
export function readSourceDecisions(doc: Y.Doc): SourceDecision[] {
  const out: SourceDecision[] = []
  for (const [key, value] of decisionsMap(doc).entries()) {
    const decision = readDecision(key, value)
    if (decision) out.push(decision)
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

/** Whether a decision counts in the index. */
export const counts = (d: SourceDecision) =>
  (d.state === 'applied' || d.state === 'accepted') && (d.kind === 'split' || d.into !== null)

/** What a request asks: make a merge or split count, or make it not count. */
export type DecisionRequest =
  | { kind: 'merge'; from: string; into: string | null }
  | { kind: 'split'; spelling: string; split: boolean }

/** What a decision or a request wants: the merge's target, `split`, or null (no merge, no split). */
const wishOf = (d: SourceDecision): string | null => (d.kind === 'merge' ? d.into : 'split')

/**
 * Carries out `request` by `user` in `role` on the decisions document, in one transaction:
 * - a reviewer's request is the decision: accepted (the merge into `into`, or the split) or rejected (no
 *   merge, no split), keeping who first asked and every objection;
 * - an annotator's request on a source nobody decided on applies; on their own undisputed decision it
 *   replaces it (a request to undo it removes it);
 * - an annotator's request that undoes or changes another's decision, or any disputed one, disputes it:
 *   it stops counting, with every wish kept for the reviewer;
 * - an annotator may not change a reviewer's decision (DecisionError 409), nor merge a source into itself
 *   or into one merged into it (400).
 * Returns the decision as it now is (null when there is none).
 */
export function requestDecision(
  doc: Y.Doc,
  request: DecisionRequest,
  user: string,
  role: DecisionRole,
  at: string = new Date().toISOString(),
): SourceDecision | null {
  const map = decisionsMap(doc)
  const key = request.kind === 'merge' ? mergeKey(request.from) : splitKey(request.spelling)
  const wish = request.kind === 'merge' ? request.into : request.split ? 'split' : null
  if (request.kind === 'merge' && request.into !== null) {
    if (request.into === request.from) throw new DecisionError('a source cannot be merged into itself', 400)
    if (mergeChain(request.into, effectiveMerges(readSourceDecisions(doc))).includes(request.from))
      throw new DecisionError(
        `${request.into} is merged into ${request.from}; merging back would make a loop`,
        400,
      )
  }
  const existing = readDecision(key, map.get(key))
  const what =
    request.kind === 'merge'
      ? { kind: 'merge', from: request.from }
      : { kind: 'split', spelling: request.spelling }
  const write = (fields: {
    into?: string | null
    state: DecisionState
    by?: string
    at?: string
    disputes?: DecisionDispute[]
    decided?: boolean
  }) =>
    map.set(key, {
      ...what,
      ...(request.kind === 'merge' ? { into: fields.into ?? null } : {}),
      by: fields.by ?? user,
      at: fields.at ?? at,
      state: fields.state,
      disputes: fields.disputes ?? [],
      ...(fields.decided ? { decidedBy: user, decidedAt: at } : {}),
    })
  doc.transact(() => {
    if (role === 'reviewer') {
      write({
        into: wish === null ? (existing?.kind === 'merge' ? existing.into : null) : wish,
        state: wish === null ? 'rejected' : 'accepted',
        by: existing?.by,
        at: existing?.at,
        disputes: existing?.disputes,
        decided: true,
      })
      return
    }
    if (existing?.state === 'accepted' || existing?.state === 'rejected')
      throw new DecisionError(
        `${existing.decidedBy ?? 'a reviewer'} decided this ${existing.kind}; only a reviewer can change it`,
        409,
      )
    if (existing === null) {
      if (wish !== null) write({ into: wish, state: 'applied' })
      return
    }
    const undisputed = existing.state === 'applied' && existing.disputes.length === 0
    if (undisputed && existing.by === user) {
      if (wish === null) map.delete(key)
      else write({ into: wish, state: 'applied' })
      return
    }
    if (undisputed && wishOf(existing) === wish) return
    write({
      into: existing.kind === 'merge' ? existing.into : null,
      state: 'disputed',
      by: existing.by,
      at: existing.at,
      disputes: [...existing.disputes, { by: user, at, into: wish }],
    })
  })
  return readDecision(key, map.get(key))
}

/** The merges that count, from → into. */
export function effectiveMerges(decisions: readonly SourceDecision[]): Map<string, string> {
  const merges = new Map<string, string>()
  for (const d of decisions)
    if (d.kind === 'merge' && d.into !== null && counts(d)) merges.set(d.from, d.into)
  return merges
}

/** The spelling ids (`sourceId` of the normalised spelling) split off into sources of their own. */
export function effectiveSplits(decisions: readonly SourceDecision[]): Set<string> {
  const splits = new Set<string>()
  for (const d of decisions)
    if (d.kind === 'split' && counts(d)) splits.add(sourceId(normaliseSourceName(d.spelling)))
  return splits
}

/** The sources `id` passes through following the merges, itself first (a loop stops where it closes). */
function mergeChain(id: string, merges: ReadonlyMap<string, string>): string[] {
  const chain = [id]
  for (let i = 0; i < MAX_CHAIN; i++) {
    const next = merges.get(chain[chain.length - 1]!)
    if (next === undefined || chain.includes(next)) break
    chain.push(next)
  }
  return chain
}

/** Where source `id` ends up after following the merges (itself when not merged; a loop stops where it closes). */
export function resolveSource(id: string, merges: ReadonlyMap<string, string>): string {
  const chain = mergeChain(id, merges)
  return chain[chain.length - 1]!
}
