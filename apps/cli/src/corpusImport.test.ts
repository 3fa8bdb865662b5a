import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { readArticle } from '@attrib/core'
import {
  CorpusRefused,
  DATABASE_FILE,
  loadDocument,
  MemoryStore,
  readLoaded,
  SqliteStore,
  storeCorpusStream,
} from '@attrib/server'
import { afterAll, describe, expect, it } from 'vitest'
import { corpusUnits } from './corpusImport'
import { runInProcess } from './testCli'

const ROOT = resolve(import.meta.dirname, '../../..')
const MAIN = join(ROOT, 'apps/cli/src/main.ts')

const dir = mkdtempSync(join(tmpdir(), 'attrib-stream-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function line(id: string, labels: string[] = ['quote']): string {
  return JSON.stringify({
    id,
    title: `T ${id}`,
    text: 'Ann said it. Bob did not.',
    annotations: [{ id: `${id}x`, start: 0, end: 12, labels, annotator: 'ann', kind: 'sentence' }],
  })
}

async function streamUnit(name: string, lines: string[]) {
  const file = join(dir, name)
  writeFileSync(file, `${lines.join('\r\n')}\n`)
  const [unit] = await corpusUnits(file, 'jsonl', process.stdin)
  if (!unit?.stream) throw new Error('a JSONL file should stream')
  return { ...unit, stream: unit.stream }
}

describe('[CP4] a JSONL import streams: checked whole first, then stored in batches', () => {
  it('stores every article in batches of the given size', async () => {
    const store = new MemoryStore()
    const batches: number[] = []
    const createArticles = store.createArticles.bind(store)
    store.createArticles = (inputs) => {
      batches.push(inputs.length)
      return createArticles(inputs)
    }
    const unit = await streamUnit(
      'five.jsonl',
      ['a', 'b', 'c', 'd', 'e'].map((id) => line(id)),
    )
    const result = await storeCorpusStream(store, unit, { meta: {}, batch: 2 })
    expect(result).toEqual({ created: 5, skipped: [], addedLabels: [] })
    expect(batches).toEqual([2, 2, 1])
    expect((await store.listArticles()).map((r) => r.id)).toEqual(['a', 'b', 'c', 'd', 'e'])
  })

  it('stores nothing when a later line is bad, names the line, and refuses an id given twice', async () => {
    const store = new MemoryStore()
    const bad = await streamUnit('bad.jsonl', [line('a'), line('b'), '{"id": "c"'])
    await expect(storeCorpusStream(store, bad, { meta: {}, batch: 1 })).rejects.toThrow(
      /bad\.jsonl:3: not valid JSON/,
    )
    const twice = await streamUnit('twice.jsonl', [line('a'), line('a')])
    await expect(storeCorpusStream(store, twice, { meta: {}, batch: 1 })).rejects.toThrow(CorpusRefused)
    const unknown = await streamUnit('labels.jsonl', [line('a'), line('b', ['rumour'])])
    await expect(storeCorpusStream(store, unknown, { meta: {}, batch: 1 })).rejects.toThrow(
      /unknown labels: rumour/,
    )
    expect(await store.listArticles()).toEqual([])
  })

  it('refuses the whole file for a record over the limits (core LIM4), and cuts a long paragraph (LIM3)', async () => {
    const store = new MemoryStore()
    const runOn = JSON.stringify({
      id: 'z',
      title: 'Z',
      text: `It went ${'on and '.repeat(600)}on.`,
      annotations: [],
    })
    const over = await streamUnit('over.jsonl', [line('a'), runOn])
    await expect(storeCorpusStream(store, over, { meta: {}, batch: 1 })).rejects.toThrow(
      /article "z": paragraph 1 has a sentence of 4,211 characters/,
    )
    expect(await store.listArticles()).toEqual([])
    // One paragraph of 200 sentences, the last one tagged: stored as several paragraphs, the tag on it still.
    const sentences = Array.from(
      { length: 200 },
      (_, i) => `Officials said report ${i} was late again this week.`,
    )
    const text = sentences.join(' ')
    const last = [...text].length
    const long = JSON.stringify({
      id: 'long',
      title: 'Long',
      text,
      annotations: [
        {
          id: 'q',
          start: last - sentences[199]!.length,
          end: last,
          labels: ['quote'],
          annotator: 'ann',
          kind: 'sentence',
        },
      ],
    })
    const unit = await streamUnit('long.jsonl', [long])
    await storeCorpusStream(store, unit, { meta: {}, batch: 1 })
    const article = readLoaded(await loadDocument(store, 'long'), readArticle)!
    expect(article.paragraphs.length).toBeGreaterThan(1)
    const [tag] = article.annotations
    const sentence = article.sentences[tag!.sentence!]!
    expect([...article.text].slice(sentence.start, sentence.end).join('')).toBe(sentences[199])
    expect(article.sentences).toHaveLength(200)
  })

  it('continues an import that stopped half-way when run again with skipExisting', async () => {
    const store = new MemoryStore()
    const all = await streamUnit(
      'all.jsonl',
      ['a', 'b', 'c', 'd'].map((id) => line(id)),
    )
    // A first run that was killed after its first batch: a and b are stored, whole.
    const first = await streamUnit(
      'first.jsonl',
      ['a', 'b'].map((id) => line(id)),
    )
    await storeCorpusStream(store, first, { meta: {}, batch: 2 })
    await expect(storeCorpusStream(store, all, { meta: {}, batch: 2 })).rejects.toThrow(/use --skip-existing/)
    const again = await storeCorpusStream(store, all, { meta: {}, batch: 2, skipExisting: true })
    expect(again).toEqual({ created: 2, skipped: ['a', 'b'], addedLabels: [] })
    expect((await store.listArticles()).map((r) => r.id)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('treats the id of a deleted article as taken: refused naming the undo, or skipped', async () => {
    const store = new MemoryStore()
    const unit = await streamUnit(
      'again.jsonl',
      ['a', 'b', 'c'].map((id) => line(id)),
    )
    await storeCorpusStream(store, await streamUnit('b.jsonl', [line('b')]), { meta: {} })
    await store.deleteArticle('b')
    await expect(storeCorpusStream(store, unit, { meta: {}, batch: 1 })).rejects.toThrow(
      /"b" was deleted .* restore it/,
    )
    expect(await store.listArticles()).toEqual([])
    const again = await storeCorpusStream(store, unit, { meta: {}, batch: 1, skipExisting: true })
    expect(again).toMatchObject({ created: 2, skipped: ['b'] })
    expect((await store.listArticles()).map((r) => r.id)).toEqual(['a', 'c'])
  })
})

describe('[CP5] an import killed half-way leaves whole articles only, and a rerun continues', () => {
  it('SIGKILL after the first batches: every stored article reads back whole; --skip-existing stores the rest', async () => {
    const total = 3000
    const file = join(dir, 'big.jsonl')
    writeFileSync(
      file,
      `${Array.from({ length: total }, (_, i) => line(`k${String(i).padStart(5, '0')}`)).join('\n')}\n`,
    )
    const data = join(dir, 'killed')
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'import', file, '--data', data], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    // Killed as soon as a batch has been reported stored (256 lines), while later batches are still coming.
    await new Promise<void>((resolve) => {
      let seen = 0
      child.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk
          .toString()
          .split('\n')
          .filter((l) => l.startsWith('imported ')).length
        if (seen >= 256 && child.exitCode === null) {
          child.kill('SIGKILL')
          resolve()
        }
      })
      child.on('exit', () => resolve())
    })
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit')
    const store = new SqliteStore(join(data, DATABASE_FILE))
    try {
      const rows = await store.listArticles()
      expect(rows.length).toBeGreaterThan(0)
      expect(rows.length).toBeLessThan(total)
      // Batches are transactions: what is stored is whole batches of whole articles.
      expect(rows.length % 256).toBe(0)
      for (const row of rows) {
        const snapshot = readLoaded(await loadDocument(store, row.id), readArticle)!
        expect(snapshot.text).toBe('Ann said it. Bob did not.')
        expect(snapshot.annotations.map((a) => a.labels)).toEqual([['quote']])
      }
    } finally {
      await store.close()
    }
    const again = await runInProcess(['import', file, '--data', data, '--skip-existing'], ROOT)
    expect(again.code, again.stderr).toBe(0)
    const store2 = new SqliteStore(join(data, DATABASE_FILE))
    try {
      expect((await store2.listArticles()).length).toBe(total)
    } finally {
      await store2.close()
    }
  }, 120_000)
})
