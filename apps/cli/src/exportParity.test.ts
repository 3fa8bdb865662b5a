import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ArticleInput } from '@attrib/core'
import { corpusFormat, EXPORT_FORMATS, parseJsonl } from '@attrib/formats'
import { type AttribServer, createServer, DATABASE_FILE, SqliteStore, silentLogger } from '@attrib/server'
import { unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { filesUnder, runInProcess } from './testCli'

// The CLI and the HTTP API run one export pipeline: for every format and filter they write the same bytes,
// on a store holding an unadjudicated, a partly adjudicated and a fully adjudicated article.

const dir = mkdtempSync(join(tmpdir(), 'attrib-parity-'))
let server: AttribServer
let base = ''

function article(id: string, date: string, finals: number[]): ArticleInput {
  // Sentences (code points): 0 [0,22) 1 [23,47) 2 [48,72)
  const text = 'Peskov said it was so. Two officials denied it. The Journal reported it.'
  const spans = [
    [0, 22],
    [23, 47],
    [48, 72],
  ] as const
  const annotations: ArticleInput['annotations'] = []
  for (const [i, [start, end]] of spans.entries()) {
    annotations.push({
      kind: 'sentence',
      start,
      end,
      labels: ['named_source'],
      annotator: 'ann',
      created: 'x',
    })
    annotations.push({ kind: 'sentence', start, end, labels: ['quote'], annotator: 'bob', created: 'x' })
    if (finals.includes(i))
      annotations.push({
        kind: 'sentence',
        start,
        end,
        labels: ['media_report'],
        annotator: 'rev',
        created: 'x',
        final: true,
      })
  }
  annotations.push({
    kind: 'span',
    start: 0,
    end: 6,
    labels: ['named_source'],
    source: 'Peskov',
    annotator: 'ann',
    status: 'suggested',
    created: 'x',
  })
  return { meta: { id, title: `Article ${id}`, outlet: 'Daily', date }, paragraphs: [text], annotations }
}

beforeAll(async () => {
  const seed = new SqliteStore(join(dir, DATABASE_FILE))
  await seed.createArticles([
    article('none', '2024-01-01', []),
    article('part', '2024-02-01', [1]),
    article('full', '2024-03-01', [0, 1, 2]),
  ])
  await seed.close()
  server = createServer({ store: new SqliteStore(join(dir, DATABASE_FILE)), logger: silentLogger })
  const { port } = await server.listen(0, '127.0.0.1')
  base = `http://127.0.0.1:${port}`
})

afterAll(async () => {
  await server.close()
  await server.store.close()
  rmSync(dir, { recursive: true, force: true })
})

const cli = (args: string[]) => runInProcess(args, dir)

const FILTERS: Record<string, string[]> = {
  default: [],
  'label+status': ['--label', 'quote,media_report', '--status', 'accepted'],
  'ids+dates': ['--ids', 'part,full,none', '--from', '2024-01-15', '--to', '2024-12-31'],
  'annotator+layer final': ['--annotator', 'rev', '--layer', 'final'],
  'layer all': ['--layer', 'all'],
}

/** The query string of CLI filter arguments (`--label a,b` → `label=a,b`). */
function query(format: string, args: string[]): string {
  const q = new URLSearchParams({ format })
  for (let i = 0; i < args.length; i += 2) q.set(args[i]!.slice(2), args[i + 1]!)
  return q.toString()
}

describe('[CP2] CLI export and GET /api/export give the same files', () => {
  for (const format of EXPORT_FORMATS)
    for (const [name, args] of Object.entries(FILTERS))
      it(`${format}, ${name}`, async () => {
        const out = join(
          dir,
          `out-${format}-${name.replaceAll(/\W/g, '_')}${corpusFormat(format).singleFile ? '.x' : ''}`,
        )
        const run = await cli(['export', '--data', dir, '--format', format, '--out', out, ...args])
        expect(run, run.stderr).toMatchObject({ code: 0 })
        const response = await fetch(`${base}/api/export?${query(format, args)}`)
        expect(response.status).toBe(200)
        const body = Buffer.from(await response.arrayBuffer())
        if (corpusFormat(format).singleFile) {
          expect(body.toString('utf8')).toBe(readFileSync(out, 'utf8'))
          expect(body.length).toBeGreaterThan(0)
        } else {
          const zipped = unzipSync(new Uint8Array(body))
          const fromZip: Record<string, string> = {}
          for (const [path, bytes] of Object.entries(zipped))
            fromZip[path.slice(path.indexOf('/') + 1)] = Buffer.from(bytes).toString('utf8')
          expect(fromZip).toEqual(filesUnder(out))
        }
      })
})

describe('[LAY1] a partly adjudicated article loses no sentence in the default export', () => {
  it('keeps the annotators on undecided sentences and the decision on decided ones', async () => {
    const response = await fetch(`${base}/api/export?format=jsonl&ids=part`)
    const [record] = parseJsonl(await response.text())
    const bySentence = (i: number) =>
      record!.annotations
        .filter((a) => a.kind === 'sentence' && a.start === [0, 23, 48][i])
        .map((a) => `${a.annotator}${a.final ? ':final' : ''}`)
        .sort()
    expect(bySentence(0)).toEqual(['ann', 'bob'])
    expect(bySentence(1)).toEqual(['rev:final'])
    expect(bySentence(2)).toEqual(['ann', 'bob'])
  })
})
