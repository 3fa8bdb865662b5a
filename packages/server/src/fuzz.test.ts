import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import {
  type ArticleInput,
  addAnnotationsAtOffsets,
  Origin,
  paragraphElements,
  readArticle,
} from '@attrib/core'
import { loadDocument, MemoryStore } from '@attrib/store'
import type { Logger } from '@attrib/sync'
import {
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  messageAwareness,
  messageSync,
  parseMessage,
  validateStateVector,
  validateUpdate,
} from '@attrib/sync'
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { connectClient, startTestServer, type TestServer, waitFor } from './testUtils'

// Protocol fuzzing (SPEC: FZ1, FZ2). Random and mutated frames from many short-lived raw connections; the server
// must stay up, keep serving, keep its memory and leave the guarded rooms' stored documents unchanged.
// FUZZ_SEED=<n> repeats a run; FUZZ_FULL=1 sends 100,000 frames; FUZZ_COUNT=<n> any number.

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32))
const COUNT = Number(process.env.FUZZ_COUNT ?? (process.env.FUZZ_FULL === '1' ? 100_000 : 20_000))
const WORKERS = 8
const QUERY = new Uint8Array([3])
// Sync step 1 with an empty state vector: answered with a sync step 2 once every earlier frame was handled.
const PROBE = new Uint8Array([messageSync, 0, 1, 0])

/** mulberry32: a tiny seeded PRNG, returns floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// The generator of the worker that runs now (see the worker loop).
let rng = mulberry32(SEED)
const random = () => rng()
const int = (n: number) => Math.floor(random() * n)
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!
const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => int(256))

// Varints around the boundaries lib0 cares about, and lengths far beyond any frame.
const VARINTS = [0, 1, 127, 128, 255, 16_383, 16_384, 2 ** 31 - 1, 2 ** 32, 2 ** 53 - 1]

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder()
  write(e)
  return encoding.toUint8Array(e)
}

function varint(): number {
  return random() < 0.5 ? pick(VARINTS) : int(1000)
}

/** One random change to `bytes`: bit flips, a random byte, truncation, insertion, deletion, a varint. */
function mutate(bytes: Uint8Array): Uint8Array {
  const out = [...bytes]
  const at = () => int(out.length + 1)
  switch (int(7)) {
    case 0:
      for (let i = 1 + int(4); i > 0 && out.length > 0; i--) out[int(out.length)]! ^= 1 << int(8)
      break
    case 1:
      if (out.length > 0) out[int(out.length)] = int(256)
      break
    case 2:
      out.length = int(out.length + 1)
      break
    case 3:
      out.splice(at(), 0, ...randomBytes(1 + int(8)))
      break
    case 4:
      out.splice(at(), 1 + int(8))
      break
    case 5:
      out.splice(at(), int(3), ...frame((e) => encoding.writeVarUint(e, varint())))
      break
    default:
      out.splice(at(), 0, ...out.slice(at(), at()))
  }
  return Uint8Array.from(out)
}

/** Real frames of a room: sync step 1 and 2, edits, awareness, query and auth. */
function corpus(doc: Y.Doc): Uint8Array[] {
  const frames = [encodeSyncStep1(doc), encodeSyncStep2(doc), new Uint8Array([3]), new Uint8Array([2, 0])]
  const fork = new Y.Doc()
  Y.applyUpdate(fork, Y.encodeStateAsUpdate(doc))
  const before = Y.encodeStateVector(fork)
  fork.on('update', (update: Uint8Array) => frames.push(encodeUpdate(update)))
  const text = paragraphElements(fork)[0]!.get(0) as Y.XmlText
  fork.transact(() => text.insert(0, 'Fuzzed: '), Origin.user)
  fork.transact(() => text.delete(3, 4), Origin.user)
  addAnnotationsAtOffsets(
    fork,
    [{ kind: 'sentence', start: 0, end: 5, labels: ['quote'], annotator: 'fuzz' }],
    Origin.user,
  )
  fork.transact(() => text.format(0, 4, { bold: true }), Origin.user)
  frames.push(encodeSyncStep2(fork, before), encodeSyncStep1(fork))
  const awareness = new awarenessProtocol.Awareness(fork)
  awareness.setLocalState({ user: { name: 'Fuzz', color: '#f00' }, cursor: { anchor: 1, head: [2, 3] } })
  frames.push(encodeAwareness(awareness, [fork.clientID]))
  awareness.setLocalState(null)
  frames.push(encodeAwareness(awareness, [fork.clientID]))
  awareness.destroy()
  fork.destroy()
  return frames
}

/** A frame whose payload is mutated and re-wrapped with a correct length, so it reaches Yjs's decoders. */
function mutatePayload(real: Uint8Array): Uint8Array {
  try {
    const message = parseMessage(real)
    if (message.type === 'update' || message.type === 'syncStep1') {
      const payload = mutate(message.type === 'update' ? message.update : message.stateVector)
      const syncType = message.type === 'syncStep1' ? 0 : message.step === 'syncStep2' ? 1 : 2
      return frame((e) => {
        encoding.writeVarUint(e, messageSync)
        encoding.writeVarUint(e, syncType)
        encoding.writeVarUint8Array(e, payload)
      })
    }
    if (message.type === 'awareness')
      return frame((e) => {
        encoding.writeVarUint(e, messageAwareness)
        encoding.writeVarUint8Array(e, mutate(message.update))
      })
  } catch {}
  return mutate(real)
}

function randomFrame(frames: Uint8Array[]): Uint8Array | string {
  const r = random()
  if (r < 0.35) {
    let bytes = mutatePayload(pick(frames))
    for (let i = int(3); i > 0; i--) bytes = mutatePayload(bytes)
    return bytes
  }
  if (r < 0.5) return mutate(pick(frames))
  if (r < 0.6) return pick(frames)
  if (r < 0.7) {
    // Two real frames spliced together.
    const a = pick(frames)
    const b = pick(frames)
    return Uint8Array.from([...a.subarray(0, int(a.length + 1)), ...b.subarray(int(b.length + 1))])
  }
  if (r < 0.85)
    // A well-formed envelope around a random varint length and random bytes.
    return frame((e) => {
      encoding.writeVarUint(e, random() < 0.8 ? int(4) : varint())
      if (random() < 0.7) encoding.writeVarUint(e, int(4))
      encoding.writeVarUint(e, varint())
      encoding.writeUint8Array(e, randomBytes(int(64)))
    })
  if (r < 0.9)
    return frame((e) => {
      encoding.writeVarUint(e, messageAwareness)
      encoding.writeVarUint8Array(
        e,
        frame((a) => {
          encoding.writeVarUint(a, random() < 0.5 ? 1 : varint())
          encoding.writeVarUint(a, varint())
          encoding.writeVarUint(a, varint())
          encoding.writeVarString(a, pick(['{}', 'null', '{"user":', '[1,2', '"x"', '{"a":1e999}']))
        }),
      )
    })
  if (r < 0.995) return randomBytes(int(80))
  return random() < 0.5 ? 'text frame' : new Uint8Array(0)
}

// Each worker has rooms of its own, so that one worker's room reset does not change another's run.
/** Guarded rooms of a worker: their documents must not change. */
const articlesOf = (worker: number) => [`f${worker}a`, `f${worker}b`, `f${worker}c`]
/** A worker's scratch room receives every frame, including mutations that form valid updates. */
const scratchOf = (worker: number) => `s${worker}`
const WORKER_IDS = Array.from({ length: WORKERS }, (_, index) => index)
const ARTICLES = WORKER_IDS.flatMap(articlesOf)
const SCRATCHES = WORKER_IDS.map(scratchOf)

function articleInput(id: string): ArticleInput {
  return {
    meta: { id, title: `Fuzz ${id}` },
    paragraphs: [
      `Peskov said there was one call in ${id}. Officials declined to comment.`,
      'Musk confirmed it, a spokesperson said.',
    ],
  }
}

/**
 * The document of a guarded room, which must never change. Updates that would change it, or leave something
 * pending that a later update could complete, are not sent there (the scratch room gets them). So the
 * server's document stays exactly the stored one and this check is exact, whatever the server unloaded or reset.
 */
class Shadow {
  private doc = new Y.Doc()

  constructor(private readonly state: Uint8Array) {
    this.rebuild()
  }

  /** Whether the server may send `data`: false when it holds an update that would change the document. */
  allows(data: Uint8Array): boolean {
    let update: Uint8Array
    try {
      const message = parseMessage(data)
      if (message.type !== 'update') return true
      validateUpdate(message.update)
      update = message.update
    } catch {
      return true
    }
    let changed = false
    const onUpdate = () => {
      changed = true
    }
    this.doc.on('update', onUpdate)
    try {
      Y.applyUpdate(this.doc, update)
    } catch {
      // The server resets the room on these and keeps nothing of them.
      this.rebuild()
      return true
    } finally {
      this.doc.off('update', onUpdate)
    }
    if (changed || this.doc.store.pendingStructs || this.doc.store.pendingDs) {
      this.rebuild()
      return false
    }
    return true
  }

  private rebuild(): void {
    this.doc.destroy()
    this.doc = new Y.Doc()
    Y.applyUpdate(this.doc, this.state)
  }
}

/** Whether the server answers `data` with a sync step 2. */
function isStep1(data: Uint8Array | string): boolean {
  if (typeof data === 'string') return false
  try {
    const message = parseMessage(data)
    if (message.type !== 'syncStep1') return false
    validateStateVector(message.stateVector)
    return true
  } catch {
    return false
  }
}

function collectGarbage(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc')
    return runInNewContext('gc') as () => void
  } catch {
    return undefined
  }
}

let server: TestServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('protocol fuzzing', () => {
  // FZ1: every connection may write and adjudicate (no access control). FZ2: every connection is an
  // annotator's, so each update goes through the checked path (reviewer-only rules, held-back updates
  // dropped with 4501), with the same frames and the same guarantees.
  for (const { id, annotators, count } of [
    { id: 'FZ1', annotators: false, count: COUNT },
    { id: 'FZ2', annotators: true, count: Math.ceil(COUNT / 2) },
  ])
    it(
      `[${id}] ${count} random and mutated frames (seed ${SEED}${annotators ? ', annotators' : ''}) leave the server up, bounded and consistent`,
      async () => {
        console.info(`fuzz ${id}: seed ${SEED}, ${count} frames (FUZZ_SEED=${SEED} to repeat)`)
        const started = performance.now()
        const errors: unknown[] = []
        const onError = (e: unknown) => errors.push(e)
        process.on('uncaughtException', onError)
        process.on('unhandledRejection', onError)
        const logged: string[] = []
        const logger: Logger = {
          info() {},
          warn() {},
          error: (message, details) => logged.push(`${message} ${JSON.stringify(details)}`),
        }
        try {
          const store = new MemoryStore()
          for (const id of [...ARTICLES, ...SCRATCHES]) await store.createArticle(articleInput(id))
          const before = new Map<string, ReturnType<typeof readArticle>>()
          const shadows = new Map<string, Shadow>()
          for (const id of ARTICLES) {
            const doc = (await loadDocument(store, id))!
            before.set(id, readArticle(doc))
            shadows.set(id, new Shadow(Y.encodeStateAsUpdate(doc)))
          }
          server = await startTestServer({
            store,
            logger,
            // Rooms stay loaded: an unload drops pending updates at a moment that depends on the machine, and
            // the run would no longer depend on its seed alone. Resets still reload rooms from the store.
            idleMs: 600_000,
            compactEvery: 20,
            maxPayload: 256 * 1024,
            onAuthenticate: annotators ? () => ({ mayAdjudicate: false }) : undefined,
          })
          const url = server.url

          const gc = collectGarbage()
          gc?.()
          const heapBefore = process.memoryUsage().heapUsed

          let sent = 0
          let skipped = 0
          let connections = 0
          const closeCodes = new Map<number, number>()
          const worker = async (index: number) => {
            // Each worker draws from its own generator, so a seed repeats the same frames on every connection
            // whatever the interleaving; `rng` is switched back to it after every await.
            const own = mulberry32(SEED + index * 0x9e3779b9)
            rng = own
            const docs: Y.Doc[] = []
            for (const id of articlesOf(index)) docs.push((await loadDocument(store, id))!)
            rng = own
            const frames = docs.flatMap((doc) => corpus(doc))
            let budget = Math.ceil(count / WORKERS)
            while (budget > 0) {
              const r = random()
              const room =
                r < 0.7
                  ? pick(articlesOf(index))
                  : r < 0.9
                    ? scratchOf(index)
                    : pick(['missing', '..', '%2F', 'a%00', 'x'.repeat(200)])
              const query =
                random() < 0.9 ? 'schema=1' : pick(['', 'schema=0', 'schema=-1', 'schema=9999999999'])
              const ws = new WebSocket(`${url}/${room}${query ? `?${query}` : ''}`)
              connections++
              ws.on('error', () => {})
              // Sync step 2 only ever answers a step 1, so counting them tells which frames were handled.
              let answers = 0
              let onAnswer = () => {}
              ws.on('message', (data: Buffer) => {
                if (data[0] === messageSync && data[1] === 1) answers++
                onAnswer()
              })
              const closed = new Promise<void>((resolve) =>
                ws.once('close', (code: number) => {
                  closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1)
                  resolve()
                }),
              )
              await Promise.race([new Promise((resolve) => ws.once('open', resolve)), closed])
              rng = own
              if (random() < 0.01) {
                // A burst beyond the rate limit.
                for (let i = 0; i < 500 && ws.readyState === ws.OPEN; i++) ws.send(QUERY)
                budget--
                sent++
                await closed
                rng = own
                continue
              }
              // One frame at a time, each followed by a probe (sync step 1) whose answer says it was handled.
              let expected = 0
              for (let i = 1 + int(40); i > 0 && budget > 0 && ws.readyState === ws.OPEN; i--) {
                const data = randomFrame(frames)
                const shadow = shadows.get(room)
                if (shadow && typeof data !== 'string' && !shadow.allows(data)) {
                  skipped++
                  continue
                }
                expected += isStep1(data) ? 2 : 1
                const answered = new Promise<void>((resolve) => {
                  onAnswer = () => {
                    if (answers >= expected) resolve()
                  }
                })
                ws.send(data)
                ws.send(PROBE)
                budget--
                sent++
                await Promise.race([answered, closed])
                rng = own
              }
              if (random() < 0.2) ws.terminate()
              else if (ws.readyState === ws.OPEN) ws.close()
              await closed
              rng = own
            }
          }
          await Promise.all(Array.from({ length: WORKERS }, (_, index) => worker(index)))
          const fuzzMs = performance.now() - started
          console.info(
            `fuzz: ${sent} frames over ${connections} connections in ${Math.round(fuzzMs)} ms; ${skipped} updates not sent to guarded rooms (they would change them); close codes ${JSON.stringify(Object.fromEntries(closeCodes))}`,
          )

          // Still serving: every room syncs with a real client, and the guarded ones are as before.
          await waitFor(() => server!.yserver.connectionCount === 0, 'fuzz connections to close')
          for (const id of ARTICLES) {
            const c = connectClient(url, id)
            await c.synced()
            expect(readArticle(c.doc), `room ${id}, seed ${SEED}`).toEqual(before.get(id))
            expect(readArticle((await loadDocument(store, id))!), `stored ${id}, seed ${SEED}`).toEqual(
              before.get(id),
            )
            c.doc.transact(
              () => (paragraphElements(c.doc)[0]!.get(0) as Y.XmlText).insert(0, 'after '),
              Origin.user,
            )
            await waitFor(
              async () => readArticle((await loadDocument(store, id))!).text.startsWith('after '),
              `an edit in ${id}`,
            )
            c.destroy()
          }
          // The scratch rooms took whatever decoded and applied: what the server holds is what it stored, and a
          // client still syncs. What the client ends up with is not compared: the state a client receives
          // includes the structs Yjs holds back for missing dependencies (`Y.encodeStateAsUpdate` merges them
          // in), and mutated ones can make a fresh document integrate more, or less, than the server has
          // (FUZZ_SEED=2841051088 shows both; THREAT_MODEL.md, "Limits and known gaps").
          for (const id of SCRATCHES) {
            const scratch = connectClient(url, id)
            await scratch.synced()
            const live = server.yserver.getDocument(id)!
            const stored = (await loadDocument(store, id))!
            expect(Y.equalSnapshots(Y.snapshot(live), Y.snapshot(stored)), `${id}, seed ${SEED}`).toBe(true)
            scratch.destroy()
          }

          expect(errors, `seed ${SEED}`).toEqual([])
          expect(logged, `seed ${SEED}`).toEqual([])
          expect(closeCodes.has(1011), `seed ${SEED}: an internal error`).toBe(false)

          await waitFor(() => server!.yserver.connectionCount === 0, 'test clients to close')
          gc?.()
          const grown = process.memoryUsage().heapUsed - heapBefore
          console.info(
            `fuzz: heap grew by ${(grown / 1024 / 1024).toFixed(1)} MiB (gc ${gc ? 'exposed' : 'unavailable'})`,
          )
          expect(grown, `seed ${SEED}`).toBeLessThan((gc ? 64 : 256) * 1024 * 1024)
        } finally {
          process.off('uncaughtException', onError)
          process.off('unhandledRejection', onError)
        }
      },
      Math.max(300_000, count * 10),
    )
})
