import { describe, expect, it } from 'vitest'
import { person, setupServerAndBrowser } from './harness'

const env = setupServerAndBrowser()

const ARTICLE = '001_b540a2e8dbf5a36d'
const PESKOV = 'Kremlin spokesman Dmitry Peskov, for his part'

interface Api {
  id: string
  labels: string[]
  status: string
  annotator: string
  reason?: string
}

async function annotations(): Promise<Api[]> {
  const res = await fetch(`${env.server.url}/api/articles/${ARTICLE}`)
  return ((await res.json()) as { annotations: Api[] }).annotations
}

describe('suggestions in the editor', () => {
  it('"Suggest all" draws dashed suggestions; a accepts the one at the cursor, x rejects, Ctrl+Z takes them back', async () => {
    const { page } = await person(env.browser, 'Suggester')
    await page.goto(`${env.server.url}/#/a/${ARTICLE}`)
    await page.locator('.connection[data-connection="connected"]').waitFor()

    await page.getByTestId('suggest-all').click()
    await expect
      .poll(() => page.getByTestId('suggest-note').textContent())
      .toMatch(/\d+ sentences? suggested/)
    const dashed = page.locator('.ProseMirror .attrib-has-suggestion')
    await expect.poll(() => dashed.count()).toBeGreaterThan(5)
    const suggestedBefore = await dashed.count()

    // All of them are one step of the user's own history.
    await page.keyboard.press('Control+z')
    await expect.poll(() => dashed.count()).toBe(0)
    await page.keyboard.press('Control+Shift+z')
    await expect.poll(() => dashed.count()).toBe(suggestedBefore)

    // Put the cursor in Peskov's sentence and accept its suggestion with the key.
    await page.locator('.ProseMirror p', { hasText: PESKOV }).click()
    await expect.poll(() => page.getByTestId('side-panel').textContent()).toContain(PESKOV)
    await expect.poll(() => page.getByTestId('side-panel').textContent()).toContain('why:')
    await page.keyboard.press('a')
    const peskov = page.locator('.ProseMirror [data-labels]', { hasText: 'Dmitry Peskov' })
    await expect
      .poll(async () => (await peskov.first().getAttribute('data-labels')) ?? '')
      .toMatch(/spokesperson/)
    await expect.poll(() => dashed.count()).toBe(suggestedBefore - 1)
    await expect
      .poll(async () =>
        (await annotations()).filter((a) => a.status === 'accepted' && a.labels.includes('spokesperson')),
      )
      .toEqual([expect.objectContaining({ annotator: 'Suggester', reason: expect.any(String) })])

    // x rejects the next suggested sentence: it is no longer drawn, but kept as rejected.
    await page.locator('.ProseMirror p', { hasText: 'Two officials reported' }).click()
    await expect.poll(() => page.getByTestId('side-panel').textContent()).toContain('Two officials reported')
    await page.keyboard.press('x')
    await expect.poll(() => dashed.count()).toBe(suggestedBefore - 2)
    await expect.poll(async () => (await annotations()).filter((a) => a.status === 'rejected').length).toBe(1)

    // Running it again suggests nothing new.
    await page.getByTestId('suggest-all').click()
    await expect.poll(() => page.getByTestId('suggest-note').textContent()).toBe('No new suggestions.')
  })

  it('a link to sentences (#/a/<id>?s=3,5) marks them and puts the cursor on the first', async () => {
    const { page } = await person(env.browser, 'Linker')
    await page.goto(`${env.server.url}/#/a/${ARTICLE}?s=3,5`)
    await expect.poll(() => page.getByTestId('focus-bar').textContent()).toContain('2 sentences')
    await expect
      .poll(() => page.locator('.ProseMirror .attrib-focus').first().textContent())
      .toContain('Two officials reported')
    await expect.poll(() => page.getByTestId('side-panel').textContent()).toContain('Two officials reported')
    await page.getByTestId('focus-bar').getByRole('button', { name: /Next/ }).click()
    await expect
      .poll(() => page.getByTestId('side-panel').textContent())
      .toContain('Specifically, several White House officials')
  })
})
