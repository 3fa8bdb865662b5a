/**
 * Editor benchmark (issue #2): a 2,000-paragraph article (~10,000 sentences built from the seeds)
 * with 10,000 annotations, in headless Chromium against the real server.
 *   - open: navigation → editor mounted with every highlight drawn, layout forced;
 *   - key press → highlight: a label key dispatched on the editor → decoration in the DOM, layout forced.
 * And the open times of issue #14, from navigation start (the page's `performance.now()`), with the
 * longest task seen while opening, both to the article on screen (the preview drawn from the browser's or
 * the server's compact copy, or the editor) and to the live editor:
 *   - first visit: a fresh browser context (nothing cached), the 10,000-sentence article;
 *   - new tab, app cached: the article's address in a new tab of a context that opened it before
 *     (HTTP cache, service worker, the browser's y-indexeddb copy), at ~1,000 and ~10,000 sentences.
 * Run: npx -y pnpm@10 bench:editor   (needs `pnpm --filter @attrib/web build` first)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  ARTICLE_LIMITS,
  type ArticleInput,
  addAnnotationsAtOffsets,
  getAnnotationsMap,
  SCHEMA_VERSION,
  splitSentences,
} from '@attrib/core'
import { startServer } from '@attrib/server'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { largeArticle, largestArticle, percentile, ROOT } from './generate'

const PARAGRAPHS = Number(process.env.PARAGRAPHS ?? 2000)
const ANNOTATIONS = Number(process.env.ANNOTATIONS ?? 10_000)
const PRESSES = Number(process.env.PRESSES ?? 200)
const OPENS = Number(process.env.OPENS ?? 3)

/**
 * Records long tasks from the page's start (start and duration, ms), so an open can report them, and the
 * long animation frames over 100 ms with the scripts that ran in them (what a long task was).
 */
function recordLongTasks(): void {
  const w = window as unknown as { attribLongTasks: [number, number][]; attribLongFrames: string[] }
  w.attribLongTasks = []
  w.attribLongFrames = []
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        w.attribLongTasks.push([Math.round(e.startTime), Math.round(e.duration)])
    }).observe({ type: 'longtask', buffered: true })
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.duration <= 100) continue
        type Script = {
          duration: number
          invoker: string
          sourceURL: string
          sourceFunctionName: string
          sourceCharPosition: number
        }
        const frame = e as PerformanceEntry & { scripts: Script[]; renderStart: number }
        const scripts = frame.scripts
          .filter((x) => x.duration >= 10)
          .map(
            (x) =>
              `${Math.round(x.duration)} ${x.invoker} ${x.sourceURL.split('/').pop()}:${x.sourceCharPosition}`,
          )
        const render = frame.renderStart > 0 ? Math.round(e.startTime + e.duration - frame.renderStart) : 0
        w.attribLongFrames.push(
          `${Math.round(e.duration)}@${Math.round(e.startTime)} [render ${render}] ${scripts.join('; ')}`,
        )
      }
    }).observe({ type: 'long-animation-frame', buffered: true })
  } catch {}
}

/** What {@link openWatcher} says on the page's console once the live editor shows the article. */
const READY_MESSAGE = 'attrib-bench: editor ready'

/**
 * A page script (a string, so the bundler's helpers for named functions do not leak into the page)
 * that watches an article's address from the document's start for two moments (ms from navigation start,
 * a layout forced first), kept in `window.attribOpen`:
 * - `screen`: the article on screen: the preview or the editor shows the article's last sentence and a
 *   highlight (issue 14: "from navigation start to the article's last sentence on screen"), seen at the
 *   start of the frame that paints it (a MutationObserver asks for the next frame after each change), or
 *   by a poll every 5 ms, whichever sees it first; `polled`: when the poll saw it (the measure before
 *   2026-12-06's fourth session, late by any task the page runs right after painting);
 * - `ready`: the live editor (`window.attribEditor`) shown with the last sentence and a highlight (the poll),
 *   said on the console ({@link READY_MESSAGE}).
 * `lastSentences` maps an article id to the text of its last sentence.
 */
function openWatcher(lastSentences: Record<string, string>): string {
  return `(() => {
    const article = /^#\\/a\\/([^?]+)/.exec(location.hash)
    const want = article && ${JSON.stringify(lastSentences)}[decodeURIComponent(article[1])]
    if (!want) return
    const open = (window.attribOpen = {})
    const shows = (root) => {
      if (!root || !root.checkVisibility() || !root.querySelector('.attrib-tagged')) return false
      const paragraphs = root.getElementsByTagName('p')
      const last = paragraphs[paragraphs.length - 1]
      return !!last && last.textContent.includes(want)
    }
    const onScreen = () =>
      shows(document.querySelector('.ProseMirror')) ||
      shows(document.querySelector('[data-testid="article-preview"]'))
    // The frame that paints it: after each change to the page, at the next frame's start (its
    // requestAnimationFrame callbacks run before it is laid out and painted), so a long task that the page
    // starts right after painting cannot make it look later than it was (the 5 ms poll below could only see
    // it once that task had ended).
    let frameAsked = false
    new MutationObserver(() => {
      if (open.screen !== undefined || frameAsked) return
      frameAsked = true
      requestAnimationFrame(() => {
        frameAsked = false
        if (open.screen !== undefined || !onScreen()) return
        // Laid out now, so the time includes the layout the paint needs (the paint itself follows at once).
        void document.body.offsetHeight
        open.screen = Math.round(performance.now())
      })
    }).observe(document, { childList: true, subtree: true, characterData: true })
    const tick = () => {
      const editor = document.querySelector('.ProseMirror')
      if (open.polled === undefined && onScreen()) {
        void document.body.offsetHeight
        open.polled = Math.round(performance.now())
        open.screen ??= open.polled
      }
      if (window.attribEditor && shows(editor)) {
        void document.body.offsetHeight
        open.ready = Math.round(performance.now())
        console.debug(${JSON.stringify(READY_MESSAGE)})
        return
      }
      setTimeout(tick, 5)
    }
    tick()
  })()`
}

/**
 * One open: ms from navigation start to the article on screen (preview or editor) and to the live
 * editor, the longest task, and when each phase started.
 */
interface OpenTime {
  /** The article's last sentence and a highlight on screen, in the preview or the editor. */
  screen: number
  /** When the 5 ms poll saw them (see {@link openWatcher}). */
  polled: number
  /** The live editor shown with them. */
  ready: number
  longestTask: number
  /** Tasks over 100 ms: `duration@start`. */
  tasksOver100: string[]
  /** Long animation frames over 100 ms: `duration@start [render ms] script ms, invoker, file:character; …`. */
  framesOver100: string[]
  phases: Record<string, number>
}

/** One open of `id` in `page` (whose context runs {@link openWatcher}): see {@link OpenTime}. */
async function openIn(page: Page, url: string, id: string): Promise<OpenTime> {
  // Told by the page (a console message), not polled: Playwright's polling runs its own script in the page
  // (330 KB, compiled and run in a task of 50 ms traced), which the open's long tasks would count.
  const ready = page.waitForEvent('console', {
    predicate: (m) => m.text() === READY_MESSAGE,
    timeout: 60_000,
  })
  await page.goto(`${url}/#/a/${id}`)
  await ready
  const open = (await page.evaluate('window.attribOpen')) as { screen: number; polled: number; ready: number }
  // Tasks still running when the editor was drawn (the sync catching up) count too: wait a little.
  await page.waitForTimeout(300)
  const tasks = (await page.evaluate(`window.attribLongTasks ?? []`)) as [number, number][]
  const framesOver100 = (await page.evaluate(`window.attribLongFrames ?? []`)) as string[]
  const phases = (await page.evaluate(`(() => {
    const at = (name) => Math.round(performance.getEntriesByName(name)[0]?.startTime ?? -1)
    const nav = performance.getEntriesByType('navigation')[0]
    return { script: Math.round(nav.domContentLoadedEventEnd), preview: at('attrib:preview'), copy: at('attrib:copy'), server: at('attrib:server'), bind: at('attrib:synced'), editor: at('attrib:editor') }
  })()`)) as Record<string, number>
  return {
    screen: open.screen,
    polled: open.polled,
    ready: open.ready,
    longestTask: Math.max(0, ...tasks.map(([, duration]) => duration)),
    tasksOver100: tasks
      .filter(([, duration]) => duration > 100)
      .map(([start, duration]) => `${duration}@${start}`),
    framesOver100,
    phases,
  }
}

/** Article id → the text of its last sentence, for {@link openWatcher}; set once the articles are made. */
const lastSentences: Record<string, string> = {}

/** The text of the last sentence of an article made of `paragraphs`. */
function lastSentenceOf(paragraphs: readonly string[]): string {
  const last = paragraphs[paragraphs.length - 1]!
  const spans = splitSentences(last)
  const span = spans[spans.length - 1]!
  return last.slice(span.start, span.end)
}

/** Medians of a kind of open, and its runs. */
function summariseOpens(sentences: number, runs: OpenTime[]) {
  const median = (pick: (r: OpenTime) => number) => percentile(runs.map(pick), 50)
  return {
    sentences,
    screenMedian: median((r) => r.screen),
    polledMedian: median((r) => r.polled),
    readyMedian: median((r) => r.ready),
    longestTaskMedian: median((r) => r.longestTask),
    runs,
  }
}

/** A context whose user is named, recording long tasks and watching opens ({@link openWatcher}). */
async function benchContext(
  browser: import('playwright-core').Browser,
  serviceWorkers: 'allow' | 'block' = 'allow',
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers })
  await context.addInitScript(() => {
    // Also runs in about:blank, which has no storage.
    try {
      localStorage.setItem('attrib:user', JSON.stringify({ name: 'Bench', color: '#1f77b4' }))
    } catch {}
  })
  await context.addInitScript(recordLongTasks)
  await context.addInitScript(openWatcher(lastSentences))
  context.on('weberror', (e) => console.error('page error:', e.error()))
  return context
}

/**
 * A warm load of the article list (reloads of a tab that loaded it before): ms from navigation start to
 * the list on screen, with the service worker or without it (its cost must stay under 100 ms).
 */
async function warmListLoads(
  browser: import('playwright-core').Browser,
  url: string,
  serviceWorkers: 'allow' | 'block',
): Promise<number[]> {
  const context = await benchContext(browser, serviceWorkers)
  const page = await context.newPage()
  await page.goto(`${url}/#/`)
  await page.locator('table.articles').waitFor()
  await page.waitForTimeout(2000) // the worker installs when the page is idle
  const times: number[] = []
  for (let i = 0; i < OPENS + 2; i++) {
    await page.reload()
    await page.locator('table.articles').waitFor()
    times.push(Math.round((await page.evaluate('performance.now()')) as number))
  }
  await context.close()
  return times
}

/**
 * Puts the browser's copy of `id` (y-indexeddb's rows) in one row of the whole document, as y-indexeddb's own
 * compaction leaves it once the copy has 500 rows: what an article worked on for a while is opened from.
 */
async function copyInOneRow(page: Page, id: string): Promise<void> {
  // A string, so the bundler's helpers for named functions do not leak into the page.
  const idb = `((name, then) => new Promise((resolve, reject) => {
    const open = indexedDB.open(name)
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const db = open.result
      const tx = db.transaction('updates', 'readwrite')
      const result = then(tx.objectStore('updates'))
      tx.oncomplete = () => { db.close(); resolve(result.result) }
      tx.onerror = () => reject(tx.error)
    }
  }))`
  const name = JSON.stringify(`attrib:${id}`)
  const rows = (await page.evaluate(
    `${idb}(${name}, (store) => store.getAll()).then((rows) => rows.map((r) => Array.from(r)))`,
  )) as number[][]
  const whole = Array.from(Y.mergeUpdates(rows.map((r) => Uint8Array.from(r))))
  await page.evaluate(
    `${idb}(${name}, (store) => { store.clear(); return store.add(new Uint8Array(${JSON.stringify(whole)})) })`,
  )
}

/**
 * Opens `id` once in a context (caching the app and the article), then `OPENS` times each in a new tab;
 * with `oneRow`, the browser's copy put in one row before the first of those ({@link copyInOneRow}), which
 * stays open 10 s.
 */
async function newTabOpens(
  browser: import('playwright-core').Browser,
  url: string,
  id: string,
  oneRow = false,
) {
  const context = await benchContext(browser)
  const first = await context.newPage()
  await openIn(first, url, id)
  // Let the service worker install (when the build has one), y-indexeddb write the article and the app
  // its preview (absent before issue 14's preview: the wait then times out).
  await first
    .waitForFunction(() => performance.getEntriesByName('attrib:preview-saved').length > 0, null, {
      timeout: 5_000,
    })
    .catch(() => {})
  await first
    .waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, {
      timeout: 10_000,
    })
    .catch(() => {})
  await first.waitForTimeout(1000)
  if (oneRow) {
    await first.goto(`${url}/#/`)
    await first.locator('table.articles').waitFor()
    await copyInOneRow(first, id)
  }
  await first.close()
  const runs: OpenTime[] = []
  for (let i = 0; i < OPENS; i++) {
    const page = await context.newPage()
    runs.push(await openIn(page, url, id))
    // After the copy in one row, the first open stays a while (someone reading): the copy is compacted
    // some seconds after an open (OPEN6), so the next opens read it compacted.
    await page.waitForTimeout(oneRow && i === 0 ? 10_000 : 500)
    await page.close()
  }
  await context.close()
  return runs
}

/**
 * Key press → drawn, in the page: `presses` presses of the `1` label key, each on the next sentence
 * (moved by the editor's API) from sentence `from`, then `presses` presses of `j` from there. Each press
 * is a `keydown` dispatched on the editor, then a microtask (the annotation observer redraws in one), then
 * a forced layout; each is checked to have changed the page (the highlight; the current sentence).
 */
async function keyPresses(
  page: Page,
  presses: number,
  from: number,
): Promise<{ tag: number[]; j: number[] }> {
  return page.evaluate(
    async ({ presses, from }) => {
      const editor = (
        window as unknown as {
          attribEditor: {
            view: { dom: HTMLElement; state: { selection: { head: number } } }
            next(): boolean
          }
        }
      ).attribEditor
      // No named functions in here: the bundler's helper for their names does not exist in the page.
      const tag: number[] = []
      const j: number[] = []
      for (let i = 0; i < from; i++) editor.next()
      for (let i = 0; i < 2 * presses; i++) {
        const isTag = i < presses
        if (isTag) editor.next()
        const head = editor.view.state.selection.head
        const current = document.querySelector('.attrib-current')
        const before = document.querySelectorAll('.attrib-current[data-labels~="anonymous_official"]').length
        const t = performance.now()
        editor.view.dom.dispatchEvent(
          new KeyboardEvent(
            'keydown',
            isTag ? { key: '1', code: 'Digit1', bubbles: true } : { key: 'j', code: 'KeyJ', bubbles: true },
          ),
        )
        await Promise.resolve() // the annotation observer redraws in a microtask
        void editor.view.dom.offsetHeight // force layout
        ;(isTag ? tag : j).push(performance.now() - t)
        if (isTag) {
          const after = document.querySelectorAll('.attrib-current[data-labels~="anonymous_official"]').length
          if (after === before) throw new Error(`press ${i} of 1: highlight did not change`)
        } else if (
          editor.view.state.selection.head <= head ||
          document.querySelector('.attrib-current') === current
        ) {
          throw new Error(`press ${i} of j: the current sentence did not move`)
        }
        await new Promise((r) => setTimeout(r, 10))
      }
      return { tag, j }
    },
    { presses, from },
  )
}

function keySummary(times: number[]) {
  return (
    times.length && {
      presses: times.length,
      median: +percentile(times, 50).toFixed(2),
      p95: +percentile(times, 95).toFixed(2),
      max: +Math.max(...times).toFixed(2),
    }
  )
}

/** A y-websocket client of `room`, in Node, once it has synced `doc` with the server. */
async function syncedClient(port: number, room: string, doc: Y.Doc): Promise<WebsocketProvider> {
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/yjs`, room, doc, {
    WebSocketPolyfill: WebSocket as never,
    disableBc: true,
    params: { schema: String(SCHEMA_VERSION) },
  })
  await new Promise<void>((res) => provider.once('sync', () => res()))
  return provider
}

/**
 * The largest article the import accepts (core LIM2–LIM4, one line cut into paragraphs), every sentence
 * annotated through a real client, opened in a fresh context: its open time and key presses.
 */
async function measureLargest(
  browser: import('playwright-core').Browser,
  server: { port: number; store: { createArticle(input: ArticleInput): Promise<unknown> } },
  url: string,
) {
  const largest = largestArticle('bench-largest', ARTICLE_LIMITS.sentences)
  await server.store.createArticle(largest.input)
  const doc = new Y.Doc()
  const provider = await syncedClient(server.port, 'bench-largest', doc)
  addAnnotationsAtOffsets(doc, largest.annotations)
  await new Promise((r) => setTimeout(r, 2000))
  provider.destroy()
  lastSentences['bench-largest'] = lastSentenceOf(largest.input.paragraphs)
  const context = await benchContext(browser)
  const page = await context.newPage()
  // A first visit: on screen (the server's preview) and the live editor, from navigation start.
  const open = await openIn(page, url, 'bench-largest')
  await page.waitForFunction(() => document.querySelector('.ProseMirror .attrib-tagged') !== null, null, {
    timeout: 120_000,
  })
  // What the page does in the seconds after it went live (reading the article's history, keeping its
  // preview): tasks over 100 ms there hold the person's first keys.
  await page.waitForTimeout(4000)
  const afterReady = ((await page.evaluate(`window.attribLongTasks ?? []`)) as [number, number][])
    .filter(([start, duration]) => start > open.ready && duration > 100)
    .map(([start, duration]) => `${duration}@${start}`)
  const keys = await keyPresses(page, PRESSES, Math.floor(largest.sentences / 2))
  await context.close()
  return {
    article: {
      characters: largest.characters,
      paragraphs: largest.input.paragraphs.length,
      longestParagraph: Math.max(...largest.input.paragraphs.map((p) => p.length)),
      sentences: largest.sentences,
      annotations: largest.annotations.length,
    },
    firstVisit: open,
    tasksOver100AfterReady: afterReady,
    keyToHighlightMs: keySummary(keys.tag),
    jToCurrentMs: keySummary(keys.j),
  }
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'attrib-bench-editor-'))
  const server = await startServer({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    // WEB_ROOT: a build of one's own, when others rebuild apps/web/dist meanwhile.
    webRoot: process.env.WEB_ROOT ?? join(ROOT, 'apps/web/dist'),
  })
  const url = `http://127.0.0.1:${server.port}`
  const { input, annotations, sentences } = largeArticle('bench-large', PARAGRAPHS, 6, ANNOTATIONS)
  await server.store.createArticle(input)
  console.log(`article: ${PARAGRAPHS} paragraphs, ${sentences} sentences, ${annotations.length} annotations`)
  // A ~1,000-sentence article for the small open times (its annotations added below with the large one's).
  const small = largeArticle('bench-small', Math.round(PARAGRAPHS / 11), 6, ANNOTATIONS)
  await server.store.createArticle(small.input)
  lastSentences['bench-large'] = lastSentenceOf(input.paragraphs)
  lastSentences['bench-small'] = lastSentenceOf(small.input.paragraphs)

  // Add the annotations through a real client, as annotators would have.
  const doc = new Y.Doc()
  const provider = await syncedClient(server.port, 'bench-large', doc)
  addAnnotationsAtOffsets(doc, annotations)
  const smallDoc = new Y.Doc()
  const smallProvider = await syncedClient(server.port, 'bench-small', smallDoc)
  addAnnotationsAtOffsets(smallDoc, small.annotations)
  // A second client confirms the server has them all.
  const check = new Y.Doc()
  const checker = await syncedClient(server.port, 'bench-large', check)
  if (getAnnotationsMap(check).size !== annotations.length)
    throw new Error('server does not have every annotation')
  provider.destroy()
  checker.destroy()
  // Give the small article's client time to deliver before it goes.
  await new Promise((r) => setTimeout(r, 1000))
  smallProvider.destroy()

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
  let jTimes: number[] = []
  // ONLY_OPENS=1: skip these (and the key presses) for the open times alone; ONLY_LARGEST=1: only the
  // largest accepted article.
  const only = process.env.ONLY_OPENS ? 'opens' : process.env.ONLY_LARGEST ? 'largest' : null
  for (let run = 0; run < (only ? 0 : 3); run++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
    await context.addInitScript(() =>
      localStorage.setItem('attrib:user', JSON.stringify({ name: 'Bench', color: '#1f77b4' })),
    )
    const page = await context.newPage()
    page.on('pageerror', (e) => console.error('page error:', e))
    page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()))
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
    if (run === 2) ({ tag: keyTimes, j: jTimes } = await keyPresses(page, PRESSES, 4000))
    await context.close()
  }
  const largestAccepted = only === 'opens' ? null : await measureLargest(browser, server, url)
  if (only === 'largest') {
    await browser.close()
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
    console.log(
      JSON.stringify({ largestAccepted, loadAverage: loadavg().map((x) => +x.toFixed(2)) }, null, 2),
    )
    return
  }
  const loadBefore = loadavg().map((x) => +x.toFixed(2))
  const firstVisits: OpenTime[] = []
  for (let i = 0; i < OPENS; i++) {
    const context = await benchContext(browser)
    firstVisits.push(await openIn(await context.newPage(), url, 'bench-large'))
    await context.close()
  }
  const newTabLarge = await newTabOpens(browser, url, 'bench-large')
  const newTabSmall = await newTabOpens(browser, url, 'bench-small')
  const newTabOneRow = await newTabOpens(browser, url, 'bench-large', true)
  const warmWithWorker = await warmListLoads(browser, url, 'allow')
  const warmWithoutWorker = await warmListLoads(browser, url, 'block')
  await browser.close()
  await server.close()
  rmSync(dataDir, { recursive: true, force: true })

  const summary = {
    article: { paragraphs: PARAGRAPHS, sentences, annotations: annotations.length },
    openMs: opens,
    openPhasesMs: phases,
    // From navigation start: screen = the article on screen (preview or editor), ready = the live editor;
    // longestTask: the longest task (ms) while opening.
    opens: {
      firstVisit: summariseOpens(sentences, firstVisits),
      newTabAppCached: summariseOpens(sentences, newTabLarge),
      newTabAppCachedSmall: summariseOpens(small.sentences, newTabSmall),
      // The copy left by y-indexeddb's compaction (one row): the first open after it, then the next ones.
      newTabCopyInOneRow: summariseOpens(sentences, newTabOneRow),
    },
    loadAverage: { before: loadBefore, after: loadavg().map((x) => +x.toFixed(2)) },
    warmListLoadMs: { withServiceWorker: warmWithWorker, withoutServiceWorker: warmWithoutWorker },
    keyToHighlightMs: keySummary(keyTimes),
    jToCurrentMs: keySummary(jTimes),
    largestAccepted,
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
