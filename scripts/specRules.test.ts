import { describe, expect, it } from 'vitest'
import { checkSpecRules, expandRuleIds, parseSpec, parseTestTitles, specFiles } from './specRules'

describe('[SPEC1] the SPECs and the tests agree', () => {
  it('every rule is named by a test, and every rule a test names is in a SPEC', () => {
    expect(specFiles()).toEqual(expect.arrayContaining(['SPEC.md', 'packages/server/SPEC.md']))
    const problems = checkSpecRules()
    expect(problems, `\n${problems.join('\n')}\n`).toEqual([])
  })

  it('reads bullets, ranges and references, and flags a rule written inside another', () => {
    expect(expandRuleIds('HTTP6–HTTP8')).toEqual(['HTTP6', 'HTTP7', 'HTTP8'])
    expect(expandRuleIds('WS3-WS4')).toEqual(['WS3', 'WS4'])
    expect(expandRuleIds('WS4–HTTP6')).toBeUndefined()
    expect(expandRuleIds('Note')).toBeUndefined()
    const spec = parseSpec(
      'x/SPEC.md',
      [
        '- **WS4** a rule',
        '  on two lines (WS5 is not defined here).',
        '- **HTTP6–HTTP8** a range',
        '- **LAY1**, **HTTP10** — defined in `y/SPEC.md`',
        '- **Bold** prose. **SO5** hides in it, `**WS6**` is code.',
        'WS9 in prose defines nothing.',
      ].join('\n'),
    )
    expect(spec.definitions.map((d) => `${d.id}:${d.line}`)).toEqual([
      'WS4:1',
      'HTTP6:3',
      'HTTP7:3',
      'HTTP8:3',
    ])
    expect(spec.references.map((r) => `${r.id}→${r.target}`)).toEqual(['LAY1→y/SPEC.md', 'HTTP10→y/SPEC.md'])
    expect(spec.problems.map((p) => p.line)).toEqual([5])
  })

  it('reads rule ids from literal titles, it.each tables and for … of loops, and names what it cannot read', () => {
    const { named, unread } = parseTestTitles(
      't.test.ts',
      `
const CASES: [string, string][] = [['SEG4', 'a'], ['SEG9', 'b']]
describe('[CP1] outer', () => {
  it('[WS4] plain', () => {})
  it.skip(\`[WS5] template \${1}\`, () => {})
  it.each(CASES)('[%s] %j', () => {})
  it.each([{ rule: 'SUG2' }])('[$rule] by key', () => {})
  for (const { id, n } of [{ id: 'FZ1', n: 1 }, { id: 'FZ2', n: 2 }]) it(\`[\${id}] \${n}\`, () => {})
  it('a fixture in code is no rule', () => expect([ A1 ]).toBeTruthy())
  it(\`[\${rule()}] unreadable\`, () => {})
})`,
    )
    expect(named.map((n) => n.id)).toEqual(['CP1', 'WS4', 'WS5', 'SEG4', 'SEG9', 'SUG2', 'FZ1', 'FZ2'])
    expect(unread.map((u) => u.line)).toEqual([10])
  })
})
