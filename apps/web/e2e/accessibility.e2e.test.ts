import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import axe from 'axe-core'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, person, removeDir, type ServerProcess, startServer } from './harness'
import { importDemo, openScreen, SCREENS } from './screens'

/** What axe reports of one violation, enough to find and fix it. */
interface Violation {
  id: string
  impact: string
  help: string
  helpUrl: string
  targets: string[]
}

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

/** One line per violation, then one indented line per element it was found on. */
function describeViolations(violations: readonly Violation[]): string {
  return violations
    .map(
      (v) => `${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n${v.targets.map((t) => `    ${t}`).join('\n')}`,
    )
    .join('\n')
}

describe('every screen passes axe-core', () => {
  for (const screen of SCREENS)
    it(`[UI10] the ${screen.name} has no serious or critical accessibility violation`, async () => {
      const { context, page } = await person(browser, 'Reviewer')
      await page.setViewportSize({ width: 1280, height: 800 })
      await openScreen(page, server.url, screen)
      await page.addScriptTag({ content: axe.source })
      const violations = await page.evaluate(async () => {
        const results = await (window as unknown as { axe: typeof axe }).axe.run(document)
        return results.violations.map((v) => ({
          id: v.id,
          impact: v.impact ?? 'unknown',
          help: v.help,
          helpUrl: v.helpUrl,
          targets: v.nodes.map((n) => n.target.join(' ')),
        }))
      })
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      expect(serious, `\n${describeViolations(serious)}\n`).toEqual([])
      // The check ran on the screen itself, not on an empty or error page.
      expect(await page.locator(screen.ready).count()).toBeGreaterThan(0)
      await context.close()
    })
})
