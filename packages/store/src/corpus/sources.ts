import { type ArticleSources, type SourceIndex, type SourceQuery, sourcesInPeriod } from '@attrib/review'
import { z } from 'zod'
import type { CorpusReader } from './corpusReader'
import { CalendarDate, CommaList } from './queryParams'

/** `from` and `to`: calendar days. */
const PERIOD = { from: CalendarDate.optional(), to: CalendarDate.optional() }

/** A period whose `from` is after its `to` would hold no day. */
const ORDERED_PERIOD: [(p: { from?: string; to?: string }) => boolean, { message: string; path: string[] }] =
  [
    (p) => !p.from || !p.to || p.from <= p.to,
    { message: 'must be on or before to: the period would hold no day', path: ['from'] },
  ]

/** A strict schema's refusal of an unknown parameter, listing those it takes. */
function knownParameters(names: readonly string[]) {
  return {
    error: (issue: z.core.$ZodRawIssue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown parameter ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}: use ${names.join(', ')}`
        : undefined,
  }
}

/**
 * The source index's parameters as text (a query string, the CLI's options): what `GET /api/sources` and
 * `attrib sources` both accept, checked by one schema so both refuse the same things with the same words.
 */
export const SourcesParams = z
  .strictObject(
    {
      outlet: CommaList.optional(),
      type: CommaList.optional(),
      q: z.string().max(200).optional(),
      ...PERIOD,
    },
    knownParameters(['outlet', 'type', 'q', 'from', 'to']),
  )
  .refine(...ORDERED_PERIOD)

/** The parameters of one source's citations (`GET /api/sources/:id`): the period only. */
export const SourceParams = z.strictObject(PERIOD, knownParameters(['from', 'to'])).refine(...ORDERED_PERIOD)

/**
 * The query of `GET /api/review/outlets` (the dashboard's charts of sources per outlet): the outlets and
 * the period of the dashboard's filters, and how many sources to list per outlet (1–20).
 */
export const OutletsParams = z
  .strictObject(
    {
      outlet: CommaList.optional(),
      ...PERIOD,
      top: z
        .string()
        .regex(/^\d+$/, 'expected a whole number from 1 to 20')
        .transform(Number)
        .pipe(
          z
            .number()
            .min(1, 'expected a whole number from 1 to 20')
            .max(20, 'expected a whole number from 1 to 20'),
        )
        .optional(),
    },
    knownParameters(['outlet', 'from', 'to', 'top']),
  )
  .refine(...ORDERED_PERIOD)

/** The {@link SourceQuery} of parsed {@link SourcesParams}. */
export function sourceQuery(params: z.infer<typeof SourcesParams>): SourceQuery {
  return { outlets: params.outlet, types: params.type, q: params.q, from: params.from, to: params.to }
}

/**
 * Each article's part of the source index (`articleSources` of @attrib/review), read from its digest in
 * the read model, in id order, without reading any snapshot.
 */
export async function corpusSourceParts(reader: CorpusReader): Promise<ArticleSources[]> {
  const ids = (await reader.listArticles()).map((row) => row.id)
  const parts: ArticleSources[] = []
  for await (const { digest } of reader.readDigests(ids)) if (digest) parts.push(digest.sources)
  return parts
}

/**
 * The source index of the whole corpus, or of the articles dated in `period` (`sourcesInPeriod` of
 * @attrib/review), as `attrib sources` and `GET /api/sources` both compute it from the read model.
 */
export async function corpusSources(
  reader: CorpusReader,
  period: Pick<SourceQuery, 'from' | 'to'> = {},
): Promise<SourceIndex> {
  return sourcesInPeriod(await corpusSourceParts(reader), period)
}
