import { describe, expect, it } from 'vitest'
import { person, setupServerAndBrowser } from './harness'

const env = setupServerAndBrowser()

const A = '000_cdf3ea4d863409f1'
const B = '001_b540a2e8dbf5a36d'

describe('story comparison', () => {
  it('pairs the two outlets’ sentences side by side and marks a claim they attribute differently', async () => {
    const { page } = await person(env.browser, 'Reviewer')
    // Tag the Starlink/Taiwan sentence of B only.
    await page.goto(`${env.server.url}/#/a/${B}`)
    await page.locator('.connection[data-connection="connected"]').waitFor()
    await page.locator('.ProseMirror p', { hasText: 'Two officials reported' }).click()
    await expect.poll(() => page.getByTestId('side-panel').textContent()).toContain('Two officials reported')
    await page.keyboard.press('1')
    await expect.poll(() => page.locator('.ProseMirror [data-labels~="anonymous_official"]').count()).toBe(1)

    await page.goto(`${env.server.url}/#/compare?ids=${A},${B}`)
    const rows = page.locator('table.compare-claims tbody tr')
    await expect.poll(() => rows.count()).toBeGreaterThan(8)
    const starlink = rows.filter({ hasText: 'Starlink satellite Internet service over Taiwan' })
    await expect.poll(() => starlink.count()).toBe(1)
    expect(await starlink.textContent()).toContain('Starlink satellite internet service over Taiwan')
    expect(await starlink.getAttribute('class')).toContain('differs')
    const pentagon = rows.filter({ hasText: 'a Pentagon representative said' })
    expect(await pentagon.textContent()).toContain('spokesman for the US Department of Defense')
    expect((await pentagon.getAttribute('class')) ?? '').not.toContain('differs')

    // A sentence links to itself in the editor.
    await starlink.locator(`a[href="#/a/${B}?s=3"]`).first().click()
    await expect.poll(() => page.getByTestId('side-panel').textContent()).toContain('Two officials reported')
  })
})
