import {
  type ArticleFormat,
  ArticleImportError,
  parseArticle,
  segmentArticle,
  utf16ToCodePoints,
} from '@attrib/core'
import { type CueKind, suggestSentences } from '@attrib/review'
import { type CommandIo, describeError, ExitCode, readArticleSource, STDIN_NAME } from './io'

/** Options of {@link suggestCommand}. */
export interface SuggestOptions {
  /** How to read the file; by default from its extension (standard input: plain text). */
  format?: ArticleFormat
}

/** A cue of `attrib suggest`'s output; offsets in Unicode code points of the article text, end excluded. */
export interface CueLine {
  kind: CueKind
  start: number
  end: number
  text: string
}

/**
 * One line of `attrib suggest`'s output: the sentence as `attrib segment` prints it, the labels the
 * rule-based suggester proposes (sorted; empty when the sentence attributes nothing), the cues found
 * in it and the reason.
 */
export interface SuggestionLine {
  i: number
  start: number
  end: number
  text: string
  labels: string[]
  cues: CueLine[]
  reason: string
}

/**
 * The suggestions for an article's sentences, with offsets in code points of the text as imported
 * (paragraphs joined by a blank line), like `attrib segment`.
 * @example
 * suggestionLines(parseArticle('Two officials said it was over.').paragraphs)[0]
 * // → { i: 0, start: 0, end: 31, labels: ['anonymous_official'], reason: "'said' + 'Two officials'", ... }
 */
export function suggestionLines(paragraphs: string[]): SuggestionLine[] {
  const { text, sentences } = segmentArticle(paragraphs)
  const codePoints = [...text]
  const texts = sentences.map(({ start, end }) => codePoints.slice(start, end).join(''))
  return suggestSentences(texts).map((s, i) => {
    const { start, end } = sentences[i]!
    // Cue offsets are UTF-16 units of the sentence; the output counts code points of the article.
    const cp = utf16ToCodePoints(texts[i]!)
    return {
      i,
      start,
      end,
      text: texts[i]!,
      labels: s.labels,
      cues: s.cues.map((c) => ({
        kind: c.kind,
        start: start + cp(c.start),
        end: start + cp(c.end),
        text: c.text,
      })),
      reason: s.reason,
    }
  })
}

/**
 * `attrib suggest FILE`: reads one article (`-` for standard input) and writes one JSON line per sentence
 * with the suggested labels to `io.stdout`. On a file that cannot be read or parsed, writes one line to
 * `io.stderr` and returns {@link ExitCode.failure}.
 */
export async function suggestCommand(
  file: string,
  options: SuggestOptions,
  io: CommandIo,
): Promise<ExitCode> {
  const fileName = file === '-' ? STDIN_NAME : file
  try {
    const source = await readArticleSource(file, io.stdin)
    // Standard input has no extension: as "<stdin>", its format defaults to plain text.
    const { paragraphs } = parseArticle(source, { format: options.format, fileName })
    const lines = suggestionLines(paragraphs).map((line) => `${JSON.stringify(line)}\n`)
    io.stdout.write(lines.join(''))
    return ExitCode.ok
  } catch (e) {
    // ArticleImportError's message already starts with the file (and line); the others do not.
    const where = e instanceof ArticleImportError ? '' : `${fileName}: `
    io.stderr.write(`attrib suggest: ${where}${describeError(e)}\n`)
    return ExitCode.failure
  }
}
