import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  DecisionError,
  effectiveMerges,
  effectiveSplits,
  readSourceDecisions,
  requestDecision,
  resolveSource,
} from './sourceDecisions'

const merge = (from: string, into: string | null) => ({ kind: 'merge' as const, from, into })
const AT = '2026-12-06T10:00:00.000Z'

describe('source decisions', () => {
  it('[SD1] an annotator merges two sources and splits a spelling off; both count, and undoing one’s own removes it', () => {
    const doc = new Y.Doc()
    expect(
      requestDecision(doc, merge('peskov-spokesman', 'dmitry-peskov'), 'ana', 'annotator', AT),
    ).toMatchObject({
      kind: 'merge',
      from: 'peskov-spokesman',
      into: 'dmitry-peskov',
      by: 'ana',
      at: AT,
      state: 'applied',
    })
    requestDecision(doc, { kind: 'split', spelling: 'Peskov', split: true }, 'ana', 'annotator', AT)
    const decisions = readSourceDecisions(doc)
    expect(effectiveMerges(decisions)).toEqual(new Map([['peskov-spokesman', 'dmitry-peskov']]))
    expect(effectiveSplits(decisions)).toEqual(new Set(['peskov']))
    expect(requestDecision(doc, merge('peskov-spokesman', null), 'ana', 'annotator')).toBeNull()
    expect(effectiveMerges(readSourceDecisions(doc)).size).toBe(0)
    // Chains are followed; a source cannot be merged into itself or back into one merged into it.
    requestDecision(doc, merge('a', 'b'), 'ana', 'annotator')
    requestDecision(doc, merge('b', 'c'), 'ana', 'annotator')
    expect(resolveSource('a', effectiveMerges(readSourceDecisions(doc)))).toBe('c')
    expect(() => requestDecision(doc, merge('c', 'a'), 'ana', 'annotator')).toThrow(/would make a loop/)
    // Re-merging a source in the middle of a chain into one that leads back to it is a loop too.
    expect(() => requestDecision(doc, merge('b', 'a'), 'ana', 'annotator')).toThrow(/would make a loop/)
    expect(() => requestDecision(doc, merge('a', 'a'), 'ana', 'annotator')).toThrow(DecisionError)
  })

  it('[SD2] another annotator undoing or changing a decision disputes it; a reviewer settles it, and only a reviewer changes that', () => {
    const doc = new Y.Doc()
    requestDecision(doc, merge('wsj', 'wall-street-journal'), 'ana', 'annotator')
    const disputed = requestDecision(doc, merge('wsj', null), 'ben', 'annotator', AT)
    expect(disputed).toMatchObject({ state: 'disputed', by: 'ana', into: 'wall-street-journal' })
    expect(disputed!.disputes).toEqual([{ by: 'ben', at: AT, into: null }])
    expect(effectiveMerges(readSourceDecisions(doc)).size).toBe(0)
    // Ana asking again adds her wish; it stays disputed.
    expect(requestDecision(doc, merge('wsj', 'wall-street-journal'), 'ana', 'annotator')!.state).toBe(
      'disputed',
    )
    const decided = requestDecision(doc, merge('wsj', 'wall-street-journal'), 'rita', 'reviewer', AT)
    expect(decided).toMatchObject({ state: 'accepted', by: 'ana', decidedBy: 'rita', decidedAt: AT })
    expect(decided!.disputes).toHaveLength(2)
    expect(effectiveMerges(readSourceDecisions(doc)).get('wsj')).toBe('wall-street-journal')
    const refused = () => requestDecision(doc, merge('wsj', null), 'ben', 'annotator')
    expect(refused).toThrow('rita decided this merge; only a reviewer can change it')
    expect(requestDecision(doc, merge('wsj', null), 'rita', 'reviewer')!.state).toBe('rejected')
    expect(effectiveMerges(readSourceDecisions(doc)).size).toBe(0)
    // The same wish as an undisputed decision changes nothing.
    requestDecision(doc, merge('x', 'y'), 'ana', 'annotator')
    expect(requestDecision(doc, merge('x', 'y'), 'ben', 'annotator')!.state).toBe('applied')
  })

  it('[SD2] two decisions made at once in two places converge; records that are not decisions are skipped', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    requestDecision(a, merge('peskov', 'dmitry-peskov'), 'ana', 'annotator')
    requestDecision(b, merge('peskov', 'kremlin'), 'ben', 'annotator')
    requestDecision(b, { kind: 'split', spelling: 'Musk', split: true }, 'ben', 'annotator')
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(readSourceDecisions(a)).toEqual(readSourceDecisions(b))
    expect(readSourceDecisions(a)).toHaveLength(2)
    a.getMap('decisions').set('merge:bad', {
      kind: 'merge',
      from: 'other',
      into: 'x',
      by: 'e',
      at: AT,
      state: 'applied',
    })
    a.getMap('decisions').set('junk', 42)
    expect(readSourceDecisions(a)).toHaveLength(2)
  })
})
