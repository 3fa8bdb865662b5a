// Refreshes the screenshots in docs/screenshots/: `npx tsx apps/web/scripts/screenshots.ts` after
// `npx -y pnpm@10 --filter @attrib/web build`. Starts the real server on a temporary store holding the
// demo story, opens each screen (apps/web/e2e/screens.ts) at 1,280 × 800 in Debian's headless Chromium
// and writes one PNG per screen.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { launchChromium, person, ROOT, removeDir, startServer } from '../e2e/harness'
import { importDemo, openScreen, SCREENS } from '../e2e/screens'

const OUT = join(ROOT, 'docs/screenshots')

if (!existsSync(join(ROOT, 'apps/web/dist/index.html'))) {
  console.error(
    'screenshots: no web build in apps/web/dist — run `npx -y pnpm@10 --filter @attrib/web build` first',
  )
  process.exit(1)
}

const dataDir = mkdtempSync(join(tmpdir(), 'attrib-screenshots-'))
importDemo(dataDir)
const server = await startServer(dataDir)
const browser = await launchChromium()
try {
  mkdirSync(OUT, { recursive: true })
  // A reviewer of the demo story, neither of its two annotators.
  const { page } = await person(browser, 'Reviewer')
  await page.setViewportSize({ width: 1280, height: 800 })
  for (const screen of SCREENS) {
    await openScreen(page, server.url, screen)
    await page.screenshot({ path: join(OUT, screen.file) })
    console.log(`docs/screenshots/${screen.file}  ${screen.name}`)
  }
} finally {
  await browser.close()
  await server.stop()
  removeDir(dataDir)
}
