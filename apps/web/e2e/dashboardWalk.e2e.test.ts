import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { person, setupServerAndBrowser } from './harness'

const env = setupServerAndBrowser()

const FIRST = '001_b540a2e8dbf5a36d' // "American billionaire…": first in the table's title order
const SECOND = '000_cdf3ea4d863409f1' // "Over the past two years…"

/** Opens an article and presses keys in the editor, waiting until the tags are drawn. */
async function tag(page: Page, id: string, keys: string[], drawn: number): Promise<void> {
  await page.goto(`${env.server.url}/#/a/${id}`)
  await page.locator('.connection[data-connection="connected"]').waitFor()
  await page.locator('.ProseMirror').focus()
  for (const k of keys) await page.keyboard.press(k)
  await expect.poll(() => page.locator('.ProseMirror .attrib-tagged').count()).toBe(drawn)
}

describe('dashboard figures lead to their sentences', () => {
  it('[UI4] a total walks its sentences across articles and goes back to the dashboard where it was', async () => {
    const { context, page } = await person(env.browser, 'Walker')
    await page.setViewportSize({ width: 1280, height: 600 })
    // Quotes on sentences 0 and 2 of the first article, a Named source tag on sentence 4; a quote in the second.
    await tag(page, FIRST, ['3', 'j', 'j', '3', 'j', 'j', '4'], 3)
    await tag(page, SECOND, ['3'], 1)

    await page.goto(`${env.server.url}/#/review?annotator=Walker`)
    const quotes = page.getByTestId('corpus-quotes-link')
    await expect.poll(() => page.getByTestId('corpus-quotes').textContent()).toBe('3')
    // Named source tags are the Named source column; "Source names" counts names typed in the side panel.
    expect(await page.getByTestId(`article-label-${FIRST}-named_source`).textContent()).toBe('1')
    expect(await page.getByTestId('sort-namedSources').textContent()).toContain('Source names')
    expect(await page.locator('.dashboard-figure', { hasText: 'source names given' }).count()).toBe(1)
    // Progress counts sentences tagged (4 of all sentences), not sentences reached.
    const total = Number(await page.getByTestId('corpus-sentences').textContent())
    expect(await page.getByTestId('annotator-progress-Walker').textContent()).toContain(
      `${((4 / total) * 100).toFixed(1)}%`,
    )
    // No article has an outlet: the filter says so.
    expect(await page.getByTestId('filter-outlet-empty').textContent()).toContain('No outlets yet')
    // Stories are named by their articles, not by their ids.
    const story = page.locator('[data-testid^="story-row-"]').first().locator('td').first()
    expect(await story.textContent()).toContain('American billionaire Elon Musk')
    expect(await story.textContent()).not.toContain('musk-putin-contacts')

    // Scroll a little, then follow the quotes total.
    await page.evaluate(() => window.scrollTo(0, 250))
    await expect.poll(() => page.evaluate(() => Math.round(window.scrollY))).toBe(250)
    await page.getByTestId('corpus-quotes').scrollIntoViewIfNeeded()
    const scrolled = await page.evaluate(() => Math.round(window.scrollY))
    // A DOM click: Playwright's own click scrolls the element a little first.
    await quotes.evaluate((el) => (el as HTMLElement).click())

    const bar = page.getByTestId('focus-bar')
    await expect.poll(() => bar.textContent()).toContain('quotes: article 1 of 2')
    await expect.poll(() => bar.textContent()).toContain('2 sentences marked (1/2)')
    expect(page.url()).toContain(`#/a/${FIRST}`)
    const current = () => page.locator('.sentence-text').textContent()
    const firstQuote = await current()
    await bar.getByRole('button', { name: /Next/ }).click()
    await expect.poll(() => bar.textContent()).toContain('(2/2)')
    expect(await current()).not.toBe(firstQuote)
    // Past the last marked sentence: on to the next article of the set.
    await bar.getByRole('button', { name: /Next/ }).click()
    await expect.poll(() => bar.textContent()).toContain('quotes: article 2 of 2')
    expect(page.url()).toContain(`#/a/${SECOND}`)
    await expect.poll(() => bar.textContent()).toContain('1 sentence marked (1/1)')
    await expect.poll(() => page.locator('.ProseMirror .attrib-focus').count()).toBeGreaterThan(0)
    // And back: the previous article, on its last marked sentence.
    await bar.getByRole('button', { name: /Previous/ }).click()
    await expect.poll(() => bar.textContent()).toContain('quotes: article 1 of 2')
    await expect.poll(() => bar.textContent()).toContain('(2/2)')

    // Back to the dashboard: same filters, same scroll position.
    await page.getByTestId('back-to-review').click()
    await expect.poll(() => page.url()).toContain('#/review?annotator=Walker')
    await expect.poll(() => page.getByTestId('corpus-quotes').textContent()).toBe('3')
    await expect.poll(() => page.evaluate(() => Math.round(window.scrollY))).toBe(scrolled)
    expect(await page.getByTestId('filter-annotator').inputValue()).toBe('Walker')

    // A table figure leads to its sentences too, with the way back.
    await page.getByTestId(`article-label-${FIRST}-quote`).click()
    await expect.poll(() => bar.textContent()).toContain('2 sentences tagged Direct quote marked')
    await page.getByTestId('back-to-review').click()
    await expect.poll(() => page.url()).toContain('#/review?annotator=Walker')
    await context.close()
  })
})
