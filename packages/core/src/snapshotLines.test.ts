import { describe, expect, it } from 'vitest'
import { buildArticleDoc, readArticle } from './snapshot'
import { SnapshotReader, snapshotLines } from './snapshotLines'

/** An article of `paragraphs` paragraphs with an astral character in each and every sentence tagged. */
function article(paragraphs: number) {
  const texts = Array.from(
    { length: paragraphs },
    (_, i) => `Paragraph ${i} 🚀 says so. Officials in ${i} agreed.`,
  )
  let at = 0
  const annotations = texts.flatMap((t) => {
    const first = [...'Paragraph '].length + String(texts.indexOf(t)).length + [...' 🚀 says so.'].length
    const start = at
    at += [...t].length + 2
    return [{ kind: 'sentence' as const, start, end: start + first, labels: ['quote'], annotator: 'ana' }]
  })
  return readArticle(buildArticleDoc({ meta: { id: 'long', title: 'Long' }, paragraphs: texts, annotations }))
}

function read(lines: string[]) {
  const reader = new SnapshotReader()
  for (const line of lines) reader.add(JSON.parse(line))
  return reader.snapshot()
}

describe('an article snapshot as JSON Lines', () => {
  it('[HTTP3] read back a line at a time it is the same snapshot; the text is cut between characters, never inside one', () => {
    for (const n of [0, 1, 3, 1200]) {
      const snapshot = article(n)
      const lines = snapshotLines(snapshot)
      expect(read(lines)).toEqual(snapshot)
      // Short lines: none holds the whole article once it is large.
      if (n === 1200) {
        expect(lines.length).toBeGreaterThan(10)
        for (const line of lines) expect(line.length).toBeLessThan(60_000)
        for (const line of lines) {
          const value = JSON.parse(line)
          if (value.type !== 'text') continue
          const last = (value.text as string).charCodeAt(value.text.length - 1)
          expect(last >= 0xd800 && last <= 0xdbff).toBe(false)
        }
      }
    }
  })

  it('[HTTP3] a reader says what is wrong when the first line is not the article; it skips lines of types it does not know', () => {
    const snapshot = article(2)
    const lines = snapshotLines(snapshot)
    const reader = new SnapshotReader()
    expect(() => reader.add(JSON.parse(lines[1]!))).toThrow(/first line is "text", not "article"/)
    expect(() => new SnapshotReader().snapshot()).toThrow(/no "article" line/)
    const later = new SnapshotReader()
    later.add(JSON.parse(lines[0]!))
    later.add({ type: 'from-a-newer-server', x: 1 })
    for (const line of lines.slice(1)) later.add(JSON.parse(line))
    expect(later.snapshot()).toEqual(snapshot)
  })
})
