import { describe, expect, it } from 'vitest'
import { person, setupServerAndBrowser } from './harness'

const env = setupServerAndBrowser()

const ARTICLE = '001_b540a2e8dbf5a36d'
const PESKOV = 'Kremlin spokesman Dmitry Peskov, for his part'

interface Api {
  labels: string[]
  status: string
  annotator: string
}

async function annotations(): Promise<Api[]> {
  const res = await fetch(`${env.server.url}/api/articles/${ARTICLE}`)
  return ((await res.json()) as { annotations: Api[] }).annotations
}

describe('suggestions and label keys', () => {
  it('[UI1] the key of a suggested label accepts it', async () => {
    const { context, page } = await person(env.browser, 'Keyed')
    await page.goto(`${env.server.url}/#/a/${ARTICLE}`)
    await page.locator('.connection[data-connection="connected"]').waitFor()
    await page.getByTestId('suggest-all').click()
    const peskov = page.locator('.ProseMirror .attrib-sentence', { hasText: 'Dmitry Peskov' }).first()
    await expect.poll(async () => (await peskov.getAttribute('data-suggested')) ?? '').toMatch(/spokesperson/)
    const suggestedBefore = await page.locator('.ProseMirror .attrib-has-suggestion').count()

    await page.locator('.ProseMirror p', { hasText: PESKOV }).click()
    await expect.poll(() => page.getByTestId('side-panel').textContent()).toContain(PESKOV)
    // 2 is Spokesperson, one of the labels the suggestion proposes (with Direct quote): all are accepted.
    await page.keyboard.press('2')
    await expect.poll(async () => (await peskov.getAttribute('data-labels')) ?? '').toMatch(/spokesperson/)
    await expect.poll(async () => (await peskov.getAttribute('data-suggested')) ?? '').toBe('')
    await expect
      .poll(() => page.locator('.ProseMirror .attrib-has-suggestion').count())
      .toBe(suggestedBefore - 1)
    await expect
      .poll(async () => (await annotations()).filter((a) => a.status === 'accepted'))
      .toEqual([expect.objectContaining({ labels: ['quote', 'spokesperson'], annotator: 'Keyed' })])
    expect(await page.getByTestId('side-panel').textContent()).toContain('Keyed · accepted')

    // Pressed again, the key takes the label off like any other tag.
    await page.keyboard.press('2')
    await expect.poll(async () => (await peskov.getAttribute('data-labels')) ?? '').toBe('quote')

    // The key of another label on a suggested sentence adds that label and keeps the suggestion.
    await page.locator('.ProseMirror p', { hasText: 'Two officials reported' }).click()
    await expect.poll(() => page.getByTestId('side-panel').textContent()).toContain('Two officials reported')
    const officials = page
      .locator('.ProseMirror .attrib-sentence', { hasText: 'Two officials reported' })
      .first()
    const proposed = (await officials.getAttribute('data-suggested')) ?? ''
    expect(proposed).not.toBe('')
    expect(proposed).not.toMatch(/media_report/)
    await page.keyboard.press('5')
    await expect.poll(async () => (await officials.getAttribute('data-labels')) ?? '').toBe('media_report')
    expect(await officials.getAttribute('data-suggested')).toBe(proposed)
    await context.close()
  })
})
