import { describe, expect, it } from 'vitest'
import { readJsonLines } from './readJsonLines'

/** A body that arrives in `chunks` (bytes cut anywhere, even inside a character). */
function body(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(c)
      controller.close()
    },
  })
}

function cut(text: string, size: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text)
  const chunks: Uint8Array[] = []
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size))
  return chunks
}

describe('reading JSON Lines', () => {
  it('[OPEN3] the history is read a line at a time, in steps: lines and characters cut across chunks, a last line without its newline', async () => {
    const values = [
      { type: 'start', annotation: 'a1', state: { labels: ['named_source'], source: 'Dmitry Peskov' } },
      { type: 'change', n: 1, quote: '“Il n’y a pas eu d’appel”, a déclaré l’officiel — 👍' },
      { type: 'change', n: 2, quote: 'Second' },
    ]
    const text = `${values.map((v) => JSON.stringify(v)).join('\n')}\n\n${JSON.stringify({ type: 'change', n: 3 })}`
    for (const size of [1, 3, 7, 64, 100_000]) {
      const read: unknown[] = []
      let pauses = 0
      await readJsonLines(
        body(cut(text, size)),
        (v) => read.push(v),
        async () => {
          pauses++
        },
        0,
      )
      expect(read).toEqual([...values, { type: 'change', n: 3 }])
      // With no time allowed per step, the page has a turn after every line read.
      expect(pauses).toBeGreaterThanOrEqual(3)
    }
  })

  it('[OPEN3] a line that is not JSON is named by its number; no body reads nothing', async () => {
    await expect(
      readJsonLines(
        body(cut('{"n":1}\n{"n":\n', 4)),
        () => {},
        async () => {},
      ),
    ).rejects.toThrow(/^line 2 is not JSON/)
    const read: unknown[] = []
    await readJsonLines(
      null,
      (v) => read.push(v),
      async () => {},
    )
    expect(read).toEqual([])
  })
})
