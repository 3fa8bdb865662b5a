import { describe, expect, it } from 'vitest'
import { person, setupServerAndBrowser } from './harness'

const env = setupServerAndBrowser()

const ARTICLE = '001_b540a2e8dbf5a36d'

/** WCAG contrast of two CSS `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
      const x = Number(v) / 255
      return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4
    }) as [number, number, number]
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl
  }
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

describe('labels readable without colour', () => {
  it('[UI2] a tagged sentence shows its key and name, a suggestion a dashed "suggested" badge', async () => {
    const { context, page } = await person(env.browser, 'Reader')
    await page.goto(`${env.server.url}/#/a/${ARTICLE}`)
    await page.locator('.connection[data-connection="connected"]').waitFor()
    await page.locator('.ProseMirror p', { hasText: 'Kremlin spokesman Dmitry Peskov' }).click()
    await page.keyboard.press('2')

    const paragraph = page.locator('.ProseMirror p', { hasText: 'Kremlin spokesman Dmitry Peskov' })
    const badge = paragraph.locator('.attrib-badge-label').first()
    await expect.poll(() => badge.textContent()).toBe('2 Spokesperson')
    const colours = await badge.evaluate((el) => {
      const s = getComputedStyle(el)
      return { fg: s.color, bg: s.backgroundColor }
    })
    expect(contrast(colours.fg, colours.bg)).toBeGreaterThanOrEqual(4.5)
    // The badge sits before the sentence's text and is not part of it.
    const sentence = page.locator('.ProseMirror [data-labels~="spokesperson"]').first()
    const [badgeBox, sentenceBox] = [await badge.boundingBox(), await sentence.boundingBox()]
    expect(badgeBox!.x).toBeLessThan(sentenceBox!.x + 2)
    expect(await sentence.textContent()).not.toContain('Spokesperson')
    expect(await page.getByTestId('side-panel').locator('.sentence-text').textContent()).not.toContain(
      '2 Spokesperson',
    )

    // Suggestions: a dashed outline and no fill on the sentence, a badge saying "suggested".
    await page.getByTestId('suggest-all').click()
    const suggested = page.locator('.ProseMirror .attrib-has-suggestion:not(.attrib-tagged)').first()
    await suggested.waitFor()
    const look = await suggested.evaluate((el) => {
      const s = getComputedStyle(el)
      return { outline: s.outlineStyle, bg: s.backgroundColor }
    })
    expect(look.outline).toBe('dashed')
    expect(look.bg).toBe('rgba(0, 0, 0, 0)')
    const suggestedBadge = page.locator('.ProseMirror .attrib-badge-suggested').first()
    expect(await suggestedBadge.textContent()).toMatch(/^suggested \d \S/)
    expect(await suggestedBadge.evaluate((el) => getComputedStyle(el).borderTopStyle)).toBe('dashed')

    // The legend explains the badges.
    expect(await page.locator('.legend-note').textContent()).toContain('suggested')
    await context.close()
  })
})
