import type { ArticleSnapshot, Taxonomy } from '@attrib/core'

/** One file of an export: a path relative to the export's folder and its content in chunks, written in order. */
export interface ExportFile {
  path: string
  chunks: Iterable<string> | AsyncIterable<string>
}

/** What every writer is given besides the articles. */
export interface ExportOptions {
  taxonomy: Taxonomy
  /** The base name of the export's files: the article's id for one article, else `corpus`. */
  name: string
}

/**
 * A corpus format attrib writes: one object in the format's own file, one line in the registry
 * (`registry.ts`). The CLI's `--format` choices, `GET /api/export`, the web app's export menu and the
 * README's table all come from the registry.
 */
export interface CorpusFormat<Id extends string = string> {
  /** The `--format` / `?format=` value. */
  readonly id: Id
  /** The name people see in menus and help. */
  readonly name: string
  /** What the format is for, in one line. */
  readonly description: string
  /** The media type of the download: the file's for a single-file format, `application/zip` otherwise. */
  readonly mediaType: string
  /** One file (streamed as it is written) or a folder of files (a zip over HTTP). */
  readonly singleFile: boolean
  /**
   * The export's files. Articles are pulled one at a time as the files are written, so a large corpus
   * streams with bounded memory (formats that must hold the whole corpus say so in their description).
   */
  write(articles: AsyncIterable<ArticleSnapshot>, options: ExportOptions): AsyncIterable<ExportFile>
}

/**
 * How JSON Lines go out over HTTP: every JSONL export, and the API's `format=jsonl` answers. No `charset`:
 * JSON Lines are UTF-8 by definition (as JSON, RFC 8259, which defines no such parameter). With one,
 * Chromium driven over DevTools (the editor benchmark, the e2e tests) decodes the whole answer on the page's
 * thread once it has arrived, which people's browsers do not: a task of 15–77 ms, traced, for an article's
 * 4–5 MB snapshot or history, that the page (which reads the stream itself) never asked for.
 */
export const JSONL_MEDIA_TYPE = 'application/x-ndjson'

/** Each row with a line terminator. */
export function* lines(rows: Iterable<string>, eol = '\n'): Iterable<string> {
  for (const row of rows) yield row + eol
}

/** The chunks `write` gives for each article in turn, pulled as they are read. */
export async function* perArticle(
  articles: AsyncIterable<ArticleSnapshot>,
  write: (article: ArticleSnapshot) => Iterable<string>,
): AsyncIterable<string> {
  for await (const article of articles) yield* write(article)
}

/** Every article, read to the end (for formats that build one document of the whole corpus). */
export async function collect(articles: AsyncIterable<ArticleSnapshot>): Promise<ArticleSnapshot[]> {
  const all: ArticleSnapshot[] = []
  for await (const a of articles) all.push(a)
  return all
}
