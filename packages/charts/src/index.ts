export {
  annotatorProgressChart,
  anonymousShareChart,
  type ChartElement,
  type ChartOptions,
  labelBarsChart,
  unattributedShareChart,
} from './coverageCharts'
export { editorHref, unattributedHref } from './links'
