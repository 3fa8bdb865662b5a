import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type ArticleFormat, ArticleImportError, type ArticleMeta, parseArticle } from '@attrib/core'
import { type ArticleRecord, FormatError } from '@attrib/formats'
import {
  ArticleExistsError,
  type ArticleRow,
  DATABASE_FILE,
  type DocumentStore,
  importArticles,
  redactUrl,
  SqliteStore,
  storeCorpus,
  storeCorpusStream,
} from '@attrib/server'
import { type CorpusUnit, corpusFormatOf, corpusUnits } from './corpusImport'
import { type CommandIo, describeError, ExitCode, readArticleSource } from './io'

/** Options of {@link importCommand}. */
export interface ImportOptions {
  /** Folder of the store; `<dataDir>/attrib.sqlite` is opened (and created when missing). Unused with `postgresUrl`. */
  dataDir: string
  /** `--postgres` / `POSTGRES_URL`: import into the PostgreSQL store `attrib serve --postgres` uses. */
  postgresUrl?: string
  /**
   * How to read every file: an article format (text, markdown, html) or a corpus format (jsonl, brat,
   * ...: see `CORPUS_FORMATS`); by default from each file's extension, a folder being brat.
   */
  format?: ArticleFormat | string
  /** The article id; only with a single file (else the file name without its extension). */
  id?: string
  /** Outlet and story, set on every imported article over what the files say. */
  outlet?: string
  story?: string
  /** Skip files whose article id is already stored instead of failing on them. */
  skipExisting?: boolean
  /** Add labels of a corpus that the taxonomy lacks instead of refusing the file. */
  addLabels?: boolean
}

/** What happened to each file of an import, for the summary line. */
interface Tally {
  imported: number
  skipped: number
  failed: number
}

/**
 * `attrib import FILE...`: parses each file with core's `parseArticle` and stores it in the SQLite store of
 * `options.dataDir`, one transaction per article, so a failing file leaves the others imported. Corpus
 * files (jsonl, brat pairs and folders, ...) are stored with their annotations, one transaction per
 * file (brat: per `.txt`/`.ann` pair): a malformed line, a taken id or an unknown label imports
 * nothing of that file. Writes a
 * line per file and a summary to `io.stdout`, and one line per failed file to `io.stderr`. Returns
 * {@link ExitCode.failure} when any file failed, {@link ExitCode.usage} for `id` with several files. Safe while a server uses the same store (WAL mode).
 * @example
 * await importCommand(['seeds/000_cdf3ea4d863409f1.txt'], { dataDir: 'data' }, io)
 * // stdout: imported 000_cdf3ea4d863409f1: Over the past two years, … (16 sentences)
 */
export async function importCommand(
  files: string[],
  options: ImportOptions,
  io: CommandIo,
): Promise<ExitCode> {
  if (options.id !== undefined && files.length !== 1) {
    io.stderr.write(`attrib import: --id names one article, but ${plural(files.length, 'file')} were given\n`)
    return ExitCode.usage
  }
  const databasePath = options.postgresUrl
    ? `PostgreSQL ${redactUrl(options.postgresUrl)}`
    : join(options.dataDir, DATABASE_FILE)
  let store: DocumentStore
  try {
    if (options.postgresUrl) {
      const { PgStore } = await import('@attrib/server/postgres')
      store = await PgStore.open(options.postgresUrl)
    } else {
      mkdirSync(options.dataDir, { recursive: true })
      store = new SqliteStore(databasePath)
    }
  } catch (e) {
    io.stderr.write(`attrib import: cannot open the store ${databasePath}: ${describeError(e)}\n`)
    return ExitCode.failure
  }
  const meta: Partial<ArticleMeta> = {}
  if (options.outlet !== undefined) meta.outlet = options.outlet
  if (options.story !== undefined) meta.story = options.story
  const tally: Tally = { imported: 0, skipped: 0, failed: 0 }
  try {
    for (const file of files) {
      const corpusFormat = corpusFormatOf(file, options.format)
      if (corpusFormat !== undefined) {
        if (options.id !== undefined) {
          io.stderr.write(`attrib import: ${file}: --id is for article files; a corpus names its articles\n`)
          tally.failed++
          continue
        }
        await importCorpus(store, file, corpusFormat, { ...options, meta }, io, tally)
        continue
      }
      try {
        const source = await readArticleSource(file, io.stdin)
        const input = parseArticle(source, {
          format: options.format as ArticleFormat,
          fileName: file,
          id: options.id,
          meta,
        })
        const { created, skipped } = await importArticles(store, [input], {
          skipExisting: options.skipExisting,
        })
        for (const row of created) {
          io.stdout.write(`imported ${row.id}: ${row.title} (${plural(row.sentences, 'sentence')})\n`)
          tally.imported++
        }
        for (const id of skipped) {
          io.stdout.write(`skipped ${id}: already stored (${file})\n`)
          tally.skipped++
        }
      } catch (e) {
        // Another process may store the same id between importArticles' check and its insert.
        if (e instanceof ArticleExistsError && options.skipExisting) {
          io.stdout.write(`skipped ${e.id}: already stored (${file})\n`)
          tally.skipped++
          continue
        }
        tally.failed++
        io.stderr.write(`attrib import: ${failureLine(file, e)}\n`)
      }
    }
  } finally {
    await store.close()
  }
  const parts = [`${tally.imported} imported`]
  if (tally.skipped > 0) parts.push(`${tally.skipped} skipped`)
  if (tally.failed > 0) parts.push(`${tally.failed} failed`)
  io.stdout.write(`${parts.join(', ')} (${plural(files.length, 'file')}, store ${databasePath})\n`)
  return tally.failed > 0 ? ExitCode.failure : ExitCode.ok
}

/** Imports the units of one corpus path, each all or nothing, counting into `tally`. */
async function importCorpus(
  store: DocumentStore,
  path: string,
  format: string,
  options: ImportOptions & { meta: Partial<ArticleMeta> },
  io: CommandIo,
  tally: Tally,
): Promise<void> {
  let units: Awaited<ReturnType<typeof corpusUnits>>
  try {
    units = await corpusUnits(path, format, io.stdin)
  } catch (e) {
    tally.failed++
    io.stderr.write(`attrib import: ${failureLine(path, e)}\n`)
    return
  }
  for (const unit of units) {
    const { stream } = unit
    if (stream) {
      await importStream(store, { ...unit, stream }, options, io, tally)
      continue
    }
    try {
      const records = await unit.read()
      const result = await storeCorpus(store, records, unit.name, {
        meta: options.meta,
        skipExisting: options.skipExisting,
        addLabels: options.addLabels,
      })
      reportCreated(result.created, io, tally)
      reportRest(result, unit.name, io, tally)
    } catch (e) {
      tally.failed++
      io.stderr.write(`attrib import: ${failureLine(unit.name, e)}\n`)
    }
  }
}

/** Imports a unit read as a stream (a JSONL file), checked whole first and then stored in batches. */
async function importStream(
  store: DocumentStore,
  unit: CorpusUnit & { stream(): AsyncIterable<ArticleRecord> },
  options: ImportOptions & { meta: Partial<ArticleMeta> },
  io: CommandIo,
  tally: Tally,
): Promise<void> {
  try {
    const result = await storeCorpusStream(store, unit, {
      meta: options.meta,
      skipExisting: options.skipExisting,
      addLabels: options.addLabels,
      onCreated: (rows) => reportCreated(rows, io, tally),
    })
    reportRest(result, unit.name, io, tally)
  } catch (e) {
    tally.failed++
    io.stderr.write(`attrib import: ${failureLine(unit.name, e)}\n`)
  }
}

/** A line per created article on stdout, counted as imported. */
function reportCreated(rows: readonly ArticleRow[], io: CommandIo, tally: Tally): void {
  io.stdout.write(
    rows.map((row) => `imported ${row.id}: ${row.title} (${plural(row.sentences, 'sentence')})\n`).join(''),
  )
  tally.imported += rows.length
}

/** The labels a unit added and the ids it skipped, on stdout, counted. */
function reportRest(
  result: { addedLabels: string[]; skipped: string[] },
  unitName: string,
  io: CommandIo,
  tally: Tally,
): void {
  if (result.addedLabels.length > 0)
    io.stdout.write(`added labels to the taxonomy: ${result.addedLabels.join(', ')} (${unitName})\n`)
  for (const id of result.skipped) {
    io.stdout.write(`skipped ${id}: already stored (${unitName})\n`)
    tally.skipped++
  }
}

/** `<file>: <reason>`, the reason in the user's terms. */
function failureLine(file: string, error: unknown): string {
  // ArticleImportError's message already starts with the file and, where one is to blame, the line.
  if (error instanceof ArticleImportError || error instanceof FormatError) return error.message
  if (error instanceof ArticleExistsError) return `${file}: ${error.message} (use --skip-existing to skip it)`
  return `${file}: ${describeError(error)}`
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
