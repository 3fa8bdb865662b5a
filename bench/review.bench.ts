/**
 * Review benchmark (issue #4): coverage of 10,000 articles, suggestions for 10,000 sentences, alignment
 * of two 100-sentence articles. Each is run a few times after a warm-up; the median is reported.
 *   npx tsx bench/review.bench.ts [articles=10000] [sentences=10000]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ArticleInput, type ArticleSnapshot, DEFAULT_LABELS, segmentArticle } from '@attrib/core'
import { alignSentences, articleAgreement, coverageReport, suggestSentences } from '@attrib/review'
import { createServer, SqliteStore, silentLogger } from '@attrib/server'
import { percentile, ROOT, seedSentences } from './generate'

const ARTICLES = Number(process.argv[2] ?? 10_000)
const SENTENCES = Number(process.argv[3] ?? 10_000)
const LABELS = DEFAULT_LABELS.map((l) => l.id)

function time(fn: () => unknown, runs: number): { median: number; max: number } {
  fn() // warm-up: JIT and caches
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    fn()
    times.push(performance.now() - t)
  }
  return { median: percentile(times, 50), max: Math.max(...times) }
}

/** Sentences of the seeds and of the suggestions' development set: real news sentences. */
function sentencePool(): string[] {
  const devset = readFileSync(join(ROOT, 'packages/review/devset/labels.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text)
  return [...seedSentences(), ...devset]
}

/** `n` article snapshots of 30 sentences in 6 paragraphs, with 2 annotators tagging about half of them. */
function corpus(n: number, pool: string[]): ArticleSnapshot[] {
  const out: ArticleSnapshot[] = []
  let k = 0
  for (let a = 0; a < n; a++) {
    const paragraphs: string[] = []
    for (let p = 0; p < 6; p++) {
      const s: string[] = []
      for (let i = 0; i < 5; i++) s.push(pool[k++ % pool.length]!)
      paragraphs.push(s.join(' '))
    }
    const { text, sentences } = segmentArticle(paragraphs)
    const annotations: ArticleSnapshot['annotations'] = []
    sentences.forEach((s, i) => {
      if ((i + a) % 2 !== 0) return
      for (const annotator of ['ann', 'bob']) {
        const label = LABELS[(i + a + (annotator === 'bob' && i % 5 === 0 ? 1 : 0)) % LABELS.length]!
        annotations.push({
          id: `${a}-${i}-${annotator}`,
          kind: 'sentence',
          start: s.start,
          end: s.end,
          sentence: i,
          labels: [label],
          source: i % 3 === 0 ? `Source ${i % 7}` : '',
          annotator,
          created: '2026-12-01T00:00:00.000Z',
          status: 'accepted',
        })
      }
    })
    out.push({
      meta: {
        id: `art-${a}`,
        title: `Article ${a}`,
        outlet: `Outlet ${a % 5}`,
        date: `2024-${String((a % 12) + 1).padStart(2, '0')}-15`,
        story: `story-${a % 50}`,
      },
      schemaVersion: 1,
      text,
      paragraphs: [],
      sentences,
      annotations,
    })
  }
  return out
}

const pool = sentencePool()
console.log(`sentence pool: ${pool.length} sentences (seeds + development set)`)

const snapshots = corpus(ARTICLES, pool)
const coverage = time(() => coverageReport(snapshots, { labels: LABELS }), 5)
const report = coverageReport(snapshots, { labels: LABELS })
console.log(
  `coverage report of ${ARTICLES} articles (${report.corpus.sentences} sentences, ` +
    `${snapshots.reduce((n, s) => n + s.annotations.length, 0)} annotations): ` +
    `median ${coverage.median.toFixed(0)} ms, max ${coverage.max.toFixed(0)} ms`,
)

const agreement = time(() => {
  for (const s of snapshots.slice(0, 1000)) articleAgreement(s)
}, 3)
console.log(
  `agreement (kappa per label per pair, alpha) of 1,000 articles: median ${agreement.median.toFixed(0)} ms`,
)

const sentences = Array.from({ length: SENTENCES }, (_, i) => pool[i % pool.length]!)
const suggest = time(() => suggestSentences(sentences), 5)
const suggested = suggestSentences(sentences).filter((s) => s.labels.length > 0).length
console.log(
  `suggestions for ${SENTENCES} sentences (${suggested} attributed): median ${suggest.median.toFixed(0)} ms, ` +
    `max ${suggest.max.toFixed(0)} ms`,
)

// Two 100-sentence articles on the same story: B has A's sentences reworded (words dropped, order changed)
// and shuffled, plus 30 sentences of its own.
const a = pool.slice(0, 100)
const b = [
  ...a.slice(0, 70).map((s, i) => {
    const words = s.split(' ')
    return (i % 2 === 0 ? words.filter((_, j) => j % 5 !== 3) : words.reverse()).join(' ')
  }),
  ...pool.slice(100, 130),
].sort((x, y) => ((x.length * 7919) % 101) - ((y.length * 7919) % 101))
const align = time(() => alignSentences(a, b), 20)
const pairs = alignSentences(a, b).pairs.length
console.log(
  `alignment of two 100-sentence articles (${pairs} pairs): median ${align.median.toFixed(1)} ms, ` +
    `max ${align.max.toFixed(1)} ms`,
)
// The API over a real store: the first request reads every article's document, later ones reuse the
// per-article figures of unchanged articles.
const dir = mkdtempSync(join(tmpdir(), 'attrib-review-bench-'))
const store = new SqliteStore(join(dir, 'attrib.sqlite'))
const inputs: ArticleInput[] = snapshots.map((s) => ({
  meta: s.meta,
  paragraphs: s.text.split('\n\n'),
  annotations: s.annotations.map(({ sentence: _, ...a }) => a),
}))
const t = performance.now()
for (let i = 0; i < inputs.length; i += 500) await store.createArticles(inputs.slice(i, i + 500))
console.log(`stored ${inputs.length} articles in ${((performance.now() - t) / 1000).toFixed(1)} s`)
const server = createServer({ store, logger: silentLogger })
const request = async (url: string) => {
  const start = performance.now()
  const res = await server.app.inject({ method: 'GET', url })
  return { ms: performance.now() - start, bytes: res.body.length, status: res.statusCode }
}
const cold = await request('/api/review/coverage')
// A second server on the same store, left alone while it reads every article in the background.
const warmed = createServer({ store, logger: silentLogger })
await warmed.app.ready()
await new Promise((r) => setTimeout(r, 20_000))
const afterWarmUp = performance.now()
await warmed.app.inject({ method: 'GET', url: '/api/review/coverage' })
console.log(
  `first request 20 s after start (background warm-up done): ${(performance.now() - afterWarmUp).toFixed(0)} ms`,
)
await warmed.close()
const warm: number[] = []
for (let i = 0; i < 5; i++) warm.push((await request('/api/review/coverage')).ms)
const withText = await request('/api/review/coverage?text=true')
console.log(
  `GET /api/review/coverage on ${inputs.length} stored articles: first ${(cold.ms / 1000).toFixed(1)} s, ` +
    `then median ${percentile(warm, 50).toFixed(0)} ms; ${(cold.bytes / 1e6).toFixed(1)} MB ` +
    `(${(withText.bytes / 1e6).toFixed(1)} MB with ?text=true)`,
)
await server.close()
await store.close()
rmSync(dir, { recursive: true, force: true })
process.exit(0)
