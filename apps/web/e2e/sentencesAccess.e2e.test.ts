import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { setupServerAndBrowser, signToken } from './harness'

const SECRET = 'e2e-sentences-secret-of-at-least-32-characters'
const ARTICLE = '001_b540a2e8dbf5a36d'

// Sign-in on: the seeds, no annotations; viewers may search, an invite to one article may not (server SQ2).
const env = setupServerAndBrowser({ AUTH_SECRET: SECRET, AUTH_PASSPHRASE: 'a passphrase nobody types' })

/** A new browser context signed in through an invite link for `claims`. */
async function invited(claims: { sub: string; role: string; doc?: string }): Promise<Page> {
  const context = await env.browser.newContext()
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error('page error:', e))
  await page.goto(`${env.server.url}/#/invite/${signToken(SECRET, claims)}`)
  await page.getByTestId('account').waitFor()
  return page
}

describe('who may search the sentences', () => {
  it('[UI26] a viewer searches the corpus; an invite limited to one article is told that searching is not open to it', async () => {
    const viewer = await invited({ sub: 'Vic', role: 'viewer' })
    await viewer.goto(`${env.server.url}/#/sentences?q=Kremlin`)
    await expect.poll(() => viewer.getByTestId('sentence-result').count()).toBeGreaterThan(0)
    for (const text of await viewer.getByTestId('sentence-result-text').allTextContents())
      expect(text.toLowerCase()).toContain('kremlin')
    await viewer.context().close()

    const scoped = await invited({ sub: 'Sam', role: 'annotator', doc: ARTICLE })
    await expect.poll(() => scoped.url()).toContain(`#/a/${ARTICLE}`)
    await scoped.goto(`${env.server.url}/#/sentences`)
    await expect
      .poll(() => scoped.getByTestId('sentences-error').textContent())
      .toBe('Your invite opens one article only: searching the whole corpus is not open to it.')
    expect(await scoped.getByTestId('sentence-result').count()).toBe(0)
    await scoped.context().close()
  })
})
