import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { person, setupServerAndBrowser } from './harness'

const env = setupServerAndBrowser()

const ARTICLE = '000_cdf3ea4d863409f1'

async function openArticle(page: Page): Promise<void> {
  await page.goto(`${env.server.url}/#/a/${ARTICLE}`)
  await page.locator('.connection[data-connection="connected"]').waitFor()
}

/** Tags the n-th paragraph's first sentence with the label bound to `key`. */
async function tagParagraph(page: Page, n: number, key: string): Promise<void> {
  const p = page.locator('.ProseMirror p').nth(n)
  await p.click({ position: { x: 5, y: 5 } })
  await expect.poll(() => page.getByTestId('side-panel').isVisible()).toBe(true)
  await page.keyboard.press(key)
}

interface Api {
  labels: string[]
  annotator: string
  final?: boolean
  sentence: number | null
}

async function finals(): Promise<Api[]> {
  const res = await fetch(`${env.server.url}/api/articles/${ARTICLE}`)
  return ((await res.json()) as { annotations: Api[] }).annotations.filter((a) => a.final)
}

describe('independent annotation and adjudication', () => {
  it('hides the other annotator’s labels in independent mode; the reviewer resolves the disagreement', async () => {
    const ann = await person(env.browser, 'Ann')
    const bob = await person(env.browser, 'Bob')
    await openArticle(ann.page)
    await openArticle(bob.page)

    await ann.page.getByTestId('independent-mode').check()
    await expect.poll(() => bob.page.getByTestId('independent-notice').isVisible()).toBe(true)

    // Both tag the second paragraph's first sentence differently.
    await tagParagraph(ann.page, 1, '1')
    await tagParagraph(bob.page, 1, '4')
    const tagged = (page: Page) =>
      page.locator('.ProseMirror [data-labels]').first().getAttribute('data-labels')
    await expect.poll(() => tagged(ann.page)).toBe('anonymous_official')
    await expect.poll(() => tagged(bob.page)).toBe('named_source')
    // Each still sees only their own label a moment later (the other's has reached them by now).
    await ann.page.waitForTimeout(500)
    expect(await ann.page.locator('.ProseMirror [data-labels~="named_source"]').count()).toBe(0)
    expect(await bob.page.locator('.ProseMirror [data-labels~="anonymous_official"]').count()).toBe(0)

    // The reviewer sees both layers and takes Bob's.
    const rev = await person(env.browser, 'Rev')
    await rev.page.goto(`${env.server.url}/#/adjudicate/${ARTICLE}`)
    await expect.poll(() => rev.page.getByTestId('adj-disagreed').textContent()).toBe('1')
    await expect.poll(() => rev.page.getByTestId('adj-open').textContent()).toBe('1')
    const row = rev.page.locator('tr.adj-disagreed')
    await expect.poll(() => row.textContent()).toContain('Anonymous')
    await row.getByRole('button', { name: 'Take Bob' }).click()
    await expect.poll(() => rev.page.getByTestId('adj-open').textContent()).toBe('0')
    await expect
      .poll(finals)
      .toEqual([expect.objectContaining({ labels: ['named_source'], annotator: 'Rev', final: true })])

    // The export uses the final layer by default.
    const jsonl = await (await fetch(`${env.server.url}/api/export?format=jsonl&ids=${ARTICLE}`)).text()
    const exported = JSON.parse(jsonl.trim()) as { annotations: { annotator: string }[] }
    expect(exported.annotations.map((a) => a.annotator)).toEqual(['Rev'])
    const everything = await (
      await fetch(`${env.server.url}/api/export?format=jsonl&ids=${ARTICLE}&layer=all`)
    ).text()
    expect((JSON.parse(everything.trim()) as { annotations: unknown[] }).annotations).toHaveLength(3)
  })
})
