import { join } from 'node:path'
import axe from 'axe-core'
import type { Page } from 'playwright-core'
import { importIntoStore, ROOT } from './harness'

/** The demo story: both seed articles annotated by Ana and Ben (`seeds/demo`, see the README). */
export const DEMO_STORY = join(ROOT, 'seeds/demo/musk-putin-two-annotators.jsonl')

/** The demo story's two articles (the seeds' ids). */
export const DEMO_ARTICLES = ['001_b540a2e8dbf5a36d', '000_cdf3ea4d863409f1'] as const

/**
 * Imports the demo story into the store at `dataDir` with the CLI, as the README says. An empty store
 * gets the seeds on the server's first start; the demo holds the same two articles, annotated.
 */
export function importDemo(dataDir: string): void {
  importIntoStore(dataDir, DEMO_STORY)
}

/** One screen of the web app, opened in the state a person would look at it. */
export interface Screen {
  /** What a person calls it, for test names and messages. */
  name: string
  /** The screenshot's file name in `docs/screenshots/`. */
  file: string
  /** The address after the server's URL. */
  hash: string
  /** An element that shows the screen has drawn its data. */
  ready: string
  /** Puts the screen in the state to look at once `ready` is there. */
  prepare?: (page: Page) => Promise<void>
}

const [A, B] = DEMO_ARTICLES

/**
 * The screens on a store holding the demo story, in the order a person meets them: used by the
 * accessibility check (apps/web/SPEC.md, UI10) and by `apps/web/scripts/screenshots.ts`.
 */
export const SCREENS: readonly Screen[] = [
  { name: 'article list', file: 'article-list.png', hash: '#/', ready: 'table.articles tbody tr' },
  {
    name: 'editor',
    file: 'editor.png',
    hash: `#/a/${A}`,
    ready: '.ProseMirror [data-labels]',
    // Ana's and Ben's labels are drawn; "Suggest all" adds dashed suggestions, and the cursor goes to
    // the first one so that the side panel shows the suggestion and its reason.
    prepare: async (page) => {
      await page.locator('.connection[data-connection="connected"]').waitFor()
      await page.getByTestId('suggest-all').click()
      const suggested = page.locator('.ProseMirror .attrib-has-suggestion').first()
      await suggested.waitFor()
      await suggested.click()
      await page.getByTestId('side-panel').getByText('why:').first().waitFor()
    },
  },
  {
    name: 'review dashboard',
    file: 'dashboard.png',
    hash: '#/review',
    ready: '[data-testid="review-live"][data-live="live"]',
  },
  {
    name: 'adjudication screen',
    file: 'adjudication.png',
    hash: `#/adjudicate/${A}`,
    ready: '[data-testid="adj-summary"]',
    prepare: async (page) => {
      await page.locator('.adj-table').first().waitFor()
    },
  },
  {
    name: 'comparison screen',
    file: 'comparison.png',
    hash: `#/compare?ids=${A},${B}`,
    ready: 'table.compare-claims tbody tr',
  },
  { name: 'source types page', file: 'labels.png', hash: '#/labels', ready: 'main.labels-page fieldset' },
  {
    name: 'sentence search',
    file: 'sentences.png',
    // Every annotator's anonymous officials, the word "official" marked in their text.
    hash: '#/sentences?label=anonymous_official&q=official&layer=all',
    ready: '[data-testid="sentence-result"]',
  },
]

/** Opens `screen` of the app at `url` and waits until it is drawn and prepared. */
export async function openScreen(page: Page, url: string, screen: Screen): Promise<void> {
  await page.goto(`${url}/${screen.hash}`)
  await page.locator(screen.ready).first().waitFor()
  await screen.prepare?.(page)
  // Let charts and late layout settle.
  await page.waitForTimeout(300)
}

/** What axe reports of one violation, enough to find and fix it. */
export interface Violation {
  id: string
  impact: string
  help: string
  helpUrl: string
  targets: string[]
}

/** The serious and critical accessibility violations axe-core finds on the page as it is. */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ content: axe.source })
  const violations = await page.evaluate(async () => {
    const results = await (window as unknown as { axe: typeof axe }).axe.run(document)
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }))
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

/** One line per violation, then one indented line per element it was found on. */
export function describeViolations(violations: readonly Violation[]): string {
  return violations
    .map(
      (v) => `${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n${v.targets.map((t) => `    ${t}`).join('\n')}`,
    )
    .join('\n')
}
