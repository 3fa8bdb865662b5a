import type { AnnotationStatus, Taxonomy } from '@attrib/core'
import {
  type ArticleDigest,
  type CoverageFilter,
  type CoverageReport,
  type GroupCoverage,
  outletSourcing,
  type SourcingReport,
} from '@attrib/review'
import { corpusCoverage, type DocumentStore, readDecisions, storeCorpusReader } from '@attrib/server'
import { alpha, percent } from './coverageFigures'
import { type CommandIo, describeError, ExitCode } from './io'
import { openExistingStore, type StoreLocation } from './paths'

/** The output formats of `attrib coverage`. */
export const COVERAGE_FORMATS = ['json', 'md', 'html'] as const
/** One of {@link COVERAGE_FORMATS}. */
export type CoverageFormat = (typeof COVERAGE_FORMATS)[number]

/** Options of {@link coverageCommand}. */
export interface CoverageCommandOptions extends StoreLocation {
  format: CoverageFormat
  filter: CoverageFilter
  /** Which annotation statuses count; by default only `accepted`. */
  statuses?: AnnotationStatus[]
  /**
   * json: unattributed sentences carry their text (the API's `text=true`); by default their indexes only,
   * as the API answers. md and html always list the text.
   */
  text?: boolean
  /** The server's URL, to make the HTML report's figures link into the editor; no links without it. */
  linkBase?: string
}

/**
 * The coverage report of the store, as `GET /api/review/coverage` computes it (both run the corpus
 * pipeline's `corpusCoverage` with the taxonomy's labels, so the figures are the same). `sentenceText`:
 * unattributed sentences carry their text (the API's `text=true`), which reads every article's snapshot;
 * without it the report comes from the read model's digests.
 */
export async function storeCoverageReport(
  store: DocumentStore,
  options: { filter?: CoverageFilter; statuses?: AnnotationStatus[]; sentenceText?: boolean } = {},
): Promise<{ report: CoverageReport; taxonomy: Taxonomy }> {
  const reader = storeCorpusReader(store)
  const taxonomy = await reader.readTaxonomy()
  const report = await corpusCoverage(reader, {
    labels: taxonomy.labels.map((l) => l.id),
    statuses: options.statuses,
    filter: options.filter,
    sentenceText: options.sentenceText ?? false,
  })
  return { report, taxonomy }
}

/**
 * Each outlet's most cited sources and anonymous share per month, as `GET /api/review/outlets` computes
 * them (`outletSourcing` over the read model's digests, with the people's merges and splits), for the
 * articles of the filter's outlets and period: what the HTML report's outlet charts draw.
 */
export async function storeOutletSourcing(
  store: DocumentStore,
  filter: CoverageFilter = {},
): Promise<SourcingReport> {
  const reader = storeCorpusReader(store)
  const ids = (await reader.listArticles())
    .map((row) => row.id)
    .filter((id) => !filter.ids || filter.ids.includes(id))
  const digests: ArticleDigest[] = []
  for await (const { digest } of reader.readDigests(ids)) if (digest) digests.push(digest)
  return outletSourcing(digests, {
    filter: { outlets: filter.outlets, from: filter.from, to: filter.to },
    decisions: await readDecisions(store),
  })
}

/**
 * `attrib coverage`: prints the coverage report of the stored articles that pass the filter on stdout:
 * `json` (the API's object), `md` (tables) or `html` (one self-contained page with the dashboard's charts
 * as inline SVG, the outlets' charts included). Returns {@link ExitCode.failure} when the store is missing or cannot be read.
 */
export async function coverageCommand(options: CoverageCommandOptions, io: CommandIo): Promise<ExitCode> {
  const fail = (message: string) => {
    io.stderr.write(`attrib coverage: ${message}\n`)
    return ExitCode.failure
  }
  const opened = await openExistingStore(options)
  if ('error' in opened) return fail(opened.error)
  const { store } = opened
  try {
    const { report, taxonomy } = await storeCoverageReport(store, {
      ...options,
      sentenceText: options.format !== 'json' || options.text === true,
    })
    if (options.format === 'json') await writeJson(report, io.stdout)
    else if (options.format === 'md') io.stdout.write(markdownReport(report, taxonomy))
    // The charts and the DOM they draw in are loaded only for HTML: they would double the others' start-up.
    else {
      const sourcing = await storeOutletSourcing(store, options.filter)
      io.stdout.write(
        (await import('./coverageHtml')).htmlReport(report, taxonomy, options.linkBase, sourcing),
      )
    }
    return ExitCode.ok
  } catch (e) {
    return fail(describeError(e))
  } finally {
    await store.close()
  }
}

function mdCell(value: unknown): string {
  return String(value ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ')
}

function mdTable(header: string[], rows: unknown[][]): string {
  const lines = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.map(mdCell).join(' | ')} |`)
  return `${lines.join('\n')}\n`
}

function groupRows(groups: GroupCoverage[]): unknown[][] {
  return groups.map(({ key, coverage: c }) => [
    key,
    c.articles,
    c.sentences,
    c.attributed,
    percent(c.attributedShare),
    percent(c.anonymousShare),
    c.quotes,
  ])
}

const GROUP_HEADER = [
  '',
  'articles',
  'sentences',
  'attributed',
  'attributed share',
  'anonymous share',
  'quotes',
]

/** The report as Markdown tables: the corpus, per source type, per article, the groups and the annotators. */
export function markdownReport(report: CoverageReport, taxonomy: Taxonomy): string {
  const c = report.corpus
  const parts = [
    '# Coverage\n\n',
    mdTable(
      [
        'articles',
        'sentences',
        'attributed',
        'attributed share',
        'anonymous share',
        'quotes',
        'named sources',
        'unattributed',
      ],
      [
        [
          c.articles,
          c.sentences,
          c.attributed,
          percent(c.attributedShare),
          percent(c.anonymousShare),
          c.quotes,
          c.namedSources.length,
          c.unattributed,
        ],
      ],
    ),
    '\n## Source types\n\n',
    mdTable(
      ['label', 'sentences', 'share'],
      taxonomy.labels.map((l) => [
        l.name,
        c.perLabel[l.id]?.sentences ?? 0,
        percent(c.perLabel[l.id]?.share ?? 0),
      ]),
    ),
    '\n## Articles\n\n',
    mdTable(
      [
        'id',
        'title',
        'outlet',
        'date',
        'sentences',
        'attributed',
        'attributed share',
        'anonymous share',
        'quotes',
        'unattributed',
        'annotators',
        'disagreements',
        'agreement α',
      ],
      report.articles.map((a) => [
        a.id,
        a.title,
        a.outlet ?? '',
        a.date ?? '',
        a.sentences,
        a.attributed,
        percent(a.attributedShare),
        percent(a.anonymousShare),
        a.quotes,
        a.unattributed.length,
        a.agreement.annotators,
        a.agreement.annotators < 2
          ? ''
          : `${a.agreement.disagreements}${a.adjudicated ? ' (adjudicated)' : ''}`,
        alpha(a.agreement.alpha),
      ]),
    ),
    '\n## Sentences without a source\n',
    ...report.articles
      .filter((a) => a.unattributed.length > 0)
      .map(
        (a) =>
          `\n### ${mdCell(a.title || a.id)}\n\n` +
          a.unattributed.map((u) => `- ${u.index}: ${mdCell(u.text ?? `${u.start}–${u.end}`)}\n`).join(''),
      ),
    '\n## By outlet\n\n',
    mdTable(GROUP_HEADER, groupRows(report.byOutlet)),
    '\n## By month\n\n',
    mdTable(GROUP_HEADER, groupRows(report.byMonth)),
    '\n## By story\n\n',
    mdTable(GROUP_HEADER, groupRows(report.byStory)),
    '\n## Annotators\n\n',
    mdTable(
      ['annotator', 'articles', 'sentences tagged', 'sentences reached', 'progress'],
      Object.entries(c.annotators).map(([name, a]) => [
        name,
        a.articles,
        a.sentences,
        a.reached,
        percent(a.progress),
      ]),
    ),
  ]
  return parts.join('')
}

/**
 * Writes `report` as JSON with one line per top-level field and per article (compact within a line), one
 * article at a time, so a large corpus's report is never one string in memory (60 MB at 10,000
 * articles), and waits for the sink to drain. `jq` and `JSON.parse` read it as any JSON.
 */
async function writeJson(report: CoverageReport, sink: CommandIo['stdout']): Promise<void> {
  const write = (chunk: string) =>
    new Promise<void>((resolve) => {
      if ((sink as { write(c: string): boolean }).write(chunk)) resolve()
      else if (typeof (sink as NodeJS.WritableStream).once === 'function')
        (sink as NodeJS.WritableStream).once('drain', () => resolve())
      else resolve()
    })
  const entries = Object.entries(report)
  await write('{\n')
  for (const [i, [key, value]] of entries.entries()) {
    const last = i === entries.length - 1 ? '' : ','
    if (key === 'articles' && Array.isArray(value) && value.length > 0) {
      await write(`"articles": [\n`)
      let batch = ''
      for (const [j, article] of value.entries()) {
        batch += `${JSON.stringify(article)}${j === value.length - 1 ? '' : ','}\n`
        if (batch.length > 1 << 16) {
          await write(batch)
          batch = ''
        }
      }
      await write(`${batch}]${last}\n`)
    } else await write(`${JSON.stringify(key)}: ${JSON.stringify(value)}${last}\n`)
  }
  await write('}\n')
}
