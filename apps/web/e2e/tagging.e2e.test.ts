import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { person, setupServerAndBrowser } from './harness'

const env = setupServerAndBrowser()

const ARTICLE = '001_b540a2e8dbf5a36d'

/** Selects the characters of `text` inside the editor (in the first paragraph holding them). */
async function select(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const editor = (window as unknown as { attribEditor: { view: { dom: HTMLElement } } }).attribEditor
    const walker = document.createTreeWalker(editor.view.dom, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.textContent!.indexOf(t)
      if (i < 0) continue
      const range = document.createRange()
      range.setStart(n, i)
      range.setEnd(n, i + t.length)
      const sel = window.getSelection()!
      sel.removeAllRanges()
      sel.addRange(range)
      return
    }
    throw new Error(`text not found: ${t}`)
  }, text)
  // Wait until ProseMirror has read the DOM selection.
  await expect
    .poll(() =>
      page.evaluate(() => {
        const v = (
          window as unknown as { attribEditor: { view: { state: { selection: { empty: boolean } } } } }
        ).attribEditor.view
        return !v.state.selection.empty
      }),
    )
    .toBe(true)
}

describe('tagging', () => {
  it('j/k move between sentences, a selection tags every sentence it touches, Shift+key tags a span', async () => {
    const { context, page } = await person(env.browser, 'Tagger')
    await page.goto(`${env.server.url}/#/a/${ARTICLE}`)
    await page.locator('.connection[data-connection="connected"]').waitFor()
    await page.locator('.ProseMirror').focus()

    // j from the start goes to the second sentence, k back to the first.
    await page.keyboard.press('j')
    await expect
      .poll(() => page.locator('.sentence-text').textContent())
      .toContain('Source: The Wall Street Journal')
    await page.keyboard.press('k')
    await expect
      .poll(() => page.locator('.sentence-text').textContent())
      .toContain('American billionaire Elon Musk')

    // A selection from the middle of one paragraph into the next tags both sentences with 5.
    await page.evaluate(() => {
      const editor = (window as unknown as { attribEditor: { view: { dom: HTMLElement } } }).attribEditor
      const ps = editor.view.dom.querySelectorAll('p')
      const range = document.createRange()
      range.setStart(ps[1]!.firstChild!, 10)
      range.setEnd(ps[2]!.firstChild!, 10)
      window.getSelection()!.removeAllRanges()
      window.getSelection()!.addRange(range)
    })
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            !(window as unknown as { attribEditor: { view: { state: { selection: { empty: boolean } } } } })
              .attribEditor.view.state.selection.empty,
        ),
      )
      .toBe(true)
    await page.keyboard.press('5')
    const tagged = page.locator('.ProseMirror [data-labels~="media_report"]')
    await expect.poll(() => tagged.count()).toBe(2)
    expect(await tagged.nth(0).textContent()).toContain('Source: The Wall Street Journal')
    expect(await tagged.nth(1).textContent()).toContain('Details: According to the sources')

    // Shift+4 tags exactly the selected name as a named source span.
    await select(page, 'Dmitry Peskov')
    await page.keyboard.press('Shift+4')
    const span = page.locator('.ProseMirror [data-span-labels~="named_source"]')
    await expect.poll(() => span.textContent()).toBe('Dmitry Peskov')

    // The source name is set from the side panel on the sentence's annotation.
    await page
      .locator('.ProseMirror p', { hasText: 'Kremlin spokesman' })
      .click({ position: { x: 10, y: 10 } })
    await expect.poll(() => page.locator('.sentence-text').textContent()).toContain('Kremlin spokesman')
    await page.keyboard.press('2')
    await page.getByPlaceholder('e.g. Dmitry Peskov').fill('Dmitry Peskov')
    await page.getByRole('button', { name: 'Set', exact: true }).click()
    await expect
      .poll(() => page.locator('.annotation').first().textContent())
      .toContain('source: Dmitry Peskov')
    const res = await fetch(`${env.server.url}/api/articles/${ARTICLE}`)
    const snapshot = (await res.json()) as {
      annotations: { labels: string[]; source: string; kind: string }[]
    }
    expect(snapshot.annotations).toContainEqual(
      expect.objectContaining({ kind: 'sentence', labels: ['spokesperson'], source: 'Dmitry Peskov' }),
    )
    expect(snapshot.annotations).toContainEqual(
      expect.objectContaining({ kind: 'span', labels: ['named_source'] }),
    )
    await context.close()
  })
})
