import { anonymousByMonth } from './anonymousByMonthChart'
import type { ChartFigures, DashboardChart } from './chart'
import { annotatorProgress, anonymousShare, labelBars, unattributedShare } from './coverageCharts'
import { topSources } from './topSourcesChart'

/**
 * The dashboard's charts, in the order it shows them. Adding a chart is one {@link DashboardChart} in its
 * file and one line here; the dashboard and `attrib coverage --format html` draw what the registry lists.
 */
export const DASHBOARD_CHARTS: readonly (DashboardChart<'coverage'> | DashboardChart<'outlets'>)[] = [
  labelBars,
  anonymousShare,
  unattributedShare,
  annotatorProgress,
  topSources,
  anonymousByMonth,
]

/** The charts drawn from `input`'s figures, in the registry's order. */
export function chartsOf<Input extends keyof ChartFigures>(input: Input): DashboardChart<Input>[] {
  return DASHBOARD_CHARTS.filter((c) => c.input === input) as DashboardChart<Input>[]
}
