import { type ArticleSnapshot, annotationSentence, articleSourceIds } from '@attrib/core'
import { type CorpusFormat, JSONL_MEDIA_TYPE, lines, perArticle } from './corpusFormat'

/**
 * One sentence of an article with what its accepted annotations say: the labels, source names and
 * annotators of accepted sentence annotations on it and accepted span annotations starting in it.
 */
export interface SentenceRow {
  articleId: string
  /** 0-based index of the sentence in the article. */
  sentence: number
  /** Code-point offsets in the article text. */
  start: number
  end: number
  text: string
  labels: string[]
  /** The source names as written, sorted. */
  sources: string[]
  /**
   * The source index's id of each of `sources`, in the same order (`sourceId` of a JSONL export): two
   * spellings of one source share an id, so rows join on it across articles.
   */
  sourceIds: string[]
  annotators: string[]
}

/** The header of the sentence CSV, in column order. */
export const SENTENCE_CSV_HEADER = [
  'article_id',
  'sentence',
  'start',
  'end',
  'text',
  'labels',
  'sources',
  'annotators',
  // Last, so that readers of the columns before it are unaffected.
  'source_ids',
] as const

/** One row per sentence of each article; suggested and rejected annotations are left out. */
export function* sentenceRows(articles: Iterable<ArticleSnapshot>): Iterable<SentenceRow> {
  for (const snapshot of articles) {
    const chars = Array.from(snapshot.text)
    // One spelling is one source within an article, so an annotation's id is its spelling's.
    const ids = articleSourceIds(snapshot.annotations)
    const idOf = new Map<string, string>()
    for (const a of snapshot.annotations) if (ids.has(a.id)) idOf.set(a.source, ids.get(a.id)!)
    const found = snapshot.sentences.map(() => ({
      labels: new Set<string>(),
      sources: new Set<string>(),
      annotators: new Set<string>(),
    }))
    for (const a of snapshot.annotations) {
      if (a.status !== 'accepted') continue
      const index = annotationSentence(snapshot, a)
      if (index === null) continue
      const bucket = found[index]!
      for (const l of a.labels) bucket.labels.add(l)
      if (a.source.trim()) bucket.sources.add(a.source)
      if (a.annotator) bucket.annotators.add(a.annotator)
    }
    for (const [i, s] of snapshot.sentences.entries()) {
      const b = found[i]!
      const sources = [...b.sources].sort()
      yield {
        articleId: snapshot.meta.id,
        sentence: i,
        start: s.start,
        end: s.end,
        text: chars.slice(s.start, s.end).join(''),
        labels: [...b.labels].sort(),
        sources,
        sourceIds: sources.map((name) => idOf.get(name)!),
        annotators: [...b.annotators].sort(),
      }
    }
  }
}

/** Quotes a CSV field as RFC 4180 asks: in double quotes, doubled inside, when it holds `,` `"` CR or LF. */
export function csvField(value: string | number): string {
  const s = String(value)
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

/**
 * The sentences as CSV (RFC 4180): the header row first, then one row per sentence, lists `;`-joined.
 * Rows come without terminators; join them with `\r\n`. A field may hold a quoted newline.
 */
export function* exportSentencesCsv(articles: Iterable<ArticleSnapshot>): Iterable<string> {
  yield SENTENCE_CSV_HEADER.join(',')
  for (const r of sentenceRows(articles)) {
    yield [
      r.articleId,
      r.sentence,
      r.start,
      r.end,
      r.text,
      r.labels.join(';'),
      r.sources.join(';'),
      r.annotators.join(';'),
      r.sourceIds.join(';'),
    ]
      .map(csvField)
      .join(',')
  }
}

/** The sentences as JSON Lines, one {@link SentenceRow} per line (lists as arrays); join with `\n`. */
export function* exportSentencesJsonl(articles: Iterable<ArticleSnapshot>): Iterable<string> {
  for (const r of sentenceRows(articles)) yield JSON.stringify(r)
}

/** Sentences as CSV: one row per sentence with its accepted labels, sources, annotators and source ids. */
export const sentencesCsvFormat: CorpusFormat<'sentences-csv'> = {
  id: 'sentences-csv',
  name: 'Sentences, CSV',
  description:
    'one row per sentence (RFC 4180) with its labels, source names, annotators and source index ids',
  mediaType: 'text/csv; charset=utf-8',
  singleFile: true,
  async *write(articles, { name }) {
    async function* chunks(): AsyncIterable<string> {
      yield `${SENTENCE_CSV_HEADER.join(',')}\r\n`
      // Each article's rows without the header row.
      yield* perArticle(articles, (a) => lines([...exportSentencesCsv([a])].slice(1), '\r\n'))
    }
    yield { path: `${name}.sentences.csv`, chunks: chunks() }
  },
}

/** Sentences as JSON Lines: one {@link SentenceRow} per line. */
export const sentencesJsonlFormat: CorpusFormat<'sentences-jsonl'> = {
  id: 'sentences-jsonl',
  name: 'Sentences, JSONL',
  description: 'one JSON object per sentence with its labels, source names, annotators and source index ids',
  mediaType: JSONL_MEDIA_TYPE,
  singleFile: true,
  async *write(articles, { name }) {
    yield {
      path: `${name}.sentences.jsonl`,
      chunks: perArticle(articles, (a) => lines(exportSentencesJsonl([a]))),
    }
  },
}
