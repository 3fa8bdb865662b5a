import { readdirSync, readFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import {
  type ArticleRecord,
  parseDoccano,
  parseJsonl,
  parseLabelStudio,
  parseW3c,
  W3C_TEXTS_FOLDER,
} from '@attrib/formats'

/** A corpus parser: the file's text and name in, its records out. */
export type TextParser = (text: string, fileName: string) => ArticleRecord[]

/**
 * W3C annotations carry no article text: the export writes the texts beside the collection
 * (`texts/<article id>.txt`), and the import reads them from there.
 */
function parseW3cFile(text: string, fileName: string): ArticleRecord[] {
  const folder = join(dirname(fileName), W3C_TEXTS_FOLDER)
  const texts = new Map<string, string>()
  let names: string[] = []
  try {
    names = readdirSync(folder)
  } catch {
    throw new Error(
      `${basename(fileName)}: no ${W3C_TEXTS_FOLDER}/ folder beside it with the articles' texts`,
    )
  }
  for (const n of names)
    if (n.endsWith('.txt')) texts.set(n.slice(0, -4), readFileSync(join(folder, n), 'utf8'))
  return parseW3c(text, texts, fileName)
}

/** Parsers of the single-file corpus formats. */
export const TEXT_PARSERS: Readonly<Record<string, TextParser>> = {
  jsonl: parseJsonl,
  labelstudio: parseLabelStudio,
  doccano: parseDoccano,
  w3c: parseW3cFile,
}

/** The corpus formats `attrib import` reads: files of many articles with their annotations. */
export const CORPUS_FORMATS: readonly string[] = ['jsonl', 'brat', 'labelstudio', 'doccano', 'w3c']
