import type { MergeDecision, SourceDecision, SplitDecision } from '@attrib/core'
import { describe, expect, it } from 'vitest'
import {
  countsWords,
  decisionActions,
  decisionSubject,
  matchSources,
  mergedInto,
  noActionWhy,
  sortDecisions,
  sourceNames,
  splitOf,
  splittableSpellings,
  stateLines,
} from './decisionWords'

const AT = '2024-10-25T10:42:00'
const NOW = new Date('2024-10-25T18:00:00')

function merge(fields: Partial<MergeDecision> = {}): MergeDecision {
  return {
    kind: 'merge',
    key: `merge:${fields.from ?? 'pentagon'}`,
    from: 'pentagon',
    into: 'us-department-of-defense',
    by: 'Ana',
    at: AT,
    state: 'applied',
    disputes: [],
    ...fields,
  }
}

function split(fields: Partial<SplitDecision> = {}): SplitDecision {
  return {
    kind: 'split',
    key: 'split:peskov',
    spelling: 'Peskov',
    by: 'Ana',
    at: AT,
    state: 'applied',
    disputes: [],
    ...fields,
  }
}

const SOURCES = [
  {
    id: 'us-department-of-defense',
    name: 'US Department of Defense',
    aliases: ['Pentagon'],
    citations: 2,
    mergedFrom: ['pentagon'],
  },
  {
    id: 'dmitry-peskov',
    name: 'Dmitry Peskov',
    aliases: ['Peskov', 'spokesman Dmitry Peskov'],
    citations: 2,
  },
  { id: 'elon-musk', name: 'Elon Musk', aliases: [], citations: 5 },
  { id: 'donald-trump', name: 'Donald Trump', aliases: [], citations: 1 },
  { id: 'trump-campaign', name: 'Trump campaign', aliases: [], citations: 4 },
]
const NAMES = sourceNames(SOURCES)
const lineTexts = (d: SourceDecision) => stateLines(d, NAMES, NOW).map((l) => l.text)

describe('[UI22] what a source’s page offers', () => {
  it('names a source merged away by its spelling among the aliases of the source it went into', () => {
    expect(NAMES.get('pentagon')).toBe('Pentagon')
    expect(NAMES.get('us-department-of-defense')).toBe('US Department of Defense')
    expect(decisionSubject(merge(), NAMES)).toBe('Pentagon into US Department of Defense')
    expect(decisionSubject(merge({ from: 'gone', into: 'also-gone' }), NAMES)).toBe('gone into also-gone')
  })

  it('offers Split off only for spellings with a name of their own, not for titles nor merged sources', () => {
    expect(splittableSpellings(SOURCES[1]!)).toEqual(['Peskov'])
    expect(splittableSpellings(SOURCES[0]!)).toEqual([])
  })

  it('follows merges to where a source went, and finds the split that made a source', () => {
    const chain = [merge(), merge({ key: 'merge:x', from: 'x', into: 'pentagon' })]
    expect(mergedInto('x', chain)).toBe('us-department-of-defense')
    expect(mergedInto('pentagon', [merge({ state: 'disputed' })])).toBeNull()
    expect(mergedInto('elon-musk', chain)).toBeNull()
    expect(splitOf('peskov', [split()])).toMatchObject({ spelling: 'Peskov' })
    expect(splitOf('peskov', [split({ state: 'rejected' })])).toBeUndefined()
  })

  it('narrows the sources to merge into by name or spelling, never offering the source itself', () => {
    const names = (q: string, exclude = 'pentagon') =>
      matchSources(SOURCES, q, exclude).matches.map((s) => s.name)
    // Most cited first when nothing is typed.
    expect(names('')).toEqual([
      'Elon Musk',
      'Trump campaign',
      'Dmitry Peskov',
      'US Department of Defense',
      'Donald Trump',
    ])
    // Names starting with the text before names containing it; any case; spellings count.
    expect(names('TRUMP')).toEqual(['Trump campaign', 'Donald Trump'])
    expect(names('pesk')).toEqual(['Dmitry Peskov'])
    expect(names('musk', 'elon-musk')).toEqual([])
    expect(matchSources(SOURCES, '', 'x', 2)).toMatchObject({ more: 3 })
  })
})

describe('[UI23] decisions in words, and who may do what', () => {
  it('tells each state in words with the time, disputes saying who wants what', () => {
    expect(lineTexts(merge())).toEqual(['merged by Ana'])
    expect(stateLines(merge(), NAMES, NOW)[0]!.time?.short).toMatch(/10.42/)
    const disputed = merge({ state: 'disputed', disputes: [{ by: 'Ben', at: AT, into: null }] })
    expect(lineTexts(disputed)).toEqual(['merged by Ana', 'disputed: Ben wants no merge'])
    expect(countsWords(disputed)).toBe('not counted until a reviewer decides')
    const elsewhere = merge({ state: 'disputed', disputes: [{ by: 'Ben', at: AT, into: 'elon-musk' }] })
    expect(lineTexts(elsewhere)).toEqual(['merged by Ana', 'disputed: Ben wants it merged into Elon Musk'])
    const accepted = { ...disputed, state: 'accepted' as const, decidedBy: 'Rita', decidedAt: AT }
    expect(lineTexts(accepted)).toEqual(['merged by Ana', 'disputed: Ben wants no merge', 'accepted by Rita'])
    expect(countsWords(accepted)).toBe('counts in the index')
    // A reviewer's own decision says only that.
    expect(lineTexts(merge({ by: 'Rita', state: 'accepted', decidedBy: 'Rita', decidedAt: AT }))).toEqual([
      'accepted by Rita',
    ])
    expect(lineTexts(split({ state: 'rejected', decidedBy: 'Rita', decidedAt: AT }))).toEqual([
      'split off by Ana',
      'rejected by Rita',
    ])
    expect(countsWords(split({ state: 'rejected' }))).toBe('not counted')
  })

  it('lets reviewers accept and reject, annotators withdraw their own and dispute others’, viewers nothing', () => {
    const disputed = merge({ state: 'disputed', disputes: [{ by: 'Ben', at: AT, into: null }] })
    expect(decisionActions(disputed, 'reviewer')).toEqual(['accept', 'reject'])
    expect(decisionActions(merge(), 'reviewer')).toEqual(['accept', 'reject'])
    expect(decisionActions(merge({ state: 'accepted' }), 'reviewer')).toEqual(['reject'])
    expect(decisionActions(merge({ state: 'rejected' }), 'reviewer')).toEqual(['accept'])
    // A rejected request to undo a merge nobody made has nothing to accept.
    expect(decisionActions(merge({ state: 'rejected', into: null }), 'reviewer')).toEqual([])
    expect(decisionActions(merge(), 'annotator', 'Ana')).toEqual(['withdraw'])
    expect(decisionActions(merge(), 'annotator', 'Ben')).toEqual(['dispute'])
    expect(decisionActions(disputed, 'annotator', 'Ana')).toEqual([])
    expect(noActionWhy(disputed, 'annotator')).toBe('Waiting for a reviewer to decide.')
    expect(noActionWhy(merge({ state: 'accepted', decidedBy: 'Rita' }), 'annotator')).toBe(
      'Rita decided it; only a reviewer can change it.',
    )
    for (const d of [merge(), disputed, split({ state: 'accepted' })])
      expect(decisionActions(d, 'viewer')).toEqual([])
  })

  it('puts the disputed ones first, then the most recently changed', () => {
    const older = merge({ key: 'merge:a', from: 'a', at: '2024-10-01T09:00:00' })
    const newer = split({ at: '2024-10-20T09:00:00' })
    const disputed = merge({
      key: 'merge:b',
      from: 'b',
      at: '2024-09-01T09:00:00',
      state: 'disputed',
      disputes: [{ by: 'Ben', at: '2024-09-02T09:00:00', into: null }],
    })
    const decidedLate = merge({
      key: 'merge:c',
      from: 'c',
      at: '2024-09-01T00:00:00',
      decidedAt: '2024-10-30T00:00:00',
    })
    expect(sortDecisions([older, newer, disputed, decidedLate]).map((d) => d.key)).toEqual([
      'merge:b',
      'merge:c',
      'split:peskov',
      'merge:a',
    ])
  })
})
