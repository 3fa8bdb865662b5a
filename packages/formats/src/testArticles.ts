import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  type ArticleSnapshot,
  addAnnotationsAtOffsets,
  createArticleDoc,
  parseArticle,
  readArticle,
} from '@attrib/core'
import type { ArticleRecord } from './record'

// Test support only (not exported from the package): the shared fixtures of the format tests.

/** A fixed creation time, so exports are byte-for-byte predictable. */
export const CREATED = '2024-10-25T10:00:00.000Z'

/**
 * A small article with astral characters (🚀, 𝒳) before the annotations, overlapping annotations,
 * a span with a source name and a suggested one. Sentences: 0..9, 10..20, 22..55 (code points).
 */
export function astralArticle(): ArticleSnapshot {
  const doc = createArticleDoc({
    meta: { id: 'astral', title: 'Launch, "day"', outlet: 'Example News', date: '2024-10-25' },
    paragraphs: ['🚀 Launch. 𝒳 said it.', 'A "quoted, comma" line, said Bob.'],
  })
  addAnnotationsAtOffsets(doc, [
    {
      id: 's1',
      kind: 'sentence',
      start: 10,
      end: 20,
      labels: ['quote', 'named_source'],
      annotator: 'ann',
      created: CREATED,
    },
    {
      id: 'p1',
      kind: 'span',
      start: 10,
      end: 11,
      labels: ['named_source'],
      source: '𝒳',
      annotator: 'bob',
      created: CREATED,
    },
    {
      id: 'g1',
      kind: 'span',
      start: 0,
      end: 9,
      labels: ['media_report'],
      status: 'suggested',
      annotator: 'bot',
      created: CREATED,
    },
    {
      id: 's2',
      kind: 'sentence',
      start: 22,
      end: 55,
      labels: ['quote'],
      source: 'Bob, "the, one"',
      annotator: 'ann',
      created: CREATED,
    },
  ])
  return readArticle(doc)
}

/** The two seed articles with a few annotations each: a sentence tag, a source span, a suggestion. */
export function seedArticles(): ArticleSnapshot[] {
  const dir = join(import.meta.dirname, '../../../seeds')
  return ['000_cdf3ea4d863409f1.txt', '001_b540a2e8dbf5a36d.txt'].map((file) => {
    const doc = createArticleDoc(parseArticle(readFileSync(join(dir, file), 'utf8'), { fileName: file }))
    const first = readArticle(doc)
    const [s0, s1, s2] = first.sentences
    addAnnotationsAtOffsets(doc, [
      {
        kind: 'sentence',
        start: s0!.start,
        end: s0!.end,
        labels: ['quote'],
        annotator: 'ann',
        created: CREATED,
      },
      {
        kind: 'span',
        start: s1!.start,
        end: s1!.start + 8,
        labels: ['anonymous_official', 'quote'],
        source: 'insiders',
        annotator: 'ann',
        created: CREATED,
      },
      {
        kind: 'sentence',
        start: s2!.start,
        end: s2!.end,
        labels: ['spokesperson'],
        status: 'suggested',
        annotator: 'bot',
        created: CREATED,
      },
    ])
    return readArticle(doc)
  })
}

/** What survives every format: span, labels (sorted), source and status, in a stable order. */
export function essentials(annotations: ArticleRecord['annotations'] | ArticleSnapshot['annotations']) {
  return annotations
    .map((a) => ({
      start: a.start,
      end: a.end,
      labels: [...a.labels].sort(),
      source: a.source,
      status: a.status,
    }))
    .sort((x, y) => x.start - y.start || x.end - y.end || x.labels.join().localeCompare(y.labels.join()))
}

/** Snapshots held in memory as the async iterable the exporters read. */
export async function* fromIterable<T>(items: Iterable<T>): AsyncIterable<T> {
  yield* items
}
