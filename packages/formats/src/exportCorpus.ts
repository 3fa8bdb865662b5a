import type { ArticleSnapshot, Taxonomy } from '@attrib/core'
import { bratConfig, exportBrat } from './brat'
import { exportConll } from './conll'
import { exportDoccano } from './doccano'
import { exportJsonl } from './jsonl'
import { exportLabelStudio, labelStudioConfig } from './labelstudio'
import { exportSentencesCsv, exportSentencesJsonl } from './sentences'
import { exportW3c } from './w3c'

/** Folder, beside a W3C export, of the articles' texts (`<id>.txt`), which the W3C import reads. */
export const W3C_TEXTS_FOLDER = 'texts'

/** The corpus formats attrib writes. */
export const EXPORT_FORMATS = [
  'jsonl',
  'sentences-csv',
  'sentences-jsonl',
  'brat',
  'w3c',
  'labelstudio',
  'doccano',
  'conll',
] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** One file of an export: a relative path and its content in chunks (lines or blocks), written in order. */
export interface ExportFile {
  path: string
  chunks: Iterable<string>
}

/** Whether a format writes one file (streamable) or a folder of files. */
export function isSingleFile(format: ExportFormat): boolean {
  return format !== 'brat' && format !== 'labelstudio' && format !== 'w3c'
}

/** The media type of a single-file format, for downloads. */
export function mediaType(format: ExportFormat): string {
  switch (format) {
    case 'sentences-csv':
      return 'text/csv; charset=utf-8'
    case 'brat':
    case 'labelstudio':
    case 'w3c':
      return 'application/zip'
    case 'conll':
      return 'text/plain; charset=utf-8'
    default:
      return 'application/x-ndjson; charset=utf-8'
  }
}

function* lines(rows: Iterable<string>, eol = '\n'): Iterable<string> {
  for (const row of rows) yield row + eol
}

/**
 * The files of an export, produced lazily so a large corpus streams: articles are pulled one at a
 * time from `articles` while the files are written.
 * @example
 * for (const file of exportFiles('jsonl', snapshots, { taxonomy })) for (const c of file.chunks) out.write(c)
 */
export function* exportFiles(
  format: ExportFormat,
  articles: Iterable<ArticleSnapshot>,
  options: { taxonomy: Taxonomy; name?: string },
): Iterable<ExportFile> {
  const name = options.name ?? 'corpus'
  switch (format) {
    case 'jsonl':
      yield { path: `${name}.jsonl`, chunks: lines(exportJsonl(articles)) }
      return
    case 'sentences-csv':
      yield { path: `${name}.sentences.csv`, chunks: lines(exportSentencesCsv(articles), '\r\n') }
      return
    case 'sentences-jsonl':
      yield { path: `${name}.sentences.jsonl`, chunks: lines(exportSentencesJsonl(articles)) }
      return
    case 'brat': {
      for (const article of articles) {
        const { txt, ann } = exportBrat(article)
        yield { path: `${article.meta.id}.txt`, chunks: [txt] }
        yield { path: `${article.meta.id}.ann`, chunks: [ann] }
      }
      const conf = bratConfig(options.taxonomy)
      yield { path: 'annotation.conf', chunks: [conf.annotationConf] }
      yield { path: 'visual.conf', chunks: [conf.visualConf] }
      return
    }
    case 'w3c': {
      // One JSON-LD document (the collection needs its total before its items, so it is built whole),
      // and the articles' texts beside it, which W3C annotations point to but do not carry.
      const all = [...articles]
      yield { path: `${name}.w3c.jsonld`, chunks: [`${JSON.stringify(exportW3c(all, options), null, 2)}\n`] }
      for (const a of all) yield { path: `${W3C_TEXTS_FOLDER}/${a.meta.id}.txt`, chunks: [a.text] }
      return
    }
    case 'labelstudio':
      yield {
        path: `${name}.labelstudio.json`,
        chunks: [`${JSON.stringify(exportLabelStudio(articles), null, 2)}\n`],
      }
      yield { path: 'labeling-config.xml', chunks: [labelStudioConfig(options.taxonomy)] }
      return
    case 'doccano':
      yield { path: `${name}.doccano.jsonl`, chunks: lines(exportDoccano(articles)) }
      return
    case 'conll':
      yield { path: `${name}.conll`, chunks: conllChunks(articles, options.taxonomy) }
      return
  }
}

function* conllChunks(articles: Iterable<ArticleSnapshot>, taxonomy: Taxonomy): Iterable<string> {
  for (const article of articles) yield `${exportConll(article, { taxonomy })}\n`
}
