/**
 * What the server's checks of a client update cost (SPEC WS17 document shape, AC9 reviewer-only rules):
 * 4,000 client updates (label toggles, source changes, new annotations, typing) applied one by one to an
 * article of 200 paragraphs and 2,000 annotations, without a check and with each check; and the time
 * inside the shape check alone. Medians of 7 rounds.
 *   npx tsx packages/server/src/editRules.bench.ts
 */
import {
  addAnnotationsAtOffsets,
  createArticleDoc,
  getAnnotationsMap,
  type OffsetAnnotation,
  paragraphElements,
  setAnnotationLabel,
  updateAnnotation,
} from '@attrib/core'
import * as Y from 'yjs'
import { malformedEdit, reviewerOnlyEdit } from './editRules'

type Rule = (doc: Y.Doc, transaction: Y.Transaction) => string | null

const paragraphs = Array.from(
  { length: 200 },
  (_, i) => `Paragraph ${i} says one thing. Officials said another.`,
)
const article = createArticleDoc({ meta: { id: 'bench', title: 'Bench' }, paragraphs })
const annotations: OffsetAnnotation[] = []
for (let p = 0, offset = 0; p < paragraphs.length; p++) {
  for (let k = 0; k < 10; k++)
    annotations.push({
      kind: 'sentence',
      start: offset,
      end: offset + 5,
      labels: ['quote'],
      annotator: 'ann',
    })
  offset += paragraphs[p]!.length + 2
}
const ids = addAnnotationsAtOffsets(article, annotations)
const base = Y.encodeStateAsUpdate(article)

const client = new Y.Doc()
Y.applyUpdate(client, base)
const updates: Uint8Array[] = []
client.on('update', (u: Uint8Array) => updates.push(u))
for (let i = 0; i < 4000; i++) {
  const id = ids[(i * 7) % ids.length]!
  if (i % 4 === 0) setAnnotationLabel(client, id, `l${i % 5}`, true)
  else if (i % 4 === 1) updateAnnotation(client, id, { source: `S${i}` })
  else if (i % 4 === 2)
    addAnnotationsAtOffsets(client, [{ kind: 'span', start: 0, end: 4, labels: ['quote'], annotator: 'ann' }])
  else (paragraphElements(client)[i % 200]!.get(0) as Y.XmlText).insert(0, 'x')
}

/** µs per update applying every update with `rules` checked after each, and µs inside the rules. */
function run(rules: Rule[]): { total: number; inside: number } {
  const server = new Y.Doc()
  Y.applyUpdate(server, base)
  getAnnotationsMap(server)
  let inside = 0
  server.on('afterTransaction', (t: Y.Transaction) => {
    const t0 = performance.now()
    for (const rule of rules) if (rule(server, t)) throw new Error('a good update was refused')
    inside += performance.now() - t0
  })
  const t0 = performance.now()
  for (const u of updates) Y.applyUpdate(server, u, 'client')
  const total = performance.now() - t0
  server.destroy()
  return { total: (total * 1000) / updates.length, inside: (inside * 1000) / updates.length }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!
const variants: [string, Rule[]][] = [
  ['no check', []],
  ['reviewer-only rules (AC9)', [reviewerOnlyEdit]],
  ['document shape (WS17)', [malformedEdit]],
  ['both', [malformedEdit, reviewerOnlyEdit]],
]
const results = new Map<string, { total: number[]; inside: number[] }>(
  variants.map(([name]) => [name, { total: [], inside: [] }]),
)
run([malformedEdit, reviewerOnlyEdit]) // warm-up
for (let round = 0; round < 7; round++)
  for (const [name, rules] of variants) {
    const r = run(rules)
    results.get(name)!.total.push(r.total)
    results.get(name)!.inside.push(r.inside)
  }
console.log(`${updates.length} updates, ${ids.length} annotations, ${paragraphs.length} paragraphs`)
for (const [name, r] of results)
  console.log(
    `${name.padEnd(26)} ${median(r.total).toFixed(1).padStart(6)} µs/update applied, ${median(r.inside).toFixed(2).padStart(5)} µs in the checks`,
  )
