/**
 * Segmentation speed (issue 15): 10,000 sentences of news text, as paragraphs of five sentences, as one
 * paragraph, and through `segmentArticle`. The sentences are the old dev set's (packages/review/devset),
 * repeated. Prints the median of several runs.
 *   npx tsx bench/segment.bench.ts [sentences=10000]
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { segmentArticle, splitSentences } from '@attrib/core'

const SENTENCES = Number(process.argv[2] ?? 10_000)
const RUNS = 7

const pool = readFileSync(join(import.meta.dirname, '../packages/review/devset/labels.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { text: string }).text)
const sentences = Array.from({ length: SENTENCES }, (_, i) => pool[i % pool.length]!)
const paragraphs: string[] = []
for (let i = 0; i < sentences.length; i += 5) paragraphs.push(sentences.slice(i, i + 5).join(' '))
const oneParagraph = sentences.join(' ')

function median(fn: () => number): { ms: number; count: number } {
  let count = fn() // warm-up
  const times: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const started = performance.now()
    count = fn()
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return { ms: times[Math.floor(RUNS / 2)]!, count }
}

const cases: [string, () => number][] = [
  ['splitSentences, paragraphs of 5', () => paragraphs.reduce((n, p) => n + splitSentences(p).length, 0)],
  ['splitSentences, one paragraph', () => splitSentences(oneParagraph).length],
  ['segmentArticle (code points)', () => segmentArticle(paragraphs).sentences.length],
]
console.log(`${SENTENCES} sentences, ${oneParagraph.length} characters; median of ${RUNS} runs\n`)
console.log('| case | ms | sentences found | µs per sentence |')
console.log('|---|---:|---:|---:|')
for (const [name, fn] of cases) {
  const { ms, count } = median(fn)
  console.log(`| ${name} | ${ms.toFixed(1)} | ${count} | ${((ms * 1000) / SENTENCES).toFixed(2)} |`)
}
