import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { person, setupServerAndBrowser, startServer } from './harness'

const env = setupServerAndBrowser()

const ARTICLE = '000_cdf3ea4d863409f1'
const INSIDER = 'Another insider reported that'
const WHITE_HOUSE = 'What is known about the relationship'
const PENTAGON = 'According to a spokesman for the US Department of Defense'
const OFFLINE_NOTE = 'offline — changes are kept in this browser'

/** Clicks the first sentence of the paragraph holding `text`, waits for the side panel to show it, presses `key`. */
async function tag(page: Page, text: string, key: string): Promise<void> {
  await page.locator('.ProseMirror p', { hasText: text }).click({ position: { x: 10, y: 10 } })
  await expect.poll(() => page.locator('.sentence-text').textContent({ timeout: 1000 })).toContain(text)
  await page.keyboard.press(key)
}

const labelsIn = (page: Page, paragraphText: string) =>
  page.locator('.ProseMirror p', { hasText: paragraphText }).locator('[data-labels]').first()

/**
 * Waits until the service worker controls the page. It registers 3 s after the page's load event, at an
 * idle moment (up to 5 s more), then installs: on a machine busy with the rest of the suite that took over
 * 20 s once in a fresh-clone run, hence the long wait.
 */
async function serviceWorkerActive(page: Page): Promise<void> {
  try {
    await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, {
      timeout: 40_000,
    })
  } catch (e) {
    // Say where it stopped: never registered, installing, waiting, or active without controlling the page.
    const state = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration()
      const w = (x: ServiceWorker | null | undefined) => x?.state ?? 'none'
      return r
        ? `installing ${w(r.installing)}, waiting ${w(r.waiting)}, active ${w(r.active)}, controller ${w(navigator.serviceWorker.controller)}`
        : 'no registration'
    })
    throw new Error(`the service worker did not take over the page: ${state}`, { cause: e })
  }
}

/** Waits until y-indexeddb holds the article in this browser. */
async function storedInBrowser(page: Page, id: string): Promise<void> {
  // Polled with page.evaluate, which awaits the page's promise: waitForFunction takes a promise for a truthy
  // answer and would return at once (playwright#29132).
  const stored = () =>
    page.evaluate(
      (name) =>
        new Promise<boolean>((resolve) => {
          const open = indexedDB.open(name)
          open.onerror = () => resolve(false)
          open.onsuccess = () => {
            const db = open.result
            try {
              const count = db.transaction('updates').objectStore('updates').count()
              count.onsuccess = () => resolve(count.result > 0)
              count.onerror = () => resolve(false)
            } catch {
              resolve(false)
            } finally {
              db.close()
            }
          }
        }),
      `attrib:${id}`,
    )
  await expect.poll(stored, { timeout: 10_000, interval: 200 }).toBe(true)
}

describe('offline and loading', () => {
  it('[OFF1] an article reloaded without a network shows from the browser, keeps edits and converges on reconnect', async () => {
    const alice = await person(env.browser, 'Alice')
    const bob = await person(env.browser, 'Bob')
    for (const p of [alice.page, bob.page]) {
      await p.goto(`${env.server.url}/#/a/${ARTICLE}`)
      await p.locator('.connection[data-connection="connected"]').waitFor()
    }
    await serviceWorkerActive(alice.page)
    await storedInBrowser(alice.page, ARTICLE)

    // The network goes; the reload comes from the service worker and y-indexeddb.
    await alice.context.setOffline(true)
    await alice.page.reload()
    await expect.poll(() => alice.page.locator('.topbar .brand').textContent()).toBe('Attrib')
    await alice.page.locator('.ProseMirror p', { hasText: INSIDER }).waitFor()
    await alice.page.locator('.connection[data-connection="offline"]').waitFor()
    expect((await alice.page.locator('.connection').textContent())?.toLowerCase()).toBe(OFFLINE_NOTE)

    // Alice tags offline; the tag survives another reload without a network.
    await tag(alice.page, INSIDER, '1')
    await expect
      .poll(() => labelsIn(alice.page, INSIDER).getAttribute('data-labels'))
      .toBe('anonymous_official')
    await alice.page.reload()
    await expect
      .poll(() => labelsIn(alice.page, INSIDER).getAttribute('data-labels'), { timeout: 10_000 })
      .toBe('anonymous_official')

    // Meanwhile Bob, online, tags another sentence; he does not see Alice's yet.
    await tag(bob.page, WHITE_HOUSE, '1')
    await expect
      .poll(() => labelsIn(bob.page, WHITE_HOUSE).getAttribute('data-labels'))
      .toBe('anonymous_official')
    const insiderTags = bob.page
      .locator('.ProseMirror p', { hasText: INSIDER })
      .locator('[data-labels~="anonymous_official"]')
    expect(await insiderTags.count()).toBe(0)

    // The network comes back: both windows converge.
    await alice.context.setOffline(false)
    await alice.page.locator('.connection[data-connection="connected"]').waitFor({ timeout: 20_000 })
    for (const p of [alice.page, bob.page]) {
      await expect
        .poll(() => labelsIn(p, INSIDER).getAttribute('data-labels'), { timeout: 10_000 })
        .toBe('anonymous_official')
      await expect
        .poll(() => labelsIn(p, WHITE_HOUSE).getAttribute('data-labels'), { timeout: 10_000 })
        .toBe('anonymous_official')
    }
    const res = await fetch(`${env.server.url}/api/articles/${ARTICLE}`)
    const snapshot = (await res.json()) as { annotations: { annotator: string }[] }
    expect(snapshot.annotations.map((a) => a.annotator).sort()).toEqual(['Alice', 'Bob'])
    for (const c of [alice, bob]) await c.context.close()
  }, 120_000)

  it('[OFF2] the article list shows its last answer without a network, and the server’s again once back', async () => {
    const alice = await person(env.browser, 'Alice')
    await alice.page.goto(`${env.server.url}/#/`)
    await alice.page.locator('table.articles a').first().waitFor()
    const titles = await alice.page.locator('table.articles a').allTextContents()
    expect(titles.length).toBeGreaterThan(0)
    // The list was asked for before the worker was there; it keeps an answer when it starts.
    await serviceWorkerActive(alice.page)
    expect(await alice.page.locator('[data-testid="offline"]').count()).toBe(0)

    await alice.context.setOffline(true)
    await alice.page.reload()
    await alice.page.locator('table.articles a').first().waitFor()
    expect(await alice.page.locator('table.articles a').allTextContents()).toEqual(titles)
    await expect.poll(() => alice.page.locator('[data-testid="offline"]').textContent()).toBe(OFFLINE_NOTE)

    // Online again, the list is the server's (network first): a new article shows, the note goes.
    const created = await fetch(`${env.server.url}/api/articles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'off2-new', title: 'Written while Alice was offline', text: 'A new one.' }),
    })
    expect(created.status).toBe(201)
    await alice.context.setOffline(false)
    await alice.page.reload()
    await alice.page.locator('table.articles a', { hasText: 'Written while Alice was offline' }).waitFor()
    expect(await alice.page.locator('[data-testid="offline"]').count()).toBe(0)
    await alice.context.close()
  }, 60_000)

  it('[OFF3] a reopened article shows from the browser’s copy while the server has not answered; one never opened does not', async () => {
    const alice = await person(env.browser, 'Alice')
    await alice.page.goto(`${env.server.url}/#/a/${ARTICLE}`)
    await alice.page.locator('.connection[data-connection="connected"]').waitFor()
    await storedInBrowser(alice.page, ARTICLE)
    await alice.page.close()

    // A new tab whose websocket opens but never hears from the server (a stalled sync).
    const stalled = await alice.context.newPage()
    await stalled.routeWebSocket(/\/yjs/, () => {})
    await stalled.goto(`${env.server.url}/#/a/${ARTICLE}`)
    await stalled.locator('.ProseMirror p', { hasText: PENTAGON }).waitFor()
    expect(await stalled.locator('.connection').getAttribute('data-connection')).not.toBe('connected')
    await tag(stalled, PENTAGON, '2')
    await expect.poll(() => labelsIn(stalled, PENTAGON).getAttribute('data-labels')).toBe('spokesperson')
    await stalled.close()

    // Without a copy in the browser nothing is bound (binding an empty document would write one).
    const carol = await person(env.browser, 'Carol')
    await carol.page.routeWebSocket(/\/yjs/, () => {})
    await carol.page.goto(`${env.server.url}/#/a/${ARTICLE}`)
    await carol.page.locator('.topbar .brand').waitFor()
    await carol.page.waitForTimeout(1500)
    expect(await carol.page.locator('.ProseMirror p').count()).toBe(0)

    // Once the sync gets through, the tag made on the copy reaches the server.
    const synced = await alice.context.newPage()
    await synced.goto(`${env.server.url}/#/a/${ARTICLE}`)
    await synced.locator('.connection[data-connection="connected"]').waitFor()
    await expect
      .poll(async () => {
        const res = await fetch(`${env.server.url}/api/articles/${ARTICLE}`)
        const snapshot = (await res.json()) as { annotations: { annotator: string; labels: string[] }[] }
        return snapshot.annotations.some((a) => a.annotator === 'Alice' && a.labels.includes('spokesperson'))
      })
      .toBe(true)
    for (const c of [alice, carol]) await c.context.close()
  }, 60_000)

  // Last in the file: the server is stopped and started again.
  it('[OFF4] with the network up but the server away, a reload still shows the app and the article', async () => {
    const alice = await person(env.browser, 'Alice')
    await alice.page.goto(`${env.server.url}/#/a/${ARTICLE}`)
    await alice.page.locator('.connection[data-connection="connected"]').waitFor()
    await serviceWorkerActive(alice.page)
    await storedInBrowser(alice.page, ARTICLE)

    const port = Number(new URL(env.server.url).port)
    await env.server.stop('SIGKILL')
    await alice.page.reload()
    await alice.page.locator('.ProseMirror p', { hasText: INSIDER }).waitFor()
    await alice.page.locator('.connection[data-connection="offline"]').waitFor()
    await alice.page.goto(`${env.server.url}/#/`)
    await alice.page.locator('table.articles a').first().waitFor()
    await expect.poll(() => alice.page.locator('[data-testid="offline"]').textContent()).toBe(OFFLINE_NOTE)

    env.server = await startServer(env.server.dataDir, port)
    await alice.page.goto(`${env.server.url}/#/a/${ARTICLE}`)
    await alice.page.locator('.connection[data-connection="connected"]').waitFor({ timeout: 20_000 })
    await alice.context.close()
  }, 60_000)
})
