import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { person, setupServerAndBrowser } from './harness'

const env = setupServerAndBrowser()

const A = '001_b540a2e8dbf5a36d'
const B = '000_cdf3ea4d863409f1'

/** The screens, with what shows each has drawn. */
const SCREENS: { name: string; hash: string; ready: string; prepare?: (page: Page) => Promise<void> }[] = [
  { name: 'article list', hash: '#/', ready: 'table.articles' },
  { name: 'editor', hash: `#/a/${A}`, ready: '.connection[data-connection="connected"]' },
  { name: 'dashboard', hash: '#/review', ready: '[data-testid="corpus-articles"]' },
  {
    name: 'adjudication',
    hash: `#/adjudicate/${A}`,
    ready: '[data-testid="adj-summary"]',
    // Every sentence, so that the sentence table is drawn.
    prepare: async (page) => {
      await page.locator('.adj-controls select').selectOption('all')
      await page.locator('.adj-table').first().waitFor()
    },
  },
  { name: 'comparison', hash: `#/compare?ids=${A},${B}`, ready: 'table.compare-claims' },
]

/**
 * What overflows: the page sideways, and tables whose right edge is past the viewport without a
 * scrollable box around them (cut off).
 */
function overflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth
    const problems: string[] = []
    if (document.documentElement.scrollWidth > width + 1)
      problems.push(`page is ${document.documentElement.scrollWidth}px wide in a ${width}px window`)
    for (const table of document.querySelectorAll('table')) {
      let box: Element | null = table.parentElement
      let scrolls = false
      while (box && box !== document.body) {
        const o = getComputedStyle(box).overflowX
        if (o === 'auto' || o === 'scroll') {
          scrolls = true
          break
        }
        box = box.parentElement
      }
      const right = table.getBoundingClientRect().right
      if (!scrolls && right > width + 1)
        problems.push(`table.${table.className} ends at ${Math.round(right)}px`)
      if (scrolls && box!.getBoundingClientRect().right > width + 1)
        problems.push(`the scroll box of table.${table.className} ends past the window`)
    }
    return problems
  })
}

describe('every screen fits a laptop', () => {
  // 1,280 × 800, and the same screen zoomed to 125 % (1,024 × 640 CSS pixels).
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 1024, height: 640 },
  ])
    it(`[UI6] no screen overflows sideways at ${viewport.width} × ${viewport.height}`, async () => {
      const { context, page } = await person(env.browser, 'Laptop')
      await page.setViewportSize(viewport)
      const found: Record<string, string[]> = {}
      for (const screen of SCREENS) {
        await page.goto(`${env.server.url}/${screen.hash}`)
        await page.locator(screen.ready).first().waitFor()
        await screen.prepare?.(page)
        await page.waitForTimeout(300)
        const problems = await overflow(page)
        if (problems.length > 0) found[screen.name] = problems
      }
      expect(found).toEqual({})
      await context.close()
    })

  it('[UI6] the status bar (connection, who is here) stays in view while the article scrolls', async () => {
    const { context, page } = await person(env.browser, 'Scroller')
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.goto(`${env.server.url}/#/a/${A}`)
    await page.locator('.connection[data-connection="connected"]').waitFor()
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(500)
    for (const selector of ['.connection', '.presence']) {
      const box = (await page.locator(selector).boundingBox())!
      expect(box.y, selector).toBeGreaterThanOrEqual(0)
      expect(box.y + box.height, selector).toBeLessThanOrEqual(800)
    }
    // Nothing of the editor's own toolbar hides under it.
    const status = (await page.locator('.article-toolbar').boundingBox())!
    const tools = (await page.locator('.editor-toolbar').boundingBox())!
    expect(tools.y).toBeGreaterThanOrEqual(status.y + status.height - 1)
    await context.close()
  })
})
