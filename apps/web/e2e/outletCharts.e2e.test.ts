import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { importIntoStore, person, setupServerAndBrowser } from './harness'
import { DEMO_STORY, describeViolations, seriousViolations } from './screens'

// The demo story's two articles in two outlets, and a copy of each a month later; the later Standard
// article without its anonymous tags, so its outlet's anonymous share falls from October to November.
function corpus(dir: string): string {
  const [first, second] = readFileSync(DEMO_STORY, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
  const withMeta = (a: { id: string; meta: object }, id: string, outlet: string, date: string) => ({
    ...a,
    id,
    meta: { ...a.meta, id, outlet, date },
  })
  const articles = [
    withMeta(first, 'std-oct', 'Der Standard', '2024-10-25'),
    withMeta(second, 'wsj-oct', 'The Wall Street Journal', '2024-10-24'),
    withMeta(second, 'wsj-nov', 'The Wall Street Journal', '2024-11-05'),
    {
      ...withMeta(first, 'std-nov', 'Der Standard', '2024-11-03'),
      annotations: first.annotations.filter(
        (a: { labels: string[] }) => !a.labels.includes('anonymous_official'),
      ),
    },
  ]
  const path = join(dir, 'outlets.jsonl')
  writeFileSync(path, `${articles.map((a) => JSON.stringify(a)).join('\n')}\n`)
  return path
}

const env = setupServerAndBrowser({}, (dataDir) => importIntoStore(dataDir, corpus(dataDir)))

const topSources = (page: Page) => page.getByTestId('chart-top-sources')
const trend = (page: Page) => page.getByTestId('chart-anonymous-months')
const captions = (page: Page) => topSources(page).locator('figure[data-outlet] figcaption').allTextContents()

describe('the dashboard’s charts of sources per outlet', () => {
  it('[UI21] shows each outlet’s most cited sources and its anonymous share month by month, follows the filters and links to the sources', async () => {
    const { context, page } = await person(env.browser, 'Reviewer')
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.goto(`${env.server.url}/#/review`)
    await topSources(page).locator('figure[data-outlet]').first().waitFor()
    expect(await captions(page)).toEqual([
      'Der Standard · 2 articles',
      'The Wall Street Journal · 2 articles',
    ])

    // Each bar is named on its axis and counted beside it, most cited first; Peskov is among the Journal's.
    const wsj = topSources(page).locator('figure[data-outlet="The Wall Street Journal"]')
    const names = await wsj.locator('[aria-label="y-axis tick label"] text').allTextContents()
    expect(names).toContain('Dmitry Peskov')
    const counts = (await wsj.locator('[aria-label="text"] text').allTextContents()).map(Number)
    expect(counts).toHaveLength(5)
    expect(counts).toEqual([...counts].sort((a, b) => b - a))
    // Each count is the source index's: the source's citations in the Journal's articles.
    const ids = (await wsj.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).map(
      (href) => decodeURIComponent(href!.replace('#/sources/', '')),
    )
    for (const [i, id] of ids.entries()) {
      const source = await (await fetch(`${env.server.url}/api/sources/${encodeURIComponent(id)}`)).json()
      expect(source.name).toBe(names[i])
      const inWsj = source.citations.filter((c: { outlet: string }) => c.outlet === 'The Wall Street Journal')
      expect(inWsj.length, id).toBe(counts[i])
    }

    // The trend: one line per outlet, named in the legend (with its symbol) and at its end, one point a month.
    const legend = await trend(page).locator('[class$="-swatch"]').allTextContents()
    expect(legend).toEqual(['Der Standard', 'The Wall Street Journal'])
    expect(await trend(page).locator('[aria-label="text"] text').allTextContents()).toEqual(legend)
    const points = await trend(page)
      .locator('[aria-description="anonymous share of a month"] title')
      .allTextContents()
    expect(points).toHaveLength(4)
    const standard = points.filter((p) => p.startsWith('Der Standard'))
    expect(standard[0]).toMatch(/^Der Standard, 2024-10: [1-9]\d* of \d+ attributed sentences anonymous/)
    expect(standard[1]).toMatch(/^Der Standard, 2024-11: 0 of \d+ attributed sentences anonymous \(0%\)$/)
    expect(await trend(page).locator('[aria-label="x-axis tick label"] text').allTextContents()).toEqual([
      '2024-10',
      '2024-11',
    ])

    // The dashboard's outlet and date filters apply to these charts too.
    await page.getByTestId('filter-outlet').selectOption(['Der Standard'])
    await expect.poll(() => captions(page)).toEqual(['Der Standard · 2 articles'])
    await page.getByTestId('filter-from').fill('2024-11-01')
    await expect.poll(() => captions(page)).toEqual(['Der Standard · 1 article'])
    await expect
      .poll(() => trend(page).locator('[aria-description="anonymous share of a month"] title').count())
      .toBe(1)

    // Nothing serious for assistive technology on the dashboard with these charts.
    const serious = await seriousViolations(page)
    expect(serious, `\n${describeViolations(serious)}\n`).toEqual([])

    // Live: a sentence tagged anonymous in the editor shows in the trend without a reload.
    const standardNovember = trend(page)
      .locator('[aria-description="anonymous share of a month"] title')
      .filter({ hasText: /^Der Standard, 2024-11:/ })
    expect(await standardNovember.textContent()).toMatch(/: 0 of \d+ /)
    const tagger = await person(env.browser, 'Tagger')
    await tagger.page.goto(`${env.server.url}/#/a/std-nov`)
    await tagger.page.locator('.connection[data-connection="connected"]').waitFor()
    await tagger.page.locator('.ProseMirror').focus()
    await tagger.page.keyboard.press('1')
    await expect.poll(() => standardNovember.textContent(), { timeout: 10_000 }).toMatch(/: 1 of \d+ /)
    await tagger.context.close()

    // A bar leads to the source's citations.
    await page.locator('.dashboard-filters').getByRole('button', { name: 'Clear' }).click()
    await expect
      .poll(() => captions(page))
      .toEqual(['Der Standard · 2 articles', 'The Wall Street Journal · 2 articles'])
    // (Plot writes SVG links as xlink:href, which a CSS [href] does not match.)
    await wsj.locator('a', { has: page.locator('title', { hasText: /^Dmitry Peskov:/ }) }).click()
    await expect.poll(() => page.url()).toContain('#/sources/dmitry-peskov')
    expect(await page.getByTestId('source-name').textContent()).toBe('Dmitry Peskov')
    await context.close()
  })
})
