import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { person, setupServerAndBrowser } from './harness'

const env = setupServerAndBrowser()

const ARTICLE = '000_cdf3ea4d863409f1'
const PENTAGON = 'According to a spokesman for the US Department of Defense'
const INSIDER = 'Another insider reported that'
const KNOWLEDGE =
  "Knowledge of Musk's contacts with the Kremlin appears to be a big secret in the government."
const WHITE_HOUSE = 'In particular, several White House officials said they did not know about them.'

/** Clicks the first sentence of the editor's paragraph holding `text` and presses `key`. */
async function tag(page: Page, text: string, key: string): Promise<void> {
  await page.locator('.ProseMirror p', { hasText: text }).click({ position: { x: 10, y: 10 } })
  await expect.poll(() => page.locator('.sentence-text').textContent({ timeout: 1000 })).toContain(text)
  await page.keyboard.press(key)
}

/** Waits until this browser keeps a preview of the article that draws `label` somewhere. */
async function previewKept(page: Page, id: string, label: string): Promise<void> {
  // Polled with page.evaluate, which awaits the page's promise: waitForFunction takes a promise for a truthy
  // answer and would return at once (playwright#29132).
  const kept = () =>
    page.evaluate(
      ([id, label]) =>
        new Promise<boolean>((resolve) => {
          const open = indexedDB.open('attrib-previews')
          open.onerror = () => resolve(false)
          open.onupgradeneeded = () => open.transaction?.abort()
          open.onsuccess = () => {
            const db = open.result
            try {
              const get = db.transaction('previews').objectStore('previews').get(id!)
              get.onsuccess = () => {
                const annotations = (get.result?.annotations ?? []) as { labels: string[] }[]
                resolve(annotations.some((a) => a.labels.includes(label!)))
              }
              get.onerror = () => resolve(false)
            } catch {
              resolve(false)
            } finally {
              db.close()
            }
          }
        }),
      [id, label],
    )
  await expect.poll(kept, { timeout: 15_000, interval: 300 }).toBe(true)
}

/**
 * Notes, from the page's start, the first moment the preview shows `text` with a sentence drawn with
 * `label`, and what the page was like then (in `window.previewSeen`).
 */
function watchPreview(text: string, label: string): string {
  return `(() => {
    const seen = () => {
      const preview = document.querySelector('[data-testid="article-preview"]')
      if (!preview || window.previewSeen) return
      if (!preview.textContent.includes(${JSON.stringify(text)})) return
      if (!preview.querySelector('[data-labels~="${label}"]')) return
      window.previewSeen = {
        busy: preview.getAttribute('aria-busy'),
        note: document.querySelector('[data-testid="preview-note"]')?.textContent ?? null,
        editorInPage: document.querySelector('.ProseMirror') !== null,
        connection: document.querySelector('.connection')?.getAttribute('data-connection') ?? null,
      }
    }
    new MutationObserver(seen).observe(document, { childList: true, subtree: true })
  })()`
}

describe('opening an article', () => {
  it('[OPEN1] a reopened article shows its text and highlights from the browser’s preview before the websocket connects; edits work once the editor is live', async () => {
    const alice = await person(env.browser, 'Alice')
    await alice.page.goto(`${env.server.url}/#/a/${ARTICLE}`)
    await alice.page.locator('.connection[data-connection="connected"]').waitFor()
    await tag(alice.page, PENTAGON, '2')
    await previewKept(alice.page, ARTICLE, 'spokesperson')
    await alice.page.close()

    // A new tab whose websocket never connects: all it has is what this browser keeps.
    const page = await alice.context.newPage()
    await page.routeWebSocket(/\/yjs/, () => {})
    await page.addInitScript(watchPreview(PENTAGON, 'spokesperson'))
    await page.goto(`${env.server.url}/#/a/${ARTICLE}`)
    await page.locator('.ProseMirror p', { hasText: PENTAGON }).waitFor()
    const seen = (await page.evaluate('window.previewSeen')) as {
      busy: string
      note: string
      editorInPage: boolean
      connection: string
    } | null
    expect(seen).toEqual({
      busy: 'true',
      note: 'Loading the editor…',
      editorInPage: false,
      connection: 'connecting',
    })
    // The editor took the preview's place, drawing the same tag.
    expect(await page.getByTestId('article-preview').count()).toBe(0)
    expect(
      await page
        .locator('.ProseMirror p', { hasText: PENTAGON })
        .locator('[data-labels~="spokesperson"]')
        .count(),
    ).toBe(1)

    // Edits work on the live editor, still without a server.
    await tag(page, INSIDER, '1')
    await expect
      .poll(() =>
        page
          .locator('.ProseMirror p', { hasText: INSIDER })
          .locator('[data-labels]')
          .first()
          .getAttribute('data-labels'),
      )
      .toBe('anonymous_official')
    expect(await page.locator('.connection').getAttribute('data-connection')).not.toBe('connected')
    await alice.context.close()
  }, 60_000)

  it('[OPEN1] a first visit shows the server’s preview before the sync; [OPEN2] keys pressed on it are applied once the editor is live', async () => {
    // Someone tagged the article before (the server has it in its read model).
    const res = await fetch(`${env.server.url}/api/articles/${ARTICLE}`)
    const snapshot = (await res.json()) as { annotations: { labels: string[] }[] }
    expect(snapshot.annotations.some((a) => a.labels.includes('spokesperson'))).toBe(true)

    const carol = await person(env.browser, 'Carol')
    let connect: () => void = () => {}
    const connected = new Promise<void>((resolve) => {
      connect = resolve
    })
    await carol.page.routeWebSocket(/\/yjs/, async (ws) => {
      await connected
      ws.connectToServer()
    })
    await carol.page.goto(`${env.server.url}/#/a/${ARTICLE}`)
    const preview = carol.page.getByTestId('article-preview')
    await preview.getByText(KNOWLEDGE).waitFor()
    expect(await preview.locator('[data-labels~="spokesperson"]').textContent()).toContain(PENTAGON)
    expect(await preview.getAttribute('aria-busy')).toBe('true')
    expect(await carol.page.getByTestId('preview-note').textContent()).toBe('Loading the editor…')
    expect(await carol.page.locator('.ProseMirror').count()).toBe(0)

    // Keys on the preview: a click puts its cursor on a sentence; 3 tags it, j moves on, 4 tags the next.
    await preview.getByText(KNOWLEDGE).click()
    await carol.page.keyboard.press('3')
    await carol.page.keyboard.press('j')
    await carol.page.keyboard.press('4')
    await expect
      .poll(() => carol.page.getByTestId('preview-note').textContent())
      .toBe('Loading the editor… 2 keys pressed will be applied when it is ready.')
    expect(await preview.locator('.attrib-current').textContent()).toBe(WHITE_HOUSE)

    // The sync gets through: the editor takes over and presses them.
    connect()
    const quote = carol.page.locator('.ProseMirror [data-labels~="quote"]')
    await expect.poll(() => quote.textContent(), { timeout: 15_000 }).toBe(KNOWLEDGE)
    const named = carol.page.locator('.ProseMirror [data-labels~="named_source"]')
    await expect.poll(() => named.textContent()).toBe(WHITE_HOUSE)
    expect(await carol.page.getByTestId('article-preview').count()).toBe(0)
    // They are the person's changes: Ctrl+Z takes the last back.
    await carol.page.keyboard.press('Control+z')
    await expect.poll(() => named.count()).toBe(0)
    expect(await quote.textContent()).toBe(KNOWLEDGE)
    await carol.context.close()
  }, 60_000)
  it('[OPEN4] the preview is drawn by the page’s first scripts, without ProseMirror; the editor’s code is asked for once the preview is painted, and the editor goes live when it comes', async () => {
    const dave = await person(env.browser, 'Dave')
    const page = dave.page
    // The scripts the page got, and whether the preview was on screen when the editor's code was asked for.
    const scripts: { url: string; body: Promise<string> }[] = []
    page.on('response', (response) => {
      if (response.url().endsWith('.js')) scripts.push({ url: response.url(), body: response.text() })
    })
    let release: () => void = () => {}
    const released = new Promise<void>((resolve) => {
      release = resolve
    })
    let previewShownWhenAsked: boolean | null = null
    await page.route(/\/assets\/editorCode-[^/]*\.js$/, async (route) => {
      previewShownWhenAsked ??= (await page.evaluate('!!window.previewSeen')) as boolean
      await released
      await route.continue()
    })
    await page.addInitScript(watchPreview(PENTAGON, 'spokesperson'))
    await page.goto(`${env.server.url}/#/a/${ARTICLE}`)
    const preview = page.getByTestId('article-preview')
    await preview.getByText(KNOWLEDGE).waitFor()
    expect(await preview.locator('[data-labels~="spokesperson"]').textContent()).toContain(PENTAGON)
    await expect.poll(() => previewShownWhenAsked).toBe(true)
    expect(scripts.length).toBeGreaterThan(0)
    for (const script of scripts) expect(await script.body, script.url).not.toContain('ProseMirror')
    expect(await page.locator('.ProseMirror').count()).toBe(0)

    release()
    await page.locator('.ProseMirror p', { hasText: PENTAGON }).waitFor()
    expect(await preview.count()).toBe(0)
    await dave.context.close()
  }, 60_000)
  it('[OPEN5] the first render waits a little for the session: a slow answer does not keep the page blank, and the article opens when it comes', async () => {
    const erin = await person(env.browser, 'Erin')
    const page = erin.page
    let answer: () => void = () => {}
    const answered = new Promise<void>((resolve) => {
      answer = resolve
    })
    await page.route(/\/api\/session$/, async (route) => {
      await answered
      await route.continue()
    })
    await page.goto(`${env.server.url}/#/a/${ARTICLE}`)
    // Past the wait, the top bar is drawn without the session; nothing of the article yet.
    await page.locator('.topbar').waitFor()
    expect(await page.locator('.article-view').count()).toBe(0)
    answer()
    await page.locator('.ProseMirror p', { hasText: PENTAGON }).waitFor()
    await erin.context.close()
  }, 60_000)
})
