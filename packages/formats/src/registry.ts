import type { ArticleSnapshot } from '@attrib/core'
import { bratFormat } from './brat'
import { conllFormat } from './conll'
import type { CorpusFormat, ExportFile, ExportOptions } from './corpusFormat'
import { doccanoFormat } from './doccano'
import { jsonlFormat } from './jsonl'
import { labelStudioFormat } from './labelstudio'
import { sentencesCsvFormat, sentencesJsonlFormat } from './sentences'
import { w3cFormat } from './w3c'

/**
 * The corpus formats attrib writes, in menu order. Adding a format is one file (a {@link CorpusFormat})
 * and one line here; the CLI, the HTTP export, the web app's menu and the README's table follow.
 */
export const CORPUS_FORMATS = [
  jsonlFormat,
  sentencesCsvFormat,
  sentencesJsonlFormat,
  bratFormat,
  w3cFormat,
  labelStudioFormat,
  doccanoFormat,
  conllFormat,
] as const

/** The id of a format of {@link CORPUS_FORMATS}. */
export type ExportFormat = (typeof CORPUS_FORMATS)[number]['id']

/** The ids of every format, in menu order (what `--format` and `?format=` accept). */
export const EXPORT_FORMATS = CORPUS_FORMATS.map((f) => f.id) as [ExportFormat, ...ExportFormat[]]

/** The format with id `id`; a `RangeError` listing the valid ids for any other. */
export function corpusFormat(id: string): CorpusFormat<ExportFormat> {
  const format = CORPUS_FORMATS.find((f) => f.id === id)
  if (!format)
    throw new RangeError(`unknown format ${JSON.stringify(id)}: use one of ${EXPORT_FORMATS.join(', ')}`)
  return format
}

/**
 * The files of an export, produced lazily so a large corpus streams: articles are pulled one at a time
 * from `articles` while the files are written.
 * @example
 * for await (const file of exportFiles('jsonl', snapshots, { taxonomy, name: 'corpus' }))
 *   for await (const chunk of file.chunks) out.write(chunk)
 */
export function exportFiles(
  format: ExportFormat,
  articles: AsyncIterable<ArticleSnapshot>,
  options: ExportOptions,
): AsyncIterable<ExportFile> {
  return corpusFormat(format).write(articles, options)
}

/** The README's table of export formats, from the registry (a test keeps the README equal to it). */
export function formatTable(): string {
  const rows = CORPUS_FORMATS.map(
    (f) =>
      `| \`${f.id}\` | ${f.name} | ${f.singleFile ? 'one file' : 'a folder (zip over HTTP)'} | ${f.description} |`,
  )
  return ['| `--format` | name | writes | what |', '| --- | --- | --- | --- |', ...rows].join('\n')
}
