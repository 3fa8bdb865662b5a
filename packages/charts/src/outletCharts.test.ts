import type { OutletSourcing, SourcingReport } from '@attrib/review'
import { parseHTML } from 'linkedom'
import { describe, expect, it } from 'vitest'
import { ANONYMOUS_BY_MONTH_OUTLETS, anonymousByMonthChart } from './anonymousByMonthChart'
import { chartsOf, DASHBOARD_CHARTS } from './registry'
import { topSourcesChart } from './topSourcesChart'

const { document } = parseHTML('<!doctype html><html><body></body></html>') as unknown as {
  document: Document
}

const month = (m: string, attributed: number, anonymous: number) => ({
  month: m,
  articles: 1,
  attributed,
  anonymous,
  anonymousShare: attributed === 0 ? null : anonymous / attributed,
})

function outlet(name: string, partial: Partial<OutletSourcing> = {}): OutletSourcing {
  return { outlet: name, articles: 1, undated: 0, topSources: [], months: [], ...partial }
}

const REPORT: SourcingReport = {
  top: 5,
  months: ['2024-09', '2024-10'],
  outlets: [
    outlet('(none)', { months: [month('2024-10', 0, 0)] }),
    outlet('Daily', {
      articles: 2,
      topSources: [
        { id: 'dmitry-peskov', name: 'Dmitry Peskov', citations: 3, articles: 2 },
        { id: 'elon-musk', name: 'Elon Musk', citations: 1, articles: 1 },
      ],
      months: [month('2024-09', 4, 1), month('2024-10', 2, 1)],
    }),
    outlet('Weekly', {
      topSources: [{ id: 'the-tribune', name: 'The Tribune', citations: 2, articles: 1 }],
      months: [month('2024-10', 3, 0)],
    }),
  ],
}

const texts = (element: Element, selector: string) =>
  [...element.querySelectorAll(selector)].map((e) => e.textContent)

describe('[UI21] the charts of sources per outlet', () => {
  it('one small chart per outlet citing a source, each bar named, counted and linking to the source', () => {
    const chart = topSourcesChart(REPORT, { document })
    // Outlets with most articles first; one without a named source is left out.
    expect(texts(chart, 'figcaption')).toEqual(['Daily · 2 articles', 'Weekly · 1 article'])
    const daily = chart.querySelector('figure[data-outlet="Daily"]')!
    // The names on the axis and the counts beside the bars: not told by colour.
    expect(texts(daily, '[aria-label="y-axis tick label"] text')).toEqual(['Dmitry Peskov', 'Elon Musk'])
    expect(texts(daily, '[aria-label="text"] text')).toEqual(['3', '1'])
    expect([...daily.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      '#/sources/dmitry-peskov',
      '#/sources/elon-musk',
    ])
    expect(texts(daily, 'title')).toContain('Dmitry Peskov: 3 citations in 2 articles of Daily')
    expect(topSourcesChart(REPORT, { document, linkBase: null }).querySelector('a')).toBeNull()
    expect(
      topSourcesChart(REPORT, { document, linkBase: 'http://h:1/' }).querySelector('a')!.getAttribute('href'),
    ).toBe('http://h:1/#/sources/dmitry-peskov')
    expect(topSourcesChart({ ...REPORT, outlets: [] }, { document }).textContent).toContain(
      'No source named yet',
    )
  })

  it("one line per outlet, told apart by colour, by its points' symbol in the legend and by its name at its end", () => {
    const chart = anonymousByMonthChart(REPORT, { document })
    // The legend pairs each outlet's name with its symbol, drawn in its colour.
    const swatches = [...chart.querySelectorAll('[class$="-swatch"]')]
    expect(swatches.map((s) => s.textContent)).toEqual(['Daily', 'Weekly'])
    const symbols = swatches.map((s) => s.querySelector('path')!.getAttribute('d'))
    expect(new Set(symbols).size).toBe(2)
    const strokes = swatches.map((s) => s.querySelector('svg')!.getAttribute('stroke'))
    expect(new Set(strokes).size).toBe(2)
    // Each line ends in its outlet's name.
    expect(texts(chart, '[aria-label="text"] text')).toEqual(['Daily', 'Weekly'])
    // Points with the counts behind them; a month with nothing attributed (no outlet given) has none.
    expect(texts(chart, '[aria-description="anonymous share of a month"] title')).toEqual([
      'Daily, 2024-09: 1 of 4 attributed sentences anonymous (25%)',
      'Daily, 2024-10: 1 of 2 attributed sentences anonymous (50%)',
      'Weekly, 2024-10: 0 of 3 attributed sentences anonymous (0%)',
    ])
    expect(texts(chart, '[aria-label="x-axis tick label"] text')).toEqual(['2024-09', '2024-10'])
    expect(
      anonymousByMonthChart({ ...REPORT, outlets: [REPORT.outlets[0]!] }, { document }).textContent,
    ).toContain('No dated article with an attributed sentence yet')
  })

  it('draws at most as many outlets as there are symbols, those with the most dated articles', () => {
    const many = Array.from({ length: 9 }, (_, i) =>
      outlet(`Outlet ${i}`, {
        months: Array.from({ length: i + 1 }, (_, j) => month(`2024-0${j + 1}`, 2, 1)),
      }),
    )
    const chart = anonymousByMonthChart({ ...REPORT, outlets: many }, { document })
    const names = [...chart.querySelectorAll('[class$="-swatch"]')].map((s) => s.textContent)
    expect(names).toHaveLength(ANONYMOUS_BY_MONTH_OUTLETS)
    expect(names[0]).toBe('Outlet 8')
    expect(names).not.toContain('Outlet 0')
    const symbols = [...chart.querySelectorAll('[class$="-swatch"] path')].map((p) => p.getAttribute('d'))
    expect(new Set(symbols).size).toBe(ANONYMOUS_BY_MONTH_OUTLETS)
  })

  it('the registry lists each chart once, with the figures it is drawn from', () => {
    expect(DASHBOARD_CHARTS.map((c) => c.id)).toEqual([
      'labels',
      'anonymous',
      'unattributed',
      'progress',
      'top-sources',
      'anonymous-months',
    ])
    expect(new Set(DASHBOARD_CHARTS.map((c) => c.title)).size).toBe(DASHBOARD_CHARTS.length)
    expect(chartsOf('outlets').map((c) => c.id)).toEqual(['top-sources', 'anonymous-months'])
    expect(chartsOf('coverage')).toHaveLength(4)
    const drawn = chartsOf('outlets').map((c) => c.draw(REPORT, { document }))
    expect(drawn[0]!.textContent).toContain('Dmitry Peskov')
  })
})
