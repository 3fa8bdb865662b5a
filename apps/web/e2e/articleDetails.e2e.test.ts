import { describe, expect, it } from 'vitest'
import { person, setupServerAndBrowser } from './harness'

const env = setupServerAndBrowser()

const ARTICLE = '000_cdf3ea4d863409f1'

describe('article details', () => {
  it('[UI5] title, outlet, date and story are edited in the details, seen by a collaborator and the list', async () => {
    const ana = await person(env.browser, 'Ana')
    const ben = await person(env.browser, 'Ben')
    for (const p of [ana.page, ben.page]) {
      await p.goto(`${env.server.url}/#/a/${ARTICLE}`)
      await p.locator('.connection[data-connection="connected"]').waitFor()
    }
    // No outlet yet: a way to set it, not a dash.
    const setOutlet = ana.page.getByTestId('set-outlet')
    expect(await setOutlet.textContent()).toContain('Set the outlet')
    await setOutlet.click()
    const dialog = ana.page.getByTestId('article-details')
    await expect
      .poll(() => ana.page.evaluate(() => document.activeElement?.getAttribute('name')))
      .toBe('outlet')
    await dialog.getByLabel('Outlet').fill('The Wall Street Journal')
    await dialog.getByLabel('Title').fill('Musk and Putin in contact, report says')
    await dialog.getByLabel('Date').fill('2024-10-25')
    await dialog.getByLabel('Story').fill('musk-putin')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => dialog.count()).toBe(0)

    // Both pages show the new details at once.
    for (const p of [ana.page, ben.page]) {
      await expect
        .poll(() => p.locator('.article-toolbar h1').textContent())
        .toBe('Musk and Putin in contact, report says')
      await expect.poll(() => p.getByTestId('article-outlet').textContent()).toBe('The Wall Street Journal')
      expect(await p.getByTestId('article-meta').textContent()).toContain('2024-10-25')
    }

    // A bad date is refused with a sentence, and nothing changes.
    await ben.page.getByTestId('details-button').click()
    const benDialog = ben.page.getByTestId('article-details')
    await benDialog.getByLabel('Title').fill('')
    await benDialog.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => benDialog.getByRole('alert').textContent()).toContain('title may not be empty')
    await benDialog.getByRole('button', { name: 'Cancel' }).click()
    expect(await ana.page.locator('.article-toolbar h1').textContent()).toBe(
      'Musk and Putin in contact, report says',
    )

    // The article list shows them; the other article still offers to set its outlet.
    // The server's catalog follows the document (its read model within about a second).
    await expect
      .poll(async () => JSON.stringify(await (await fetch(`${env.server.url}/api/articles`)).json()), {
        timeout: 5000,
      })
      .toContain('Musk and Putin in contact, report says')
    await ana.page.goto(`${env.server.url}/#/`)
    const row = ana.page.locator('table.articles tr', { hasText: 'Musk and Putin in contact, report says' })
    await expect.poll(() => row.count()).toBe(1)
    expect(await row.textContent()).toContain('The Wall Street Journal')
    expect(await row.textContent()).toContain('2024-10-25')
    const other = ana.page.locator('table.articles tbody tr', { hasNotText: 'Musk and Putin in contact' })
    await other.getByRole('link', { name: 'Set outlet' }).click()
    await expect.poll(() => ana.page.getByTestId('article-details').count()).toBe(1)
    expect(await ana.page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('outlet')
    await ana.context.close()
    await ben.context.close()
  })

  it('[UI8] an article is renamed from the list', async () => {
    const { context, page } = await person(env.browser, 'Renamer')
    await page.goto(`${env.server.url}/#/`)
    const row = page.locator('table.articles tbody tr', { hasText: 'American billionaire Elon Musk' })
    await row.getByRole('link', { name: /^Rename/ }).click()
    const dialog = page.getByTestId('article-details')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('title')
    await dialog.getByLabel('Title').fill('Musk–Putin contacts (WSJ)')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await expect
      .poll(() => page.locator('.article-toolbar h1').textContent())
      .toBe('Musk–Putin contacts (WSJ)')
    await expect
      .poll(async () => JSON.stringify(await (await fetch(`${env.server.url}/api/articles`)).json()), {
        timeout: 5000,
      })
      .toContain('Musk–Putin contacts (WSJ)')
    await page.locator('.article-toolbar a', { hasText: 'Articles' }).click()
    await expect
      .poll(() => page.locator('table.articles').textContent())
      .toContain('Musk–Putin contacts (WSJ)')
    await context.close()
  })
})
