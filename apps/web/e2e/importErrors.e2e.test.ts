import { describe, expect, it } from 'vitest'
import { person, setupServerAndBrowser } from './harness'

const env = setupServerAndBrowser()

const file = (name: string, text: string) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(text) })

describe('import errors', () => {
  it('[UI3] an import error stays until dismissed, names the file in plain words, and the other files go in', async () => {
    const { context, page } = await person(env.browser, 'Importer')
    await page.goto(`${env.server.url}/#/`)
    await page.locator('table.articles').waitFor()
    await page
      .getByTestId('import-input')
      .setInputFiles([
        file('story.html', ''),
        file('harbour-fire.txt', 'A fire broke out at the harbour on Monday, officials said.'),
        file('bad-date.md', '---\ndate: 2024-02-30\n---\nThe council met on Tuesday.'),
        file('photo.png', 'not an article'),
      ])
    const notes = page.getByTestId('import-notes')
    await expect.poll(() => notes.locator('li').count()).toBe(4)
    const errors = await notes.locator('.import-error').allTextContents()
    expect(errors).toEqual([
      expect.stringContaining('story.html: the file is empty — nothing was imported'),
      expect.stringMatching(
        /^bad-date\.md: .*line 2: invalid date "2024-02-30".* — nothing was imported\. Fix the file/,
      ),
      expect.stringContaining('photo.png: this is not a text, Markdown or HTML file — nothing was imported'),
    ])
    for (const e of errors) expect(e).not.toMatch(/body\.|where|schema/)
    expect(await notes.locator('.import-done').textContent()).toContain('Imported 1 of 4')
    // The good file went in.
    await expect
      .poll(() => page.locator('table.articles').textContent())
      .toContain('A fire broke out at the harbour')

    // Still there after the list refreshes (focus) and a while later.
    await page.evaluate(() => window.dispatchEvent(new Event('focus')))
    await page.waitForTimeout(1500)
    expect(await notes.locator('.import-error').count()).toBe(3)

    // Importing the same file again: already there, in plain words.
    await page
      .getByTestId('import-input')
      .setInputFiles([file('harbour-fire.txt', 'A fire broke out at the harbour on Monday, officials said.')])
    await expect
      .poll(() => notes.locator('.import-error').first().textContent())
      .toContain(
        'harbour-fire.txt: an article with the same name is already in the list — nothing was imported',
      )

    // Dismissed one by one.
    await notes
      .locator('.import-error', { hasText: 'story.html' })
      .getByRole('button', { name: 'Dismiss' })
      .click()
    await expect.poll(() => notes.locator('.import-error', { hasText: 'story.html' }).count()).toBe(0)
    expect(await notes.locator('.import-error').count()).toBe(3)
    await context.close()
  })
})
