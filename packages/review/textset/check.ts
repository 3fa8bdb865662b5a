// Validates a hand-labelled text set (issue 15): gold.jsonl lines, the tiling of every article by its
// segments, and split.json. Run with `npx tsx packages/review/textset/check.ts [folder]` (this folder, or
// another set of the same form such as packages/review/textset2); exits 1 on any problem.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const LABELS = ['anonymous_official', 'media_report', 'named_source', 'quote', 'spokesperson'] as const
const dir = process.argv[2] ? resolve(process.argv[2]) : dirname(fileURLToPath(import.meta.url))
const problems: string[] = []
const problem = (msg: string) => {
  if (problems.length < 200) problems.push(msg)
}

type Gold = { article: string; i: number; text: string; labels: string[] }

const articleFiles = readdirSync(join(dir, 'articles'))
  .filter((f) => f.endsWith('.txt'))
  .sort()
for (const f of articleFiles) {
  if (!/^\d\d_[a-z]+_[a-z0-9_]+\.txt$/.test(f)) problem(`article file name not NN_style_slug.txt: ${f}`)
}

// gold.jsonl: one valid line per segment, articles contiguous, i consecutive from 0
const byArticle = new Map<string, Gold[]>()
const rawLines = readFileSync(join(dir, 'gold.jsonl'), 'utf8').split('\n')
let lastArticle = ''
rawLines.forEach((line, n) => {
  if (line.trim() === '') {
    if (n !== rawLines.length - 1) problem(`gold.jsonl:${n + 1}: empty line`)
    return
  }
  let g: Gold
  try {
    g = JSON.parse(line)
  } catch {
    problem(`gold.jsonl:${n + 1}: not JSON`)
    return
  }
  const keys = Object.keys(g).sort().join(',')
  if (keys !== 'article,i,labels,text')
    problem(`gold.jsonl:${n + 1}: keys must be article,i,text,labels (${keys})`)
  if (typeof g.article !== 'string' || !articleFiles.includes(g.article)) {
    problem(`gold.jsonl:${n + 1}: unknown article ${g.article}`)
    return
  }
  if (typeof g.text !== 'string' || g.text.length === 0) problem(`gold.jsonl:${n + 1}: empty or missing text`)
  else {
    if (/[\r\n]/.test(g.text)) problem(`gold.jsonl:${n + 1}: segment contains a line break`)
    if (g.text !== g.text.trim()) problem(`gold.jsonl:${n + 1}: segment not trimmed`)
  }
  if (!Array.isArray(g.labels)) problem(`gold.jsonl:${n + 1}: labels is not an array`)
  else {
    for (const l of g.labels) {
      if (!(LABELS as readonly string[]).includes(l)) problem(`gold.jsonl:${n + 1}: unknown label ${l}`)
    }
    const sorted = [...new Set(g.labels)].sort()
    if (sorted.join(',') !== g.labels.join(',')) problem(`gold.jsonl:${n + 1}: labels not sorted/unique`)
  }
  if (g.article !== lastArticle && byArticle.has(g.article)) {
    problem(`gold.jsonl:${n + 1}: lines of ${g.article} are not contiguous`)
  }
  lastArticle = g.article
  const list = byArticle.get(g.article) ?? []
  if (g.i !== list.length) problem(`gold.jsonl:${n + 1}: i=${g.i}, expected ${list.length} for ${g.article}`)
  list.push(g)
  byArticle.set(g.article, list)
})

// tiling: segments found in order with only whitespace between, nothing left over
for (const f of articleFiles) {
  const segs = byArticle.get(f)
  if (!segs) {
    problem(`${f}: no gold lines`)
    continue
  }
  const raw = readFileSync(join(dir, 'articles', f), 'utf8')
  if (raw.includes('\r')) problem(`${f}: contains \\r`)
  if (raw.includes('\uFFFD')) problem(`${f}: contains U+FFFD (bad UTF-8?)`)
  const text = raw.trim()
  let pos = 0
  for (const s of segs) {
    while (pos < text.length && /\s/.test(text[pos])) pos++
    if (typeof s.text !== 'string' || !text.startsWith(s.text, pos)) {
      problem(
        `${f} i=${s.i}: segment not found at offset ${pos}: ${JSON.stringify(text.slice(pos, pos + 60))}`,
      )
      break
    }
    pos += s.text.length
  }
  if (text.slice(pos).trim() !== '') problem(`${f}: text left over after last segment at offset ${pos}`)
}

// split.json: every article in exactly one of tune/test
const splitPath = join(dir, 'split.json')
let split: { tune?: string[]; test?: string[] } = {}
if (existsSync(splitPath)) split = JSON.parse(readFileSync(splitPath, 'utf8'))
else problem('split.json missing')
const tune = split.tune ?? []
const test = split.test ?? []
if (!Array.isArray(split.tune) || !Array.isArray(split.test))
  problem('split.json needs arrays "tune" and "test"')
for (const f of [...tune, ...test]) {
  if (!articleFiles.includes(f)) problem(`split.json: unknown article ${f}`)
}
for (const f of articleFiles) {
  const n = (tune.includes(f) ? 1 : 0) + (test.includes(f) ? 1 : 0)
  if (n !== 1) problem(`split.json: ${f} is in ${n} of tune/test`)
}
if (new Set([...tune, ...test]).size !== tune.length + test.length) problem('split.json: duplicate entries')

// counts
const style = (f: string) => f.split('_')[1]
const report = (name: string, files: string[]) => {
  const segs = files.flatMap((f) => byArticle.get(f) ?? [])
  const per: Record<string, number> = Object.fromEntries(LABELS.map((l) => [l, 0]))
  let none = 0
  for (const s of segs) {
    if (!Array.isArray(s.labels) || s.labels.length === 0) none++
    else for (const l of s.labels) per[l] = (per[l] ?? 0) + 1
  }
  const pct = segs.length ? ((100 * none) / segs.length).toFixed(1) : '0'
  console.log(`${name}: ${files.length} articles, ${segs.length} segments, unattributed ${none} (${pct} %)`)
  for (const l of LABELS) console.log(`  ${l.padEnd(20)} ${per[l]}`)
}
report('all', articleFiles)
report('tune', tune)
report('test', test)
const styles = new Map<string, { articles: number; segments: number; test: number }>()
for (const f of articleFiles) {
  const s = styles.get(style(f)) ?? { articles: 0, segments: 0, test: 0 }
  s.articles++
  s.segments += byArticle.get(f)?.length ?? 0
  if (test.includes(f)) s.test++
  styles.set(style(f), s)
}
console.log('per style: articles / segments / test articles')
for (const [s, c] of styles) console.log(`  ${s.padEnd(12)} ${c.articles} / ${c.segments} / ${c.test}`)

if (problems.length) {
  console.error(`\n${problems.length} problem(s):`)
  for (const p of problems) console.error(`  ${p}`)
  process.exit(1)
}
console.log('\nOK')
