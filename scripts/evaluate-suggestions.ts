/**
 * Scores the rule-based suggester against the labelled dev set and prints markdown tables: all
 * articles, then the held-out articles (`*_heldout_*`, written after the rules were frozen).
 * Run `npx tsx scripts/evaluate-suggestions.ts`; add `--errors` to list the sentences it gets wrong.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEFAULT_LABELS } from '@attrib/core'
import { evaluate, suggestSentences } from '../packages/review/src/index'

interface DevSentence {
  article: string
  i: number
  text: string
  labels: string[]
}

const root = join(import.meta.dirname, '../packages/review/devset')
const rows = readFileSync(join(root, 'labels.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as DevSentence)
const articles = [...new Set(rows.map((r) => r.article))]
// Articles are suggested whole, in order, so that context (pronouns, quotations) carries as in use.
const predicted = new Map<DevSentence, string[]>()
for (const article of articles) {
  const sentences = rows.filter((r) => r.article === article)
  const suggestions = suggestSentences(sentences.map((r) => r.text))
  sentences.forEach((r, i) => {
    predicted.set(r, suggestions[i]!.labels)
  })
}
const labels = DEFAULT_LABELS.map((l) => l.id)
const f = (x: number) => x.toFixed(2)

function table(title: string, subset: DevSentence[]): void {
  const result = evaluate(
    subset.map((r) => r.labels),
    subset.map((r) => predicted.get(r)!),
    labels,
  )
  const n = new Set(subset.map((r) => r.article)).size
  console.log(`\n${title}: ${subset.length} sentences in ${n} articles.\n`)
  console.log('| label | support | tp | fp | fn | precision | recall | F1 |')
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|')
  const row = (
    name: string,
    s: { tp: number; fp: number; fn: number; precision: number; recall: number; f1: number },
  ) =>
    console.log(
      `| ${name} | ${s.tp + s.fn} | ${s.tp} | ${s.fp} | ${s.fn} | ${f(s.precision)} | ${f(s.recall)} | ${f(s.f1)} |`,
    )
  for (const label of labels) row(label, result.perLabel[label]!)
  row('**micro (5 labels)**', result.micro)
  row('**attributed or not**', result.attributed)
}

table('All dev-set articles', rows)
table(
  'Held-out articles only',
  rows.filter((r) => r.article.includes('_heldout_')),
)
if (process.argv.includes('--errors')) {
  for (const r of rows) {
    const p = predicted.get(r)!
    if (p.join() !== [...r.labels].sort().join())
      console.log(`\n${r.article}#${r.i} gold=[${r.labels}] got=[${p}]\n  ${r.text}`)
  }
}
