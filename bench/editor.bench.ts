/**
 * Editor benchmark (issue #2): a 2,000-paragraph article (~10,000 sentences built from the seeds)
 * with 10,000 annotations, in headless Chromium against the real server.
 *   - open: navigation → editor mounted with every highlight drawn, layout forced;
 *   - key press → highlight: a label key dispatched on the editor → decoration in the DOM, layout forced.
 * Run: npx -y pnpm@10 bench:editor   (needs `pnpm --filter @attrib/web build` first)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { addAnnotationsAtOffsets, getAnnotationsMap, SCHEMA_VERSION } from '@attrib/core'
import { startServer } from '@attrib/server'
import { chromium } from 'playwright-core'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { largeArticle, percentile, ROOT } from './generate'

const PARAGRAPHS = Number(process.env.PARAGRAPHS ?? 2000)
const ANNOTATIONS = Number(process.env.ANNOTATIONS ?? 10_000)
const PRESSES = Number(process.env.PRESSES ?? 200)

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'attrib-bench-editor-'))
  const server = await startServer({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    webRoot: join(ROOT, 'apps/web/dist'),
  })
  const url = `http://127.0.0.1:${server.port}`
  const { input, annotations, sentences } = largeArticle('bench-large', PARAGRAPHS, 6, ANNOTATIONS)
  await server.store.createArticle(input)
  console.log(`article: ${PARAGRAPHS} paragraphs, ${sentences} sentences, ${annotations.length} annotations`)

  // Add the annotations through a real client, as annotators would have.
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}/yjs`, 'bench-large', doc, {
    WebSocketPolyfill: WebSocket as never,
    disableBc: true,
    params: { schema: String(SCHEMA_VERSION) },
  })
  await new Promise<void>((res) => provider.once('sync', () => res()))
  addAnnotationsAtOffsets(doc, annotations)
  // A second client confirms the server has them all.
  const check = new Y.Doc()
  const checker = new WebsocketProvider(`ws://127.0.0.1:${server.port}/yjs`, 'bench-large', check, {
    WebSocketPolyfill: WebSocket as never,
    disableBc: true,
    params: { schema: String(SCHEMA_VERSION) },
  })
  await new Promise<void>((res) => checker.once('sync', () => res()))
  if (getAnnotationsMap(check).size !== annotations.length)
    throw new Error('server does not have every annotation')
  provider.destroy()
  checker.destroy()

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  })
  const opens: number[] = []
  const phases: unknown[] = []
  let keyTimes: number[] = []
  for (let run = 0; run < 3; run++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
    await context.addInitScript(() =>
      localStorage.setItem('attrib:user', JSON.stringify({ name: 'Bench', color: '#1f77b4' })),
    )
    const page = await context.newPage()
    const t0 = Date.now()
    await page.goto(`${url}/#/a/bench-large`)
    await page.waitForFunction(
      () => {
        const w = window as unknown as { attribEditor?: { view: { dom: HTMLElement } } }
        if (!w.attribEditor || !document.querySelector('.attrib-tagged')) return false
        void w.attribEditor.view.dom.offsetHeight
        return true
      },
      null,
      { timeout: 60_000, polling: 5 },
    )
    opens.push(Date.now() - t0)
    phases.push(
      // A string, so the bundler's helpers for named functions do not leak into the page.
      await page.evaluate(`(() => {
        const at = (name) => Math.round(performance.getEntriesByName(name)[0]?.startTime ?? -1)
        const nav = performance.getEntriesByType('navigation')[0]
        return { domContentLoaded: Math.round(nav.domContentLoadedEventEnd), synced: at('attrib:synced'), editor: at('attrib:editor'), drawn: Math.round(performance.now()) }
      })()`),
    )
    if (run === 2) {
      keyTimes = await page.evaluate(async (presses) => {
        const editor = (
          window as unknown as {
            attribEditor: { view: { dom: HTMLElement; state: unknown }; next(): boolean }
          }
        ).attribEditor
        const times: number[] = []
        // Start in the middle of the article.
        for (let i = 0; i < 4000; i++) editor.next()
        for (let i = 0; i < presses; i++) {
          editor.next()
          const before = document.querySelectorAll(
            '.attrib-current[data-labels~="anonymous_official"]',
          ).length
          const t = performance.now()
          editor.view.dom.dispatchEvent(
            new KeyboardEvent('keydown', { key: '1', code: 'Digit1', bubbles: true }),
          )
          await Promise.resolve() // the annotation observer redraws in a microtask
          void editor.view.dom.offsetHeight // force layout
          times.push(performance.now() - t)
          const after = document.querySelectorAll('.attrib-current[data-labels~="anonymous_official"]').length
          if (after === before) throw new Error(`press ${i}: highlight did not change`)
          await new Promise((r) => setTimeout(r, 10))
        }
        return times
      }, PRESSES)
    }
    await context.close()
  }
  await browser.close()
  await server.close()
  rmSync(dataDir, { recursive: true, force: true })

  const summary = {
    article: { paragraphs: PARAGRAPHS, sentences, annotations: annotations.length },
    openMs: opens,
    openPhasesMs: phases,
    keyToHighlightMs: {
      presses: keyTimes.length,
      median: +percentile(keyTimes, 50).toFixed(2),
      p95: +percentile(keyTimes, 95).toFixed(2),
      max: +Math.max(...keyTimes).toFixed(2),
    },
  }
  console.log(JSON.stringify(summary, null, 2))
}

main().then(
  // Providers' and the browser's leftover handles must not keep a finished benchmark alive.
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
