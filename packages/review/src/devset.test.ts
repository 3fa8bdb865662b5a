import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEFAULT_LABELS, parseArticle, segmentArticle } from '@attrib/core'
import { describe, expect, it } from 'vitest'
import { evaluate } from './evaluate'
import { suggestSentences } from './suggest'

// The labelled dev set of packages/review/devset (see its README): the floor the suggester must keep
// (SPEC.md, SUG13). Its labels follow docs/annotation-guidelines.md.

interface DevSentence {
  article: string
  i: number
  text: string
  labels: string[]
}

const ROOT = join(import.meta.dirname, '../devset')
const LABELS = DEFAULT_LABELS.map((l) => l.id)
const rows = readFileSync(join(ROOT, 'labels.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line, n) => {
    try {
      return JSON.parse(line) as DevSentence
    } catch {
      throw new Error(`labels.jsonl:${n + 1}: not JSON`)
    }
  })
const files = readdirSync(join(ROOT, 'articles')).filter((f) => f.endsWith('.txt'))

/** The sentences of a dev-set article, as the editor segments them. */
function sentencesOf(file: string): string[] {
  const { paragraphs } = parseArticle(readFileSync(join(ROOT, 'articles', file), 'utf8'), { fileName: file })
  const { text, sentences } = segmentArticle(paragraphs)
  const codePoints = [...text]
  return sentences.map((s) => codePoints.slice(s.start, s.end).join(''))
}

describe('dev set', () => {
  it('[SUG13] labels every sentence of every article exactly as the segmenter splits it, in order', () => {
    expect(files.length).toBeGreaterThanOrEqual(8)
    expect(new Set(rows.map((r) => r.article))).toEqual(new Set(files))
    for (const file of files) {
      const labelled = rows.filter((r) => r.article === file)
      expect(labelled.map((r) => r.i)).toEqual(labelled.map((_, i) => i))
      expect(labelled.map((r) => r.text)).toEqual(sentencesOf(file))
    }
  })

  it('[SUG13] has at least 150 sentences, only known labels, sorted, and uses every label', () => {
    expect(rows.length).toBeGreaterThanOrEqual(150)
    const used = new Set<string>()
    for (const r of rows) {
      for (const l of r.labels) {
        expect(LABELS).toContain(l)
        used.add(l)
      }
      expect(r.labels).toEqual([...new Set(r.labels)].sort())
    }
    expect([...used].sort()).toEqual([...LABELS].sort())
    // Unattributed sentences matter as much: precision is measured on them.
    expect(rows.filter((r) => r.labels.length === 0).length).toBeGreaterThanOrEqual(40)
  })

  it('[SUG13] the suggester keeps its floor: attributed-or-not F1 ≥ 0.95, micro-F1 ≥ 0.95', () => {
    const predicted: string[][] = []
    for (const file of files) {
      const texts = rows.filter((r) => r.article === file).map((r) => r.text)
      for (const s of suggestSentences(texts)) predicted.push(s.labels)
    }
    const gold = files.flatMap((file) => rows.filter((r) => r.article === file).map((r) => r.labels))
    const result = evaluate(gold, predicted, LABELS)
    expect(result.attributed.f1).toBeGreaterThanOrEqual(0.95)
    expect(result.micro.f1).toBeGreaterThanOrEqual(0.95)
  })
})
