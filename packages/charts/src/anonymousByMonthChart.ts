import type { OutletSourcing, SourcingReport } from '@attrib/review'
import * as Plot from '@observablehq/plot'
import type { ChartElement, ChartOptions, DashboardChart } from './chart'
import { outletName } from './topSourcesChart'

/**
 * How many outlets the chart draws (those with the most dated articles): as many as Plot has symbols for
 * stroked dots, so that no two lines share a symbol.
 */
export const ANONYMOUS_BY_MONTH_OUTLETS = 7

const PERCENT = (d: number) => `${Math.round(d * 100)}%`

/**
 * The lines' colours: each at least 3:1 against white (WCAG's contrast for graphics), unlike some of
 * Plot's default scheme (its yellow is 1.9:1).
 */
const LINE_COLOURS = ['#1f5fbf', '#c0392b', '#1e7b3a', '#7b3fa0', '#a35200', '#00727a', '#555555']

const DAY_MS = 86_400_000

/** One point of the chart: an outlet's month with something attributed. */
interface Point {
  outlet: string
  month: Date
  label: string
  share: number
  anonymous: number
  attributed: number
}

function shownOutlets(report: SourcingReport): OutletSourcing[] {
  const dated = (o: OutletSourcing) => o.months.reduce((n, m) => n + m.articles, 0)
  return report.outlets
    .filter((o) => o.months.some((m) => m.anonymousShare !== null))
    .sort((a, b) => dated(b) - dated(a) || (a.outlet < b.outlet ? -1 : 1))
    .slice(0, ANONYMOUS_BY_MONTH_OUTLETS)
}

/** Shares apart that two names at the end of their lines need so as not to overlap (about 12 px). */
const LABEL_GAP = 0.055

/**
 * Each outlet's name beside its last point (`at`: the share it is written at). Names ending in the same
 * month are moved down where they would overlap, so each stays readable.
 */
function endLabels(points: readonly Point[]): { outlet: string; month: Date; at: number }[] {
  const last = new Map<string, Point>()
  for (const p of points) last.set(p.outlet, p)
  const labels = [...last.values()].map((p) => ({ outlet: p.outlet, month: p.month, at: p.share }))
  const byMonth = new Map<number, typeof labels>()
  for (const l of labels) byMonth.set(l.month.getTime(), [...(byMonth.get(l.month.getTime()) ?? []), l])
  for (const group of byMonth.values()) {
    group.sort((a, b) => b.at - a.at)
    for (let i = 1; i < group.length; i++) group[i]!.at = Math.min(group[i]!.at, group[i - 1]!.at - LABEL_GAP)
    // Names pushed below the axis go up together instead.
    const below = -group[group.length - 1]!.at
    if (below > 0) for (const l of group) l.at += below
  }
  return labels
}

/**
 * Per outlet, its anonymous share (anonymous of attributed sentences) month by month: one line per outlet,
 * told apart by colour, by the symbol of its points (the legend shows both) and by its name written at its
 * last point, so nothing is told by colour alone. A month whose articles have nothing attributed has no
 * point. Each point's title gives the counts behind it.
 */
export function anonymousByMonthChart(report: SourcingReport, options: ChartOptions = {}): ChartElement {
  const document = options.document ?? globalThis.document
  const outlets = shownOutlets(report)
  const points: Point[] = outlets.flatMap((o) =>
    o.months
      .filter((m) => m.anonymousShare !== null)
      .map((m) => ({
        outlet: outletName(o.outlet),
        month: new Date(`${m.month}-01T00:00:00Z`),
        label: m.month,
        share: m.anonymousShare!,
        anonymous: m.anonymous,
        attributed: m.attributed,
      })),
  )
  if (points.length === 0) {
    const empty = document.createElement('p')
    empty.textContent =
      'No dated article with an attributed sentence yet: give articles their date in their details.'
    return empty
  }
  const names = outlets.map((o) => outletName(o.outlet))
  const times = points.map((p) => p.month.getTime())
  const [first, last] = [Math.min(...times), Math.max(...times)]
  const months = Math.round((last - first) / (30.44 * DAY_MS)) + 1
  return Plot.plot({
    document,
    width: options.width ?? 640,
    height: 280,
    marginRight: 120,
    marginBottom: 40,
    style: { fontSize: '11px', overflow: 'visible' },
    x: {
      type: 'utc',
      label: 'month →',
      // Half a month either side, so a single month or the last one is not drawn on the frame's edge.
      domain: [new Date(first - 15 * DAY_MS), new Date(last + 15 * DAY_MS)],
      ticks: months <= 12 ? 'month' : months <= 36 ? '3 months' : 'year',
      tickFormat: '%Y-%m',
    },
    y: {
      label: '↑ anonymous share of attributed sentences',
      domain: [0, 1],
      tickFormat: PERCENT,
      grid: true,
    },
    color: { domain: names, range: LINE_COLOURS, legend: false },
    symbol: { domain: names, legend: true },
    marks: [
      // The points carry the figures and the names label the lines: the lines are decoration, hidden from
      // assistive technology (a label on a plain <g> is ARIA misuse, apps/web/SPEC.md UI10).
      Plot.line(points, {
        x: 'month',
        y: 'share',
        z: 'outlet',
        stroke: 'outlet',
        strokeWidth: 1.5,
        ariaHidden: 'true',
      }),
      Plot.dot(points, {
        x: 'month',
        y: 'share',
        stroke: 'outlet',
        symbol: 'outlet',
        r: 4.5,
        strokeWidth: 1.5,
        title: (p: Point) =>
          `${p.outlet}, ${p.label}: ${p.anonymous} of ${p.attributed} attributed sentences anonymous (${PERCENT(p.share)})`,
        ariaDescription: 'anonymous share of a month',
      }),
      Plot.text(endLabels(points), {
        x: 'month',
        y: 'at',
        text: 'outlet',
        textAnchor: 'start',
        dx: 8,
        fill: 'currentColor',
      }),
    ],
  })
}

/** The anonymous share of each outlet per month ({@link anonymousByMonthChart}). */
export const anonymousByMonth: DashboardChart<'outlets'> = {
  id: 'anonymous-months',
  title: 'Anonymous share per outlet, month by month',
  input: 'outlets',
  draw: (report, options) => anonymousByMonthChart(report, options),
}
