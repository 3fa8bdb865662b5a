export { ANONYMOUS_BY_MONTH_OUTLETS, anonymousByMonthChart } from './anonymousByMonthChart'
export type { ChartElement, ChartFigures, ChartOptions, DashboardChart } from './chart'
export {
  annotatorProgressChart,
  anonymousShareChart,
  labelBarsChart,
  unattributedShareChart,
} from './coverageCharts'
export { editorHref, sourceHref, unattributedHref } from './links'
export { chartsOf, DASHBOARD_CHARTS } from './registry'
export { outletName, TOP_SOURCES_OUTLETS, topSourcesChart } from './topSourcesChart'
