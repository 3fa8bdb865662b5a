import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { setupServerAndBrowser, signToken } from './harness'

const SECRET = 'e2e-auth-secret-of-at-least-32-characters'
const PASSPHRASE = 'correct horse battery staple'
const ARTICLE = '001_b540a2e8dbf5a36d'
const OTHER_ARTICLE = '000_cdf3ea4d863409f1'

const env = setupServerAndBrowser({ AUTH_SECRET: SECRET, AUTH_PASSPHRASE: PASSPHRASE })

/**
 * An HS256 token as `attrib token` mints it (claims `sub`, `role`, `doc`), signed here with node:crypto
 * so that the test does not share the server's JWT code.
 */
function mintToken(claims: { sub: string; role: string; doc?: string; exp?: number }): string {
  return signToken(SECRET, claims)
}

async function newPage(): Promise<Page> {
  const context = await env.browser.newContext()
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error('page error:', e))
  return page
}

/** The number of sentences carrying any label in the editor. */
const taggedCount = (page: Page) => page.locator('.ProseMirror [data-labels]:not([data-labels=""])').count()

describe('sign-in', () => {
  it('the API and the session say sign-in is required', async () => {
    expect((await fetch(`${env.server.url}/api/articles`)).status).toBe(401)
    expect(await (await fetch(`${env.server.url}/api/session`)).json()).toEqual({ auth: true, user: null })
  })

  it('a wrong passphrase is refused; the right one opens the list and an article, and tagging works', async () => {
    const page = await newPage()
    await page.goto(`${env.server.url}/#/`)
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    expect(await page.locator('table.articles').count()).toBe(0)

    await page.getByLabel('Your name').fill('Signe')
    await page.getByLabel('Project passphrase').fill('wrong passphrase')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toContain('not accepted')

    await page.getByLabel('Project passphrase').fill(PASSPHRASE)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.locator('table.articles').waitFor()
    expect(await page.getByTestId('account').textContent()).toMatch(/Signe\s*annotator/)
    expect(await page.getByTitle('Change your name').count()).toBe(0)
    expect(await page.getByText('Import articles…').count()).toBe(1)

    await page.locator(`a[href="#/a/${ARTICLE}"]`).click()
    await page.locator('.connection[data-connection="connected"]').waitFor()
    expect(await page.getByTestId('view-only').count()).toBe(0)
    const before = await taggedCount(page)
    await page.locator('.ProseMirror').focus()
    await page.keyboard.press('5')
    await expect.poll(() => taggedCount(page)).toBe(before + 1)
    // The server stored the tag under the session's name (the page's fetch carries the cookie).
    await expect
      .poll(() =>
        page.evaluate(async (id) => {
          const res = await fetch(`/api/articles/${id}`)
          const snapshot = (await res.json()) as { annotations: { annotator: string }[] }
          return snapshot.annotations.map((a) => a.annotator)
        }, ARTICLE),
      )
      .toContain('Signe')

    // Signing out forgets the cookie: the sign-in page again.
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await page.context().close()
  })

  it("a viewer's invite link opens its article read-only", async () => {
    const page = await newPage()
    await page.goto(`${env.server.url}/#/invite/${mintToken({ sub: 'Vera', role: 'viewer', doc: ARTICLE })}`)
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/a/${ARTICLE}`)
    await page.getByTestId('view-only').waitFor()
    expect(await page.getByTestId('account').textContent()).toMatch(/Vera\s*viewer/)
    await page.locator('.connection[data-connection="connected"]').waitFor()
    await page.locator('.ProseMirror p').first().waitFor()
    expect(await page.getByTestId('suggest-all').count()).toBe(0)
    expect(await page.getByTestId('independent-mode').count()).toBe(0)
    expect(await page.locator('.ProseMirror').getAttribute('contenteditable')).toBe('false')

    // The same key that tags for an annotator (above) does nothing for a viewer.
    const before = await taggedCount(page)
    await page.locator('.ProseMirror p').first().click()
    await page.keyboard.press('5')
    await page.keyboard.press('1')
    await page.locator('.legend-item[data-label="quote"]').click()
    await page.waitForTimeout(500)
    expect(await taggedCount(page)).toBe(before)

    // The token allows one article: another one is refused by the server, and said so.
    await page.goto(`${env.server.url}/#/a/${OTHER_ARTICLE}`)
    await expect
      .poll(() => page.getByTestId('denied').textContent())
      .toContain("You don't have access to this article")
    await page.context().close()
  })

  it('a session that stops being valid sends the editor back to sign-in instead of retrying', async () => {
    const page = await newPage()
    await page.goto(`${env.server.url}/#/invite/${mintToken({ sub: 'Ann', role: 'annotator' })}`)
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/')
    await page.locator('table.articles').waitFor()
    // The cookie goes bad behind the app's back (as when the secret is changed on the server): the
    // next article's websocket is closed with 4401.
    await page.context().addCookies([{ name: 'attrib_token', value: 'revoked', url: env.server.url }])
    await page.evaluate((id) => {
      location.hash = `#/a/${id}`
    }, ARTICLE)
    await expect
      .poll(() => page.getByTestId('denied').textContent())
      .toContain('Your session has expired — sign in again')
    await page.getByTestId('denied').getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    expect(await page.getByText('Your session has expired').count()).toBe(1)
    await page.context().close()
  })

  it('an annotator whose change the server refuses is told why, and that it was not saved', async () => {
    const page = await newPage()
    await page.goto(`${env.server.url}/#/invite/${mintToken({ sub: 'Rae', role: 'annotator' })}`)
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/')
    await page.evaluate((id) => {
      location.hash = `#/a/${id}`
    }, ARTICLE)
    await page.locator('.ProseMirror p').first().waitFor()
    // What only a reviewer may do, sent from the page's own document (the editor offers no such command).
    await page.evaluate(() => {
      type Doc = { getMap(name: string): { set(key: string, value: unknown): void } }
      const editor = (window as unknown as { attribEditor: { undoManager: { doc: Doc } } }).attribEditor
      editor.undoManager.doc.getMap('meta').set('review', 'independent')
    })
    await expect
      .poll(() => page.getByTestId('denied').textContent())
      .toContain('The server refused a change from this page (only a reviewer may do this')
    expect(await page.getByTestId('denied').getByRole('button', { name: 'Reload' }).count()).toBe(1)
    await page.context().close()
  })

  it('an invalid or expired invite link says so', async () => {
    const page = await newPage()
    await page.goto(`${env.server.url}/#/invite/not-a-token`)
    await expect
      .poll(() => page.getByTestId('invite-error').textContent())
      .toContain('invalid or has expired')

    const expired = mintToken({ sub: 'Old', role: 'annotator', exp: Math.floor(Date.now() / 1000) - 60 })
    await page.goto(`${env.server.url}/#/invite/${expired}`)
    await page.reload()
    await expect
      .poll(() => page.getByTestId('invite-error').textContent())
      .toContain('invalid or has expired')
    expect(await page.locator('table.articles').count()).toBe(0)
    await page.context().close()
  })
})
