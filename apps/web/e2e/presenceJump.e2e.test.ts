import { describe, expect, it } from 'vitest'
import { person, setupServerAndBrowser } from './harness'

const env = setupServerAndBrowser()

const ARTICLE = '001_b540a2e8dbf5a36d'

describe('where the others are', () => {
  it('[UI7] a click on a collaborator’s name scrolls to their cursor', async () => {
    const ana = await person(env.browser, 'Ana')
    const bob = await person(env.browser, 'Bob')
    for (const p of [ana.page, bob.page]) {
      await p.setViewportSize({ width: 1280, height: 600 })
      await p.goto(`${env.server.url}/#/a/${ARTICLE}`)
      await p.locator('.connection[data-connection="connected"]').waitFor()
    }
    // Bob works at the end of the article; Ana stays at the top.
    await bob.page.locator('.ProseMirror p').last().click()
    await ana.page.evaluate(() => window.scrollTo(0, 0))
    const cursor = ana.page.locator('.ProseMirror-yjs-cursor[data-name="Bob"]')
    await cursor.waitFor({ state: 'attached' })
    // y-prosemirror redraws remote cursors as updates arrive, so the element can be between two drawings
    // (no box) for a moment: ask until it has one.
    await expect.poll(async () => (await cursor.boundingBox())?.y ?? -1).toBeGreaterThan(600)

    const bobButton = ana.page.locator('.presence [data-person="Bob"] button')
    await expect.poll(() => bobButton.isEnabled()).toBe(true)
    await bobButton.click()
    await expect
      .poll(async () => {
        const box = await cursor.boundingBox()
        return box !== null && box.y > 0 && box.y + box.height < 600
      })
      .toBe(true)
    expect(await ana.page.evaluate(() => window.scrollY)).toBeGreaterThan(0)
    // One's own name is not a button.
    expect(await ana.page.locator('.presence [data-person="Ana"] button').count()).toBe(0)
    await ana.context.close()
    await bob.context.close()
  })
})
