import { readdirSync, statSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { type ArticleRecord, parseBrat } from '@attrib/formats'
import { CorpusRefused, jsonlFileRecords } from '@attrib/server'
import { CORPUS_FORMATS, TEXT_PARSERS } from './corpusFormats'
import { type CommandIo, readArticleSource } from './io'

/**
 * The corpus format of `path`: `format` when it is one, else `.jsonl` → jsonl and a folder or an
 * `.ann` file → brat; undefined for an article file (text, Markdown, HTML).
 */
export function corpusFormatOf(path: string, format: string | undefined): string | undefined {
  if (format !== undefined) return CORPUS_FORMATS.includes(format) ? format : undefined
  const ext = extname(path).toLowerCase()
  if (ext === '.jsonl') return path.toLowerCase().endsWith('.doccano.jsonl') ? 'doccano' : 'jsonl'
  if (ext === '.jsonld') return 'w3c'
  if (path.toLowerCase().endsWith('.labelstudio.json')) return 'labelstudio'
  if (ext === '.ann') return 'brat'
  try {
    if (statSync(path).isDirectory()) {
      // The folders `attrib export` writes: Label Studio and W3C hold one main file, brat many.
      const main = mainFileOf(path)
      return main ? corpusFormatOf(main, undefined) : 'brat'
    }
  } catch {
    // A missing path is reported when it is read, as for article files.
  }
  return undefined
}

/** The main file of an exported Label Studio or W3C folder, if `folder` is one. */
function mainFileOf(folder: string): string | undefined {
  const name = readdirSync(folder).find((n) => /\.(labelstudio\.json|w3c\.jsonld)$/i.test(n))
  return name ? join(folder, name) : undefined
}

/** One all-or-nothing piece of a corpus: a file, or a brat `.txt`/`.ann` pair named by its `.ann`. */
export interface CorpusUnit {
  /** The name in messages. */
  name: string
  read(): Promise<ArticleRecord[]>
  /**
   * The records one at a time, for files too large to hold (JSONL): each call reads the file again from
   * the start, so an import can check every line before it stores anything.
   */
  stream?(): AsyncIterable<ArticleRecord>
}

/** The units of `path` in `format`: one per file, one per `.txt` of a brat folder (its `.ann` optional). */
export async function corpusUnits(
  path: string,
  format: string,
  stdin: CommandIo['stdin'],
): Promise<CorpusUnit[]> {
  if (format === 'brat') {
    let isFolder = false
    try {
      isFolder = statSync(path).isDirectory()
    } catch {}
    if (!isFolder) {
      const stem = path.replace(/\.(ann|txt)$/i, '')
      return [bratUnit(`${stem}.txt`, `${stem}.ann`, stdin, true)]
    }
    const names = (await readdir(path)).sort()
    const units = names
      .filter((n) => n.endsWith('.txt'))
      .map((n) => {
        const stem = join(path, n.slice(0, -'.txt'.length))
        return bratUnit(`${stem}.txt`, `${stem}.ann`, stdin, names.includes(`${basename(stem)}.ann`))
      })
    // An .ann without its text cannot be imported: say so rather than drop it silently.
    for (const n of names.filter((n) => n.endsWith('.ann') && !names.includes(`${n.slice(0, -4)}.txt`)))
      units.push({
        name: join(path, n),
        read: () => Promise.reject(new Error(`no ${n.slice(0, -4)}.txt beside it`)),
      })
    return units
  }
  const parse = TEXT_PARSERS[format]!
  let file = path
  try {
    if (statSync(path).isDirectory()) file = mainFileOf(path) ?? path
  } catch {}
  const unit: CorpusUnit = { name: file, read: async () => parse(await readArticleSource(file, stdin), file) }
  if (format === 'jsonl' && file !== '-') unit.stream = () => jsonlFileRecords(file)
  return [unit]
}

function bratUnit(txt: string, ann: string, stdin: CommandIo['stdin'], hasAnn: boolean): CorpusUnit {
  return {
    name: ann,
    read: async () => {
      const read = (path: string) =>
        readArticleSource(path, stdin).catch((e: Error) => {
          throw new CorpusRefused(`cannot read ${basename(path)}: ${e.message}`)
        })
      const text = await read(txt)
      return [parseBrat(text, hasAnn ? await read(ann) : '', ann)]
    },
  }
}
