import type { SourceDecision } from '@attrib/core'
import { coverageGroupKey, NO_GROUP } from './coverage'
import type { DatePeriod } from './period'
import { type ArticleDigest, keepForCoverage } from './report'
import { combineSources } from './sources'

/** A source one outlet cites, with how often. */
export interface OutletSource {
  /** The source index's id (`/api/sources/<id>`). */
  id: string
  name: string
  /** Sentences of the outlet's articles citing it. */
  citations: number
  /** The outlet's articles citing it. */
  articles: number
}

/** One month of one outlet: its articles dated in it and how anonymous their attributed sentences are. */
export interface OutletMonth {
  /** `YYYY-MM`. */
  month: string
  articles: number
  attributed: number
  /** Attributed sentences tagged `anonymous_official`. */
  anonymous: number
  /** `anonymous / attributed`, as the dashboard's anonymous share; null when nothing is attributed. */
  anonymousShare: number | null
}

/** How one outlet sources its articles: who it cites most, and its anonymous share month by month. */
export interface OutletSourcing {
  /** The outlet's name, `(none)` for articles without one (as the coverage report's groups). */
  outlet: string
  articles: number
  /** Its most cited sources, most first (then by name), at most the report's `top`. */
  topSources: OutletSource[]
  /** Its dated articles' months, in order; months without an article of the outlet are left out. */
  months: OutletMonth[]
  /** Its articles without a date, which no month holds. */
  undated: number
}

/** The outlets' sourcing: what the dashboard's charts of sources per outlet draw. */
export interface SourcingReport {
  /** Per outlet, sorted by name (`(none)` first, as the coverage report's groups). */
  outlets: OutletSourcing[]
  /** Every month with a dated article of any outlet, in order. */
  months: string[]
  /** How many sources each outlet lists at most. */
  top: number
}

/** Which articles {@link outletSourcing} counts: of these outlets (`(none)` for none), dated in the period. */
export interface SourcingFilter extends DatePeriod {
  outlets?: readonly string[]
}

/** Default number of sources listed per outlet. */
export const TOP_SOURCES = 5

/**
 * Per outlet, its most cited sources (from the articles' parts of the source index, SRC1) and its anonymous
 * share per month (from their coverage, COV1), made from the read model's digests without reading any
 * snapshot, so the dashboard draws it for a large corpus at the cost of its coverage report.
 * @example outletSourcing(digests, { top: 5, filter: { from: '2024-01-01' } }).outlets[0].topSources
 */
export function outletSourcing(
  digests: Iterable<Pick<ArticleDigest, 'meta' | 'coverage' | 'sources'>>,
  options: { top?: number; filter?: SourcingFilter; decisions?: readonly SourceDecision[] } = {},
): SourcingReport {
  const top = options.top ?? TOP_SOURCES
  const byOutlet = new Map<string, Pick<ArticleDigest, 'meta' | 'coverage' | 'sources'>[]>()
  for (const digest of digests) {
    if (!keepForCoverage(digest, options.filter)) continue
    const outlet = coverageGroupKey(digest, 'outlet')
    const members = byOutlet.get(outlet)
    if (members) members.push(digest)
    else byOutlet.set(outlet, [digest])
  }
  const allMonths = new Set<string>()
  const outlets = [...byOutlet.keys()].sort(byString).map((outlet): OutletSourcing => {
    const members = byOutlet.get(outlet)!
    const months = new Map<string, OutletMonth>()
    let undated = 0
    for (const { meta, coverage } of members) {
      const month = coverageGroupKey({ meta }, 'month')
      if (month === NO_GROUP) {
        undated++
        continue
      }
      allMonths.add(month)
      const m = months.get(month) ?? { month, articles: 0, attributed: 0, anonymous: 0, anonymousShare: null }
      m.articles++
      m.attributed += coverage.attributed
      m.anonymous += coverage.anonymous
      months.set(month, m)
    }
    return {
      outlet,
      articles: members.length,
      topSources: combineSources(
        members.map((d) => d.sources),
        options.decisions,
      )
        .sources.slice(0, top)
        .map((s) => ({
          id: s.id,
          name: s.name,
          citations: s.citations.length,
          articles: new Set(s.citations.map((c) => c.article)).size,
        })),
      months: [...months.values()]
        .sort((a, b) => byString(a.month, b.month))
        .map((m) => ({ ...m, anonymousShare: m.attributed === 0 ? null : m.anonymous / m.attributed })),
      undated,
    }
  })
  return { outlets, months: [...allMonths].sort(byString), top }
}

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
