import { describe, expect, it } from 'vitest'
import { person, setupServerAndBrowser } from './harness'

const env = setupServerAndBrowser()

// Imported HTML is untrusted: scripts, event handlers and javascript: links must never run, wherever the
// article is shown (SPEC limits; THREAT_MODEL "hostile article content").
const HOSTILE = `<html><head><title>Hostile</title><script>window.__pwned = 'head script'</script></head><body>
<h1 onmouseover="window.__pwned = 'h1 handler'">Officials said it was fine</h1>
<p>An official said <img src="x" onerror="window.__pwned = 'img onerror'"> the plan was ready.
<a href="javascript:window.__pwned = 'link'">A spokesman</a> denied it.</p>
<p>Text that looks like markup stays text: &lt;img src=x onerror=alert(1)&gt; and &lt;script&gt;alert(2)&lt;/script&gt;.</p>
<script>window.__pwned = 'body script'</script>
<svg onload="window.__pwned = 'svg onload'"><text>svg</text></svg>
<iframe srcdoc="<script>parent.__pwned = 'iframe'</script>"></iframe>
</body></html>`

describe('hostile HTML', () => {
  it('an imported article with <script>, onerror and javascript: links never runs any of it', async () => {
    const created = await fetch(`${env.server.url}/api/articles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'hostile', text: HOSTILE, format: 'html', fileName: 'hostile.html' }),
    })
    expect(created.status).toBe(201)

    const { context, page } = await person(env.browser, 'Checker')
    const dialogs: string[] = []
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    for (const path of ['/#/', '/#/a/hostile', '/#/review', '/#/compare?ids=hostile,000_cdf3ea4d863409f1']) {
      await page.goto(`${env.server.url}${path}`)
      await page
        .getByText(/Officials said it was fine|Hostile/)
        .first()
        .waitFor()
      // Give anything that would run (image errors, handlers fired by rendering) a moment.
      await page.waitForTimeout(300)
      expect(await page.evaluate(() => (window as { __pwned?: string }).__pwned), path).toBeUndefined()
    }
    // In the editor: hover and click everything, the text that looks like markup is shown as text.
    await page.goto(`${env.server.url}/#/a/hostile`)
    const editor = page.locator('.ProseMirror')
    await editor.getByText(/An official said/).hover()
    await editor.getByText(/A spokesman/).click()
    await page.waitForTimeout(300)
    expect(await page.evaluate(() => (window as { __pwned?: string }).__pwned)).toBeUndefined()
    expect(await editor.textContent()).toContain('<img src=x onerror=alert(1)>')
    expect(await editor.locator('img, script, iframe, svg, a[href^="javascript:"]').count()).toBe(0)
    expect(dialogs).toEqual([])
    await context.close()
  })
})
