import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { createLongArticle, person, setupServerAndBrowser } from './harness'

const env = setupServerAndBrowser()

const ARTICLE = 'steps-long'
const PARAGRAPHS = 3000
/** The paragraphs tagged and written in while a second editor is being built. */
const TAGGED = 2500
const WRITTEN = 2600

/** What {@link buildWhileChanging} saw of the second editor. */
interface Built {
  /** Paragraphs in the view at each pause while it was being created (before it went live). */
  viewSteps: number[]
  /** Paragraphs in the finished editor. */
  paragraphs: number
  /** The changed paragraph's text and its highlights (`labels:text`, badges included). */
  text: string
  highlights: string[]
  /** Whether a key pressed on the finished editor tagged (it is the live editor, bound to Yjs). */
  tagged: boolean
}

/**
 * Builds a second editor of the article open in `page` (its `buildAttributionEditor`, from the page's own
 * editor chunk, on the same Y.Doc) and, at the second pause after its view exists but before it went live
 * (the view being given its paragraphs), changes the article through the page's live editor: tags the
 * second sentence of paragraph `changed` (`tag`) or writes before it (`text`).
 */
function buildWhileChanging(page: Page, change: 'tag' | 'text', changed: number): Promise<Built> {
  // No named functions in here: the bundler's helper for their names does not exist in the page.
  return page.evaluate(
    async ({ change, changed }) => {
      type PageEditor = {
        view: {
          dom: HTMLElement
          state: { selection: { head: number }; tr: { insertText(t: string, at: number): unknown } }
          dispatch(tr: unknown): void
        }
        context: { ydoc: unknown }
        goToSentence(i: number): boolean
        toggleLabel(label: string): boolean
        setMode(mode: string): void
        destroy(): void
      }
      const live = (window as unknown as { attribEditor: PageEditor }).attribEditor
      const url = performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .find((name) => /\/assets\/editorCode-[^/]*\.js$/.test(name))!
      // Not `import()` itself: the test runner rewrites it in the functions it compiles.
      const load = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>
      const code = (await load(url)) as {
        buildAttributionEditor(options: Record<string, unknown>): Promise<PageEditor>
      }
      const taxonomy = await (await fetch('/api/taxonomy')).json()
      const mount = document.createElement('div')
      const viewSteps: number[] = []
      let done = false
      const editor = await code.buildAttributionEditor({
        mount,
        ydoc: live.context.ydoc,
        taxonomy,
        annotator: 'Second',
        pause: async () => {
          await new Promise((resolve) => setTimeout(resolve, 0))
          // The view exists and is not yet the editor's (it is not editable until the editor starts).
          const building = mount.querySelector('.ProseMirror[contenteditable="false"]')
          if (!building) return
          viewSteps.push(building.getElementsByTagName('p').length)
          if (done || viewSteps.length < 2) return
          done = true
          live.goToSentence(2 * changed + 1)
          if (change === 'tag') live.toggleLabel('anonymous_official')
          else {
            live.setMode('edit')
            live.view.dispatch(
              live.view.state.tr.insertText('Written meanwhile. ', live.view.state.selection.head),
            )
            live.setMode('annotate')
          }
        },
      })
      const p = editor.view.dom.getElementsByTagName('p')[changed]!
      const highlights = [...p.querySelectorAll('[data-labels]')].map(
        (e) => `${e.getAttribute('data-labels')}:${e.textContent}`,
      )
      // A key on the first sentence of the paragraph before the changed one.
      editor.goToSentence(2 * (changed - 1))
      editor.view.dom.dispatchEvent(new KeyboardEvent('keydown', { key: '2', code: 'Digit2', bubbles: true }))
      await new Promise((resolve) => setTimeout(resolve, 50))
      const before = editor.view.dom.getElementsByTagName('p')[changed - 1]!
      const built = {
        viewSteps,
        paragraphs: editor.view.dom.getElementsByTagName('p').length,
        text: p.textContent ?? '',
        highlights,
        tagged: before.querySelector('[data-labels~="spokesperson"]') !== null,
      }
      editor.destroy()
      return built
    },
    { change, changed },
  )
}

describe('the editor built in steps', () => {
  beforeAll(async () => {
    await createLongArticle(env.server.url, ARTICLE, PARAGRAPHS)
  })

  async function openLive(): Promise<Page> {
    const { page } = await person(env.browser, 'Alice')
    await page.goto(`${env.server.url}/#/a/${ARTICLE}`)
    await page.waitForFunction(
      () => (window as { attribEditor?: unknown }).attribEditor !== undefined,
      null,
      {
        timeout: 30_000,
      },
    )
    return page
  }

  it('[OPEN3] the view is given its paragraphs a few at a time; a tag made meanwhile is drawn when the editor is done', async () => {
    const page = await openLive()
    const built = await buildWhileChanging(page, 'tag', TAGGED)
    // Several steps, each with more paragraphs, before the editor started.
    expect(built.viewSteps.length).toBeGreaterThan(2)
    expect(built.viewSteps[0]).toBeLessThan(PARAGRAPHS)
    expect([...built.viewSteps].sort((a, b) => a - b)).toEqual(built.viewSteps)
    expect(built.paragraphs).toBe(PARAGRAPHS)
    expect(built.highlights).toEqual([
      `anonymous_official:Officials in paragraph ${TAGGED} declined to comment.`,
    ])
    expect(built.tagged).toBe(true)
    await page.context().close()
  }, 60_000)

  it('[OPEN3] text written while the view is given its paragraphs is in the editor when it is done', async () => {
    const page = await openLive()
    const built = await buildWhileChanging(page, 'text', WRITTEN)
    expect(built.viewSteps.length).toBeGreaterThan(2)
    expect(built.paragraphs).toBe(PARAGRAPHS)
    expect(built.text).toBe(
      `Paragraph ${WRITTEN} says the ministry agreed. Written meanwhile. Officials in paragraph ${WRITTEN} declined to comment.`,
    )
    expect(built.tagged).toBe(true)
    await page.context().close()
  }, 60_000)
})
