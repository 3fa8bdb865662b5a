import { chartsOf } from '@attrib/charts'
import type { SourcingReport } from '@attrib/review'
import { useEffect, useMemo, useState } from 'react'
import { sessionExpired } from '../session'
import { ChartFigure } from './ChartFigure'

/** The dashboard's filters these charts follow: the outlets and the period (the annotator's does not apply). */
export interface OutletChartFilters {
  outlets: readonly string[]
  from: string
  to: string
  annotator: string
}

/** The query of `GET /api/review/outlets` for the filters (empty ones left out). */
export function outletsQuery(filters: OutletChartFilters): string {
  const params = new URLSearchParams()
  if (filters.outlets.length > 0) params.set('outlet', filters.outlets.join(','))
  if (filters.from) params.set('from', filters.from)
  if (filters.to) params.set('to', filters.to)
  return params.toString()
}

/**
 * The dashboard's charts of sources per outlet (every chart of the registry drawn from `outlets`): each
 * outlet's most cited sources and its anonymous share month by month, from `GET /api/review/outlets`
 * (made from the read model's digests). Fetched again with the filters, and whenever `refresh` changes
 * (the dashboard's coverage report, which follows the server's change events).
 */
export function OutletCharts({ filters, refresh }: { filters: OutletChartFilters; refresh: unknown }) {
  const [report, setReport] = useState<SourcingReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const query = outletsQuery(filters)

  // biome-ignore lint/correctness/useExhaustiveDependencies: `refresh` is a new report after each change event
  useEffect(() => {
    const controller = new AbortController()
    fetch(`/api/review/outlets${query ? `?${query}` : ''}`, { signal: controller.signal })
      .then(async (res) => {
        if (res.status === 401) sessionExpired()
        const body = (await res.json()) as SourcingReport & { error?: string }
        if (!res.ok) throw new Error(body.error ?? `${res.status}`)
        setReport(body)
        setError(null)
      })
      .catch((e: Error) => {
        if (e.name !== 'AbortError') setError(`Could not load the sources per outlet: ${e.message}`)
      })
    return () => controller.abort()
  }, [query, refresh])

  const charts = useMemo(
    () =>
      report
        ? chartsOf('outlets').map((chart) => ({ chart, draw: () => chart.draw(report, { width: 720 }) }))
        : [],
    [report],
  )

  return (
    <section className="dashboard-outlets" aria-labelledby="dashboard-outlets-h">
      <h2 id="dashboard-outlets-h">Sources per outlet</h2>
      <p className="muted">
        Who each outlet cites most (a bar links to the source's citations) and how much of what it attributes
        is anonymous, month by month; accepted tags of every annotator
        {filters.annotator ? ` (the annotator filter does not apply to these charts)` : ''}.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!report && !error && <p>Loading…</p>}
      {report && (
        <div className="dashboard-charts">
          {charts.map(({ chart, draw }) => (
            <ChartFigure key={chart.id} title={chart.title} draw={draw} testId={`chart-${chart.id}`} />
          ))}
        </div>
      )}
    </section>
  )
}
