/**
 * Corpus export/import benchmark (issue #3): a generated corpus of N articles × 30 sentences × 2
 * annotations, imported with `attrib import` and exported with `attrib export` to JSONL and sentence CSV.
 * Each command runs as its own process under /usr/bin/time, which reports its wall time and peak RSS.
 *   npx tsx bench/formats.bench.ts [articles=10000]
 */
import { spawnSync } from 'node:child_process'
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { segmentArticle } from '@attrib/core'
import { ROOT, seedSentences } from './generate'

const ARTICLES = Number(process.argv[2] ?? 10_000)
const LABELS = ['anonymous_official', 'spokesperson', 'quote', 'named_source', 'media_report']

async function writeCorpus(path: string): Promise<void> {
  const pool = seedSentences()
  const out = createWriteStream(path)
  let k = 0
  for (let a = 0; a < ARTICLES; a++) {
    const paragraphs: string[] = []
    for (let p = 0; p < 6; p++) {
      const s: string[] = []
      for (let i = 0; i < 5; i++) s.push(pool[k++ % pool.length]!)
      paragraphs.push(s.join(' '))
    }
    const { text, sentences } = segmentArticle(paragraphs)
    const annotations = [0, 1].map((n) => {
      const s = sentences[(a + n * 7) % sentences.length]!
      return {
        id: `a${a}-${n}`,
        kind: 'sentence',
        start: s.start,
        end: s.end,
        labels: [LABELS[(a + n) % LABELS.length]],
        source: n === 0 ? 'Dmitry Peskov' : '',
        annotator: `annotator${a % 3}`,
        status: 'accepted',
        created: '2026-11-22T00:00:00.000Z',
      }
    })
    const line = JSON.stringify({
      id: `art-${a}`,
      title: `Article ${a}`,
      meta: { id: `art-${a}`, title: `Article ${a}`, date: '2024-10-25' },
      text,
      sentences,
      annotations,
    })
    if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once('drain', () => r()))
  }
  await new Promise<void>((r) => out.end(r))
}

/** Runs the CLI under /usr/bin/time: wall seconds, peak resident memory in MB and its summary line. */
function run(args: string[]): { seconds: number; peakMb: number; summary: string } {
  const result = spawnSync(
    '/usr/bin/time',
    ['-f', 'TIME %e %M', process.execPath, '--import', 'tsx', join(ROOT, 'apps/cli/src/main.ts'), ...args],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 },
  )
  const stderr: string = result.stderr
  const m = /TIME ([\d.]+) (\d+)/.exec(stderr)
  if (result.status !== 0 || !m) throw new Error(`attrib ${args.join(' ')} failed:\n${stderr}`)
  const summary =
    stderr
      .split('\n')
      .filter((l) => l && !l.startsWith('TIME'))
      .pop() ?? ''
  return { seconds: Number(m[1]), peakMb: Math.round(Number(m[2]) / 1024), summary }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'attrib-bench-formats-'))
  const corpus = join(dir, 'corpus.jsonl')
  await writeCorpus(corpus)
  const data = join(dir, 'data')
  const results: Record<string, unknown> = {
    articles: ARTICLES,
    corpusMb: Math.round(statSync(corpus).size / 1e6),
  }
  results.import = run(['import', corpus, '--data', data])
  results.exportJsonl = run(['export', '--format', 'jsonl', '--out', join(dir, 'out.jsonl'), '--data', data])
  results.exportCsv = run([
    'export',
    '--format',
    'sentences-csv',
    '--out',
    join(dir, 'out.csv'),
    '--data',
    data,
  ])
  console.log(JSON.stringify(results, null, 2))
  rmSync(dir, { recursive: true, force: true })
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
