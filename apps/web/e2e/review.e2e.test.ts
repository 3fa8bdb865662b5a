import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { person, ROOT, setupServerAndBrowser } from './harness'

const env = setupServerAndBrowser()

const ARTICLE = '001_b540a2e8dbf5a36d'

interface Coverage {
  articles: { id: string; attributed: number; unattributed: { index: number }[] }[]
}

async function coverage(query = ''): Promise<Coverage> {
  return (await (await fetch(`${env.server.url}/api/review/coverage${query}`)).json()) as Coverage
}

/** Runs `attrib ...args` as a user does and returns its stdout. */
function attrib(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'apps/cli/src/main.ts'), ...args],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    )
  })
}

describe('review dashboard', () => {
  it('shows an article’s figures and follows a tag made in the editor live, without a reload', async () => {
    const before = (await coverage()).articles.find((a) => a.id === ARTICLE)!
    const untagged = before.unattributed[0]!.index

    const reviewer = await person(env.browser, 'Reviewer')
    await reviewer.page.goto(`${env.server.url}/#/review`)
    const attributed = reviewer.page.getByTestId(`article-attributed-${ARTICLE}`)
    await expect.poll(() => attributed.textContent()).toBe(String(before.attributed))
    await reviewer.page.locator('[data-testid="review-live"][data-live="live"]').waitFor()
    const corpusAttributed = Number(await reviewer.page.getByTestId('corpus-attributed').textContent())
    // Click-through links point at the sentences each figure stands for.
    const unattributedLink = reviewer.page.getByTestId(`article-unattributed-${ARTICLE}`)
    expect(await unattributedLink.getAttribute('href')).toBe(
      `#/a/${ARTICLE}?s=${before.unattributed.map((u) => u.index).join(',')}`,
    )
    expect(
      await reviewer.page.getByTestId(`article-row-${ARTICLE}`).locator('a').first().getAttribute('href'),
    ).toBe(`#/a/${ARTICLE}`)
    expect(await reviewer.page.locator('[data-testid="chart-unattributed"] svg a').count()).toBeGreaterThan(0)
    // Sorting by a measure reorders the table.
    await reviewer.page.getByTestId('sort-sentences').click()
    await expect
      .poll(() => reviewer.page.getByTestId('sort-sentences').getAttribute('aria-sort'))
      .toBe('descending')

    // A second person tags the first untagged sentence with "Media report" (key 5).
    const tagger = await person(env.browser, 'Tagger')
    await tagger.page.goto(`${env.server.url}/#/a/${ARTICLE}`)
    await tagger.page.locator('.connection[data-connection="connected"]').waitFor()
    await tagger.page.locator('.ProseMirror').focus()
    for (let i = 0; i < untagged; i++) await tagger.page.keyboard.press('j')
    await tagger.page.keyboard.press('5')

    const navigations: string[] = []
    reviewer.page.on('framenavigated', (frame) => navigations.push(frame.url()))
    await expect.poll(() => attributed.textContent(), { timeout: 10_000 }).toBe(String(before.attributed + 1))
    expect(Number(await reviewer.page.getByTestId('corpus-attributed').textContent())).toBe(
      corpusAttributed + 1,
    )
    expect(navigations).toEqual([])
    const after = (await coverage()).articles.find((a) => a.id === ARTICLE)!
    expect(after.unattributed.map((u) => u.index)).not.toContain(untagged)

    await reviewer.context.close()
    await tagger.context.close()
  })

  it('filters by outlet and annotator through the API query', async () => {
    const { context, page } = await person(env.browser, 'Reviewer')
    const requests: string[] = []
    page.on('request', (r) => {
      if (r.url().includes('/api/review/coverage')) requests.push(new URL(r.url()).search)
    })
    await page.goto(`${env.server.url}/#/review`)
    await page.getByTestId('corpus-articles').waitFor()
    const annotators = await page.getByTestId('filter-annotator').locator('option').allTextContents()
    expect(annotators).toContain('Tagger')
    await page.getByTestId('filter-annotator').selectOption('Tagger')
    await expect.poll(() => requests.at(-1)).toBe('?annotator=Tagger')
    await expect.poll(() => page.getByTestId(`article-attributed-${ARTICLE}`).textContent()).toBe('1')
    // The seeds have no outlet: they are listed under "(none)".
    await page.getByTestId('filter-outlet').selectOption('(none)')
    await expect.poll(() => requests.at(-1)).toBe('?outlet=%28none%29&annotator=Tagger')
    await expect.poll(() => page.getByTestId('corpus-articles').textContent()).toBe('2')
    await page.getByTestId('filter-from').fill('2030-01-01')
    await expect.poll(() => page.getByTestId('corpus-articles').textContent()).toBe('0')
    // The address carries the filters: a reload (or a shared link) shows the same view.
    expect(page.url()).toContain('#/review?outlet=%28none%29&annotator=Tagger&from=2030-01-01')
    await page.reload()
    await expect.poll(() => page.getByTestId('corpus-articles').textContent()).toBe('0')
    expect(await page.getByTestId('filter-annotator').inputValue()).toBe('Tagger')
    await context.close()
  })

  it('[CP7] `attrib coverage --format json` gives what the API answers, with texts only when asked', async () => {
    for (const query of ['', '?annotator=Tagger', '?from=2024-01-01&to=2024-12-31'])
      for (const text of [false, true]) {
        const args = ['coverage', '--format', 'json', '--data', env.server.dataDir]
        const params = new URLSearchParams(query)
        for (const [key, value] of params) args.push(`--${key}`, value)
        if (text) args.push('--text')
        const cli = JSON.parse(await attrib(args))
        expect(cli).toEqual(await coverage(`${query || '?'}${query ? '&' : ''}text=${text}`))
      }
  })
})
