import { describe, expect, it } from 'vitest'
import { person, setupServerAndBrowser } from './harness'

const env = setupServerAndBrowser()

describe('the project taxonomy', () => {
  it('a label is renamed and recoloured, a new one is added and used with its key', async () => {
    const { context, page } = await person(env.browser, 'Editor')
    await page.goto(`${env.server.url}/#/labels`)
    await page.getByLabel('quote name').fill('Quotation')
    await page.getByLabel('quote colour').fill('#123456')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.locator('.note', { hasText: 'Saved.' }).waitFor()

    await page.getByLabel('new label id').fill('document')
    await page.getByLabel('new label name').fill('Document')
    await page.getByLabel('new label key').fill('6')
    await page.getByRole('button', { name: 'Add' }).click()
    await page.locator('tr[data-label="document"]').waitFor()

    // A reserved key is refused with a message naming the label.
    await page.getByLabel('new label id').fill('navigation')
    await page.getByLabel('new label name').fill('Navigation')
    await page.getByLabel('new label key').fill('j')
    await page.getByRole('button', { name: 'Add' }).click()
    await expect.poll(() => page.locator('.error').textContent()).toContain('"navigation"')

    // The server keeps it: a fresh page of another person sees the new names and uses the new key.
    const other = await person(env.browser, 'Other')
    await other.page.goto(`${env.server.url}/#/a/000_cdf3ea4d863409f1`)
    await other.page.locator('.legend-item[data-label="document"]').waitFor()
    expect(await other.page.locator('.legend-item[data-label="quote"] .legend-name').textContent()).toBe(
      'Quotation',
    )
    const paragraph = other.page.locator('.ProseMirror p', { hasText: 'Another insider reported' })
    await paragraph.click({ position: { x: 10, y: 10 } })
    await expect.poll(() => other.page.locator('.sentence-text').textContent()).toContain('Another insider')
    await other.page.keyboard.press('6')
    await expect
      .poll(() => paragraph.locator('[data-labels]').first().getAttribute('data-labels'))
      .toBe('document')
    await context.close()
    await other.context.close()
  })
})
