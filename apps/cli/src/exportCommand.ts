import { createWriteStream, existsSync, statSync } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ExportFile, ExportFilter, ExportFormat } from '@attrib/formats'
import { exportCorpus, storeCorpusReader } from '@attrib/server'
import { type CommandIo, describeError, ExitCode, progressBar } from './io'
import { openExistingStore, type StoreLocation } from './paths'

/** Options of {@link exportCommand}. */
export interface ExportOptions extends StoreLocation {
  format: ExportFormat
  /** The file of a single-file format, the folder of a multi-file one (brat), as the user wrote it. */
  out: string
  /** `out` resolved against the working folder; where the files go. Defaults to `out`. */
  outPath?: string
  filter: ExportFilter
}

const FS_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder',
  ENOTDIR: 'a parent is not a folder',
  EEXIST: 'a file is in the way',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
}

/** A write that failed, in the user's words. */
class WriteError extends Error {}

/**
 * `attrib export`: reads the articles of the store that pass `options.filter` one at a time and streams
 * the export to `options.out`: the file itself for single-file formats (written next to it first, then
 * renamed, so a failed export leaves no half file), a folder for brat. Draws a progress bar on stderr
 * only when stderr is a terminal, and always ends with one summary line on stderr:
 * `exported 2 articles, 42 sentences, 7 annotations to out.jsonl in 0.1 s`.
 * Returns {@link ExitCode.failure} when the store is missing or the output cannot be written.
 */
export async function exportCommand(options: ExportOptions, io: CommandIo): Promise<ExitCode> {
  const started = performance.now()
  const fail = (message: string) => {
    io.stderr.write(`attrib export: ${message}\n`)
    return ExitCode.failure
  }
  const opened = await openExistingStore(options)
  if ('error' in opened) return fail(opened.error)
  const { store } = opened
  try {
    let progress: ReturnType<typeof progressBar> | undefined
    const run = await exportCorpus(storeCorpusReader(store), options.format, options.filter, {
      onArticle: (_, total) => {
        progress ??= progressBar(io.stderr, total)
        progress.tick()
      },
    })
    const outPath = options.outPath ?? options.out
    try {
      if (run.format.singleFile) {
        for await (const file of run.files) await writeFileAtomically(outPath, file.chunks)
      } else await writeFolderAtomically(outPath, run.files)
    } finally {
      progress?.done()
    }
    const { counts } = run
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    io.stderr.write(
      `exported ${plural(counts.articles, 'article')}, ${plural(counts.sentences, 'sentence')}, ` +
        `${plural(counts.annotations, 'annotation')} to ${options.out} in ${seconds} s\n`,
    )
    return ExitCode.ok
  } catch (e) {
    return fail(e instanceof WriteError ? e.message : describeError(e))
  } finally {
    await store.close()
  }
}

/** Writes `chunks` to `path` through a write stream; `pipeline` waits on 'drain', so memory stays flat. */
async function writeChunks(path: string, chunks: Iterable<string> | AsyncIterable<string>): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true }) // files may sit in subfolders (W3C's texts/)
    await pipeline(Readable.from(chunks), createWriteStream(path))
  } catch (e) {
    throw asWriteError(path, e)
  }
}

async function writeFileAtomically(
  path: string,
  chunks: Iterable<string> | AsyncIterable<string>,
): Promise<void> {
  await makeFolder(dirname(path))
  if (existsSync(path) && statSync(path).isDirectory())
    throw new WriteError(`cannot write ${path}: is a folder (a single-file format needs a file name)`)
  const partial = join(dirname(path), `.${basename(path)}.${process.pid}.partial`)
  try {
    await writeChunks(partial, chunks)
    await rename(partial, path)
  } catch (e) {
    await rm(partial, { force: true })
    throw e instanceof WriteError ? e : asWriteError(path, e)
  }
}

/**
 * Writes a folder format's files into a `.partial` folder beside `path` and moves them in only once all
 * are written (the folder itself when `path` does not exist yet), so a failed export leaves nothing.
 */
async function writeFolderAtomically(path: string, files: AsyncIterable<ExportFile>): Promise<void> {
  await makeFolder(dirname(path))
  if (existsSync(path) && !statSync(path).isDirectory())
    throw new WriteError(`cannot write ${path}: a file is in the way (a folder format needs a folder)`)
  const partial = join(dirname(path), `.${basename(path)}.${process.pid}.partial`)
  const written: string[] = []
  try {
    for await (const file of files) {
      await writeChunks(join(partial, file.path), file.chunks)
      written.push(file.path)
    }
    if (!existsSync(path)) await rename(partial, path)
    else {
      for (const file of written) {
        await mkdir(dirname(join(path, file)), { recursive: true })
        await rename(join(partial, file), join(path, file))
      }
      await rm(partial, { recursive: true, force: true })
    }
  } catch (e) {
    await rm(partial, { recursive: true, force: true })
    throw e instanceof WriteError ? e : asWriteError(path, e)
  }
}

async function makeFolder(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true })
  } catch (e) {
    throw asWriteError(path, e)
  }
}

function asWriteError(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code
  // Not a file-system error (a document that cannot be read): report it as it is.
  if (!code) return error instanceof Error ? error : new Error(String(error))
  return new WriteError(`cannot write ${path}: ${FS_ERRORS[code] ?? describeError(error)}`)
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
