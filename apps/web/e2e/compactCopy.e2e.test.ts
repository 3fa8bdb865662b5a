import { getArticleFragment, getMetaMap } from '@attrib/core'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createLongArticle, person, setupServerAndBrowser } from './harness'

const env = setupServerAndBrowser()

const ARTICLE = 'compact-long'
/** Paragraphs enough for the document to be over 200 KB (a "large" row when kept whole). */
const PARAGRAPHS = 3000
/** A row at least this large is cut by the worker before it is applied (`applyInSlices.ts`). */
const LARGE_ROW = 200_000
/** Structs in a slice (`sliceUpdate.ts`). */
const STRUCTS_PER_SLICE = 1000

/** The rows of the browser's copy of `id`, in key order (bytes as arrays, to leave the page). */
function readRows(page: Page, id: string): Promise<number[][]> {
  return page.evaluate(
    (name) =>
      new Promise<number[][]>((resolve, reject) => {
        const open = indexedDB.open(name)
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const db = open.result
          const all = db.transaction('updates').objectStore('updates').getAll()
          all.onsuccess = () => {
            db.close()
            resolve((all.result as Uint8Array[]).map((row) => Array.from(row)))
          }
          all.onerror = () => reject(all.error)
        }
      }),
    `attrib:${id}`,
  )
}

/** Replaces every row of the browser's copy of `id` with `rows`. */
function writeRows(page: Page, id: string, rows: Uint8Array[]): Promise<void> {
  return page.evaluate(
    ({ name, rows }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name)
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const db = open.result
          const transaction = db.transaction('updates', 'readwrite')
          const store = transaction.objectStore('updates')
          store.clear()
          for (const row of rows) store.add(new Uint8Array(row))
          transaction.oncomplete = () => {
            db.close()
            resolve()
          }
          transaction.onerror = () => reject(transaction.error)
        }
      }),
    { name: `attrib:${id}`, rows: rows.map((row) => Array.from(row)) },
  )
}

/** Structs in a row (an update). */
function structsOf(row: number[]): number {
  return Y.decodeUpdate(Uint8Array.from(row)).structs.length
}

/** The document that `rows` make. */
function documentOf(rows: (Uint8Array | number[])[]): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.mergeUpdates(rows.map((row) => Uint8Array.from(row))))
  return doc
}

describe("the browser's copy of an article", () => {
  it('[OPEN6] a copy kept in one large row, or in 500 rows and more, is compacted in a worker into rows of one slice, and holds the same document', async () => {
    const paragraphs = await createLongArticle(env.server.url, ARTICLE, PARAGRAPHS)

    const alice = await person(env.browser, 'Alice')
    const last = paragraphs[PARAGRAPHS - 1]!.split('. ')[1]!
    await alice.page.goto(`${env.server.url}/#/a/${ARTICLE}`)
    await alice.page.locator('.ProseMirror p', { hasText: last }).waitFor({ timeout: 30_000 })
    await alice.page.locator('.connection[data-connection="connected"]').waitFor()
    await expect
      .poll(async () => (await readRows(alice.page, ARTICLE)).length, { timeout: 10_000 })
      .toBeGreaterThan(0)
    // The open's rows: one per slice of the server's document.
    await alice.page.waitForTimeout(1500)
    const first = await readRows(alice.page, ARTICLE)
    expect(Math.max(...first.map(structsOf))).toBeLessThanOrEqual(STRUCTS_PER_SLICE)

    // What y-indexeddb's own compaction made: the whole document in one row; then 520 more rows, of a
    // client that changed the article's title each time (the last title stays).
    const whole = Y.mergeUpdates(first.map((r) => Uint8Array.from(r)))
    expect(whole.length).toBeGreaterThan(LARGE_ROW)
    const other = documentOf([whole])
    const changes: Uint8Array[] = []
    other.on('update', (u: Uint8Array) => changes.push(u))
    for (let i = 0; i <= 520; i++) getMetaMap(other).set('title', `A long article (${i})`)
    await alice.page.goto(`${env.server.url}/#/`)
    await alice.page.locator('table.articles').waitFor()
    await writeRows(alice.page, ARTICLE, [whole, ...changes])

    // Opened again: the copy is read, the article shown, and the copy compacted some seconds later, when the
    // page is idle.
    await alice.page.goto(`${env.server.url}/#/a/${ARTICLE}`)
    await alice.page.locator('.ProseMirror p', { hasText: last }).waitFor({ timeout: 30_000 })
    await expect
      .poll(
        async () => {
          const rows = await readRows(alice.page, ARTICLE)
          return rows.length < 500 && rows.every((r) => structsOf(r) <= STRUCTS_PER_SLICE)
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true)
    const compacted = await readRows(alice.page, ARTICLE)
    expect(compacted.length).toBeGreaterThan(1)

    // The same document: text, title and what the open added since.
    const kept = documentOf(compacted)
    const expected = documentOf([whole, ...changes])
    expect(getArticleFragment(kept).toString()).toBe(getArticleFragment(expected).toString())
    expect(getMetaMap(kept).get('title')).toBe('A long article (520)')
    for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(expected)))
      expect(Y.decodeStateVector(Y.encodeStateVector(kept)).get(client) ?? 0).toBeGreaterThanOrEqual(clock)
    await expect.poll(() => alice.page.locator('h1').first().textContent()).toContain('(520)')

    // And a reload reads the compacted copy back.
    await alice.page.reload()
    await alice.page.locator('.ProseMirror p', { hasText: last }).waitFor({ timeout: 30_000 })
    await alice.context.close()
  }, 120_000)
})
