/**
 * What the read model's sentence rows (SPEC ST32) cost a live room: a room writes its article's view at
 * most once a second while it is edited (WS18), and the rows go with it. Times, on a SQLite file:
 *
 * - computing the view of a snapshot (`articleView`: JSON, digest and rows);
 * - writing it with its rows, and the same view without rows (what the store did before the rows);
 *
 * for a news-length article (30 sentences) and a very long one (about 10,000 sentences), each labelled.
 *
 *   npx tsx bench/viewRows.bench.ts [--runs 30]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { addAnnotationsAtOffsets, buildArticleDoc, readArticle } from '@attrib/core'
import { articleView, SqliteStore } from '../packages/store/src/index'
import { largeArticle, percentile } from './generate'

const runsArg = process.argv.indexOf('--runs')
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 30

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'attrib-viewrows-'))
  const store = new SqliteStore(join(dir, 'attrib.sqlite'))
  console.log(`## View rows — ${RUNS} runs each, load average ${loadavg()[0]!.toFixed(1)}\n`)
  console.log('| article | compute view (ms, median) | write with rows (ms) | write without rows (ms) |')
  console.log('| --- | --- | --- | --- |')
  try {
    for (const [paragraphs, per] of [
      [6, 5],
      [2000, 5],
    ] as const) {
      const { input, annotations, sentences } = largeArticle(`v${paragraphs}`, paragraphs, per, 1_000_000)
      const doc = buildArticleDoc(input)
      addAnnotationsAtOffsets(doc, annotations)
      await store.createArticle(input)
      const snapshot = readArticle(doc)
      const compute: number[] = []
      const withRows: number[] = []
      const without: number[] = []
      for (let r = 0; r < RUNS; r++) {
        let t = performance.now()
        const view = articleView(snapshot, r + 1)
        compute.push(performance.now() - t)
        t = performance.now()
        await store.writeView(input.meta.id, { ...view, seq: 2 * r + 1 })
        withRows.push(performance.now() - t)
        t = performance.now()
        await store.writeView(input.meta.id, { ...view, seq: 2 * r + 2, rows: undefined })
        without.push(performance.now() - t)
      }
      const med = (xs: number[]) => percentile(xs, 50).toFixed(2)
      console.log(
        `| ${sentences.toLocaleString('en')} sentences, ${annotations.length.toLocaleString('en')} labelled | ` +
          `${med(compute)} | ${med(withRows)} | ${med(without)} |`,
      )
      doc.destroy()
    }
  } finally {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
