import { describe, expect, it } from 'vitest'
import { person, setupServerAndBrowser } from './harness'

const env = setupServerAndBrowser()

describe('keys right after a click', () => {
  it('act on the sentence just clicked', async () => {
    const { context, page } = await person(env.browser, 'Quick')
    await page.goto(`${env.server.url}/#/a/001_b540a2e8dbf5a36d`)
    await page.locator('.connection[data-connection="connected"]').waitFor()
    for (const text of ['Two officials reported', 'An informed source said', 'As is known, SpaceX']) {
      const p = page.locator('.ProseMirror p', { hasText: text })
      await p.click({ position: { x: 40, y: 10 } })
      await page.keyboard.press('1')
      await expect
        .poll(() => p.locator('[data-labels]').first().getAttribute('data-labels'))
        .toBe('anonymous_official')
    }
    await context.close()
  })
})
