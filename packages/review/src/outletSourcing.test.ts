import { type ArticleSnapshot, readArticle } from '@attrib/core'
import { describe, expect, it } from 'vitest'
import { outletSourcing } from './outletSourcing'
import { articleDigest, coverageReport } from './report'
import { sourceIndex } from './sources'
import { demoDocs } from './testDemo'

/** The demo story's two articles, copied into two outlets and three months, and one undated. */
function corpus(): ArticleSnapshot[] {
  const [a, b] = demoDocs().map((doc) => readArticle(doc))
  const copy = (s: ArticleSnapshot, id: string, outlet: string | undefined, date: string | undefined) => ({
    ...s,
    meta: { ...s.meta, id, outlet, date },
  })
  return [
    copy(a!, 'd1', 'Daily', '2024-09-30'),
    copy(b!, 'd2', 'Daily', '2024-10-02'),
    copy(a!, 'd3', 'Daily', '2024-10-20'),
    copy(b!, 'w1', 'Weekly', '2024-11-01'),
    copy(a!, 'w2', 'Weekly', undefined),
    copy(b!, 'n1', undefined, '2024-10-05'),
  ]
}

describe('[SRC10] the sourcing of each outlet', () => {
  it("lists each outlet's most cited sources as the source index of its articles does", () => {
    const snapshots = corpus()
    const report = outletSourcing(snapshots.map(articleDigest), { top: 3 })
    expect(report.outlets.map((o) => [o.outlet, o.articles, o.undated])).toEqual([
      ['(none)', 1, 0],
      ['Daily', 3, 0],
      ['Weekly', 2, 1],
    ])
    for (const o of report.outlets) {
      const own = snapshots.filter((s) => (s.meta.outlet ?? '(none)') === o.outlet)
      const expected = sourceIndex(own).sources.slice(0, 3)
      expect(o.topSources.map((s) => [s.id, s.citations])).toEqual(
        expected.map((s) => [s.id, s.citations.length]),
      )
      expect(o.topSources.length).toBe(3)
    }
    // Daily cites Musk in all three of its articles.
    const daily = report.outlets.find((o) => o.outlet === 'Daily')!
    expect(daily.topSources[0]).toMatchObject({ id: 'elon-musk', name: 'Elon Musk', articles: 3 })
    expect(report.top).toBe(3)
  })

  it("gives each outlet's anonymous share per month as the coverage report of its articles", () => {
    const snapshots = corpus()
    const report = outletSourcing(snapshots.map(articleDigest))
    expect(report.months).toEqual(['2024-09', '2024-10', '2024-11'])
    for (const o of report.outlets) {
      const own = snapshots.filter((s) => (s.meta.outlet ?? '(none)') === o.outlet)
      const byMonth = coverageReport(own).byMonth.filter((g) => g.key !== '(none)')
      expect(o.months).toEqual(
        byMonth.map(({ key, coverage: c }) => ({
          month: key,
          articles: c.articles,
          attributed: c.attributed,
          anonymous: c.anonymous,
          anonymousShare: c.anonymousShare,
        })),
      )
    }
    const daily = report.outlets.find((o) => o.outlet === 'Daily')!
    expect(daily.months.map((m) => [m.month, m.articles])).toEqual([
      ['2024-09', 1],
      ['2024-10', 2],
    ])
    expect(daily.months.every((m) => m.anonymousShare !== null && m.anonymousShare > 0)).toBe(true)
  })

  it('keeps the outlets and the period asked for; a month with nothing attributed has no share', () => {
    const snapshots = corpus()
    const report = outletSourcing(snapshots.map(articleDigest), {
      filter: { outlets: ['Daily', 'Weekly'], from: '2024-10-01', to: '2024-10-31' },
    })
    expect(report.outlets.map((o) => [o.outlet, o.articles])).toEqual([['Daily', 2]])
    expect(report.months).toEqual(['2024-10'])
    const bare = { ...snapshots[0]!, annotations: [] }
    expect(outletSourcing([articleDigest(bare)]).outlets[0]).toMatchObject({
      topSources: [],
      months: [{ month: '2024-09', articles: 1, attributed: 0, anonymous: 0, anonymousShare: null }],
    })
  })
})
