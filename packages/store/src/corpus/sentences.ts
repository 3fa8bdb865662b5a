import {
  ANNOTATION_STATUSES,
  type FoundLabel,
  type FoundSentence,
  LAYERS,
  SENTENCE_PARAMS,
  type SentenceSearch,
} from '@attrib/core'
import { csvField } from '@attrib/formats'
import type { ArticleRow, DocumentStore, SentenceLabelRow, SentenceQuery } from '@attrib/sync'
import { z } from 'zod'
import { rebuildView, VIEW_VERSION } from '../articles'
import { CalendarDate, CommaList } from './queryParams'
import { readTaxonomy } from './taxonomy'

export type { FoundLabel, FoundSentence, SentenceSearch }

/** The formats of a sentence search's answer. */
export const SENTENCE_FORMATS = ['json', 'csv'] as const

/** How many sentences a search answers at most, and by default. */
export const MAX_SENTENCES = 1000
const DEFAULT_SENTENCES = 100

/**
 * The parameters of a sentence search as text: what `GET /api/sentences` and `attrib sentences` both
 * accept, checked by one schema so both refuse the same things in the same words (SPEC SQ1).
 */
export const SentencesParams = z
  .strictObject(
    {
      label: z.string().min(1).max(100).optional(),
      annotator: z.string().min(1).max(200).optional(),
      status: z.enum(ANNOTATION_STATUSES).optional(),
      source: z.string().min(1).max(300).optional(),
      /** Part of the sentence's text, any case. */
      q: z.string().min(1).max(200).optional(),
      layer: z.enum(LAYERS).default('auto'),
      outlet: CommaList.optional(),
      story: CommaList.optional(),
      from: CalendarDate.optional(),
      to: CalendarDate.optional(),
      /** The previous page's `next`: `ARTICLE:INDEX`. */
      after: z
        .string()
        .regex(
          /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}:\d{1,9}$/,
          'expected the `next` of the previous page, ARTICLE:INDEX',
        )
        .optional(),
      limit: z.coerce
        .number()
        .int('expected a whole number')
        .min(1, `expected 1 to ${MAX_SENTENCES}`)
        .max(MAX_SENTENCES, `expected 1 to ${MAX_SENTENCES}`)
        .default(DEFAULT_SENTENCES),
      format: z.enum(SENTENCE_FORMATS).default('json'),
      /** Every sentence found, not a page: CSV only (SQ4). */
      all: z
        .enum(['true', 'false'], 'expected true or false')
        .transform((v) => v === 'true')
        .optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown parameter ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}: use ${SENTENCE_PARAMS.join(', ')}`
          : undefined,
    },
  )
  .refine((p) => !p.from || !p.to || p.from <= p.to, {
    message: 'must be on or before to: the period would hold no day',
    path: ['from'],
  })
  .refine((p) => !p.all || p.format === 'csv', {
    message: 'every sentence at once comes only as CSV: add format=csv, or page through with after',
    path: ['all'],
  })
export type SentencesParams = z.infer<typeof SentencesParams>

/** Options of {@link searchSentences}. */
export interface SearchOptions {
  /** Told of each view computed again from its document before the search (it was missing or stale). */
  onRecompute?: (id: string) => void
}

/** Whether a catalog row passes the search's article filters (outlet, story, period). */
function keepRow(row: ArticleRow, params: SentencesParams): boolean {
  if (params.outlet && !params.outlet.includes(row.outlet ?? '')) return false
  if (params.story && !params.story.includes(row.story ?? '')) return false
  if (params.from || params.to) {
    if (!row.date) return false
    if (params.from && row.date < params.from) return false
    if (params.to && row.date > params.to) return false
  }
  return true
}

const foundLabel = (l: SentenceLabelRow): FoundLabel => ({
  label: l.label,
  annotator: l.annotator,
  status: l.status,
  final: l.final,
  source: l.source,
  annotation: l.annotation,
})

/** A sentence search's parameter that names what the corpus does not have; `param` is its name. */
export class UnknownSearchValue extends Error {
  override name = 'UnknownSearchValue'
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Refuses a search for a label the taxonomy does not define (a typo would otherwise find nothing, which
 * reads as "no sentence has it"), naming the labels there are: `GET /api/sentences` answers 400 with it and
 * `attrib sentences` exits 2, before anything is searched or streamed.
 */
export async function checkSentencesParams(store: DocumentStore, params: SentencesParams): Promise<void> {
  if (params.label === undefined) return
  const labels = (await readTaxonomy(store)).labels.map((l) => l.id)
  if (!labels.includes(params.label))
    throw new UnknownSearchValue(
      'label',
      `unknown label "${params.label}"; the labels are: ${labels.join(', ')}`,
    )
}

/** A search made ready: the views brought up to date and the catalog read once; then page after page. */
async function prepareSearch(
  store: DocumentStore,
  params: SentencesParams,
  options: SearchOptions,
): Promise<(after: string | undefined, limit: number) => Promise<SentenceSearch>> {
  for (const id of await store.staleViews(VIEW_VERSION)) {
    options.onRecompute?.(id)
    await rebuildView(store, id)
  }
  const rows = new Map((await store.listArticles()).map((r) => [r.id, r]))
  const filtered = Boolean(params.outlet || params.story || params.from || params.to)
  const articles = filtered
    ? [...rows.values()].filter((r) => keepRow(r, params)).map((r) => r.id)
    : undefined
  return async (after, limit) => {
    const cut = after?.lastIndexOf(':')
    const query: SentenceQuery = {
      version: VIEW_VERSION,
      layer: params.layer,
      label: params.label,
      annotator: params.annotator,
      status: params.status,
      source: params.source,
      text: params.q,
      articles,
      after:
        after && cut !== undefined
          ? { article: after.slice(0, cut), sentence: Number(after.slice(cut + 1)) }
          : undefined,
      // One more than asked, to know whether there is a next page.
      limit: limit + 1,
    }
    const found = articles?.length === 0 ? [] : await store.findSentences(query)
    const page = found.slice(0, limit)
    const last = page[page.length - 1]
    return {
      sentences: page.map((m) => {
        const row = rows.get(m.article)
        return {
          article: m.article,
          title: row?.title ?? m.article,
          outlet: row?.outlet ?? null,
          date: row?.date ?? null,
          sentence: m.sentence.index,
          start: m.sentence.start,
          end: m.sentence.end,
          text: m.sentence.text,
          labels: m.labels.map(foundLabel),
        }
      }),
      next: found.length > limit && last ? `${last.article}:${last.sentence.index}` : null,
    }
  }
}

/**
 * Finds the corpus's sentences by label, annotator, status, source, text, layer and article (outlet,
 * story, period), in (article, index) order, one page at a time, from the read model's sentence rows
 * (SPEC SQ1–SQ3): what `GET /api/sentences` and `attrib sentences` both run. Views that are missing or
 * older than their documents are computed again first, so the answer is as fresh as the store.
 */
export async function searchSentences(
  store: DocumentStore,
  params: SentencesParams,
  options: SearchOptions = {},
): Promise<SentenceSearch> {
  return (await prepareSearch(store, params, options))(params.after, params.limit)
}

/**
 * Every sentence the search finds (from `after` on, when given), as CSV text in pieces of a page of
 * {@link MAX_SENTENCES} each, the header first (`all=true`, SQ4): memory stays that of one page.
 */
export async function* allSentencesCsv(
  store: DocumentStore,
  params: SentencesParams,
  options: SearchOptions = {},
): AsyncIterable<string> {
  const page = await prepareSearch(store, params, options)
  yield `${CSV_HEADER.join(',')}\r\n`
  let after = params.after
  do {
    const search = await page(after, MAX_SENTENCES)
    if (search.sentences.length > 0) yield `${csvRows(search).join('\r\n')}\r\n`
    after = search.next ?? undefined
  } while (after)
}

const CSV_HEADER = [
  'article_id',
  'title',
  'outlet',
  'date',
  'sentence',
  'start',
  'end',
  'text',
  'labels',
  'annotators',
  'sources',
]

/** The rows of a page of found sentences as CSV: one per sentence, its labels, annotators and sources `;`-joined. */
function csvRows(search: SentenceSearch): string[] {
  const unique = (values: string[]) => [...new Set(values.filter((v) => v !== ''))].join(';')
  return search.sentences.map((s) => {
    const kept = s.labels.filter((l) => l.status !== 'rejected')
    return [
      s.article,
      s.title,
      s.outlet ?? '',
      s.date ?? '',
      s.sentence,
      s.start,
      s.end,
      s.text,
      unique(kept.map((l) => l.label ?? '')),
      unique(kept.map((l) => l.annotator)),
      unique(kept.map((l) => l.source)),
    ]
      .map(csvField)
      .join(',')
  })
}

/** A page of found sentences as CSV (RFC 4180), the header row first. */
export function sentencesCsv(search: SentenceSearch): string {
  return `${[CSV_HEADER.join(','), ...csvRows(search)].join('\r\n')}\r\n`
}
