import { chartsOf, editorHref, unattributedHref } from '@attrib/charts'
import type { Taxonomy } from '@attrib/core'
import type { CoverageReport, SourcingReport } from '@attrib/review'
import { parseHTML } from 'linkedom'
import { alpha, percent } from './coverageFigures'

// `attrib coverage --format html`: one self-contained page with the dashboard's charts as inline SVG.

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em auto;max-width:1000px;padding:0 1em;color:#222}
h1,h2{font-weight:600}table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:right}td:first-child,th:first-child,.text{text-align:left}
.figures{display:flex;flex-wrap:wrap;gap:1.5em;margin:1em 0}.figure b{display:block;font-size:1.6em}
.figure span{color:#666}figure{margin:0 0 1.5em}a{color:inherit}`

/**
 * The report as one HTML page that opens with no network: inline CSS, the dashboard's charts (every one
 * of the registry of @attrib/charts, drawn with linkedom; the outlets' ones when `sourcing` is given) as
 * inline SVG, and the article table. With `linkBase` (the server's URL) figures link into the editor.
 */
export function htmlReport(
  report: CoverageReport,
  taxonomy: Taxonomy,
  linkBase?: string,
  /** Each outlet's sourcing (`GET /api/review/outlets`): the outlets' charts are drawn from it when given. */
  sourcing?: SourcingReport,
): string {
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
${chartsOf('coverage')
  .map((each) =>
    chart(each.title, each.draw({ articles: report.articles, corpus: c, taxonomy }, chartOptions)),
  )
  .join('\n')}
${
  sourcing
    ? chartsOf('outlets')
        .map((each) => chart(each.title, each.draw(sourcing, chartOptions)))
        .join('\n')
    : ''
}
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
