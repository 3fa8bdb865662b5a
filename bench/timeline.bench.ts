/**
 * Timeline benchmark (issue #16, part 4; apps/web SPEC UI13): how long the editor's history timeline takes
 * to redraw the article at another step of a trail of 10,000 changes.
 *
 *   npx -y pnpm@10 --filter @attrib/web build && npx tsx bench/timeline.bench.ts [changes=10000]
 *   (WEB_ROOT=<a build> to use a build of one's own; PARAGRAPHS=100 paragraphs of 10 sentences)
 *
 * 1. Generation (not timed): a server in-process on a fresh SQLite store with an imported article whose
 *    every other sentence is tagged (where its history starts); a y-websocket client tags the others, then
 *    changes 50 annotations per turn (a label on or off, the source, removing them, restoring them) until the
 *    server has recorded `changes` entries.
 * 2. Node, the step's computation alone: `timelineFrames` (core's `statesAt` over the trail in memory, then
 *    the labels of the sentences that changed since the step before) at 200 steps spread over the trail.
 * 3. Chromium (headless, Debian's): the article opened, _History_ clicked (time to the timeline drawn), then
 *    key presses on the slider: from a keydown (captured before React sees it) to the new step committed to
 *    the DOM and laid out (a MutationObserver on the article's `data-step` forces layout); 200 ArrowLeft
 *    presses from the newest change back, then 50 jumps to random steps (the value set and an input event).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type AnnotationState,
  addAnnotationsAtOffsets,
  annotationState,
  deleteAnnotation,
  Origin,
  readAnnotations,
  readArticle,
  restoreAnnotation,
  segmentArticle,
  setAnnotationLabel,
  updateAnnotation,
} from '@attrib/core'
import { silentLogger, startServer } from '@attrib/server'
import { connectClient, waitFor } from '@attrib/server/testing'
import { chromium } from 'playwright-core'
import type { LoadedHistory } from '../apps/web/src/history/historyModel'
import { articleLayout, timelineFrames } from '../apps/web/src/history/timelineModel'
import type { HistoryResponse } from '../apps/web/src/history/useArticleHistory'
import { percentile, ROOT, seedSentences } from './generate'

const CHANGES = Number(process.argv[2] ?? 10_000)
const PARAGRAPHS = Number(process.env.PARAGRAPHS ?? 100)
const PER_PARAGRAPH = 10
const PER_TURN = 50
const PRESSES = 200
const JUMPS = 50
const ARTICLE = 'timeline-bench'

const stats = (xs: number[]) =>
  `median ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`

const dataDir = mkdtempSync(join(tmpdir(), 'attrib-timeline-bench-'))
const server = await startServer({
  dataDir,
  port: 0,
  host: '127.0.0.1',
  logger: silentLogger,
  webRoot: process.env.WEB_ROOT ?? join(ROOT, 'apps/web/dist'),
})
const url = `http://127.0.0.1:${server.port}`

try {
  // 1. The article and its trail.
  const pool = seedSentences()
  const paragraphs: string[] = []
  for (let p = 0, k = 0; p < PARAGRAPHS; p++)
    paragraphs.push(Array.from({ length: PER_PARAGRAPH }, () => pool[k++ % pool.length]!).join(' '))
  const { sentences } = segmentArticle(paragraphs)
  const tag = (s: { start: number; end: number }) => ({
    kind: 'sentence' as const,
    start: s.start,
    end: s.end,
    labels: ['quote'],
    annotator: 'bench',
  })
  await server.store.createArticle({
    meta: { id: ARTICLE, title: 'Timeline bench' },
    paragraphs,
    annotations: sentences.filter((_, i) => i % 2 === 0).map(tag),
  })
  const client = connectClient(`ws://127.0.0.1:${server.port}/yjs`, ARTICLE)
  await client.synced()
  let recorded = 0
  const turn = async (edit: () => number) => {
    let n = 0
    client.doc.transact(() => {
      n = edit()
    }, Origin.user)
    recorded += n
    const expected = recorded
    await waitFor(
      async () => (await server.store.readAudit(ARTICLE, { after: expected - 1 })).length > 0,
      'the turn recorded',
      30_000,
    )
  }
  const odd = readArticle(client.doc).sentences.filter((_, i) => i % 2 === 1)
  for (let from = 0; from < odd.length && recorded < CHANGES; from += PER_TURN) {
    const batch = odd.slice(from, from + Math.min(PER_TURN, CHANGES - recorded))
    await turn(() => addAnnotationsAtOffsets(client.doc, batch.map(tag), Origin.user).length)
  }
  const ids = readAnnotations(client.doc).map((a) => a.id)
  const removed = new Map<string, AnnotationState>()
  for (let t = 0; recorded < CHANGES; t++) {
    const n = Math.min(PER_TURN, CHANGES - recorded)
    const chosen = Array.from({ length: n }, (_, k) => ids[(Math.floor(t / 4) * PER_TURN + k) % ids.length]!)
    await turn(() => {
      const now = new Map(readAnnotations(client.doc).map((a) => [a.id, a]))
      for (const id of chosen) {
        const a = now.get(id)
        if (t % 4 === 0)
          setAnnotationLabel(client.doc, id, 'anonymous_official', !a!.labels.includes('anonymous_official'))
        else if (t % 4 === 1) updateAnnotation(client.doc, id, { source: `Source ${t}` })
        else if (t % 4 === 2) {
          removed.set(id, annotationState(a!))
          deleteAnnotation(client.doc, id)
        } else restoreAnnotation(client.doc, id, removed.get(id)!)
      }
      return chosen.length
    })
  }
  client.destroy()
  const trail = (await (await fetch(`${url}/api/articles/${ARTICLE}/history`)).json()) as HistoryResponse
  const total = trail.entries.length
  console.log(
    `article: ${PARAGRAPHS} paragraphs, ${sentences.length} sentences; trail: ${total} changes, ${Object.keys(trail.start).length} annotations where it starts`,
  )

  // 2. The computation of a step alone, in Node.
  const history: LoadedHistory = { entries: trail.entries, start: new Map(Object.entries(trail.start)) }
  const reader = connectClient(`ws://127.0.0.1:${server.port}/yjs`, ARTICLE)
  await reader.synced()
  const layout = articleLayout(reader.doc)
  const frameAt = timelineFrames(layout, history)
  frameAt(total) // the first drawing marks every sentence and places every anchor once
  const compute: number[] = []
  for (let i = 0; i < PRESSES; i++) {
    const step = Math.round((i * total) / (PRESSES - 1))
    const t = performance.now()
    frameAt(step)
    compute.push(performance.now() - t)
  }
  reader.destroy()
  console.log(
    `Node, a step's frame (statesAt + the changed sentences' labels), 200 steps over the trail: ${stats(compute)}`,
  )

  // 3. In the browser.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
    await context.addInitScript(() => {
      try {
        localStorage.setItem('attrib:user', JSON.stringify({ name: 'Bench', color: '#1f77b4' }))
      } catch {}
    })
    const page = await context.newPage()
    page.on('pageerror', (e) => console.error('page error:', e))
    await page.goto(`${url}/#/a/${ARTICLE}`)
    await page.locator('.ProseMirror [data-labels]').first().waitFor({ timeout: 60_000 })
    await page.locator('[data-testid="open-timeline"]:not([disabled])').waitFor()
    // The trail is read once the editor is there: wait for it before timing the timeline's first drawing.
    await page.waitForFunction(
      () => !document.querySelector('[data-testid="sentence-history"]')?.textContent?.includes('Reading'),
      null,
      { timeout: 60_000 },
    )
    const opened = await page.evaluate(async (total) => {
      const t = performance.now()
      ;(document.querySelector('[data-testid="open-timeline"]') as HTMLButtonElement).click()
      while (document.querySelector('.timeline-article')?.getAttribute('data-step') !== String(total))
        await new Promise((r) => setTimeout(r, 0))
      void document.body.offsetHeight
      return performance.now() - t
    }, total)
    console.log(`Chromium, History clicked → timeline drawn at step ${total}: ${opened.toFixed(0)} ms`)

    // Times from each keydown to its step committed and laid out, recorded in the page.
    await page.evaluate(() => {
      const w = window as unknown as { stepTimes: number[]; keyAt: number }
      w.stepTimes = []
      const slider = document.querySelector('[data-testid="timeline-slider"]')!
      slider.addEventListener('keydown', () => (w.keyAt = performance.now()), true)
      slider.addEventListener('input', () => (w.keyAt ||= performance.now()), true)
      new MutationObserver(() => {
        void document.body.offsetHeight
        w.stepTimes.push(performance.now() - w.keyAt)
        w.keyAt = 0
      }).observe(document.querySelector('.timeline-article')!, {
        attributes: true,
        attributeFilter: ['data-step'],
      })
    })
    await page.locator('[data-testid="timeline-slider"]').focus()
    for (let i = 1; i <= PRESSES; i++) {
      await page.keyboard.press('ArrowLeft')
      await page.waitForFunction(
        (n) => (window as unknown as { stepTimes: number[] }).stepTimes.length >= n,
        i,
      )
    }
    const keys = (await page.evaluate('window.stepTimes.splice(0)')) as number[]
    console.log(
      `Chromium, ArrowLeft → step drawn (${PRESSES} presses from step ${total} back): ${stats(keys)}`,
    )

    for (let i = 1; i <= JUMPS; i++) {
      const to = Math.floor(Math.random() * total)
      await page.evaluate((to) => {
        const slider = document.querySelector('[data-testid="timeline-slider"]') as HTMLInputElement
        if (slider.value === String(to)) return
        ;(window as unknown as { keyAt: number }).keyAt = performance.now()
        // React tracks the value: set it the way the browser would, then say so.
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(slider, String(to))
        slider.dispatchEvent(new Event('input', { bubbles: true }))
      }, to)
      await page.waitForFunction(
        (to) => document.querySelector('.timeline-article')?.getAttribute('data-step') === String(to),
        to,
      )
    }
    const jumps = (await page.evaluate('window.stepTimes.splice(0)')) as number[]
    console.log(`Chromium, a jump to a random step → drawn (${jumps.length} jumps): ${stats(jumps)}`)
  } finally {
    await browser.close()
  }
} finally {
  await server.close()
  rmSync(dataDir, { recursive: true, force: true })
}
