import { describe, expect, it } from 'vitest'
import { setupServerAndBrowser } from './harness'

const env = setupServerAndBrowser()

const ARTICLE = '000_cdf3ea4d863409f1'

describe('the editor’s code after a failed load', () => {
  it('[OFF5] a first visit whose editor code could not be fetched shows the article read-only, then the editor once it can be', async () => {
    // No service worker: it would fetch the code for the page from outside the routes below.
    const context = await env.browser.newContext({ serviceWorkers: 'block' })
    await context.addInitScript(() =>
      localStorage.setItem('attrib:user', JSON.stringify({ name: 'Newcomer', color: '#d62728' })),
    )
    const page = await context.newPage()
    // The network fails for the editor's code only: the page, the article and the websocket come.
    const refuse = (route: import('playwright-core').Route) => route.abort('internetdisconnected')
    await context.route('**/assets/editorCode-*.js', refuse)
    await page.goto(`${env.server.url}/#/a/${ARTICLE}`)
    const note = page.getByTestId('editor-not-loaded')
    await note.waitFor({ timeout: 20_000 })
    expect(await note.textContent()).toContain('the editor comes by itself once the network is back')
    // Read-only meanwhile: the article's text is there, from the preview.
    expect(await page.locator('.article-preview').textContent()).toContain('Elon Musk')
    expect(await page.locator('.ProseMirror').count()).toBe(0)

    // The network is back: the editor comes without a reload, and tags.
    await context.unroute('**/assets/editorCode-*.js', refuse)
    await page.locator('.ProseMirror p').first().waitFor({ timeout: 20_000 })
    expect(await note.count()).toBe(0)
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1)
    await page
      .locator('.ProseMirror p')
      .first()
      .click({ position: { x: 10, y: 10 } })
    await page.keyboard.press('1')
    await expect.poll(() => page.locator('.ProseMirror [data-labels~="anonymous_official"]').count()).toBe(1)
    await context.close()
  })
})
