import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, person, removeDir, type ServerProcess, startServer } from './harness'
import { describeViolations, importDemo, openScreen, SCREENS, seriousViolations } from './screens'

let server: ServerProcess
let browser: Browser

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'attrib-a11y-'))
  importDemo(dataDir)
  server = await startServer(dataDir)
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  if (server) removeDir(server.dataDir)
})

describe('every screen passes axe-core', () => {
  for (const screen of SCREENS)
    it(`[UI10] the ${screen.name} has no serious or critical accessibility violation`, async () => {
      const { context, page } = await person(browser, 'Reviewer')
      await page.setViewportSize({ width: 1280, height: 800 })
      await openScreen(page, server.url, screen)
      const serious = await seriousViolations(page)
      expect(serious, `\n${describeViolations(serious)}\n`).toEqual([])
      // The check ran on the screen itself, not on an empty or error page.
      expect(await page.locator(screen.ready).count()).toBeGreaterThan(0)
      await context.close()
    })
})
