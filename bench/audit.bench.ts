/**
 * What recording the audit trail costs the sync server (issue 16: "under 5 % of its throughput"), measured
 * as the server's CPU time per stored annotation, with the trail on and off, in this process.
 *
 *   npx tsx bench/audit.bench.ts [updates=20000] [--rounds 5]
 *
 * One `Room` (packages/sync) on a fresh SQLite store (WAL, synchronous=NORMAL, as `attrib serve`), with the
 * read-model view hook of the real server, receives y-websocket update frames from 10 connections of 10
 * users: each turn, each connection sends one sentence annotation (core's `addAnnotation`, made on a client
 * copy of the article, about 290 bytes), as the closed-loop load of `bench/servers.bench.ts` does. A round
 * sends `updates` annotations and waits until the store holds them all; its figure is the process's CPU time
 * (user + system, `process.cpuUsage`) over the round divided by the annotations. Rounds alternate trail on /
 * trail off on fresh stores; the figures are min and median per configuration, and the cost is the ratio of
 * the medians. CPU time, not wall time, so other work on the machine disturbs it less.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { addAnnotation, Origin, readArticle } from '@attrib/core'
import * as Y from 'yjs'
import { articleView, SqliteStore } from '../packages/store/src/index'
import { encodeUpdate, Room, type RoomConnection, silentLogger } from '../packages/sync/src/index'
import { seedSentences } from './generate'

const { values: flags, positionals } = parseArgs({
  options: { rounds: { type: 'string', default: '5' } },
  allowPositionals: true,
})
const UPDATES = Number(positionals[0] ?? 20_000)
const ROUNDS = Number(flags.rounds)
const CONNECTIONS = 10

function connection(user: string): RoomConnection {
  return { schema: 99, user, awarenessClients: new Set(), send() {}, close() {} }
}

async function round(audit: boolean): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'attrib-audit-bench-'))
  const store = new SqliteStore(join(dir, 'store.sqlite'))
  try {
    const seed = seedSentences()
    const sentences = Array.from({ length: 30 }, (_, i) => seed[i % seed.length]!)
    await store.createArticle({ meta: { id: 'a1', title: 'Bench' }, paragraphs: [sentences.join(' ')] })
    const room = new Room('a1', {
      store,
      logger: silentLogger,
      idleMs: 600_000,
      compactEvery: 500,
      changeDebounceMs: 500,
      maxDocumentBytes: 256 * 1024 * 1024,
      deriveView: (doc, seq) => articleView(readArticle(doc), seq),
      audit,
      onClosed: () => {},
    })
    await room.ready
    const connections = Array.from({ length: CONNECTIONS }, (_, i) => connection(`user${i}`))
    for (const c of connections) room.join(c)
    // Each connection's client: a copy of the room's document; its annotations' updates are the frames.
    const clients = connections.map(() => {
      const doc = new Y.Doc()
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc))
      return doc
    })
    // Frames made before the clock starts: each client's annotations, one update each.
    const frames: Uint8Array[][] = clients.map(() => [])
    const perClient = Math.ceil(UPDATES / CONNECTIONS)
    for (const [c, doc] of clients.entries()) {
      doc.on('update', (u: Uint8Array) => frames[c]!.push(encodeUpdate(u)))
      const own = readArticle(doc)
      for (let i = 0; i < perClient; i++) {
        const s = own.sentences[(i + c) % own.sentences.length]!
        const { start, end } = relative(doc, s.start, s.end)
        addAnnotation(
          doc,
          { kind: 'sentence', start, end, labels: ['quote'], annotator: `user${c}` },
          Origin.user,
        )
      }
    }
    const seqBefore = (await store.load('a1')).seq
    const before = process.cpuUsage()
    for (let i = 0; i < perClient; i++) {
      for (const [c, conn] of connections.entries()) room.receive(conn, frames[c]![i]!)
      await new Promise((r) => setImmediate(r))
    }
    // Every annotation applied, then stored: the stored sequence number stops moving.
    while (room.doc.getMap('annotations').size < perClient * CONNECTIONS)
      await new Promise((r) => setTimeout(r, 5))
    for (let seq = seqBefore, next = -1; next !== seq; ) {
      seq = next
      await new Promise((r) => setTimeout(r, 20))
      next = (await store.load('a1')).seq
    }
    const used = process.cpuUsage(before)
    await room.close(1001, 'done', false)
    return (used.user + used.system) / (perClient * CONNECTIONS)
  } finally {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Start and end of a code-point span as relative positions in `doc`'s text. */
function relative(
  doc: Y.Doc,
  start: number,
  end: number,
): { start: Y.RelativePosition; end: Y.RelativePosition } {
  const paragraph = doc.getXmlFragment('article').get(0) as Y.XmlElement
  const text = paragraph.get(0) as Y.XmlText
  return {
    start: Y.createRelativePositionFromTypeIndex(text, start, 0),
    end: Y.createRelativePositionFromTypeIndex(text, end, -1),
  }
}

const on: number[] = []
const off: number[] = []
await round(true) // warm-up
for (let r = 0; r < ROUNDS; r++) {
  on.push(await round(true))
  off.push(await round(false))
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const min = (xs: number[]) => Math.min(...xs)
console.log(`| ${UPDATES} annotations from ${CONNECTIONS} users, ${ROUNDS} rounds each | min | median |`)
console.log('| --- | --- | --- |')
console.log(
  `| trail on: server CPU per annotation | ${min(on).toFixed(1)} µs | ${median(on).toFixed(1)} µs |`,
)
console.log(`| trail off | ${min(off).toFixed(1)} µs | ${median(off).toFixed(1)} µs |`)
console.log(
  `\ncost of the trail: ${((median(on) / median(off) - 1) * 100).toFixed(1)} % (medians), ${((min(on) / min(off) - 1) * 100).toFixed(1)} % (minima)`,
)
