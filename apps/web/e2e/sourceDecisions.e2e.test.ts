import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { setupServerAndBrowser, signToken } from './harness'
import { DEMO_ARTICLES, describeViolations, importDemo, seriousViolations } from './screens'

// People's merges and splits of the source index on the web (apps/web SPEC UI22–UI24), on the demo story with
// sign-in on: Ana and Ben annotate, Rita reviews, Vic only reads. The demo cites "Pentagon" and "US
// Department of Defense" as two sources; Ana merges the first into the second.

const SECRET = 'e2e-source-decisions-secret-of-at-least-32-characters'
const PENTAGON = 'pentagon'
const DOD = 'us-department-of-defense'
const POLL = { timeout: 15_000 }

const env = setupServerAndBrowser({ AUTH_SECRET: SECRET }, importDemo)
const contexts: BrowserContext[] = []
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {})
})

/** An invite token for the whole project, as `attrib token` mints it (signed here, not with the server's code). */
function token(sub: string, role: 'annotator' | 'reviewer' | 'viewer'): string {
  return signToken(SECRET, { sub, role })
}

/** `name` signs in with an invite (a browser context of their own, `prepare`d first) and opens `hash`. */
async function signedIn(
  name: string,
  role: 'annotator' | 'reviewer' | 'viewer',
  hash: string,
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<Page> {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } })
  contexts.push(context)
  await prepare?.(context)
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error(`[${name}] page error:`, e))
  await page.goto(`${env.server.url}/#/invite/${token(name, role)}`)
  await page.getByTestId('account').waitFor()
  await page.goto(`${env.server.url}/${hash}`)
  return page
}

const rowNames = (page: Page) => page.locator('[data-testid^="source-row-"] .sources-name').allTextContents()
const citationsOf = (page: Page, id: string) =>
  page.getByTestId(`source-row-${id}`).getByTestId('source-citations').textContent()
/** The decisions view's entries: "key state". */
const decisionStates = (page: Page) =>
  page
    .getByTestId('decision')
    .evaluateAll((items) => items.map((i) => `${i.getAttribute('data-key')} ${i.getAttribute('data-state')}`))

async function expectNoSeriousViolations(page: Page, where: string): Promise<void> {
  const serious = await seriousViolations(page)
  expect(serious, `${where}:\n${describeViolations(serious)}`).toEqual([])
}

describe('merges of the source index, made together', () => {
  it('[UI22] [UI23] [UI24] an annotator merges with the keyboard, another sees it live and undoes it, a reviewer accepts it; refusals are said; axe passes', async () => {
    // Ben has the Sources page open; both sources are there.
    const ben = await signedIn('Ben', 'annotator', '#/sources')
    await expect.poll(() => rowNames(ben), POLL).toContain('Pentagon')
    expect(await rowNames(ben)).toContain('US Department of Defense')
    expect(await citationsOf(ben, DOD)).toBe('1')
    // Rita has the merges and splits open: none yet.
    const rita = await signedIn('Rita', 'reviewer', '#/sources/decisions')
    await rita.getByTestId('decisions-empty').waitFor()

    // Ana opens the Pentagon's page and merges it into the Department of Defense, by keyboard only.
    const ana = await signedIn('Ana', 'annotator', `#/sources/${PENTAGON}`)
    await ana.getByTestId('source-name').waitFor()
    expect(await ana.getByTestId('source-name').textContent()).toBe('Pentagon')
    await ana.getByTestId('merge-into').focus()
    await ana.keyboard.press('Enter')
    const picker = ana.getByRole('combobox', { name: 'Merge “Pentagon” into' })
    await expect.poll(() => picker.evaluate((el) => el === document.activeElement)).toBe(true)
    await ana.keyboard.type('defen')
    await expect.poll(() => picker.getAttribute('aria-expanded')).toBe('true')
    const options = ana.getByRole('listbox', { name: 'Sources' }).getByRole('option')
    await expect
      .poll(() => options.allTextContents())
      .toEqual([expect.stringContaining('US Department of Defense')])
    // The source itself is never offered.
    await picker.fill('')
    await picker.pressSequentially('pent')
    await expect.poll(() => options.count()).toBe(0)
    await picker.fill('')
    await picker.pressSequentially('defen')
    await ana.keyboard.press('ArrowDown')
    const active = await picker.getAttribute('aria-activedescendant')
    expect(await ana.locator(`[id="${active}"]`).textContent()).toContain('US Department of Defense')
    expect(await ana.locator(`[id="${active}"]`).getAttribute('aria-selected')).toBe('true')
    await ana.keyboard.press('Enter')
    expect(await picker.inputValue()).toBe('US Department of Defense')
    expect(await picker.getAttribute('aria-expanded')).toBe('false')
    await expectNoSeriousViolations(ana, 'a source’s page with Merge into… open')
    await ana.keyboard.press('Enter')

    // Ana's page says where the Pentagon went.
    await ana.getByTestId('source-merged-away').waitFor(POLL)
    expect(await ana.getByTestId('source-merged-away').textContent()).toMatch(
      /Pentagon is merged into US Department of Defense: merged by Ana · \d/,
    )
    expect(await ana.getByTestId('decisions-status').textContent()).toBe(
      'Pentagon is merged into US Department of Defense.',
    )

    // Ben's open list follows without a reload: one source with both citations, the Pentagon among its spellings.
    await expect.poll(() => rowNames(ben), POLL).not.toContain('Pentagon')
    await expect.poll(() => citationsOf(ben, DOD), POLL).toBe('2')
    expect(await ben.getByTestId(`source-row-${DOD}`).getByTestId('source-aliases').textContent()).toContain(
      'Pentagon',
    )
    await expect
      .poll(() => ben.getByTestId('decisions-link').textContent(), POLL)
      .toBe('Merges and splits (1)')
    // So does Rita's list of decisions.
    await expect.poll(() => decisionStates(rita), POLL).toEqual([`merge:${PENTAGON} applied`])
    expect(await rita.getByTestId('decision').getByTestId('decision-lines').textContent()).toMatch(
      /^merged by Ana · \d/,
    )

    // Ben opens the Department of Defense: the Pentagon is merged into it by Ana, and he may undo that.
    await ben.getByTestId(`source-row-${DOD}`).locator('.sources-name').click()
    const mergedFrom = ben.getByTestId('merged-from')
    await mergedFrom.waitFor(POLL)
    expect(await mergedFrom.textContent()).toMatch(
      /^Pentagon — merged by Ana · .*Undo merge.*your undo disputes it/,
    )
    await expectNoSeriousViolations(ben, 'a source’s page with a merge into it')

    // Carl, another annotator, opens the same page on a connection that hears of no change (his events are cut).
    const carl = await signedIn('Carl', 'annotator', `#/sources/${DOD}`, async (context) => {
      await context.route('**/api/review/events', (route) => route.abort())
    })
    await carl.getByTestId('merged-from').getByRole('button', { name: 'Undo merge: Pentagon' }).waitFor(POLL)

    // Ben undoes Ana's merge: it is disputed and no longer counts.
    await mergedFrom
      .getByRole('button', { name: 'Undo merge: Pentagon into US Department of Defense' })
      .click()
    await expect
      .poll(() => ben.getByTestId('decisions-status').textContent(), POLL)
      .toBe('Pentagon is no longer merged into US Department of Defense.')
    await expect.poll(() => mergedFrom.count(), POLL).toBe(0)
    // Ana's page of the Pentagon shows the source again, live.
    await expect.poll(() => ana.getByTestId('source-name').textContent(), POLL).toBe('Pentagon')
    // Rita sees it disputed, first in her list, and what Ben wants.
    await expect.poll(() => decisionStates(rita), POLL).toEqual([`merge:${PENTAGON} disputed`])
    const entry = rita.getByTestId('decision')
    expect(await entry.getByTestId('decision-state').textContent()).toBe('disputed')
    expect(await entry.textContent()).toContain('not counted until a reviewer decides')
    expect(await entry.getByTestId('decision-lines').textContent()).toMatch(
      /^merged by Ana · .* · disputed: Ben wants no merge · /,
    )
    await expectNoSeriousViolations(rita, 'the merges and splits with a disputed merge')

    // Annotators leave it to a reviewer.
    await ben.goto(`${env.server.url}/#/sources/decisions`)
    await ben.getByTestId('decision').waitFor()
    expect(await ben.getByTestId('decision').getByRole('button').count()).toBe(0)
    expect(await ben.getByTestId('decision').textContent()).toContain('Waiting for a reviewer to decide.')

    // Rita accepts the merge: it counts again, for everyone, and annotators can no longer change it.
    await entry
      .getByRole('button', { name: 'Accept: merge of Pentagon into US Department of Defense' })
      .click()
    await expect.poll(() => decisionStates(rita), POLL).toEqual([`merge:${PENTAGON} accepted`])
    expect(await entry.getByTestId('decision-lines').textContent()).toMatch(
      /merged by Ana · .* · disputed: Ben wants no merge · .* · accepted by Rita · /,
    )
    await expect.poll(() => decisionStates(ben), POLL).toEqual([`merge:${PENTAGON} accepted`])
    expect(await ben.getByTestId('decision').textContent()).toContain(
      'Rita decided it; only a reviewer can change it.',
    )
    await ana.getByTestId('source-merged-away').waitFor(POLL)
    expect(await ana.getByTestId('source-merged-away').textContent()).toContain('accepted by Rita')
    expect(await ana.getByTestId('source-merged-away').getByRole('button').count()).toBe(0)
    expect(await ana.getByTestId('source-merged-away').textContent()).toContain(
      'Rita accepted it; only a reviewer can change it.',
    )

    // Carl's page never heard of it: his undo is refused, and he is told why beside the button, in plain words.
    await carl.getByRole('button', { name: 'Undo merge: Pentagon into US Department of Defense' }).click()
    const refusal = carl.getByTestId('merged-from').getByRole('alert')
    await refusal.waitFor(POLL)
    expect(await refusal.textContent()).toContain(
      'Not saved: Rita decided this merge; only a reviewer can change it. Ask a reviewer if it should change.',
    )
    // It stays until he dismisses it.
    await carl.waitForTimeout(1_000)
    expect(await refusal.count()).toBe(1)
    await refusal.getByRole('button', { name: 'Dismiss' }).click()
    await expect.poll(() => carl.getByRole('alert').count()).toBe(0)
  })

  it('[UI22] [UI23] a viewer reads the merges and splits but is offered nothing to change', async () => {
    const vic = await signedIn('Vic', 'viewer', `#/sources/${DOD}`)
    await vic.getByTestId('source-corrections').waitFor(POLL)
    const corrections = vic.getByTestId('source-corrections')
    await expect.poll(() => corrections.getByTestId('merged-from').textContent(), POLL).toContain('Pentagon')
    expect(await corrections.textContent()).toContain('You are signed in as a viewer')
    expect(await corrections.getByRole('button').count()).toBe(0)
    await vic.getByTestId('decisions-link').click()
    await expect.poll(() => decisionStates(vic), POLL).toEqual([`merge:${PENTAGON} accepted`])
    expect(await vic.getByTestId('decision').getByRole('button').count()).toBe(0)
    await expectNoSeriousViolations(vic, 'the merges and splits, read by a viewer')
  })

  it('[UI22] a spelling split off is a source of its own, and Undo split takes it back', async () => {
    // Ana writes the source of sentence 14 by the surname only: one more spelling of Dmitry Peskov.
    const ana = await signedIn('Ana', 'annotator', `#/a/${DEMO_ARTICLES[0]}?s=14`)
    await ana.locator('.connection[data-connection="connected"]').waitFor(POLL)
    await expect.poll(() => ana.locator('.sentence-text').textContent(), POLL).toContain('Peskov also added')
    const panel = ana.getByTestId('side-panel')
    await expect.poll(() => panel.getByLabel('Source name').inputValue(), POLL).toBe('Dmitry Peskov')
    await panel.getByLabel('Source name').fill('Peskov')
    await panel.getByRole('button', { name: 'Set', exact: true }).click()
    await expect.poll(() => panel.textContent(), POLL).toContain('source: Peskov')

    // His page offers to split "Peskov" off.
    await ana.goto(`${env.server.url}/#/sources/dmitry-peskov`)
    const spelling = ana.getByTestId('spelling')
    await expect.poll(() => spelling.textContent(), POLL).toContain('“Peskov”')
    await spelling.getByRole('button', { name: 'Split off “Peskov” from Dmitry Peskov' }).click()
    await expect
      .poll(() => ana.getByTestId('decisions-status').textContent(), POLL)
      .toBe('“Peskov” is now a source of its own.')
    await expect.poll(() => spelling.count(), POLL).toBe(0)
    expect(await ana.getByTestId('source-citation').count()).toBe(1)

    // "Peskov" has a page of its own, which says it was split off and offers to undo it.
    await ana.goto(`${env.server.url}/#/sources/peskov`)
    const split = ana.getByTestId('source-split')
    await split.waitFor(POLL)
    expect(await split.textContent()).toMatch(
      /“Peskov” is a source of its own, split off its source: split off by Ana · \d/,
    )
    expect(await ana.getByTestId('source-citation').count()).toBe(1)
    await expectNoSeriousViolations(ana, 'the page of a spelling split off')
    await split.getByRole('button', { name: 'Undo split' }).click()
    await expect.poll(() => ana.getByTestId('source-not-found').count(), POLL).toBe(1)
    await ana.goto(`${env.server.url}/#/sources/dmitry-peskov`)
    await expect.poll(() => ana.getByTestId('source-citation').count(), POLL).toBe(2)
    expect(await ana.getByTestId('spelling').textContent()).toContain('“Peskov”')
  })
})
