import type { AnnotationStatus, ArticleSnapshot } from '@attrib/core'
import { ANNOTATION_STATUSES, LAYERS } from '@attrib/core'
import {
  type CorpusFormat,
  corpusFormat,
  EXPORT_FORMATS,
  type ExportFile,
  type ExportFilter,
  type ExportFormat,
  filterArticle,
  keepArticle,
} from '@attrib/formats'
import { z } from 'zod'
import type { CorpusReader } from './corpusReader'
import { CalendarDate, CommaList } from './queryParams'

/** What an export wrote, counted as the articles are read. */
export interface ExportCounts {
  articles: number
  sentences: number
  annotations: number
}

/** An export in progress: pull `files` (and each file's chunks) to run it. */
export interface CorpusExport {
  format: CorpusFormat<ExportFormat>
  /** The base name of the files: the article's id for one article, else `corpus`. */
  name: string
  /** How many articles of the catalog pass the article-level filters (ids, dates). */
  total: number
  files: AsyncIterable<ExportFile>
  /** Filled in as the files are pulled; complete once they all have been. */
  counts: ExportCounts
}

/**
 * The export's parameters as text (a query string, the CLI's options): what `GET /api/export` and
 * `attrib export` both accept, checked by one schema so both refuse the same things with the same words.
 */
export const ExportParams = z.strictObject(
  {
    format: z.enum(EXPORT_FORMATS, { message: `expected one of ${EXPORT_FORMATS.join(', ')}` }),
    ids: CommaList.optional(),
    label: CommaList.optional(),
    annotator: CommaList.optional(),
    status: CommaList.pipe(
      z.array(
        z.enum(ANNOTATION_STATUSES as [AnnotationStatus, ...AnnotationStatus[]], {
          message: `expected ${ANNOTATION_STATUSES.join(', ')}`,
        }),
      ),
    ).optional(),
    from: CalendarDate.optional(),
    to: CalendarDate.optional(),
    layer: z
      .enum(LAYERS as ['auto', 'final', 'all'], { message: `expected one of ${LAYERS.join(', ')}` })
      .optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown parameter ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}: use ${EXPORT_PARAMETERS.join(', ')}`
        : undefined,
  },
)

/** The parameters an export takes, as the query names them. */
const EXPORT_PARAMETERS = ['format', 'ids', 'label', 'annotator', 'status', 'from', 'to', 'layer']

/** The filter of parsed {@link ExportParams}. */
export function exportFilter(params: z.infer<typeof ExportParams>): ExportFilter {
  return {
    ids: params.ids,
    labels: params.label,
    annotators: params.annotator,
    statuses: params.status,
    from: params.from,
    to: params.to,
    layer: params.layer,
  }
}

/**
 * The one export pipeline of the CLI and the HTTP API: the catalog rows that pass the filter's article
 * conditions, read one at a time in id order as the files are pulled, each reduced to the annotations
 * the filter keeps (the `auto` layer by default), written by the format of the registry. Memory stays
 * bounded for single-file formats whatever the corpus size (one article at a time).
 */
export async function exportCorpus(
  reader: CorpusReader,
  format: ExportFormat,
  filter: ExportFilter,
  options: { onArticle?: (done: number, total: number) => void } = {},
): Promise<CorpusExport> {
  const chosen = corpusFormat(format)
  const rows = (await reader.listArticles()).filter((row) =>
    keepArticle({ id: row.id, date: row.date }, filter),
  )
  const taxonomy = await reader.readTaxonomy()
  const counts: ExportCounts = { articles: 0, sentences: 0, annotations: 0 }
  const name = rows.length === 1 ? rows[0]!.id : 'corpus'
  async function* articles(): AsyncIterable<ArticleSnapshot> {
    let done = 0
    for await (const { snapshot } of reader.readArticles(rows.map((row) => row.id))) {
      options.onArticle?.(++done, rows.length)
      const kept = snapshot && filterArticle(snapshot, filter)
      if (!kept) continue
      counts.articles++
      counts.sentences += kept.sentences.length
      counts.annotations += kept.annotations.length
      yield kept
    }
  }
  return {
    format: chosen,
    name,
    total: rows.length,
    files: chosen.write(articles(), { taxonomy, name }),
    counts,
  }
}
