import { readArticle, readSourceDecisions, requestDecision } from '@attrib/core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  articleSources,
  combineSources,
  listSources,
  normaliseSourceName,
  sourceIndex,
  sourceSummary,
  sourcesInPeriod,
  unnamedDescription,
} from './sources'
import { demoDocs } from './testDemo'

/** The seed story annotated by two people, as the editor reads it. */
function demo() {
  return demoDocs().map((doc) => readArticle(doc))
}

describe('[SRC1] the source index of a corpus', () => {
  it('one entry per source across spellings, titles and bare surnames', () => {
    expect(normaliseSourceName('Kremlin spokesman Dmitry Peskov')).toBe('Dmitry Peskov')
    expect(normaliseSourceName('  Dr. Lena  Ortiz ')).toBe('Lena Ortiz')
    expect(normaliseSourceName('the Wall Street Journal')).toBe('Wall Street Journal')
    expect(normaliseSourceName('a spokesman for the US Department of Defense')).toBe(
      'US Department of Defense',
    )
    expect(normaliseSourceName('Trump campaign')).toBe('Trump campaign')
    // Several small words inside a name.
    expect(normaliseSourceName('the commission president Ursula von der Leyen')).toBe('Ursula von der Leyen')
    const [a] = demo()
    const article = { ...a!, annotations: a!.annotations.map((x) => ({ ...x })) }
    // Three spellings of one man in one article.
    const named = article.annotations.filter((x) => x.source === 'Elon Musk')
    named[0]!.source = 'Musk'
    named[1]!.source = 'billionaire Elon Musk'
    const index = sourceIndex([article])
    const musk = index.sources.filter((s) => s.name.includes('Musk'))
    expect(musk.map((s) => s.id)).toEqual(['elon-musk'])
    expect(musk[0]!.aliases).toEqual(['Musk', 'billionaire Elon Musk'])
  })

  it('the demo story: Peskov once with every sentence citing him, the Journal only in the outlet that names it, unnamed sources per article', () => {
    const index = sourceIndex(demo())
    const peskov = index.sources.find((s) => s.id === 'dmitry-peskov')!
    expect(peskov.citations.map((c) => c.text.slice(0, 30))).toEqual([
      'Kremlin spokesman Dmitry Pesko',
      'Peskov also added that neither',
    ])
    expect(peskov.types).toEqual(['quote', 'spokesperson'])
    expect(peskov.citations[0]).toMatchObject({ annotator: 'Ana, Ben', how: 'quote' })
    const journal = index.sources.find(
      (s) => s.id === 'the-wall-street-journal' || s.id === 'wall-street-journal',
    )!
    expect(new Set(journal.citations.map((c) => c.article))).toEqual(new Set(['001_b540a2e8dbf5a36d']))
    expect(journal.types).toContain('media_report')
    // The other article cites American journalists' insiders, unnamed.
    const unnamedFirst = index.anonymous.find((a) => a.article === '000_cdf3ea4d863409f1')!
    expect(unnamedFirst.descriptions.map((d) => d.text)).toContain('several white house officials')
    expect(unnamedFirst.descriptions.length).toBeGreaterThan(1)
    // Sorted by citations; summaries count them.
    const counts = index.sources.map((s) => s.citations.length)
    expect(counts).toEqual([...counts].sort((x, y) => y - x))
    expect(sourceSummary(peskov).citations).toBe(2)
  })

  it('describes an unnamed source by the words the sentence uses', () => {
    expect(unnamedDescription('Two officials reported that at one point')).toBe('two officials')
    expect(unnamedDescription('An informed source said that')).toBe('an informed source')
    expect(unnamedDescription('It was said.')).toBe('unnamed source')
  })
})

describe('[SRC8] the source index of a period', () => {
  // The demo story's two articles, one dated 2024-10-25 and one 2024-11-03, and a third undated.
  function dated() {
    const [a, b] = demo()
    return [
      { ...a!, meta: { ...a!.meta, date: '2024-10-25', outlet: 'Daily' } },
      { ...b!, meta: { ...b!.meta, date: '2024-11-03T08:00:00Z', outlet: 'Weekly' } },
      { ...b!, meta: { ...b!.meta, id: 'undated', date: undefined, outlet: 'Weekly' } },
    ]
  }
  const parts = () => dated().map(articleSources)

  it("counts only the citations of the period's articles, each end included, undated articles never", () => {
    const all = sourcesInPeriod(parts())
    const october = sourcesInPeriod(parts(), { from: '2024-10-01', to: '2024-10-31' })
    const november = sourcesInPeriod(parts(), { from: '2024-11-03' })
    const articles = (index: ReturnType<typeof sourcesInPeriod>) =>
      [...new Set(index.sources.flatMap((s) => s.citations.map((c) => c.article)))].sort()
    expect(articles(all)).toEqual(['000_cdf3ea4d863409f1', '001_b540a2e8dbf5a36d', 'undated'])
    expect(articles(october)).toEqual(['000_cdf3ea4d863409f1'])
    expect(articles(november)).toEqual(['001_b540a2e8dbf5a36d'])
    expect(articles(sourcesInPeriod(parts(), { to: '2024-10-25' }))).toEqual(['000_cdf3ea4d863409f1'])
    // Peskov is cited only in November's article; Musk in both, so each period has its own figures.
    expect(october.sources.find((s) => s.id === 'dmitry-peskov')).toBeUndefined()
    const musk = (index: ReturnType<typeof sourcesInPeriod>) =>
      index.sources.find((s) => s.id === 'elon-musk')!
    expect(musk(october)).toMatchObject({
      outlets: ['Daily'],
      first: '2024-10-25',
      last: '2024-10-25',
      articles: 1,
    })
    expect(musk(november)).toMatchObject({ outlets: ['Weekly'], articles: 1 })
    expect(musk(october).citations.length + musk(november).citations.length).toBeLessThan(
      musk(all).citations.length,
    )
    expect(october.anonymous.map((a) => a.article)).toEqual(['000_cdf3ea4d863409f1'])
  })

  it('lists the filtered sources of the period as the API answers them', () => {
    const listing = listSources(parts(), { from: '2024-11-01', outlets: ['Weekly'], q: 'peskov' })
    expect(listing.sources.map((s) => [s.id, s.citations, s.first])).toEqual([
      ['dmitry-peskov', 2, '2024-11-03T08:00:00Z'],
    ])
    expect(listing.anonymous.map((a) => a.article)).toEqual(['001_b540a2e8dbf5a36d'])
    expect(listSources(parts(), { from: '2025-01-01' })).toEqual({ sources: [], anonymous: [] })
  })
})

describe('[SD3] people’s merges and splits in the index', () => {
  it('a merged source’s citations go to the one it is merged into; a split spelling is a source of its own', () => {
    const doc = new Y.Doc()
    const parts = demo().map(articleSources)
    const before = combineSources(parts)
    const peskov = before.sources.find((s) => s.id === 'dmitry-peskov')!
    const musk = before.sources.find((s) => s.id === 'elon-musk')!
    requestDecision(doc, { kind: 'merge', from: 'elon-musk', into: 'dmitry-peskov' }, 'ana', 'annotator')
    const merged = combineSources(parts, readSourceDecisions(doc))
    const both = merged.sources.find((s) => s.id === 'dmitry-peskov')!
    expect(merged.sources.some((s) => s.id === 'elon-musk')).toBe(false)
    expect(both.name).toBe('Dmitry Peskov')
    expect(both.mergedFrom).toEqual(['elon-musk'])
    expect(both.citations).toHaveLength(peskov.citations.length + musk.citations.length)
    expect(both.aliases).toContain('Elon Musk')
    // Every citation is somewhere: the index holds as many as before.
    const count = (i: typeof before) => i.sources.reduce((n, s) => n + s.citations.length, 0)
    expect(count(merged)).toBe(count(before))
    // A disputed merge no longer counts.
    requestDecision(doc, { kind: 'merge', from: 'elon-musk', into: null }, 'ben', 'annotator')
    expect(combineSources(parts, readSourceDecisions(doc)).sources.some((s) => s.id === 'elon-musk')).toBe(
      true,
    )
    // Split: "Peskov" spelled bare in an article is no longer resolved to Dmitry Peskov.
    const withPeskov = demo().find((a) => a.annotations.some((x) => x.source === 'Dmitry Peskov'))!
    const article = { ...withPeskov, annotations: withPeskov.annotations.map((x) => ({ ...x })) }
    const named = article.annotations.filter((x) => x.source === 'Dmitry Peskov')
    named[0]!.source = 'Peskov'
    const one = [articleSources(article)]
    expect(combineSources(one).sources.some((s) => s.id === 'peskov')).toBe(false)
    requestDecision(doc, { kind: 'split', spelling: 'Peskov', split: true }, 'ana', 'annotator')
    const split = combineSources(one, readSourceDecisions(doc))
    expect(split.sources.find((s) => s.id === 'peskov')?.citations.length).toBeGreaterThan(0)
    expect(count(split)).toBe(count(combineSources(one)))
  })
})
