import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { importIntoStore, person, setupServerAndBrowser } from './harness'
import { describeViolations, importDemo, seriousViolations } from './screens'

// Two outlets' articles on one story, tagged by Ana and Ben, one sentence decided by Rita (a reviewer),
// one suggested by the machine; a third article of many sentences mentioning "ministry" (for "Load more").
const LEDGER = [
  'The finance ministry will cut the budget, two senior officials said on Monday.',
  'Minister Jane Hollis defended the cuts in parliament.',
  'A spokesperson for the ministry declined to comment.',
  'An official said the plan was final.',
]
const POST = ['According to a government official, the Ministry will review the plan.', 'Nobody else spoke.']
const NOTES = Array.from({ length: 60 }, (_, i) => `The ministry published weekly note number ${i + 1}.`)

/** One article of the JSONL corpus: a paragraph per sentence, with the sentences' spans. */
function article(id: string, outlet: string, date: string, sentences: string[], tags: Tag[]) {
  const spans: { start: number; end: number }[] = []
  let at = 0
  for (const s of sentences) {
    spans.push({ start: at, end: at + s.length })
    at += s.length + 2
  }
  return {
    id,
    title: `${outlet}: ${sentences[0]!.slice(0, 40)}`,
    meta: { outlet, date, story: 'budget-cuts-2024' },
    text: sentences.join('\n\n'),
    sentences: spans,
    annotations: tags.map((t, i) => ({
      id: `${id}-${i}`,
      kind: 'sentence',
      ...spans[t.sentence]!,
      labels: [t.label],
      source: t.source ?? '',
      annotator: t.annotator,
      status: t.status ?? 'accepted',
      ...(t.final ? { final: true } : {}),
    })),
  }
}

interface Tag {
  sentence: number
  label: string
  annotator: string
  source?: string
  status?: string
  final?: boolean
}

const CORPUS = [
  article('ledger-1', 'Daily Ledger', '2024-11-04', LEDGER, [
    { sentence: 0, label: 'anonymous_official', annotator: 'Ana', source: 'two senior officials' },
    { sentence: 0, label: 'anonymous_official', annotator: 'Ben', source: 'two senior officials' },
    { sentence: 2, label: 'spokesperson', annotator: 'attrib-suggest', status: 'suggested' },
    { sentence: 3, label: 'anonymous_official', annotator: 'Ana', source: 'an official' },
    { sentence: 3, label: 'named_source', annotator: 'Ben', source: 'an official' },
    { sentence: 3, label: 'anonymous_official', annotator: 'Rita', source: 'an official', final: true },
  ]),
  article('post-1', 'Evening Post', '2024-11-05', POST, [
    { sentence: 0, label: 'anonymous_official', annotator: 'Ben', source: 'a government official' },
  ]),
  article('post-2', 'Evening Post', '2024-11-06', NOTES, []),
]

const env = setupServerAndBrowser({}, (dataDir) => {
  importDemo(dataDir)
  const file = join(dataDir, 'budget.jsonl')
  writeFileSync(file, `${CORPUS.map((a) => JSON.stringify(a)).join('\n')}\n`)
  importIntoStore(dataDir, file)
})

const results = (page: Page) => page.getByTestId('sentence-result')
const resultIds = (page: Page) =>
  results(page).evaluateAll((items) =>
    items.map((li) => `${li.getAttribute('data-article')}:${li.getAttribute('data-sentence')}`),
  )
const result = (page: Page, at: string) => {
  const [a, s] = at.split(':')
  return page.locator(`[data-testid="sentence-result"][data-article="${a}"][data-sentence="${s}"]`)
}
const badges = (page: Page, at: string) => result(page, at).locator('.attrib-badge').allTextContents()

/** Sets the filters of the form to `fill` (the rest as they are) and searches. */
async function search(page: Page, fill: (form: ReturnType<Page['getByTestId']>) => Promise<void>) {
  const form = page.getByTestId('sentences-filters')
  await fill(form)
  await form.getByRole('button', { name: 'Search' }).click()
}

describe('the sentence search', () => {
  it('[UI25] finds the sentences an anonymous official is cited in, in one outlet, by label, source and text, and opens one in the editor', async () => {
    const { context, page } = await person(env.browser, 'Reviewer')
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.goto(`${env.server.url}/#/`)
    await page.locator('.topbar').getByRole('link', { name: 'Sentences', exact: true }).click()
    await expect.poll(() => page.url()).toMatch(/#\/sentences$/)
    // Unfiltered: the corpus's sentences a page at a time.
    await expect
      .poll(() => page.getByTestId('sentences-count').textContent())
      .toBe('50 sentences shown, more to load')

    // Anonymous officials in the Daily Ledger: the label by its key and short name, the outlet checked.
    const labels = await page.getByTestId('sentences-label').locator('option').allTextContents()
    expect(labels).toContain('1 Anon. official — Anonymous official')
    await search(page, async (form) => {
      await form.getByLabel('Label', { exact: true }).selectOption('anonymous_official')
      await form.getByTestId('sentences-outlets').getByLabel('Daily Ledger').check()
    })
    await expect.poll(() => page.url()).toContain('#/sentences?label=anonymous_official&outlet=Daily+Ledger')
    await expect.poll(() => resultIds(page)).toEqual(['ledger-1:0', 'ledger-1:3'])
    expect(await page.getByTestId('sentences-count').textContent()).toBe('2 sentences match these filters')
    const first = result(page, 'ledger-1:0')
    expect(await first.getByTestId('sentence-result-text').textContent()).toBe(LEDGER[0])
    expect(await first.getByTestId('sentence-result-meta').textContent()).toBe(
      'Daily Ledger · 2024-11-04 · sentence 1',
    )
    // Ana's and Ben's tags in one badge, with who gave it and the source's name.
    expect(await first.getByTestId('sentence-label').allTextContents()).toEqual([
      '1 Anon. official by Ana, Ben · source: two senior officials',
    ])
    // The badge as the editor draws it: the label's colour, its text black or white as UI2 says.
    const badge = first.locator('.attrib-badge-label').first()
    const look = await badge.evaluate((el) => [
      getComputedStyle(el).backgroundColor,
      getComputedStyle(el).color,
    ])
    expect(look[0]).not.toBe('rgba(0, 0, 0, 0)')
    expect(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']).toContain(look[1])
    // The reviewer decided sentence 4: in the default layer only her decision, marked final.
    expect(await badges(page, 'ledger-1:3')).toEqual(['final1 Anon. official'])
    expect(await result(page, 'ledger-1:3').getByTestId('sentence-label').textContent()).toContain(
      'decided by Rita',
    )
    // Everyone's labels: Ana's and Ben's tags of it too, Ben's Named source among them.
    await search(page, async (form) => {
      await form.getByLabel('Whose labels', { exact: true }).selectOption('all')
    })
    await expect
      .poll(() => badges(page, 'ledger-1:3'))
      .toEqual(['final1 Anon. official', '1 Anon. official', '4 Named source'])
    expect(page.url()).toContain('layer=all')

    // The machine's suggestions of Spokesperson: dashed, and saying so.
    await search(page, async (form) => {
      await form.getByLabel('Whose labels', { exact: true }).selectOption('auto')
      await form.getByTestId('sentences-outlets').getByLabel('Daily Ledger').uncheck()
      await form.getByLabel('Label', { exact: true }).selectOption('spokesperson')
      await form.getByLabel('Status').selectOption('suggested')
    })
    await expect.poll(() => resultIds(page)).toEqual(['ledger-1:2'])
    const suggested = result(page, 'ledger-1:2').locator('.attrib-badge-suggested')
    expect(await suggested.textContent()).toBe('suggested 2 Spokesperson')
    expect(await suggested.evaluate((el) => getComputedStyle(el).borderStyle)).toBe('dashed')
    expect(await result(page, 'ledger-1:2').getByTestId('sentence-label').textContent()).toContain(
      'suggested by automatic suggestion',
    )

    // By the source's name, any part of it, any case.
    await search(page, async (form) => {
      await form.getByLabel('Label', { exact: true }).selectOption('')
      await form.getByLabel('Status').selectOption('')
      await form.getByLabel('Source’s name contains').fill('GOVERNMENT')
    })
    await expect.poll(() => resultIds(page)).toEqual(['post-1:0'])
    expect(await result(page, 'post-1:0').getByTestId('sentence-label-source').textContent()).toBe(
      ' · source: a government official',
    )

    // By text: every "ministry" highlighted, any case; 50 at first, then the rest with Load more.
    await search(page, async (form) => {
      await form.getByLabel('Source’s name contains').fill('')
      await form.getByLabel('Text contains').fill('ministry')
    })
    await expect
      .poll(() => page.getByTestId('sentences-count').textContent())
      .toBe('50 sentences shown, more to load')
    const marks = await results(page).locator('mark').allTextContents()
    expect(new Set(marks)).toEqual(new Set(['ministry', 'Ministry']))
    expect(await result(page, 'post-1:0').locator('mark').textContent()).toBe('Ministry')
    const before = await resultIds(page)
    await page.getByRole('button', { name: 'Load more' }).click()
    await expect.poll(() => results(page).count()).toBe(63)
    const after = await resultIds(page)
    expect(after.slice(0, 50)).toEqual(before)
    expect(new Set(after).size).toBe(63)
    expect(after.at(-1)).toBe('post-2:59')
    // The keyboard goes on from the first sentence added; there is no more to load.
    expect(
      await page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('data-sentence')),
    ).toBe(after[50]!.split(':')[1])
    expect(await page.getByTestId('sentences-more').count()).toBe(0)
    expect(await page.getByTestId('sentences-count').textContent()).toBe('63 sentences match these filters')

    // The CSV of the same search.
    const csvHref = await page.getByTestId('sentences-csv').getAttribute('href')
    expect(csvHref).toBe('/api/sentences?q=ministry&format=csv&all=true')
    const csv = await (await page.request.get(`${env.server.url}${csvHref}`)).text()
    expect(csv.trim().split('\n')).toHaveLength(64)

    // A title opens its article in the editor with that sentence marked; Back returns to the search.
    await search(page, async (form) => {
      await form.getByLabel('Text contains').fill('Hollis')
    })
    await expect.poll(() => resultIds(page)).toEqual(['ledger-1:1'])
    const link = result(page, 'ledger-1:1').getByRole('link')
    expect(await link.getAttribute('href')).toBe('#/a/ledger-1?s=1')
    await link.click()
    await expect.poll(() => page.url()).toContain('#/a/ledger-1?s=1')
    await expect.poll(() => page.getByTestId('focus-bar').textContent()).toContain('1 sentence marked')
    await expect.poll(() => page.locator('.sentence-text').textContent()).toContain('Jane Hollis')
    await page.goBack()
    await expect.poll(() => resultIds(page)).toEqual(['ledger-1:1'])
    expect(await page.getByLabel('Text contains').inputValue()).toBe('Hollis')

    const serious = await seriousViolations(page)
    expect(serious, `\n${describeViolations(serious)}\n`).toEqual([])
    await context.close()
  })

  it('[UI26] finds what an annotator just tagged, says in plain words when nothing matches and what is wrong with a refused filter, and works by keyboard at 125 % zoom', async () => {
    const { context, page } = await person(env.browser, 'Carla')
    // 125 % zoom of a 1,280 × 800 window.
    await page.setViewportSize({ width: 1024, height: 640 })
    // Carla tags the Ledger's second sentence Named source (key 4) in the editor.
    await page.goto(`${env.server.url}/#/a/ledger-1`)
    await page.locator('.connection[data-connection="connected"]').waitFor()
    await page.locator('.ProseMirror').focus()
    await page.keyboard.press('j')
    await expect.poll(() => page.locator('.sentence-text').textContent()).toContain('Jane Hollis')
    await page.keyboard.press('4')
    await page.locator('.ProseMirror [data-labels~="named_source"]').first().waitFor()

    // Her name typed in the annotator filter and Enter: her sentence, with her badge.
    await page.goto(`${env.server.url}/#/sentences`)
    await results(page).first().waitFor()
    await page.getByLabel('Annotator').focus()
    await page.keyboard.type('Carla')
    // Searched again (Enter) until the server has stored her tag: the search reads what is stored.
    await expect
      .poll(
        async () => {
          await page.getByLabel('Annotator').press('Enter')
          return resultIds(page)
        },
        { timeout: 20_000, interval: 500 },
      )
      .toEqual(['ledger-1:1'])
    expect(page.url()).toContain('#/sentences?annotator=Carla')
    expect(await result(page, 'ledger-1:1').getByTestId('sentence-label').allTextContents()).toEqual([
      '4 Named source by Carla',
    ])
    expect(await noSideways(page)).toBe(true)

    // By keyboard: from Search, past Clear filters and the CSV link, to the sentence; Enter opens it.
    await page.getByRole('button', { name: 'Search' }).focus()
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Download CSV')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#/a/ledger-1?s=1')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.url()).toContain('#/a/ledger-1?s=1')
    await page.goBack()
    await expect.poll(() => resultIds(page)).toEqual(['ledger-1:1'])

    // Nothing found: said in plain words, with what to try.
    await page.getByLabel('Text contains').fill('zzzz-nowhere')
    await page.getByLabel('Text contains').press('Enter')
    const empty = page.getByTestId('sentences-empty')
    await expect.poll(() => empty.count()).toBe(1)
    expect(await empty.textContent()).toContain('No sentence matches these filters.')
    expect(await page.getByTestId('sentences-count').textContent()).toBe('No sentences match these filters')
    expect(await results(page).count()).toBe(0)
    expect(await page.getByTestId('sentences-csv').count()).toBe(0)
    let serious = await seriousViolations(page)
    expect(serious, `\n${describeViolations(serious)}\n`).toEqual([])

    // A period the server refuses (400, `where: query.from`): said beside the dates, From marked invalid.
    await page.goto(`${env.server.url}/#/sentences?from=2024-11-10&to=2024-11-01`)
    const problem = page.getByTestId('sentences-problem-from')
    await expect
      .poll(() => problem.textContent())
      .toBe('The period starts after it ends: choose a From date on or before the To date (2024-11-01).')
    const from = page.getByLabel('From', { exact: true })
    expect(await from.getAttribute('aria-invalid')).toBe('true')
    expect(await from.getAttribute('aria-describedby')).toBe('sentences-problem-from')
    expect(await page.getByTestId('sentences-dates').textContent()).toContain(
      'The period starts after it ends',
    )
    expect(await results(page).count()).toBe(0)
    expect(await noSideways(page)).toBe(true)
    serious = await seriousViolations(page)
    expect(serious, `\n${describeViolations(serious)}\n`).toEqual([])
    // Mended, the search runs and the message goes.
    await from.fill('2024-11-01')
    await page.getByLabel('To', { exact: true }).fill('2024-11-30')
    await from.press('Enter')
    await expect.poll(() => resultIds(page)).toContain('ledger-1:0')
    expect(await problem.count()).toBe(0)
    expect(await from.getAttribute('aria-invalid')).toBeNull()
    await context.close()
  })

  it('[UI27] a source’s page finds its sentences: the search by its name, with the period it shows', async () => {
    const { context, page } = await person(env.browser, 'Reader')
    await page.goto(`${env.server.url}/#/sources/dmitry-peskov`)
    const find = page.getByTestId('source-find-sentences')
    await find.waitFor()
    await find.click()
    await expect.poll(() => page.url()).toMatch(/#\/sentences\?source=Dmitry\+Peskov$/)
    await expect.poll(() => resultIds(page)).toEqual(['001_b540a2e8dbf5a36d:13', '001_b540a2e8dbf5a36d:14'])
    expect(await page.getByLabel('Source’s name contains').inputValue()).toBe('Dmitry Peskov')
    for (const sources of await results(page).getByTestId('sentence-label-source').allTextContents())
      expect(sources).toBe(' · source: Dmitry Peskov')
    // From a period's page, the same period.
    await page.goto(`${env.server.url}/#/sources/elon-musk?from=2024-10-01&to=2024-10-31`)
    await page.getByTestId('source-find-sentences').click()
    await expect
      .poll(() => page.url())
      .toMatch(/#\/sentences\?source=Elon\+Musk&from=2024-10-01&to=2024-10-31$/)
    await expect.poll(() => results(page).count()).toBeGreaterThan(0)
    for (const meta of await results(page).getByTestId('sentence-result-meta').allTextContents())
      expect(meta).toContain('2024-10-25')
    await context.close()
  })
})

/** Whether the page fits its window's width (it never scrolls sideways). */
function noSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1)
}
