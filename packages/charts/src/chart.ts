import type { Taxonomy } from '@attrib/core'
import type { ArticleCoverage, CorpusCoverage, SourcingReport } from '@attrib/review'

/** Options shared by the chart functions. */
export interface ChartOptions {
  /** The document to build the elements in: the page's in a browser, a DOM implementation's in Node. */
  document?: Document
  /** Width in pixels. Default 640. */
  width?: number
  /**
   * Put in front of links into the app (`#/a/<id>...`, `#/sources/<id>`); `''` in the web app, the
   * server's URL in a report. `null` draws no links.
   */
  linkBase?: string | null
  /** At most this many articles are drawn, in the order given. Default 40. */
  maxArticles?: number
}

/** What the chart functions return: an `<svg>`, or an element holding legends, headings and `<svg>`s. */
export type ChartElement = SVGSVGElement | HTMLElement

/** What the dashboard's charts are drawn from, named by the request that answers it. */
export interface ChartFigures {
  /** `GET /api/review/coverage`: the articles (in the table's order), their sum, and the labels. */
  coverage: { articles: readonly ArticleCoverage[]; corpus: CorpusCoverage; taxonomy: Taxonomy }
  /** `GET /api/review/outlets`: each outlet's most cited sources and anonymous share per month. */
  outlets: SourcingReport
}

/**
 * One chart of the dashboard, listed once in the registry (`DASHBOARD_CHARTS`): the dashboard draws every
 * chart of the figures it has, and `attrib coverage --format html` the coverage ones.
 */
export interface DashboardChart<Input extends keyof ChartFigures = keyof ChartFigures> {
  /** Stable id; the dashboard's element is `data-testid="chart-<id>"`. */
  readonly id: string
  /** The chart's caption. */
  readonly title: string
  /** The figures it is drawn from. */
  readonly input: Input
  draw(figures: ChartFigures[Input], options?: ChartOptions): ChartElement
}
