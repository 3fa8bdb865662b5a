import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import {
  ARTICLE_LIMITS,
  type ArticleInput,
  type OffsetAnnotation,
  parseArticle,
  segmentArticle,
  splitSentences,
} from '@attrib/core'

/** Repository root. */
export const ROOT = resolve(import.meta.dirname, '..')

/** Every sentence of the seed articles (plain text, blank-line paragraphs). */
export function seedSentences(): string[] {
  const dir = join(ROOT, 'seeds')
  const out: string[] = []
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.txt'))
    .sort()) {
    const text = readFileSync(join(dir, f), 'utf8').replace(/^\s*date \d{4}-\d{2}-\d{2}\s+/, '')
    for (const p of text.split(/\n\s*\n/)) {
      const para = p.replace(/\s+/g, ' ').trim()
      for (const s of splitSentences(para)) out.push(para.slice(s.start, s.end))
    }
  }
  return out
}

const LABELS = ['anonymous_official', 'spokesperson', 'quote', 'named_source', 'media_report']

/** One sentence annotation on each of the first `count` sentences, the labels cycling. */
function sentenceAnnotations(
  sentences: readonly { start: number; end: number }[],
  count: number,
): OffsetAnnotation[] {
  return sentences.slice(0, count).map((s, i) => ({
    kind: 'sentence',
    start: s.start,
    end: s.end,
    labels: [LABELS[i % LABELS.length]!],
    annotator: 'bench',
  }))
}

/**
 * A large article built from the seeds' sentences: `paragraphs` paragraphs of `perParagraph`
 * sentences, and one sentence annotation per sentence up to `annotations` (labels cycling).
 */
export function largeArticle(
  id: string,
  paragraphs: number,
  perParagraph: number,
  annotations: number,
): { input: ArticleInput; annotations: OffsetAnnotation[]; sentences: number } {
  const pool = seedSentences()
  const paras: string[] = []
  let k = 0
  for (let p = 0; p < paragraphs; p++) {
    const parts: string[] = []
    for (let s = 0; s < perParagraph; s++) parts.push(pool[k++ % pool.length]!)
    paras.push(parts.join(' '))
  }
  const { sentences } = segmentArticle(paras)
  return {
    input: { meta: { id, title: `Benchmark article ${id}` }, paragraphs: paras },
    annotations: sentenceAnnotations(sentences, annotations),
    sentences: sentences.length,
  }
}

/**
 * The largest article the import accepts (core LIM2–LIM4): the seeds' sentences of 60–140 characters,
 * cycling, on ONE line (as a whole article pasted without line breaks) up to both the character and the
 * sentence limits, read by `parseArticle` as a file would be (so it is cut into paragraphs at sentence
 * boundaries), and one sentence annotation per sentence up to `annotations`.
 */
export function largestArticle(
  id: string,
  annotations: number,
): { input: ArticleInput; annotations: OffsetAnnotation[]; sentences: number; characters: number } {
  const pool = seedSentences().filter((s) => s.length >= 60 && s.length <= 140 && /[.!?]["”]?$/.test(s))
  const parts: string[] = []
  let characters = 0
  for (let k = 0; parts.length < ARTICLE_LIMITS.sentences; k++) {
    const next = pool[k % pool.length]!
    if (characters + next.length + 1 > ARTICLE_LIMITS.articleCharacters) break
    parts.push(next)
    characters += next.length + 1
  }
  // Joined sentences can merge where the segmenter reads on (an abbreviation at the end): dropped from
  // the end until the line is within the sentence limit.
  let input = parseArticle(parts.join(' '), { fileName: `${id}.txt` })
  while (segmentArticle(input.paragraphs).sentences.length > ARTICLE_LIMITS.sentences) {
    parts.splice(-50)
    input = parseArticle(parts.join(' '), { fileName: `${id}.txt` })
  }
  input.meta.title = `Benchmark article ${id} (largest accepted)`
  const { sentences, text } = segmentArticle(input.paragraphs)
  return {
    input,
    annotations: sentenceAnnotations(sentences, annotations),
    sentences: sentences.length,
    characters: text.length,
  }
}

/** Median and percentile of a list of numbers. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]!
}

/** `x` rounded to `digits` decimals. */
export function round(x: number, digits = 1): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))
}

/** Polls `condition` every 20 ms; false when it is still false after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs
  while (!condition()) {
    if (performance.now() > deadline) return false
    await sleep(20)
  }
  return true
}

/** The room (article id) of the benchmarks' room number `room`. */
export function roomName(room: number): string {
  return `bench-${room}`
}
