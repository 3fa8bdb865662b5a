import { describe, expect, it } from 'vitest'
import { person, setupServerAndBrowser } from './harness'

const env = setupServerAndBrowser()

const file = (name: string, content: string | Buffer) => ({
  name,
  mimeType: 'text/plain',
  buffer: typeof content === 'string' ? Buffer.from(content) : content,
})

/** Sentences of about 150 characters, each different, as a whole article pasted on one line. */
function oneLine(characters: number): { text: string; sentences: string[] } {
  const sentences: string[] = []
  let length = 0
  for (let i = 0; length < characters; i++) {
    const s = `A ministry official, who spoke on condition of anonymity, said the ${i}th tender had been delayed again by the review board.`
    sentences.push(s)
    length += s.length + 1
  }
  return { text: sentences.join(' '), sentences }
}

describe('import limits', () => {
  it('[UI15] [UI16] a whole article on one line opens as paragraphs and is tagged and walked; binary and oversized files are refused saying what to do; so is a paste that makes it too long, and typing past a paragraph’s limit', async () => {
    const { context, page } = await person(env.browser, 'Importer')
    await page.goto(`${env.server.url}/#/`)
    await page.locator('table.articles').waitFor()
    const long = oneLine(1_900_000)
    // Random bytes without a zero: a binary file that used to import as a garbage article.
    let seed = 11
    const binary = Buffer.from(
      Array.from({ length: 20_000 }, () => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff
        return 1 + (seed % 255)
      }),
    )
    await page.getByTestId('import-input').setInputFiles([
      file('one-line.txt', long.text),
      file('scan.txt', binary),
      file('too-big.txt', oneLine(2_100_000).text),
      // “Café” opens, as Windows-1252 saves it: not UTF-8.
      file(
        'old.txt',
        Buffer.from([0x93, 0x43, 0x61, 0x66, 0xe9, 0x94, 0x20, 0x6f, 0x70, 0x65, 0x6e, 0x73, 0x2e]),
      ),
    ])
    const notes = page.getByTestId('import-notes')
    await expect.poll(() => notes.locator('li').count(), { timeout: 30_000 }).toBe(4)
    const errors = await notes.locator('.import-error').allTextContents()
    expect(errors).toEqual([
      expect.stringMatching(
        /^scan\.txt: this is not readable text: .* — nothing was imported\. Save the article as UTF-8 text/,
      ),
      expect.stringMatching(
        /^too-big\.txt: the article has 2,\d{3},\d{3} characters of text; an article may have at most 2,000,000 — nothing was imported\. Split it into smaller parts/,
      ),
      expect.stringContaining(
        'old.txt: this is not UTF-8 text (it was saved in another encoding, such as Windows-1252) — nothing was imported. Save the article as UTF-8 text (.txt, .md or .html) and import that.',
      ),
    ])
    expect(await notes.locator('.import-done').textContent()).toContain('Imported 1 of 4')

    // The long line is many paragraphs of whole sentences.
    await page.goto(`${env.server.url}/#/a/one-line`)
    await page.locator('.connection[data-connection="connected"]').waitFor({ timeout: 30_000 })
    await page.waitForFunction(
      () => (window as { attribEditor?: unknown }).attribEditor !== undefined,
      null,
      {
        timeout: 30_000,
      },
    )
    const paragraphs = await page.locator('.ProseMirror p').count()
    expect(paragraphs).toBeGreaterThan(190)
    const firstParagraph = (await page.locator('.ProseMirror p').first().textContent()) ?? ''
    expect(firstParagraph.length).toBeLessThanOrEqual(10_000)
    expect(firstParagraph.endsWith('review board.')).toBe(true)

    // j walks, a label key tags the sentence at the cursor.
    await page
      .locator('.ProseMirror p')
      .first()
      .click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('j')
    await page.keyboard.press('j')
    await expect.poll(() => page.locator('.sentence-text').textContent()).toContain('the 2th tender')
    await page.keyboard.press('1')
    const tagged = page.locator('.ProseMirror [data-labels~="anonymous_official"]')
    await expect.poll(() => tagged.count()).toBe(1)
    expect(await tagged.textContent()).toBe(long.sentences[2])

    // [UI16] In edit mode a paste that would make the article too long is refused, saying why.
    await page.getByRole('button', { name: 'Edit text' }).click()
    const before = await page.evaluate(() => document.querySelector('.ProseMirror')!.textContent!.length)
    await page.evaluate((size) => {
      const data = new DataTransfer()
      data.setData('text/plain', 'More words. '.repeat(size / 12))
      document
        .querySelector('.ProseMirror')!
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    }, 200_000)
    await expect
      .poll(() => page.getByTestId('edit-refused').textContent())
      .toMatch(/would make the article longer than 2,000,000 characters; it was not pasted/)
    expect(await page.evaluate(() => document.querySelector('.ProseMirror')!.textContent!.length)).toBe(
      before,
    )
    await page.getByTestId('edit-refused').getByRole('button', { name: 'Dismiss' }).click()
    await expect.poll(() => page.getByTestId('edit-refused').count()).toBe(0)

    // [UI16] Typing stops at a paragraph's limit: the key past it is refused, saying why, and the text on
    // screen is the document's.
    const longest = await page.evaluate(() => {
      const ps = [...document.querySelectorAll('.ProseMirror p')]
      const lengths = ps.map((p) => p.textContent!.length)
      const i = lengths.indexOf(Math.max(...lengths))
      return { index: i, length: lengths[i]! }
    })
    const paragraph = page.locator('.ProseMirror p').nth(longest.index)
    await paragraph.evaluate((p) => {
      const range = document.createRange()
      range.selectNodeContents(p)
      range.collapse(false)
      getSelection()!.removeAllRanges()
      getSelection()!.addRange(range)
    })
    await page.keyboard.type('x'.repeat(10_000 - longest.length + 3))
    await expect
      .poll(() => page.getByTestId('edit-refused').textContent())
      .toMatch(/A paragraph may have 10,000 characters at most; press Enter to start a new one/)
    expect(await paragraph.evaluate((p) => p.textContent!.length)).toBe(10_000)
    await context.close()
  })
})
