import type { Taxonomy } from '@attrib/core'
import { ANONYMOUS_LABEL, type ArticleCoverage, type CorpusCoverage } from '@attrib/review'
import * as Plot from '@observablehq/plot'
import type { ChartElement, ChartOptions, DashboardChart } from './chart'
import { editorHref, unattributedHref } from './links'

/**
 * The line at zero under the bars. Decoration, so hidden from assistive technology: Plot labels every
 * mark's group (`<g aria-label="rule">`), and a label on a plain `<g>` is ARIA misuse (axe's
 * aria-prohibited-attr, apps/web/SPEC.md UI10).
 */
function baseline(): Plot.Markish {
  return Plot.ruleX([0], { ariaHidden: 'true' })
}

const BAR_HEIGHT = 18
const PERCENT = (d: number) => `${Math.round(d * 100)}%`

function articleAxis(articles: readonly ArticleCoverage[]) {
  const titles = new Map(articles.map((a) => [a.id, a.title || a.id]))
  return {
    domain: articles.map((a) => a.id),
    label: null,
    tickFormat: (id: string) => truncate(titles.get(id) ?? id, 32),
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

function common(options: ChartOptions, rows: number) {
  return {
    document: options.document ?? globalThis.document,
    width: options.width ?? 640,
    height: Math.max(rows, 1) * BAR_HEIGHT + 60,
    marginLeft: 200,
    style: { fontSize: '11px', overflow: 'visible' },
  }
}

function shown(articles: readonly ArticleCoverage[], options: ChartOptions): ArticleCoverage[] {
  return articles.slice(0, options.maxArticles ?? 40)
}

/**
 * Per article, one bar stacked by source type: how many sentences carry each label, in the taxonomy's
 * colours. Each segment links to the article's sentences with that label (`#/a/<id>?label=<id>`).
 * @example
 * container.append(labelBarsChart(report.articles, taxonomy))
 */
export function labelBarsChart(
  articles: readonly ArticleCoverage[],
  taxonomy: Taxonomy,
  options: ChartOptions = {},
): ChartElement {
  const drawn = shown(articles, options)
  const names = new Map(taxonomy.labels.map((l) => [l.id, l.name]))
  const segments = drawn.flatMap((a) =>
    taxonomy.labels
      .map((l) => ({ article: a, label: l.id, name: l.name, sentences: a.perLabel[l.id]?.sentences ?? 0 }))
      .filter((s) => s.sentences > 0),
  )
  const link = options.linkBase ?? ''
  return Plot.plot({
    ...common(options, drawn.length),
    // Without any tag, Plot's automatic domain would be [0, 0]; one sentence keeps the axis readable.
    x: { label: 'sentences with the label →', grid: true, domain: segments.length > 0 ? undefined : [0, 1] },
    y: articleAxis(drawn),
    color: {
      domain: taxonomy.labels.map((l) => l.name),
      range: taxonomy.labels.map((l) => l.color),
      legend: true,
    },
    marks: [
      Plot.barX(segments, {
        x: 'sentences',
        y: (s) => s.article.id,
        fill: 'name',
        title: (s) =>
          `${s.article.title}\n${names.get(s.label)}: ${s.sentences} of ${s.article.sentences} sentences`,
        href:
          options.linkBase === null ? undefined : (s) => editorHref(s.article.id, { label: s.label }, link),
        ariaDescription: 'label count',
      }),
      baseline(),
    ],
  })
}

/** One horizontal bar per article for a share from 0 to 1, linking to the sentences behind it. */
function shareChart(
  articles: readonly ArticleCoverage[],
  options: ChartOptions,
  bar: {
    label: string
    fill: string
    share: (a: ArticleCoverage) => number
    title: (a: ArticleCoverage) => string
    href: (a: ArticleCoverage, base: string) => string
    description: string
  },
): ChartElement {
  const drawn = shown(articles, options)
  const link = options.linkBase ?? ''
  return Plot.plot({
    ...common(options, drawn.length),
    x: { label: bar.label, domain: [0, 1], tickFormat: PERCENT, grid: true },
    y: articleAxis(drawn),
    marks: [
      Plot.barX(drawn, {
        x: bar.share,
        y: 'id',
        fill: bar.fill,
        title: bar.title,
        href: options.linkBase === null ? undefined : (a: ArticleCoverage) => bar.href(a, link),
        ariaDescription: bar.description,
      }),
      baseline(),
    ],
  })
}

/**
 * Per article, the share of its attributed sentences whose source is anonymous; each bar links to those
 * sentences (`#/a/<id>?label=anonymous_official`).
 */
export function anonymousShareChart(
  articles: readonly ArticleCoverage[],
  options: ChartOptions = {},
): ChartElement {
  return shareChart(articles, options, {
    label: 'anonymous share of attributed sentences →',
    fill: '#e15759',
    share: (a) => a.anonymousShare,
    title: (a) => `${a.title}\n${a.anonymous} of ${a.attributed} attributed sentences anonymous`,
    href: (a, base) => editorHref(a.id, { label: ANONYMOUS_LABEL }, base),
    description: 'anonymous share',
  })
}

/**
 * Per article, the share of its sentences without any label; each bar links to those sentences
 * (`#/a/<id>?s=<indices>`).
 */
export function unattributedShareChart(
  articles: readonly ArticleCoverage[],
  options: ChartOptions = {},
): ChartElement {
  return shareChart(articles, options, {
    label: 'unattributed share of sentences →',
    fill: '#9c9c9c',
    share: (a) => (a.sentences === 0 ? 0 : a.unattributed.length / a.sentences),
    title: (a) => `${a.title}\n${a.unattributed.length} of ${a.sentences} sentences without a source`,
    href: (a, base) => unattributedHref(a, base),
    description: 'unattributed share',
  })
}

/**
 * Per annotator, the share of the corpus's sentences they have read past (see `CorpusAnnotatorProgress`),
 * with the number of sentences they tagged.
 */
export function annotatorProgressChart(corpus: CorpusCoverage, options: ChartOptions = {}): ChartElement {
  const rows = Object.entries(corpus.annotators).map(([name, p]) => ({ name, ...p }))
  return Plot.plot({
    ...common(options, rows.length),
    marginLeft: 120,
    // Room for the "n tagged" labels right of a full bar.
    marginRight: 70,
    x: { label: 'progress through the sentences →', domain: [0, 1], tickFormat: PERCENT, grid: true },
    y: { domain: rows.map((r) => r.name), label: null },
    marks: [
      Plot.barX(rows, {
        x: 'progress',
        y: 'name',
        fill: '#4e79a7',
        title: (r) =>
          `${r.name}: reached ${r.reached} of ${corpus.sentences} sentences, tagged ${r.sentences}`,
        ariaDescription: 'annotator progress',
      }),
      Plot.text(rows, {
        x: 'progress',
        y: 'name',
        text: (r) => `${r.sentences} tagged`,
        textAnchor: 'start',
        dx: 4,
      }),
      baseline(),
    ],
  })
}

/** The stacked label bars of the dashboard ({@link labelBarsChart}). */
export const labelBars: DashboardChart<'coverage'> = {
  id: 'labels',
  title: 'Source types per article',
  input: 'coverage',
  draw: ({ articles, taxonomy }, options) => labelBarsChart(articles, taxonomy, options),
}

/** The anonymous share per article ({@link anonymousShareChart}). */
export const anonymousShare: DashboardChart<'coverage'> = {
  id: 'anonymous',
  title: 'Anonymous share per article',
  input: 'coverage',
  draw: ({ articles }, options) => anonymousShareChart(articles, options),
}

/** The unattributed share per article ({@link unattributedShareChart}). */
export const unattributedShare: DashboardChart<'coverage'> = {
  id: 'unattributed',
  title: 'Unattributed share per article',
  input: 'coverage',
  draw: ({ articles }, options) => unattributedShareChart(articles, options),
}

/** Each annotator's progress ({@link annotatorProgressChart}). */
export const annotatorProgress: DashboardChart<'coverage'> = {
  id: 'progress',
  title: 'How far each annotator has read (up to the last sentence tagged)',
  input: 'coverage',
  draw: ({ corpus }, options) => annotatorProgressChart(corpus, options),
}
