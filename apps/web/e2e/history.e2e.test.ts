import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { setupServerAndBrowser, signToken } from './harness'
import { DEMO_ARTICLES, describeViolations, importDemo, seriousViolations } from './screens'

// The audit trail in the editor (apps/web SPEC UI12–UI14), on the demo story with sign-in on, so that each
// change has its author's name: Ana annotates, Ben reviews, Vera only reads.

const SECRET = 'e2e-history-secret-of-at-least-32-characters'
const [ARTICLE] = DEMO_ARTICLES
/** Sentence 0 of the article, which nobody tagged in the demo. */
const FIRST = 'regularly in contact with Kremlin leader'
/** Sentence 1, which Ana and Ben both tagged Anonymous official and Media report in the demo. */
const SECOND = 'Source: The Wall Street Journal with reference'
const POLL = { timeout: 15_000 }

const env = setupServerAndBrowser({ AUTH_SECRET: SECRET }, importDemo)
const contexts: BrowserContext[] = []
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {})
})

/** An invite token as `attrib token` mints it, signed here so the test does not share the server's code. */
function token(sub: string, role: 'annotator' | 'reviewer' | 'viewer'): string {
  return signToken(SECRET, { sub, role, doc: ARTICLE })
}

/**
 * `name` follows an invite link to the article (a browser context of their own, `prepare`d first) and
 * clicks sentence 0.
 */
async function signedIn(
  name: string,
  role: 'annotator' | 'reviewer' | 'viewer',
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<Page> {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } })
  contexts.push(context)
  await prepare?.(context)
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error(`[${name}] page error:`, e))
  await page.goto(`${env.server.url}/#/invite/${token(name, role)}`)
  await page.locator('.connection[data-connection="connected"]').waitFor({ timeout: 20_000 })
  await clickSentence(page, FIRST)
  return page
}

async function clickSentence(page: Page, text: string): Promise<void> {
  await page.locator('.ProseMirror p', { hasText: text }).click({ position: { x: 30, y: 8 } })
  await expect.poll(() => page.locator('.sentence-text').textContent(), POLL).toContain(text)
}

/** The side panel's history lines, without their times: "Ana: + Anonymous official". */
async function historyLines(page: Page): Promise<string[]> {
  const lines = await page.getByTestId('sentence-history').locator('.history-line').allTextContents()
  return lines.map((l) =>
    l
      .replace(/\s+/g, ' ')
      .replace(/ · [^·]*$/, '')
      .trim(),
  )
}

/** The labels drawn on a paragraph's sentence in the live editor. */
const liveLabels = (page: Page, text: string) =>
  page
    .locator('.ProseMirror p', { hasText: text })
    .locator('[data-labels]')
    .first()
    .getAttribute('data-labels')

/** The labels of sentence `i` in the timeline. */
const pastLabels = (page: Page, i: number) =>
  page.locator(`.timeline-article [data-sentence="${i}"]`).getAttribute('data-labels')

interface ApiEntry {
  n: number
  user: string
  annotation: string
  before: { labels: string[] } | null
  after: { labels: string[]; final: boolean } | null
}

/** The article's trail as the server answers it to the page (its session cookie). */
const serverTrail = (page: Page) =>
  page.evaluate(
    async (id) =>
      ((await (await fetch(`/api/articles/${id}/history`)).json()) as { entries: ApiEntry[] }).entries,
    ARTICLE,
  )

describe('the history of an article in the editor', () => {
  let ana: Page
  let ben: Page

  it('[UI12] the side panel lists who changed the sentence’s annotations, newest first, and follows new changes', async () => {
    ana = await signedIn('Ana', 'annotator')
    ben = await signedIn('Ben', 'reviewer')
    // Recording began with the import: nothing has changed on sentence 0 yet.
    await expect.poll(() => ana.getByTestId('sentence-history').textContent(), POLL).toContain('No changes')

    await ana.keyboard.press('1')
    await expect.poll(() => historyLines(ben), POLL).toEqual(['Ana: + Anonymous official'])
    // The time is local, with the whole date in its title.
    const time = ben.getByTestId('sentence-history').locator('time').first()
    expect(await time.textContent()).toMatch(/\d{1,2}.\d{2}/)
    expect(await time.getAttribute('title')).toMatch(/20\d\d/)

    // Ben takes Ana's label off (her annotation goes) and tags the sentence Spokesperson.
    await expect.poll(() => liveLabels(ben, FIRST), POLL).toBe('anonymous_official')
    await ben.keyboard.press('1')
    await ben.keyboard.press('2')
    const expected = [
      'Ben: + Spokesperson',
      'Ben: − Anonymous official (Ana’s tag)',
      'Ana: + Anonymous official',
    ]
    await expect.poll(() => historyLines(ana), POLL).toEqual(expected)
    await expect.poll(() => historyLines(ben), POLL).toEqual(expected)

    // Another sentence has its own history: the demo's tags were there when recording began.
    await clickSentence(ana, SECOND)
    await expect.poll(() => ana.getByTestId('sentence-history').textContent(), POLL).toContain('No changes')
    await clickSentence(ana, FIRST)
    await expect.poll(() => historyLines(ana), POLL).toEqual(expected)
  })

  it('[UI13] the timeline shows the article at each change, read-only, from where its history starts, and Escape returns', async () => {
    await ana.getByTestId('open-timeline').click()
    const slider = ana.getByTestId('timeline-slider')
    await slider.waitFor()
    expect(await ana.evaluate(() => document.activeElement?.id)).toBe('timeline-slider')
    expect(await ana.getByTestId('editor').isVisible()).toBe(false)
    expect(await ana.getByTestId('timeline-read-only').textContent()).toContain('Read-only')
    expect(await ana.locator('.timeline [contenteditable="true"]').count()).toBe(0)
    // It opens on the article as it is: after the last of the three changes.
    expect(await slider.getAttribute('aria-valuetext')).toMatch(/^Change 3 of 3: Ben, .*: \+ Spokesperson$/)
    expect(await pastLabels(ana, 0)).toBe('spokesperson')

    // Home: where the history starts, with the demo's annotations and none on sentence 0.
    await ana.keyboard.press('Home')
    await ana.getByTestId('timeline-start').waitFor()
    expect(await ana.getByTestId('timeline-start').textContent()).toContain('History starts here')
    expect(await slider.getAttribute('aria-valuetext')).toMatch(/^History starts here/)
    expect(await pastLabels(ana, 0)).toBe('')
    expect(await pastLabels(ana, 1)).toBe('anonymous_official media_report')
    // Labels are told by their key and name, not by colour alone.
    const badges = ana.locator('.timeline-article [data-sentence="1"] .attrib-badge-label')
    expect(await badges.allTextContents()).toEqual(['1 Anon. official', '5 Media report'])

    // Step by step with the arrow keys, each step saying who changed what and when.
    await ana.keyboard.press('ArrowRight')
    await expect.poll(() => pastLabels(ana, 0), POLL).toBe('anonymous_official')
    expect(await slider.getAttribute('aria-valuetext')).toMatch(
      /^Change 1 of 3: Ana, .*20\d\d.*: \+ Anonymous official$/,
    )
    expect(await ana.getByTestId('timeline-step').textContent()).toMatch(/Ana: \+ Anonymous official · /)
    expect(await ana.locator('.timeline-article [aria-current="true"]').getAttribute('data-sentence')).toBe(
      '0',
    )
    await ana.keyboard.press('ArrowRight')
    await expect.poll(() => pastLabels(ana, 0), POLL).toBe('')
    // The side panel gives the history of the step's sentence.
    expect(await historyLines(ana)).toEqual([
      'Ben: + Spokesperson',
      'Ben: − Anonymous official (Ana’s tag)',
      'Ana: + Anonymous official',
    ])

    const serious = await seriousViolations(ana)
    expect(serious, `\n${describeViolations(serious)}\n`).toEqual([])

    // A label key does nothing to the article while the past is shown; Escape returns to the live editor.
    await ana.keyboard.press('4')
    await ana.keyboard.press('Escape')
    await ana.getByTestId('editor').waitFor({ state: 'visible' })
    expect(await ana.getByTestId('timeline').count()).toBe(0)
    expect(await ana.evaluate(() => document.activeElement?.classList.contains('ProseMirror'))).toBe(true)
    expect(await liveLabels(ana, FIRST)).toBe('spokesperson')
    expect((await serverTrail(ana)).length).toBe(3)
  })

  it('[UI14] a reviewer restores an annotation from the history: the other person sees it, and the history records it', async () => {
    // Ben brings back Ana's annotation, which his change removed.
    const removal = ben.locator('.history-entry', { hasText: 'Ben: − Anonymous official (Ana’s tag)' })
    await removal.getByRole('button', { name: 'Undo this' }).click()
    await expect.poll(() => liveLabels(ana, FIRST), POLL).toBe('anonymous_official spokesperson')
    const restored = [
      'Ben: + Anonymous official (Ana’s tag)',
      'Ben: + Spokesperson',
      'Ben: − Anonymous official (Ana’s tag)',
    ]
    await expect.poll(async () => (await historyLines(ana)).slice(0, 3), POLL).toEqual(restored)
    await expect.poll(async () => (await historyLines(ben)).slice(0, 3), POLL).toEqual(restored)
    // Recorded as Ben's change of Ana's annotation, with its id.
    const trail = await serverTrail(ana)
    expect(trail).toHaveLength(4)
    expect(trail[3]).toMatchObject({ user: 'Ben', annotation: trail[0]!.annotation, before: null })
    expect(trail[3]!.after?.labels).toEqual(['anonymous_official'])

    // An annotator restores too, from the timeline: Ana undoes Ben's Spokesperson.
    await ana.getByTestId('open-timeline').click()
    const slider = ana.getByTestId('timeline-slider')
    await slider.waitFor()
    await slider.fill('3')
    await expect.poll(() => slider.getAttribute('aria-valuetext'), POLL).toMatch(/^Change 3 of 4: Ben/)
    await ana.getByTestId('timeline-step').getByRole('button', { name: 'Undo this' }).click()
    await expect.poll(() => liveLabels(ben, FIRST), POLL).toBe('anonymous_official')
    await expect.poll(() => slider.getAttribute('max'), POLL).toBe('5')
    expect(await ana.getByTestId('timeline-step').textContent()).toContain('Restored')
    await ana.keyboard.press('Escape')
    await expect.poll(async () => (await historyLines(ben))[0], POLL).toBe('Ana: − Spokesperson (Ben’s tag)')

    // A final annotation is the reviewer's: Ben adjudicates Ana's, and Ana is told why she cannot restore it.
    const id = trail[0]!.annotation
    await ben.evaluate((annotation) => {
      type Doc = { getMap(name: string): { get(key: string): { set(key: string, value: unknown): void } } }
      const editor = (window as unknown as { attribEditor: { undoManager: { doc: Doc } } }).attribEditor
      editor.undoManager.doc.getMap('annotations').get(annotation).set('final', true)
    }, id)
    await expect.poll(async () => (await historyLines(ana))[0], POLL).toBe('Ben: adjudicated (Ana’s tag)')
    const anas = ana.locator('.history-entry', { hasText: 'Ana: + Anonymous official' })
    expect(await anas.textContent()).toContain(
      'Only a reviewer may change an adjudicated (final) annotation.',
    )
    expect(await anas.getByRole('button').count()).toBe(0)
    expect(await ben.locator('.history-entry').first().getByRole('button').count()).toBeGreaterThan(0)

    // A viewer reads the history and is offered no restore.
    const vera = await signedIn('Vera', 'viewer')
    await expect.poll(async () => (await historyLines(vera)).length, POLL).toBe(6)
    expect(await vera.getByTestId('sentence-history').getByRole('button').count()).toBe(0)
  })

  it('[UI14] an annotator’s restore that the server refuses (the annotation was made final meanwhile) says so', async () => {
    // Ben brings his Spokesperson back; Cy, an annotator, sees it.
    await ben
      .locator('.history-entry', { hasText: 'Ana: − Spokesperson (Ben’s tag)' })
      .getByRole('button', { name: 'Undo this' })
      .click()
    // Cy's websocket goes through a relay that can hold back what the server sends, as a slow network would.
    const relay = { holding: false }
    const cy = await signedIn('Cy', 'annotator', (context) =>
      context.routeWebSocket(/\/yjs\//, (ws) => {
        const server = ws.connectToServer()
        server.onMessage((message) => {
          if (!relay.holding) ws.send(message)
        })
      }),
    )
    await expect.poll(() => liveLabels(cy, FIRST), POLL).toBe('anonymous_official spokesperson')
    await expect.poll(async () => (await historyLines(cy))[0], POLL).toBe('Ben: + Spokesperson')
    // Ben makes his annotation final; Cy has not heard of it when she undoes Ben's first tag.
    relay.holding = true
    const trail = await serverTrail(ben)
    const spokesperson = trail.find((e) => e.after?.labels.includes('spokesperson'))!.annotation
    await ben.evaluate((annotation) => {
      type Doc = { getMap(name: string): { get(key: string): { set(key: string, value: unknown): void } } }
      const editor = (window as unknown as { attribEditor: { undoManager: { doc: Doc } } }).attribEditor
      editor.undoManager.doc.getMap('annotations').get(annotation).set('final', true)
    }, spokesperson)
    await expect.poll(async () => (await serverTrail(ben)).length, POLL).toBe(trail.length + 1)
    const first = cy.locator('.history-entry', { hasText: 'Ben: + Spokesperson' }).last()
    await first.getByRole('button', { name: 'Undo this' }).click()
    const refusal = cy.getByTestId('sentence-history').getByRole('alert')
    await expect
      .poll(() => refusal.textContent(), POLL)
      .toMatch(/^The server refused this restore \(.+\): it was not saved/)
    expect(await cy.getByTestId('denied').textContent()).toContain(
      'The server refused a change from this page',
    )
    // Nothing of it was stored: the trail's last change is Ben's, and his label is still there for him.
    expect((await serverTrail(ben)).at(-1)).toMatchObject({ user: 'Ben', annotation: spokesperson })
    expect(await liveLabels(ben, FIRST)).toBe('anonymous_official spokesperson')
  })
})
