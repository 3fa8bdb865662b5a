import {
  annotatorProgressChart,
  anonymousShareChart,
  editorHref,
  labelBarsChart,
  unattributedHref,
  unattributedShareChart,
} from '@attrib/charts'
import type { AnnotationStatus, Taxonomy } from '@attrib/core'
import {
  type CoverageFilter,
  type CoverageReport,
  coverageCollector,
  type GroupCoverage,
} from '@attrib/review'
import { type DocumentStore, storeCorpusReader } from '@attrib/server'
import { parseHTML } from 'linkedom'
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
  /** The server's URL, to make the HTML report's figures link into the editor; no links without it. */
  linkBase?: string
}

/**
 * The coverage report of the store, as `GET /api/review/coverage` computes it (both call
 * `coverageReport` of @attrib/review with the taxonomy's labels, so the figures are the same).
 */
export async function storeCoverageReport(
  store: DocumentStore,
  options: { filter?: CoverageFilter; statuses?: AnnotationStatus[] } = {},
): Promise<{ report: CoverageReport; taxonomy: Taxonomy }> {
  const reader = storeCorpusReader(store)
  const taxonomy = await reader.readTaxonomy()
  // One article at a time: only each article's figures are kept, never the corpus's snapshots.
  const collector = coverageCollector({
    labels: taxonomy.labels.map((l) => l.id),
    statuses: options.statuses,
    filter: options.filter,
  })
  const ids = (await reader.listArticles()).map((row) => row.id)
  for await (const { snapshot } of reader.readArticles(ids)) if (snapshot) collector.add(snapshot)
  return { report: collector.report(), taxonomy }
}

/**
 * `attrib coverage`: prints the coverage report of the stored articles that pass the filter on stdout:
 * `json` (the API's object), `md` (tables) or `html` (one self-contained page with the dashboard's charts
 * as inline SVG). Returns {@link ExitCode.failure} when the store is missing or cannot be read.
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
    const { report, taxonomy } = await storeCoverageReport(store, options)
    if (options.format === 'json') await writeJson(report, io.stdout)
    else if (options.format === 'md') io.stdout.write(markdownReport(report, taxonomy))
    else io.stdout.write(htmlReport(report, taxonomy, options.linkBase))
    return ExitCode.ok
  } catch (e) {
    return fail(describeError(e))
  } finally {
    await store.close()
  }
}

function alpha(value: number | null): string {
  return value === null ? '' : value.toFixed(2)
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`
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

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em auto;max-width:1000px;padding:0 1em;color:#222}
h1,h2{font-weight:600}table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:right}td:first-child,th:first-child,.text{text-align:left}
.figures{display:flex;flex-wrap:wrap;gap:1.5em;margin:1em 0}.figure b{display:block;font-size:1.6em}
.figure span{color:#666}figure{margin:0 0 1.5em}a{color:inherit}`

/**
 * The report as one HTML page that opens with no network: inline CSS, the four charts of the dashboard
 * (from @attrib/charts, drawn with linkedom) as inline SVG, and the article table. With `linkBase`
 * (the server's URL) figures link into the editor.
 */
export function htmlReport(report: CoverageReport, taxonomy: Taxonomy, linkBase?: string): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>') as unknown as {
    document: Document
  }
  const chartOptions = { document, linkBase: linkBase ?? null, width: 900 }
  const c = report.corpus
  const link = (href: string, text: string | number) =>
    linkBase === undefined
      ? escapeHtml(String(text))
      : `<a href="${escapeHtml(href)}">${escapeHtml(String(text))}</a>`
  const figure = (value: string | number, label: string) =>
    `<div class="figure"><b>${escapeHtml(String(value))}</b><span>${escapeHtml(label)}</span></div>`
  const chart = (title: string, element: { outerHTML: string }) =>
    `<figure><h2>${escapeHtml(title)}</h2>${element.outerHTML}</figure>`
  const rows = report.articles
    .map(
      (a) =>
        `<tr><td class="text">${link(editorHref(a.id, {}, linkBase), a.title || a.id)}</td>` +
        `<td class="text">${escapeHtml(a.outlet ?? '')}</td><td class="text">${escapeHtml(a.date ?? '')}</td>` +
        `<td>${a.sentences}</td><td>${a.attributed}</td><td>${percent(a.attributedShare)}</td>` +
        `<td>${percent(a.anonymousShare)}</td><td>${a.quotes}</td>` +
        `<td>${link(unattributedHref(a, linkBase), a.unattributed.length)}</td>` +
        `<td>${a.agreement.annotators < 2 ? '' : a.agreement.disagreements}${a.adjudicated ? ' ✓' : ''}</td>` +
        `<td>${alpha(a.agreement.alpha)}</td></tr>`,
    )
    .join('\n')
  const unattributed = report.articles
    .filter((a) => a.unattributed.length > 0)
    .map(
      (a) =>
        `<h3>${escapeHtml(a.title || a.id)}</h3><ol>` +
        a.unattributed
          .map(
            (u) =>
              `<li value="${u.index}">${link(editorHref(a.id, { sentences: [u.index] }, linkBase), u.text ?? `${u.start}–${u.end}`)}</li>`,
          )
          .join('') +
        '</ol>',
    )
    .join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Coverage report</title><style>${STYLE}</style></head>
<body>
<h1>Coverage</h1>
<div class="figures">
${figure(c.articles, 'articles')}${figure(c.sentences, 'sentences')}${figure(percent(c.attributedShare), 'attributed')}${figure(percent(c.anonymousShare), 'anonymous')}${figure(c.quotes, 'quotes')}${figure(c.namedSources.length, 'named sources')}
</div>
${chart('Source types per article', labelBarsChart(report.articles, taxonomy, chartOptions))}
${chart('Anonymous share per article', anonymousShareChart(report.articles, chartOptions))}
${chart('Unattributed share per article', unattributedShareChart(report.articles, chartOptions))}
${chart('Annotator progress', annotatorProgressChart(c, chartOptions))}
<h2>Articles</h2>
<table><thead><tr><th>title</th><th class="text">outlet</th><th class="text">date</th><th>sentences</th><th>attributed</th><th>attributed share</th><th>anonymous share</th><th>quotes</th><th>unattributed</th><th>disagreements</th><th>agreement α</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Sentences without a source</h2>
${unattributed}
</body></html>
`
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
