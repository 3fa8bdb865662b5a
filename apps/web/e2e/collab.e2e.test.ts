import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { person as personIn, setupServerAndBrowser } from './harness'

const PESKOV = 'Kremlin spokesman Dmitry Peskov'

const env = setupServerAndBrowser()

const person = (name: string) => personIn(env.browser, name)

/** Clicks a sentence and waits until the side panel shows it, as a person would before pressing a key. */
async function clickSentence(
  page: Page,
  text: string,
  position?: { x: number; y: number },
  paragraphText = text,
): Promise<void> {
  await page.locator('.ProseMirror p', { hasText: paragraphText }).click(position ? { position } : {})
  await expect.poll(() => page.locator('.sentence-text').textContent()).toContain(text)
}

async function openSeedArticle(page: Page): Promise<void> {
  await page.goto(`${env.server.url}/#/`)
  await page.locator('table.articles a').first().waitFor()
  // The seed with Peskov's statement (001_...): open it from the list.
  await page.locator('table.articles a', { hasText: 'billionaire Elon Musk has been regularly' }).click()
  await page.locator('.ProseMirror p', { hasText: PESKOV }).waitFor()
}

describe('two people annotate one article', () => {
  it('lists the seed articles with their sentence counts', async () => {
    const { context, page } = await person('Lister')
    await page.goto(`${env.server.url}/#/`)
    const rows = page.locator('table.articles tbody tr')
    await rows.first().waitFor()
    expect(await rows.count()).toBe(2)
    const text = await page.locator('table.articles').textContent()
    expect(text).toContain('2024-10-25')
    await context.close()
  })

  it('a tag made with a key in one browser appears in the other, and survives a reload', async () => {
    const alice = await person('Alice')
    const bob = await person('Bob')
    await openSeedArticle(alice.page)
    await openSeedArticle(bob.page)

    // Alice clicks the Peskov sentence and presses 2 (spokesperson).
    await clickSentence(alice.page, PESKOV)
    await alice.page.keyboard.press('2')
    // A remote cursor inside the sentence splits its highlight into several spans: look inside the paragraph.
    const paragraph = (page: Page, text: string) => page.locator('.ProseMirror p', { hasText: text })
    const tagged = (page: Page) => paragraph(page, PESKOV).locator('[data-labels~="spokesperson"]').first()
    await tagged(alice.page).waitFor()
    await tagged(bob.page).waitFor({ timeout: 10_000 })

    // Bob sees Alice in the article, with her name.
    await bob.page.locator('.presence li[data-person="Alice"]').waitFor()

    // Bob adds a second label to the same sentence: both are kept.
    await clickSentence(bob.page, PESKOV)
    await bob.page.keyboard.press('3')
    const both = (page: Page) => paragraph(page, PESKOV).locator('[data-labels="quote spokesperson"]').first()
    await both(alice.page).waitFor({ timeout: 10_000 })

    // After a reload both still see it.
    await alice.page.reload()
    await bob.page.reload()
    await both(alice.page).waitFor({ timeout: 10_000 })
    await both(bob.page).waitFor({ timeout: 10_000 })

    // The legend counts the tagged sentence.
    const count = alice.page.locator('.legend-item[data-label="spokesperson"] .count')
    await expect.poll(async () => count.getAttribute('data-count')).toBe('1')

    await alice.context.close()
    await bob.context.close()
  })

  it('undo removes only your own tag', async () => {
    const alice = await person('Alice')
    const bob = await person('Bob')
    await openSeedArticle(alice.page)
    await openSeedArticle(bob.page)
    // The paragraph is found by words late in it: a remote cursor's name label near its start
    // changes the paragraph's text content in the other browser.
    const sentence = 'Peskov also added that'
    const paragraph = (page: Page) =>
      page.locator('.ProseMirror p', { hasText: 'regular conversations with Musk' })
    const labels = (page: Page) => paragraph(page).locator('[data-labels]').first()
    await clickSentence(alice.page, sentence, { x: 20, y: 10 }, 'regular conversations with Musk')
    await alice.page.keyboard.press('4')
    await expect
      .poll(() => labels(bob.page).getAttribute('data-labels'), { timeout: 10_000 })
      .toBe('named_source')
    await clickSentence(bob.page, sentence, { x: 20, y: 10 }, 'regular conversations with Musk')
    await bob.page.keyboard.press('5')
    await expect.poll(() => labels(alice.page).getAttribute('data-labels')).toBe('media_report named_source')
    // Alice undoes: her named_source goes, Bob's media_report stays, in both browsers.
    await alice.page.keyboard.press('Control+z')
    await expect.poll(() => labels(bob.page).getAttribute('data-labels')).toBe('media_report')
    await expect.poll(() => labels(alice.page).getAttribute('data-labels')).toBe('media_report')
    // Redo brings it back.
    await alice.page.keyboard.press('Control+Shift+z')
    await expect.poll(() => labels(bob.page).getAttribute('data-labels')).toBe('media_report named_source')
    await alice.context.close()
    await bob.context.close()
  })
})
