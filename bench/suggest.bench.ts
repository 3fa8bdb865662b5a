/**
 * Suggestion benchmark (issue 15): attribution suggestions for 10,000 real news sentences, suggested as
 * articles of 30 sentences the way the editor does, after a warm-up; prints the median, the fastest and
 * the slowest of several runs. The budget is 1 s for 10,000 sentences (SPEC.md, SUG12).
 *   npx tsx bench/suggest.bench.ts [sentences=10000] [runs=7]
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { suggestSentences } from '@attrib/review'
import { percentile, ROOT, seedSentences } from './generate'

const SENTENCES = Number(process.argv[2] ?? 10_000)
const RUNS = Number(process.argv[3] ?? 7)

/** Sentences of the seeds and of the labelled sets: real news sentences in several styles. */
function sentencePool(): string[] {
  const texts = (file: string) =>
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { text: string }).text)
  const pool = [...seedSentences(), ...texts('packages/review/devset/labels.jsonl')]
  try {
    pool.push(...texts('packages/review/textset/gold.jsonl'))
  } catch {
    // the text set is optional here
  }
  return pool
}

const pool = sentencePool()
const sentences = Array.from({ length: SENTENCES }, (_, i) => pool[i % pool.length]!)
const articles: string[][] = []
for (let i = 0; i < sentences.length; i += 30) articles.push(sentences.slice(i, i + 30))

const run = () => {
  let attributed = 0
  for (const article of articles)
    for (const s of suggestSentences(article)) if (s.labels.length > 0) attributed++
  return attributed
}
const attributed = run() // warm-up: JIT and caches
const times: number[] = []
for (let i = 0; i < RUNS; i++) {
  const started = performance.now()
  run()
  times.push(performance.now() - started)
}
console.log(
  `suggestions for ${SENTENCES} sentences (${attributed} attributed, ${articles.length} articles): ` +
    `median ${percentile(times, 50).toFixed(0)} ms, fastest ${Math.min(...times).toFixed(0)} ms, ` +
    `slowest ${Math.max(...times).toFixed(0)} ms over ${RUNS} runs`,
)
