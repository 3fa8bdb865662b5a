import { type ArticleFormat, utf16ToCodePoints } from '@attrib/core'
import { type CueKind, suggestSentences } from '@attrib/review'
import type { CommandIo, ExitCode } from './io'
import { printArticleLines, sentenceLines } from './segmentCommand'

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
  const sentences = sentenceLines(paragraphs)
  return suggestSentences(sentences.map((s) => s.text)).map((s, i) => {
    const sentence = sentences[i]!
    // Cue offsets are UTF-16 units of the sentence; the output counts code points of the article.
    const cp = utf16ToCodePoints(sentence.text)
    return {
      ...sentence,
      labels: s.labels,
      cues: s.cues.map((c) => ({
        kind: c.kind,
        start: sentence.start + cp(c.start),
        end: sentence.start + cp(c.end),
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
export function suggestCommand(file: string, options: SuggestOptions, io: CommandIo): Promise<ExitCode> {
  return printArticleLines('suggest', file, options.format, io, suggestionLines)
}
