import type { ChartElement } from '@attrib/charts'
import { useEffect, useRef } from 'react'

/** A chart of @attrib/charts in a captioned figure, drawn again when `draw` changes. */
export function ChartFigure({
  title,
  draw,
  testId,
}: {
  title: string
  draw: () => ChartElement
  testId: string
}) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const element = draw()
    ref.current?.replaceChildren(element)
    return () => element.remove()
  }, [draw])
  return (
    <figure className="dashboard-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div ref={ref} />
    </figure>
  )
}
