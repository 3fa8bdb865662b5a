/**
 * Scores the rule-based suggester against a hand-labelled set and prints markdown tables:
 * attributed-or-not, micro-F1 over the five labels, and precision/recall/F1 per label.
 *
 *   npx tsx scripts/evaluate-suggestions.ts [--set devset|tune|test|textset2|textset3] [--errors]
 *
 * - `devset` (default): the old dev set of `packages/review/devset` (all articles, then the held-out ones).
 * - `tune` / `test`: the parts of `packages/review/textset` named in its `split.json`. Rules are tuned on
 *   `tune` only; `test` is scored once, when tuning is over (see docs/suggestions.md).
 * - `textset2`, `textset3`: the held-out sets `packages/review/textset2` (20 articles) and `textset3` (15),
 *   all test, each scored once.
 *
 * Suggestions are scored on the gold segments, so segmentation errors do not mix in; each article's
 * segments are suggested whole and in order, as the editor does (`articleSuggestions`), so that context
 * (pronouns, quotations running over sentences, spokespeople named again) carries over as in use.
 * `--errors` lists every segment whose suggested labels differ from the gold ones.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEFAULT_LABELS } from '@attrib/core'
import { evaluate, suggestSentences } from '../packages/review/src/index'

interface GoldSegment {
  article: string
  i: number
  text: string
  labels: string[]
}

type SetName = 'devset' | 'tune' | 'test' | 'textset2' | 'textset3'

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const set = (option('--set') ?? 'devset') as SetName
if (!['devset', 'tune', 'test', 'textset2', 'textset3'].includes(set)) {
  console.error(`evaluate-suggestions: --set must be devset, tune, test, textset2 or textset3 (got ${set})`)
  process.exit(1)
}

function readJsonl(file: string): GoldSegment[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, n) => {
      try {
        return JSON.parse(line) as GoldSegment
      } catch {
        throw new Error(`${file}:${n + 1}: not JSON`)
      }
    })
}

const packageRoot = join(import.meta.dirname, '../packages/review')

/** The gold segments of the chosen set, articles in order and each article's segments in order. */
function goldSegments(): GoldSegment[] {
  if (set === 'devset') return readJsonl(join(packageRoot, 'devset/labels.jsonl'))
  const root = join(packageRoot, set === 'textset2' || set === 'textset3' ? set : 'textset')
  const split = JSON.parse(readFileSync(join(root, 'split.json'), 'utf8')) as Record<
    'tune' | 'test',
    string[]
  >
  const articles = new Set(split[set === 'textset2' || set === 'textset3' ? 'test' : set])
  return readJsonl(join(root, 'gold.jsonl'))
    .filter((r) => articles.has(r.article))
    .sort((a, b) => a.article.localeCompare(b.article) || a.i - b.i)
}

const rows = goldSegments()
const articles = [...new Set(rows.map((r) => r.article))]
const predicted = new Map<GoldSegment, string[]>()
for (const article of articles) {
  const segments = rows.filter((r) => r.article === article)
  const suggestions = suggestSentences(segments.map((r) => r.text))
  segments.forEach((r, i) => {
    predicted.set(r, suggestions[i]!.labels)
  })
}
const labels = DEFAULT_LABELS.map((l) => l.id)
const f = (x: number) => x.toFixed(3)

function table(title: string, subset: GoldSegment[]): void {
  const result = evaluate(
    subset.map((r) => r.labels),
    subset.map((r) => predicted.get(r)!),
    labels,
  )
  const n = new Set(subset.map((r) => r.article)).size
  const same = subset.filter((r) => predicted.get(r)!.length > 0 === r.labels.length > 0).length
  console.log(`\n${title}: ${subset.length} segments in ${n} articles.\n`)
  console.log(
    `attributed-or-not accuracy ${f(same / Math.max(1, subset.length))}, micro-F1 ${f(result.micro.f1)}\n`,
  )
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

if (set === 'devset') {
  table('Old dev set, all articles', rows)
  table(
    'Old dev set, held-out articles only',
    rows.filter((r) => r.article.includes('_heldout_')),
  )
} else table(set === 'textset2' || set === 'textset3' ? `Held-out ${set}` : `Text set, ${set} part`, rows)

if (process.argv.includes('--errors')) {
  for (const r of rows) {
    const p = predicted.get(r)!
    if (p.join() !== [...r.labels].sort().join())
      console.log(`\n${r.article}#${r.i} gold=[${r.labels}] got=[${p}]\n  ${r.text}`)
  }
}
