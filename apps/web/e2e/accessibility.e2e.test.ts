import { describe, expect, it } from 'vitest'
import { person, setupServerAndBrowser } from './harness'
import { describeViolations, importDemo, openScreen, SCREENS, seriousViolations } from './screens'

const env = setupServerAndBrowser({}, importDemo)

describe('every screen passes axe-core', () => {
  for (const screen of SCREENS)
    it(`[UI10] the ${screen.name} has no serious or critical accessibility violation`, async () => {
      const { context, page } = await person(env.browser, 'Reviewer')
      await page.setViewportSize({ width: 1280, height: 800 })
      await openScreen(page, env.server.url, screen)
      const serious = await seriousViolations(page)
      expect(serious, `\n${describeViolations(serious)}\n`).toEqual([])
      // The check ran on the screen itself, not on an empty or error page.
      expect(await page.locator(screen.ready).count()).toBeGreaterThan(0)
      await context.close()
    })
})
