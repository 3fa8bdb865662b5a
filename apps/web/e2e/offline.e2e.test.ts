import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { person, setupServerAndBrowser, startServer } from './harness'

const env = setupServerAndBrowser()

const ARTICLE = '000_cdf3ea4d863409f1'
const INSIDER = 'Another insider reported that'
const WHITE_HOUSE = 'What is known about the relationship'

/** Clicks the first sentence of the paragraph holding `text`, waits for the side panel to show it, presses `key`. */
async function tag(page: Page, text: string, key: string): Promise<void> {
  await page.locator('.ProseMirror p', { hasText: text }).click({ position: { x: 10, y: 10 } })
  await expect.poll(() => page.locator('.sentence-text').textContent({ timeout: 1000 })).toContain(text)
  await page.keyboard.press(key)
}

const labelsIn = (page: Page, paragraphText: string) =>
  page.locator('.ProseMirror p', { hasText: paragraphText }).locator('[data-labels]').first()

describe('offline work', () => {
  it('two people keep tagging while the server is down; everything merges when it is back', async () => {
    const alice = await person(env.browser, 'Alice')
    const bob = await person(env.browser, 'Bob')
    for (const p of [alice.page, bob.page]) {
      await p.goto(`${env.server.url}/#/a/${ARTICLE}`)
      await p.locator('.connection[data-connection="connected"]').waitFor()
      // The editor's code comes after the preview is painted: with the server gone before it came (and no
      // service worker yet on a first visit), the page would stay on the read-only preview.
      await p.locator('.ProseMirror p').first().waitFor()
    }

    // The server dies (SIGKILL): both see that they are offline.
    const port = new URL(env.server.url).port
    await env.server.stop('SIGKILL')
    for (const p of [alice.page, bob.page])
      await p.locator('.connection[data-connection="offline"]').waitFor()

    // Each tags a different sentence while offline; their own screen shows it at once.
    await tag(alice.page, INSIDER, '1')
    await tag(bob.page, WHITE_HOUSE, '1')
    await expect
      .poll(() => labelsIn(alice.page, INSIDER).getAttribute('data-labels'))
      .toBe('anonymous_official')
    await expect
      .poll(() => labelsIn(bob.page, WHITE_HOUSE).getAttribute('data-labels'))
      .toBe('anonymous_official')

    // The server comes back on the same store and port: both reconnect and merge.
    env.server = await startServer(env.server.dataDir, Number(port))
    for (const p of [alice.page, bob.page]) {
      await p.locator('.connection[data-connection="connected"]').waitFor({ timeout: 20_000 })
      await expect.poll(() => labelsIn(p, INSIDER).getAttribute('data-labels')).toBe('anonymous_official')
      await expect.poll(() => labelsIn(p, WHITE_HOUSE).getAttribute('data-labels')).toBe('anonymous_official')
    }

    // And the server stored both: a third person sees them, as does the API.
    const carol = await person(env.browser, 'Carol')
    await carol.page.goto(`${env.server.url}/#/a/${ARTICLE}`)
    await expect
      .poll(() => labelsIn(carol.page, INSIDER).getAttribute('data-labels'))
      .toBe('anonymous_official')
    const res = await fetch(`${env.server.url}/api/articles/${ARTICLE}`)
    const snapshot = (await res.json()) as { annotations: { annotator: string; labels: string[] }[] }
    expect(snapshot.annotations.map((a) => a.annotator).sort()).toEqual(['Alice', 'Bob'])
    for (const c of [alice, bob, carol]) await c.context.close()
  }, 120_000)
})
