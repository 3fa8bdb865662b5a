import { NO_GROUP, type OutletSourcing, type SourcingReport } from '@attrib/review'
import * as Plot from '@observablehq/plot'
import type { ChartElement, ChartOptions, DashboardChart } from './chart'
import { sourceHref } from './links'

/** How many outlets the chart draws, those with the most articles first. */
export const TOP_SOURCES_OUTLETS = 12

const BAR_HEIGHT = 20

/** An outlet's name for people (`(none)` is the articles without an outlet). */
export function outletName(outlet: string): string {
  return outlet === NO_GROUP ? 'No outlet given' : outlet
}

/** The outlets to draw: most articles first (then by name), at most {@link TOP_SOURCES_OUTLETS}. */
function shownOutlets(report: SourcingReport): OutletSourcing[] {
  return [...report.outlets]
    .sort((a, b) => b.articles - a.articles || (a.outlet < b.outlet ? -1 : 1))
    .slice(0, TOP_SOURCES_OUTLETS)
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/**
 * Per outlet, a bar for each of its most cited sources: one small chart each, headed by the outlet's name,
 * each bar labelled with the source's name and its number of citations (nothing is told by colour alone)
 * and linking to the source's citations (`#/sources/<id>`).
 * @example container.append(topSourcesChart(await (await fetch('/api/review/outlets')).json()))
 */
export function topSourcesChart(report: SourcingReport, options: ChartOptions = {}): ChartElement {
  const document = options.document ?? globalThis.document
  const root = document.createElement('div')
  root.className = 'outlet-sources'
  root.setAttribute('style', 'display:flex;flex-wrap:wrap;gap:0.5rem 1.5rem')
  const cited = shownOutlets(report).filter((o) => o.topSources.length > 0)
  if (cited.length === 0) {
    const empty = document.createElement('p')
    empty.textContent = 'No source named yet: give a tagged sentence its source’s name in the side panel.'
    root.append(empty)
    return root
  }
  const link = options.linkBase ?? ''
  for (const o of cited) {
    const figure = document.createElement('figure')
    figure.setAttribute('style', 'margin:0')
    figure.setAttribute('data-outlet', o.outlet)
    const caption = document.createElement('figcaption')
    caption.textContent = `${outletName(o.outlet)} · ${o.articles} article${o.articles === 1 ? '' : 's'}`
    caption.setAttribute('style', 'font-weight:600;font-size:0.85rem')
    figure.append(caption)
    const max = Math.max(...o.topSources.map((s) => s.citations))
    figure.append(
      Plot.plot({
        document,
        width: Math.min(options.width ?? 640, 420),
        height: o.topSources.length * BAR_HEIGHT + 40,
        marginLeft: 150,
        marginRight: 40,
        style: { fontSize: '11px', overflow: 'visible' },
        x: { label: 'citations (sentences) →', grid: true, domain: [0, max], ticks: Math.min(max, 5) },
        y: {
          domain: o.topSources.map((s) => s.id),
          label: null,
          tickFormat: (id: string) => truncate(o.topSources.find((s) => s.id === id)?.name ?? id, 24),
        },
        marks: [
          Plot.barX(o.topSources, {
            x: 'citations',
            y: 'id',
            fill: '#4e79a7',
            title: (s) =>
              `${s.name}: ${s.citations} citation${s.citations === 1 ? '' : 's'} in ${s.articles} article${s.articles === 1 ? '' : 's'} of ${outletName(o.outlet)}`,
            href: options.linkBase === null ? undefined : (s) => sourceHref(s.id, link),
            ariaDescription: 'citations of a source',
          }),
          Plot.text(o.topSources, { x: 'citations', y: 'id', text: 'citations', textAnchor: 'start', dx: 4 }),
          Plot.ruleX([0], { ariaHidden: 'true' }),
        ],
      }),
    )
    root.append(figure)
  }
  return root
}

/** The most cited sources of each outlet ({@link topSourcesChart}). */
export const topSources: DashboardChart<'outlets'> = {
  id: 'top-sources',
  title: 'Most cited sources per outlet',
  input: 'outlets',
  draw: (report, options) => topSourcesChart(report, options),
}
