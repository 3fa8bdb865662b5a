/**
 * What the read model's sentence rows (SPEC ST32) cost a live room: a room writes its article's view at
 * most once a second while it is edited (WS18), and the rows go with it. Times, on a SQLite file:
 *
 * - the view without rows, computed and written (what the store did before the rows);
 * - computing the rows (`sentenceRows`);
 * - writing the view with its rows after one more tag, as a live room does (only changed rows written);
 * - writing it with every row (the first write, or after another process wrote the view);
 *
 * for a news-length article (30 sentences) and a very long one (about 10,000 sentences), each labelled.
 *
 *   npx tsx bench/viewRows.bench.ts [--runs 30]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { addAnnotationsAtOffsets, buildArticleDoc, readArticle } from '@attrib/core'
import { articleView, SqliteStore, sentenceRows } from '../packages/store/src/index'
import { largeArticle, percentile } from './generate'

const runsArg = process.argv.indexOf('--runs')
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 30

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'attrib-viewrows-'))
  // One store per way of writing, so that each way meets the state it would meet in use.
  const live = new SqliteStore(join(dir, 'live.sqlite'))
  const full = new SqliteStore(join(dir, 'full.sqlite'))
  const bare = new SqliteStore(join(dir, 'bare.sqlite'))
  console.log(`## View rows — ${RUNS} runs each, load average ${loadavg()[0]!.toFixed(1)}\n`)
  console.log(
    '| article | view without rows: compute + write (ms) | rows: compute (ms) | rows: write after one tag (ms) | rows: write all (ms) |',
  )
  console.log('| --- | --- | --- | --- | --- |')
  try {
    for (const [paragraphs, per] of [
      [6, 5],
      [2000, 5],
    ] as const) {
      const { input, annotations, sentences } = largeArticle(`v${paragraphs}`, paragraphs, per, 1_000_000)
      const doc = buildArticleDoc(input)
      addAnnotationsAtOffsets(doc, annotations)
      for (const store of [live, full, bare]) await store.createArticle(input)
      const snapshot = readArticle(doc)
      const times = { bare: [] as number[], rows: [] as number[], tag: [] as number[], all: [] as number[] }
      for (let r = 0; r < RUNS; r++) {
        // One more tag than the run before, as an annotator adds them.
        const a = snapshot.annotations[r % snapshot.annotations.length]!
        a.labels = [...a.labels, `extra${r}`]
        let t = performance.now()
        const view = articleView(snapshot, r + 1)
        const { rows, ...withoutRows } = view
        const computed = performance.now() - t
        t = performance.now()
        sentenceRows(snapshot)
        times.rows.push(performance.now() - t)
        t = performance.now()
        await bare.writeView(input.meta.id, withoutRows)
        times.bare.push(computed - times.rows[r]! + performance.now() - t)
        t = performance.now()
        await live.writeView(input.meta.id, view)
        times.tag.push(performance.now() - t)
        // Another writer's view first (not timed), so this store has to write every row.
        await full.writeView(input.meta.id, { ...withoutRows, seq: 2 * RUNS + 2 * r + 1 })
        t = performance.now()
        await full.writeView(input.meta.id, { ...view, seq: 2 * RUNS + 2 * r + 2 })
        times.all.push(performance.now() - t)
        void rows
      }
      const med = (xs: number[]) => percentile(xs, 50).toFixed(2)
      console.log(
        `| ${sentences.toLocaleString('en')} sentences, ${annotations.length.toLocaleString('en')} labelled | ` +
          `${med(times.bare)} | ${med(times.rows)} | ${med(times.tag)} | ${med(times.all)} |`,
      )
      doc.destroy()
    }
  } finally {
    for (const store of [live, full, bare]) await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
