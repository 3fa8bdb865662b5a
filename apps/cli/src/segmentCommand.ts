import { type ArticleFormat, ArticleImportError, parseArticle, segmentArticle } from '@attrib/core'
import { type CommandIo, describeError, ExitCode, readArticleSource, STDIN_NAME } from './io'

/** Options of {@link segmentCommand}. */
export interface SegmentOptions {
  /** How to read the file; by default from its extension (standard input: plain text). */
  format?: ArticleFormat
}

/** One line of `attrib segment`'s output. Offsets are Unicode code points of the imported text, end excluded. */
export interface SentenceLine {
  /** The sentence's index in the article, from 0. */
  i: number
  start: number
  end: number
  /** Exactly `[...text].slice(start, end).join('')`. */
  text: string
}

/**
 * The sentences of an article as `attrib segment` prints them: the text is the one an import stores
 * (paragraphs joined by a blank line, metadata such as a ` date 2024-10-25` prefix removed).
 * @example
 * sentenceLines(parseArticle('One. Two.').paragraphs)
 * // → [{ i: 0, start: 0, end: 4, text: 'One.' }, { i: 1, start: 5, end: 9, text: 'Two.' }]
 */
export function sentenceLines(paragraphs: string[]): SentenceLine[] {
  const { text, sentences } = segmentArticle(paragraphs)
  const codePoints = [...text]
  return sentences.map(({ start, end }, i) => ({
    i,
    start,
    end,
    text: codePoints.slice(start, end).join(''),
  }))
}

/**
 * Reads one article (`-` for standard input) and writes the JSON lines `toLines` makes of its paragraphs
 * to `io.stdout`: the shell of `attrib segment` and `attrib suggest`. On a file that cannot be read or
 * parsed, writes one line `attrib <command>: <file>: <problem>` to `io.stderr` and returns
 * {@link ExitCode.failure}.
 */
export async function printArticleLines(
  command: string,
  file: string,
  format: ArticleFormat | undefined,
  io: CommandIo,
  toLines: (paragraphs: string[]) => unknown[],
): Promise<ExitCode> {
  const fileName = file === '-' ? STDIN_NAME : file
  try {
    const source = await readArticleSource(file, io.stdin)
    // Standard input has no extension: as "<stdin>", its format defaults to plain text.
    const { paragraphs } = parseArticle(source, { format, fileName })
    io.stdout.write(
      toLines(paragraphs)
        .map((line) => `${JSON.stringify(line)}\n`)
        .join(''),
    )
    return ExitCode.ok
  } catch (e) {
    // ArticleImportError's message already starts with the file (and line); the others do not.
    const where = e instanceof ArticleImportError ? '' : `${fileName}: `
    io.stderr.write(`attrib ${command}: ${where}${describeError(e)}\n`)
    return ExitCode.failure
  }
}

/**
 * `attrib segment FILE`: reads one article (`-` for standard input) and writes one JSON line per sentence
 * to `io.stdout`. On a file that cannot be read or parsed, writes one line to `io.stderr` and returns
 * {@link ExitCode.failure}.
 */
export function segmentCommand(file: string, options: SegmentOptions, io: CommandIo): Promise<ExitCode> {
  return printArticleLines('segment', file, options.format, io, sentenceLines)
}
