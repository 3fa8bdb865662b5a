import type { AnnotationStatus, ArticleSnapshot } from '@attrib/core'
import {
  type ArticleCoverage,
  articleCoverage,
  type CorpusCoverage,
  type CoverageGroupBy,
  type CoverageOptions,
  coverageGroupKey,
  type GroupCoverage,
  sumCoverage,
} from './coverage'
import { type DatePeriod, inPeriod } from './period'
import { type ArticleSources, articleSources } from './sources'

/** Which articles and annotations a {@link coverageReport} counts. Every given criterion must hold. */
export interface CoverageFilter extends DatePeriod {
  /** Only these article ids. */
  ids?: readonly string[]
  /** Only articles of these outlets (trimmed names; `(none)` for articles without one). */
  outlets?: readonly string[]
  /** Only articles of these stories (`(none)` for articles without one). */
  stories?: readonly string[]
  /** Count only these annotators' annotations (articles are kept). */
  annotators?: readonly string[]
}

/** Options of {@link coverageReport}. */
export interface CoverageReportOptions {
  /** Label ids that always appear in `perLabel` (the taxonomy's ids, so every source type shows). */
  labels?: readonly string[]
  /** Which annotation statuses count; by default only `accepted`. */
  statuses?: readonly AnnotationStatus[]
  filter?: CoverageFilter
  /** Whether unattributed sentences carry their text (default true; the API leaves it out unless asked). */
  sentenceText?: boolean
  /**
   * Computes one article's coverage; a server passes a memoised {@link articleCoverage} (keyed by the
   * article's version and the options) so unchanged articles are not counted again.
   */
  articleCoverage?: (snapshot: ArticleSnapshot, options: CoverageOptions) => ArticleCoverage
}

/**
 * Everything the review dashboard, `GET /api/review/coverage` and `attrib coverage` show: the same object
 * in all three, so their figures match by construction.
 */
export interface CoverageReport {
  /** The kept articles summed. */
  corpus: CorpusCoverage
  /** The kept articles, in the order given. */
  articles: ArticleCoverage[]
  byOutlet: GroupCoverage[]
  byMonth: GroupCoverage[]
  byStory: GroupCoverage[]
  /** Every annotator with a counted annotation in the whole corpus (before filtering), sorted: the filter's choices. */
  annotators: string[]
  /** Every outlet of the whole corpus (before filtering), sorted, `(none)` included when an article lacks one. */
  outlets: string[]
}

/** Whether the article passes the filter's article criteria (ids, outlets, stories, dates). */
export function keepForCoverage(
  snapshot: Pick<ArticleSnapshot, 'meta'>,
  filter: CoverageFilter = {},
): boolean {
  if (filter.ids && !filter.ids.includes(snapshot.meta.id)) return false
  if (filter.outlets && !filter.outlets.includes(coverageGroupKey(snapshot, 'outlet'))) return false
  if (filter.stories && !filter.stories.includes(coverageGroupKey(snapshot, 'story'))) return false
  return inPeriod(snapshot.meta.date, filter)
}

/**
 * The per-article options a {@link coverageReport} with `options` passes to `articleCoverage`: a cache of
 * per-article figures (the server's) keys on them, so it can fill itself ahead of a request.
 */
export function reportCoverageOptions(
  options: CoverageReportOptions = {},
): CoverageOptions & { labels: readonly string[]; statuses: readonly AnnotationStatus[] } {
  return {
    labels: options.labels ?? [],
    statuses: options.statuses ?? ['accepted'],
    annotators: options.filter?.annotators,
    sentenceText: options.sentenceText,
  }
}

/**
 * The coverage report of a corpus: per-article coverage (counted once), the corpus total and the groups
 * by outlet, month and story, all summed from the article figures (see {@link sumCoverage}), plus the
 * outlets and annotators of the whole corpus for filter menus. Linear in the corpus size.
 * @example
 * const report = coverageReport(snapshots, { labels: taxonomy.labels.map((l) => l.id), filter: { outlets: ['BBC'] } })
 */
export function coverageReport(
  snapshots: Iterable<ArticleSnapshot>,
  options: CoverageReportOptions = {},
): CoverageReport {
  const collector = coverageCollector(options)
  for (const snapshot of snapshots) collector.add(snapshot)
  return collector.report()
}

/**
 * What the dashboard's usual report needs of one article, computed once when the article is stored (the
 * corpus read model keeps it beside the article's view), so the report need not read the article's
 * snapshot: its metadata, its coverage with the default options (accepted annotations, every annotator,
 * no sentence text, no extra labels) and the annotators with a label per status (the filter's choices).
 */
export interface ArticleDigest {
  meta: ArticleSnapshot['meta']
  coverage: ArticleCoverage
  /** Per status, the annotators with at least one labelled annotation of that status, sorted. */
  annotators: Partial<Record<AnnotationStatus, string[]>>
  /** The sources the article cites, for the corpus's source index (`articleSources`). */
  sources: ArticleSources
}

/** The {@link ArticleDigest} of a snapshot. */
export function articleDigest(snapshot: ArticleSnapshot): ArticleDigest {
  const annotators: Partial<Record<AnnotationStatus, Set<string>>> = {}
  for (const a of snapshot.annotations) {
    if (a.labels.length === 0) continue
    const names = annotators[a.status] ?? new Set<string>()
    names.add(a.annotator)
    annotators[a.status] = names
  }
  return {
    meta: snapshot.meta,
    coverage: articleCoverage(snapshot, { statuses: ['accepted'], sentenceText: false }),
    annotators: Object.fromEntries(
      Object.entries(annotators).map(([status, names]) => [status, [...names].sort(byString)]),
    ),
    sources: articleSources(snapshot),
  }
}

/**
 * Whether a report with `options` can be made from {@link ArticleDigest}s: only accepted annotations
 * counted, every annotator, no sentence text.
 */
export function digestServes(options: CoverageReportOptions): boolean {
  const statuses = options.statuses ?? ['accepted']
  return (
    statuses.length === 1 &&
    statuses[0] === 'accepted' &&
    !options.filter?.annotators &&
    options.sentenceText === false
  )
}

/** A digest's coverage with `labels` in `perLabel` as {@link articleCoverage} would list them. */
function withLabels(coverage: ArticleCoverage, labels: readonly string[]): ArticleCoverage {
  if (labels.every((l) => l in coverage.perLabel)) return coverage
  const perLabel: ArticleCoverage['perLabel'] = {}
  for (const l of [...new Set([...Object.keys(coverage.perLabel), ...labels])].sort())
    perLabel[l] = coverage.perLabel[l] ?? { sentences: 0, share: 0 }
  return { ...coverage, perLabel }
}

/**
 * {@link coverageReport} one article at a time, for corpora read as a stream: `add` keeps only the
 * article's figures, so a snapshot can be dropped as soon as it has been added.
 * @example
 * const collector = coverageCollector({ labels })
 * for await (const { snapshot } of reader.readArticles(ids)) if (snapshot) collector.add(snapshot)
 * const report = collector.report()
 */
export function coverageCollector(options: CoverageReportOptions = {}): {
  add(snapshot: ArticleSnapshot): void
  /** Adds an article by its digest; only when {@link digestServes} the options. */
  addDigest(digest: ArticleDigest): void
  report(): CoverageReport
} {
  const filter = options.filter ?? {}
  const coverageOptions = reportCoverageOptions(options)
  const { labels, statuses } = coverageOptions
  const cover = options.articleCoverage ?? articleCoverage
  const annotators = new Set<string>()
  const outlets = new Set<string>()
  const articles: ArticleCoverage[] = []
  const keys: Record<'outlet' | 'month' | 'story', string>[] = []
  const group = (by: Exclude<CoverageGroupBy, 'date'>): GroupCoverage[] => {
    const groups = new Map<string, ArticleCoverage[]>()
    articles.forEach((a, i) => {
      const key = keys[i]![by]
      const members = groups.get(key)
      if (members) members.push(a)
      else groups.set(key, [a])
    })
    return [...groups.keys()]
      .sort(byString)
      .map((key) => ({ key, coverage: sumCoverage(groups.get(key)!, labels) }))
  }
  return {
    add(snapshot) {
      outlets.add(coverageGroupKey(snapshot, 'outlet'))
      for (const a of snapshot.annotations)
        if (a.labels.length > 0 && statuses.includes(a.status)) annotators.add(a.annotator)
      if (!keepForCoverage(snapshot, filter)) return
      articles.push(cover(snapshot, coverageOptions))
      keys.push({
        outlet: coverageGroupKey(snapshot, 'outlet'),
        month: coverageGroupKey(snapshot, 'month'),
        story: coverageGroupKey(snapshot, 'story'),
      })
    },
    addDigest(digest) {
      if (!digestServes(options)) throw new RangeError('a digest only serves the default report options')
      outlets.add(coverageGroupKey(digest, 'outlet'))
      for (const name of digest.annotators.accepted ?? []) annotators.add(name)
      if (!keepForCoverage(digest, filter)) return
      articles.push(withLabels(digest.coverage, labels))
      keys.push({
        outlet: coverageGroupKey(digest, 'outlet'),
        month: coverageGroupKey(digest, 'month'),
        story: coverageGroupKey(digest, 'story'),
      })
    },
    report() {
      return {
        corpus: sumCoverage(articles, labels),
        articles,
        byOutlet: group('outlet'),
        byMonth: group('month'),
        byStory: group('story'),
        annotators: [...annotators].sort(byString),
        outlets: [...outlets].sort(byString),
      }
    },
  }
}

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
