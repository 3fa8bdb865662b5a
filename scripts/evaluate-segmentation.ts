/**
 * Scores the sentence segmenter against hand-segmented articles: exact-match precision, recall and F1
 * of segments, as the annotation guidelines (section 1, rule 11) compare them: whitespace collapsed.
 *
 *   npx tsx scripts/evaluate-segmentation.ts --set tune|test|devset|textset2|textset3 [--errors]
 *
 * - `tune` / `test`: the parts of `packages/review/textset` named in its `split.json` (gold in
 *   `gold.jsonl`). Rules are tuned on `tune` only; `test` is scored once, when tuning is over.
 * - `devset`: the old dev set of `packages/review/devset` (`labels.jsonl`, 12 articles).
 * - `textset2`, `textset3`: the held-out sets `packages/review/textset2` (20 articles) and `textset3` (15),
 *   all test, each scored once.
 *
 * Each article goes through the app's import path, `parseArticle` then `segmentArticle`. Segments are
 * compared by their place in the text counted in non-whitespace characters, so two segments match
 * exactly when they hold the same characters of the article, whatever whitespace the import changed.
 * Gold segments in text the importer reads as metadata and drops from the article text (header lines,
 * a `date …` prefix) are counted as missed, and their number is printed.
 * `--errors` lists, per article, the gold segments that were not predicted (`-`) and the predicted
 * segments that are not gold (`+`), in text order.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArticle, segmentArticle } from '@attrib/core'

interface GoldSegment {
  article: string
  i: number
  text: string
}

type SetName = 'tune' | 'test' | 'devset' | 'textset2' | 'textset3'

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

function fail(message: string): never {
  console.error(`evaluate-segmentation: ${message}`)
  process.exit(1)
}

const set = option('--set') as SetName | undefined
if (set === undefined || !['tune', 'test', 'devset', 'textset2', 'textset3'].includes(set)) {
  fail(`--set must be tune, test, devset, textset2 or textset3 (got ${set ?? 'nothing'})`)
}
const showErrors = process.argv.includes('--errors')

const ROOT = join(import.meta.dirname, '..', 'packages', 'review')
const dir = join(
  ROOT,
  set === 'devset' ? 'devset' : set === 'textset2' || set === 'textset3' ? set : 'textset',
)
const goldFile = join(dir, set === 'devset' ? 'labels.jsonl' : 'gold.jsonl')
const gold: GoldSegment[] = readFileSync(goldFile, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line, n) => {
    try {
      return JSON.parse(line) as GoldSegment
    } catch {
      return fail(`${goldFile}:${n + 1}: not JSON`)
    }
  })

let articles: string[]
if (set === 'devset') articles = [...new Set(gold.map((g) => g.article))].sort()
else {
  const split = JSON.parse(readFileSync(join(dir, 'split.json'), 'utf8')) as Record<string, string[]>
  articles = [...(split[set === 'textset2' || set === 'textset3' ? 'test' : set] ?? [])].sort()
}
if (articles.length === 0) fail(`no articles in set ${set}`)

const nonSpace = (text: string): string => text.replace(/\s+/gu, '')

/** `[start, end)` of each segment in non-whitespace characters of the text the segments tile. */
function spans(segments: string[], offset: number): [number, number][] {
  let at = offset
  return segments.map((s) => {
    const start = at
    at += [...nonSpace(s)].length
    return [start, at]
  })
}

let goldTotal = 0
let predictedTotal = 0
let matchedTotal = 0
let droppedTotal = 0
const rows: string[] = []
const errors: string[] = []

for (const article of articles) {
  const raw = readFileSync(join(dir, 'articles', article), 'utf8')
  const goldTexts = gold.filter((g) => g.article === article).map((g) => g.text)
  const { paragraphs } = parseArticle(raw, { fileName: article })
  const { text, sentences } = segmentArticle(paragraphs)
  const codePoints = [...text]
  const predictedTexts = sentences.map((s) => codePoints.slice(s.start, s.end).join(''))

  // The importer may drop leading metadata; the rest of the text must be the raw text's end.
  const rawChars = nonSpace(raw)
  const keptChars = nonSpace(text)
  if (!rawChars.endsWith(keptChars)) fail(`${article}: the imported text is not the end of the file's text`)
  const offset = [...rawChars].length - [...keptChars].length
  const goldSpans = spans(goldTexts, 0)
  const predictedSpans = spans(predictedTexts, offset)
  const key = ([s, e]: [number, number]) => `${s}:${e}`
  const predictedKeys = new Set(predictedSpans.map(key))
  const goldKeys = new Set(goldSpans.map(key))
  const matched = goldSpans.filter((s) => predictedKeys.has(key(s))).length
  const dropped = goldSpans.filter(([, e]) => e <= offset).length

  goldTotal += goldSpans.length
  predictedTotal += predictedSpans.length
  matchedTotal += matched
  droppedTotal += dropped
  rows.push(
    `| ${article} | ${goldSpans.length} | ${predictedSpans.length} | ${matched} | ${f1(matched, predictedSpans.length, goldSpans.length)} |`,
  )

  if (showErrors && (matched < goldSpans.length || matched < predictedSpans.length)) {
    const lines: [number, string][] = []
    goldSpans.forEach((s, i) => {
      if (!predictedKeys.has(key(s))) lines.push([s[0] * 2, `  - ${collapse(goldTexts[i]!)}`])
    })
    predictedSpans.forEach((s, i) => {
      if (!goldKeys.has(key(s))) lines.push([s[0] * 2 + 1, `  + ${collapse(predictedTexts[i]!)}`])
    })
    lines.sort((a, b) => a[0] - b[0])
    errors.push(`${article}`, ...lines.map(([, line]) => line))
  }
}

function collapse(text: string): string {
  return text.replace(/\s+/gu, ' ').trim()
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b
}

function f1(matched: number, predicted: number, goldCount: number): string {
  const p = ratio(matched, predicted)
  const r = ratio(matched, goldCount)
  return (p + r === 0 ? 0 : (2 * p * r) / (p + r)).toFixed(3)
}

console.log(`Segmentation, set ${set}: ${articles.length} articles, parseArticle + segmentArticle\n`)
console.log('| article | gold | predicted | exact | F1 |')
console.log('|---|---:|---:|---:|---:|')
for (const row of rows) console.log(row)
const precision = ratio(matchedTotal, predictedTotal)
const recall = ratio(matchedTotal, goldTotal)
console.log(
  `| **all** | ${goldTotal} | ${predictedTotal} | ${matchedTotal} | **${f1(matchedTotal, predictedTotal, goldTotal)}** |`,
)
console.log(
  `\nprecision ${precision.toFixed(3)}  recall ${recall.toFixed(3)}  F1 ${f1(matchedTotal, predictedTotal, goldTotal)}`,
)
if (droppedTotal > 0) {
  console.log(
    `(${droppedTotal} gold segment(s) lie in metadata the importer drops from the text; counted as missed)`,
  )
}
if (showErrors) {
  console.log('\nErrors (- gold not predicted, + predicted not gold):\n')
  for (const line of errors) console.log(line)
}
