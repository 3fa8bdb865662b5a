import type { ArticleRecord } from '@attrib/formats'
import * as formats from '@attrib/formats'

/**
 * Parsers of JSON corpus formats that @attrib/formats may export (another piece of work adds them):
 * each takes the file's text and name and returns its records. Looked up by name so the CLI offers a
 * format as soon as the package exports it. W3C is left out on purpose: its annotations carry no
 * article text, so it cannot create articles.
 */
const OPTIONAL_PARSERS = { labelstudio: 'parseLabelStudio', doccano: 'parseDoccano' } as const

/** A corpus parser: the file's text and name in, its records out. */
export type TextParser = (text: string, fileName: string) => ArticleRecord[]

/** One of the formats of {@link OPTIONAL_PARSERS}. */
export type OptionalCorpusFormat = keyof typeof OPTIONAL_PARSERS

/** The parser of `format` when @attrib/formats exports it. */
export function optionalParser(format: OptionalCorpusFormat): TextParser | undefined {
  const parser = (formats as unknown as Record<string, unknown>)[OPTIONAL_PARSERS[format]]
  return typeof parser === 'function' ? (parser as TextParser) : undefined
}

/** The corpus formats `attrib import` reads: files of many articles with their annotations. */
export const CORPUS_FORMATS: readonly string[] = [
  'jsonl',
  'brat',
  ...(Object.keys(OPTIONAL_PARSERS) as OptionalCorpusFormat[]).filter((f) => optionalParser(f)),
]
