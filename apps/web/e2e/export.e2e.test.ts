import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { person, setupServerAndBrowser } from './harness'

const env = setupServerAndBrowser()

describe('export from the web app', () => {
  it('a tag made in the editor is in the article export and the corpus export', async () => {
    const { context, page } = await person(env.browser, 'Exporter')
    await page.goto(`${env.server.url}/#/a/001_b540a2e8dbf5a36d`)
    await page.locator('.connection[data-connection="connected"]').waitFor()
    const p = page.locator('.ProseMirror p', { hasText: 'Two officials reported' })
    await p.click({ position: { x: 40, y: 10 } })
    await page.keyboard.press('1')
    await expect
      .poll(() => p.locator('[data-labels]').first().getAttribute('data-labels'))
      .toBe('anonymous_official')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByText('Export article').click(),
    ])
    expect(download.suggestedFilename()).toBe('001_b540a2e8dbf5a36d.jsonl')
    const article = JSON.parse(readFileSync((await download.path())!, 'utf8').trim())
    const tag = article.annotations.find((a: { labels: string[] }) => a.labels.includes('anonymous_official'))
    expect([...article.text].slice(tag.start, tag.end).join('')).toMatch(/^Two officials reported/)
    expect(tag.annotator).toBe('Exporter')

    await page.goto(`${env.server.url}/#/`)
    await page.getByLabel('Export format').selectOption('sentences-csv')
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByText('Export corpus').click()])
    expect(csv.suggestedFilename()).toBe('corpus.sentences.csv')
    const rows = readFileSync((await csv.path())!, 'utf8')
      .trim()
      .split('\r\n')
    expect(rows[0]).toBe('article_id,sentence,start,end,text,labels,sources,annotators,source_ids')
    expect(rows.filter((r) => r.includes('anonymous_official'))).toHaveLength(1)
    await context.close()
  })
})
