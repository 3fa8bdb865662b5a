import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { person, setupServerAndBrowser } from './harness'
import { DEMO_ARTICLES, describeViolations, importDemo, seriousViolations } from './screens'

// The demo story: Ana and Ben both name "Dmitry Peskov" as the source of sentences 13 and 14 of this article.
const [WSJ_ARTICLE] = DEMO_ARTICLES
const PESKOV = 'dmitry-peskov'

const env = setupServerAndBrowser({}, importDemo)

const rows = (page: Page) => page.locator('[data-testid^="source-row-"]')
const rowNames = (page: Page) => rows(page).locator('.sources-name').allTextContents()

describe('the source index', () => {
  it('[UI11] lists Dmitry Peskov once with his sentences, finds him as you type, and leads to his citations in the editor', async () => {
    const { context, page } = await person(env.browser, 'Reader')
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.goto(`${env.server.url}/#/`)
    await page.locator('.topbar').getByRole('link', { name: 'Sources', exact: true }).click()
    await expect.poll(() => page.url()).toMatch(/#\/sources$/)
    await rows(page).first().waitFor()

    // One row for him, with his two sentences: one a quote, one reported; his labels drawn as the editor's badges.
    const peskov = page.getByTestId(`source-row-${PESKOV}`)
    expect((await rowNames(page)).filter((n) => /peskov/i.test(n))).toEqual(['Dmitry Peskov'])
    expect(await peskov.getByTestId('source-citations').textContent()).toBe('2')
    expect(await peskov.locator('td').nth(3).textContent()).toBe('1')
    expect(await peskov.locator('.sources-how').textContent()).toBe('1 quote · 1 reported')
    const chips = await peskov.locator('.sources-chip').allTextContents()
    expect(chips).toEqual(['3 Direct quote', '2 Spokesperson'])
    // Most cited first: Elon Musk heads the list.
    const byCitations = await rowNames(page)
    expect(byCitations[0]).toBe('Elon Musk')
    const counts = (await rows(page).getByTestId('source-citations').allTextContents()).map(Number)
    expect(counts).toEqual([...counts].sort((a, b) => b - a))

    // Sorted by name on a click of its header, back by citations on another header's click.
    await page.getByTestId('sources-sort-name').click()
    await expect.poll(() => rowNames(page)).toEqual([...byCitations].sort((a, b) => a.localeCompare(b)))
    expect(
      await page.locator('th', { has: page.getByTestId('sources-sort-name') }).getAttribute('aria-sort'),
    ).toBe('ascending')
    await page.getByTestId('sources-sort-citations').click()
    await expect.poll(() => rowNames(page)).toEqual(byCitations)

    // The type filter names the taxonomy's labels: Spokesperson keeps only sources cited with it.
    await page.getByTestId('sources-filter-type').getByLabel('Spokesperson').check()
    await expect.poll(() => rowNames(page)).not.toContain('Elon Musk')
    expect(await rowNames(page)).toContain('Dmitry Peskov')
    for (const row of await rows(page).all()) expect(await row.textContent()).toContain('2 Spokesperson')
    await page.getByTestId('sources-filter-type').getByLabel('Spokesperson').uncheck()
    await expect.poll(() => rowNames(page)).toEqual(byCitations)
    // The demo's articles have no outlet: the outlet filter says so.
    expect(await page.getByTestId('sources-no-outlets').textContent()).toContain('No outlets yet')

    // Typing narrows the list at every key, through the server's search.
    await page.getByLabel('Search names').pressSequentially('peskov', { delay: 30 })
    await expect.poll(() => rowNames(page)).toEqual(['Dmitry Peskov'])
    expect(page.url()).toContain('#/sources?q=peskov')

    // The unnamed sources, per article, with their descriptions.
    const unnamed = page.getByTestId('sources-unnamed').locator('[data-testid^="unnamed-"]')
    expect(await unnamed.count()).toBeGreaterThan(0)
    expect(await unnamed.first().getByTestId('unnamed-description').count()).toBeGreaterThan(0)
    expect(await unnamed.first().textContent()).toMatch(/\d+ distinct unnamed sources?/)

    // A click on his row opens his page: every sentence citing him, in context, each a link to the editor.
    await peskov.locator('td').nth(2).click()
    await expect.poll(() => page.url()).toContain(`#/sources/${PESKOV}`)
    expect(await page.getByTestId('source-name').textContent()).toBe('Dmitry Peskov')
    const citations = page.getByTestId('source-citation')
    await expect.poll(() => citations.count()).toBe(2)
    expect(await citations.nth(0).textContent()).toContain('Kremlin spokesman Dmitry Peskov')
    expect(await citations.nth(1).textContent()).toContain('Peskov also added')
    expect(await citations.nth(0).textContent()).toContain('quote')
    expect(await citations.nth(1).textContent()).toContain('reported')
    expect(await citations.nth(1).textContent()).toContain('Ana, Ben')
    expect(await citations.nth(1).locator('a').getAttribute('href')).toBe(`#/a/${WSJ_ARTICLE}?s=14`)
    expect(await page.getByTestId(`source-article-${WSJ_ARTICLE}`).locator('h2').textContent()).toContain(
      'American billionaire Elon Musk',
    )

    // Back to the list as it was left: searched for "peskov".
    await page.getByTestId('back-to-sources').click()
    await expect.poll(() => page.url()).toContain('#/sources?q=peskov')
    expect(await page.getByLabel('Search names').inputValue()).toBe('peskov')
    await expect.poll(() => rowNames(page)).toEqual(['Dmitry Peskov'])

    // His citation opens the editor on that sentence.
    await page.getByTestId(`source-row-${PESKOV}`).locator('.sources-name').click()
    await citations.nth(1).locator('a').click()
    await expect.poll(() => page.url()).toContain(`#/a/${WSJ_ARTICLE}?s=14`)
    await expect.poll(() => page.getByTestId('focus-bar').textContent()).toContain('1 sentence marked')
    await expect.poll(() => page.locator('.sentence-text').textContent()).toContain('Peskov also added')
    await context.close()
  })

  it('[UI11] a sentence whose source is written "Peskov" still counts for Dmitry Peskov, under his one entry', async () => {
    const { context, page } = await person(env.browser, 'Carla')
    await page.goto(`${env.server.url}/#/a/${WSJ_ARTICLE}?s=14`)
    await page.locator('.connection[data-connection="connected"]').waitFor()
    await expect.poll(() => page.locator('.sentence-text').textContent()).toContain('Peskov also added')
    // Carla writes the source of the sentence by his surname only (Ana's and Ben's tags of it both change).
    const panel = page.getByTestId('side-panel')
    const name = panel.getByLabel('Source name')
    await expect.poll(() => name.inputValue()).toBe('Dmitry Peskov')
    await name.fill('Peskov')
    await panel.getByRole('button', { name: 'Set', exact: true }).click()
    await expect.poll(() => panel.textContent()).toContain('source: Peskov')

    // Still one Dmitry Peskov, with "Peskov" as another spelling; Carla's sentence among his citations.
    await expect
      .poll(
        async () => {
          await page.goto(`${env.server.url}/#/sources?q=peskov`)
          await rows(page).first().waitFor()
          return page.getByTestId(`source-row-${PESKOV}`).getByTestId('source-aliases').count()
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(1)
    expect(await rowNames(page)).toEqual(['Dmitry Peskov'])
    const peskov = page.getByTestId(`source-row-${PESKOV}`)
    expect(await peskov.getByTestId('source-aliases').textContent()).toContain('Peskov')
    expect(await peskov.getByTestId('source-citations').textContent()).toBe('2')
    await peskov.locator('.sources-name').click()
    const citations = page.getByTestId('source-citation')
    await expect.poll(() => citations.count()).toBe(2)
    expect(await citations.nth(0).textContent()).toContain('Kremlin spokesman Dmitry Peskov')
    expect(await citations.nth(1).textContent()).toContain('Peskov also added')
    expect(await page.getByTestId('source-aliases').textContent()).toBe('Also written: Peskov')
    await context.close()
  })

  it('[UI11] an unknown source says so, and a search that finds nothing says so in plain words', async () => {
    const { context, page } = await person(env.browser, 'Reader')
    await page.goto(`${env.server.url}/#/sources/nobody-at-all`)
    await expect.poll(() => page.getByTestId('source-not-found').count()).toBe(1)
    expect(await page.getByTestId('source-not-found').textContent()).toContain('No source has the id')
    await page.goto(`${env.server.url}/#/sources?q=zzzz-nobody`)
    await expect.poll(() => page.getByTestId('sources-empty').count()).toBe(1)
    expect(await page.getByTestId('sources-empty').textContent()).toContain('No source matches these filters')
    // The top bar's link shows the whole list again.
    await page.locator('.topbar').getByRole('link', { name: 'Sources', exact: true }).click()
    await expect.poll(() => rows(page).count()).toBeGreaterThan(1)
    expect(await page.getByLabel('Search names').inputValue()).toBe('')
    expect(page.url()).toMatch(/#\/sources$/)
    await context.close()
  })

  for (const [what, hash, ready] of [
    ['the Sources page', '#/sources', '[data-testid^="source-row-"]'],
    ["a source's page", `#/sources/${PESKOV}`, '[data-testid="source-citation"]'],
  ] as const)
    it(`[UI11] ${what} has no serious or critical accessibility violation`, async () => {
      const { context, page } = await person(env.browser, 'Reviewer')
      await page.setViewportSize({ width: 1280, height: 800 })
      await page.goto(`${env.server.url}/${hash}`)
      await page.locator(ready).first().waitFor()
      const serious = await seriousViolations(page)
      expect(serious, `\n${describeViolations(serious)}\n`).toEqual([])
      await context.close()
    })
})

describe('the source index of a period', () => {
  it('[UI20] a date range beside the filters keeps the citations of the articles dated in it, says what is wrong with a bad one, and carries the period to a source’s page', async () => {
    const { context, page } = await person(env.browser, 'Reader')
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.goto(`${env.server.url}/#/sources`)
    await rows(page).first().waitFor()
    const everyDate = await rowNames(page)
    expect(everyDate).toContain('Dmitry Peskov')

    // The demo's first article is dated 2024-10-25; Peskov's article has no date, so a period leaves it out.
    const dates = page.getByTestId('sources-filter-dates')
    await dates.getByLabel('From').fill('2024-10-01')
    await expect.poll(() => rowNames(page)).not.toContain('Dmitry Peskov')
    const october = await rowNames(page)
    expect(october.length).toBeGreaterThan(0)
    expect(october.every((n) => everyDate.includes(n))).toBe(true)
    expect(page.url()).toContain('from=2024-10-01')
    expect(await page.getByTestId('sources-count').textContent()).toContain(
      'citations in articles dated from 2024-10-01',
    )
    for (const dates of await rows(page).locator('.sources-dates').allTextContents())
      expect(dates).toBe('2024-10-25')

    // A To before the From: said in plain words, next to the dates, and nothing is asked of the server.
    await dates.getByLabel('To').fill('2024-09-30')
    const problem = page.getByTestId('sources-period-problem')
    await expect.poll(() => problem.textContent()).toContain('The period starts after it ends')
    expect(await page.getByTestId('sources-table').count()).toBe(0)
    expect(await dates.getByLabel('From').getAttribute('aria-invalid')).toBe('true')
    await dates.getByLabel('To').fill('2024-10-31')
    await expect.poll(() => rowNames(page)).toEqual(october)
    expect(await problem.count()).toBe(0)

    // A source's page shows the citations of the period, with the way to every date.
    const musk = page.getByTestId('source-row-elon-musk')
    const inPeriod = Number(await musk.getByTestId('source-citations').textContent())
    await musk.locator('.sources-name').click()
    await expect.poll(() => page.url()).toContain('#/sources/elon-musk?from=2024-10-01&to=2024-10-31')
    const citations = page.getByTestId('source-citation')
    await expect.poll(() => citations.count()).toBe(inPeriod)
    expect(await page.getByTestId('source-period').textContent()).toContain(
      'Citations in articles dated 2024-10-01 – 2024-10-31',
    )
    await page.getByTestId('source-all-dates').click()
    await expect.poll(() => citations.count()).toBeGreaterThan(inPeriod)
    expect(await page.getByTestId('source-period').count()).toBe(0)

    // Back to the list as it was: the period is still chosen.
    await page.getByTestId('back-to-sources').click()
    await expect.poll(() => rowNames(page)).toEqual(october)
    expect(await dates.getByLabel('From').inputValue()).toBe('2024-10-01')

    // An address with a day that does not exist says so rather than showing every date.
    await page.goto(`${env.server.url}/#/sources?from=2024-02-30`)
    await expect
      .poll(() => page.getByTestId('sources-period-problem').textContent())
      .toContain('The From date “2024-02-30” is not a day of the calendar')
    const serious = await seriousViolations(page)
    expect(serious, `\n${describeViolations(serious)}\n`).toEqual([])
    // Clear filters brings every date back.
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await expect.poll(() => rowNames(page)).toEqual(everyDate)
    expect(page.url()).toMatch(/#\/sources$/)
    await context.close()
  })
})
