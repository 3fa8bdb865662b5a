import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { setupServerAndBrowser, signToken } from './harness'

const SECRET = 'e2e-delete-secret-of-at-least-32-characters'
const ARTICLE = '001_b540a2e8dbf5a36d'

const env = setupServerAndBrowser({ AUTH_SECRET: SECRET })

/** An HS256 token as `attrib token` mints it, signed here with node:crypto (as in auth.e2e.test.ts). */
function mintToken(claims: { sub: string; role: string }): string {
  return signToken(SECRET, claims)
}

/** A browser context of its own, signed in through an invite link of `role`. */
async function signedIn(name: string, role: string): Promise<Page> {
  const context = await env.browser.newContext()
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error(`[${name}] page error:`, e))
  await page.goto(`${env.server.url}/#/invite/${mintToken({ sub: name, role })}`)
  await page.locator('table.articles').waitFor()
  return page
}

/** The article's annotations as the server has them (the page's fetch carries its session cookie). */
const storedAnnotations = (page: Page) =>
  page.evaluate(async (id) => {
    const response = await fetch(`/api/articles/${id}`)
    if (!response.ok) return -1
    return ((await response.json()) as { annotations: unknown[] }).annotations.length
  }, ARTICLE)

const activeText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '')

describe('deleting an article', () => {
  it('[UI9] a reviewer deletes after confirming, a collaborator in the article is told, Undo brings it back; annotators see no Delete', async () => {
    // An annotator has the article open and tags a sentence; the list offers them no Delete.
    const ana = await signedIn('Ana', 'annotator')
    expect(await ana.locator('table.articles tbody tr').count()).toBe(2)
    expect(await ana.getByTestId('delete-article').count()).toBe(0)
    await ana.locator(`a[href="#/a/${ARTICLE}"]`).click()
    await ana.locator('.connection[data-connection="connected"]').waitFor()
    await ana.locator('.ProseMirror').focus()
    await ana.keyboard.press('5')
    await expect.poll(() => storedAnnotations(ana), { timeout: 5000 }).toBeGreaterThan(0)
    const annotations = await storedAnnotations(ana)

    // The reviewer's list has Delete; Escape cancels the question and nothing happens.
    const rev = await signedIn('Rex', 'reviewer')
    const row = rev.locator('table.articles tbody tr', { has: rev.locator(`a[href="#/a/${ARTICLE}"]`) })
    const title = (await row.locator(`a[href="#/a/${ARTICLE}"]`).textContent())!
    await row.getByRole('button', { name: `Delete ${title}` }).click()
    const dialog = rev.getByRole('dialog', { name: `Delete “${title}”?` })
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain('You can undo this for 30 seconds.')
    expect(await activeText(rev)).toBe('Cancel')
    await rev.keyboard.press('Escape')
    await expect.poll(() => dialog.count()).toBe(0)
    expect(await row.count()).toBe(1)
    expect(await storedAnnotations(rev)).toBe(annotations)

    // Asked again and confirmed with the keyboard: the row goes at once and Undo is offered.
    await row.getByRole('button', { name: `Delete ${title}` }).click()
    await dialog.waitFor()
    await rev.keyboard.press('Tab')
    expect(await activeText(rev)).toBe('Delete')
    await rev.keyboard.press('Enter')
    await expect.poll(() => row.count()).toBe(0)
    expect(await rev.locator('table.articles tbody tr').count()).toBe(1)
    const toast = rev.getByTestId('undo-toast')
    expect(await toast.textContent()).toContain(`“${title}” was deleted.`)
    expect(await activeText(rev)).toBe('Undo')
    expect(await storedAnnotations(rev)).toBe(-1)

    // The annotator, still in the article, is told it was deleted, with a way back to the list.
    const told = ana.getByTestId('denied')
    await expect.poll(() => told.textContent(), { timeout: 5000 }).toContain('This article was deleted')
    await told.getByRole('link', { name: 'Back to the articles' }).click()
    await ana.locator('table.articles').waitFor()
    await expect.poll(() => ana.locator('table.articles tbody tr').count()).toBe(1)

    // Undo: the article is back in the list with its annotations, and opens again.
    await toast.getByRole('button', { name: 'Undo' }).click()
    await expect.poll(() => row.count()).toBe(1)
    expect(await toast.count()).toBe(0)
    expect(await storedAnnotations(rev)).toBe(annotations)
    await ana.reload()
    await expect.poll(() => ana.locator('table.articles tbody tr').count()).toBe(2)
    await ana.locator(`a[href="#/a/${ARTICLE}"]`).click()
    await ana.locator('.connection[data-connection="connected"]').waitFor()
    await expect
      .poll(() => ana.locator('.ProseMirror [data-labels]:not([data-labels=""])').count())
      .toBeGreaterThan(0)
    expect(await ana.getByTestId('denied').count()).toBe(0)
    await ana.context().close()
    await rev.context().close()
  })
})
