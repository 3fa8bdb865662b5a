/** What kind of refusal an {@link ArticleImportError} is, when it is one a person fixes in a known way. */
export type ArticleImportProblem = 'not-text' | 'too-large'

/**
 * An article file that cannot be imported. The message names the file and, where one is to blame,
 * the line: `notes.md:3: invalid date "2024-02-30" (expected a real YYYY-MM-DD date)`.
 */
export class ArticleImportError extends Error {
  /** The file name given to the parser, if any. */
  readonly file?: string
  /** The 1-based line of the source at fault, if one is. */
  readonly line?: number
  /** `not-text` (LIM1) or `too-large` (LIM2, LIM4); none for a file to correct. */
  readonly kind?: ArticleImportProblem

  constructor(
    message: string,
    where: { file?: string | undefined; line?: number; kind?: ArticleImportProblem } = {},
  ) {
    const place = `${where.file ?? 'input'}${where.line === undefined ? '' : `:${where.line}`}`
    super(`${place}: ${message}`)
    this.name = 'ArticleImportError'
    if (where.file !== undefined) this.file = where.file
    if (where.line !== undefined) this.line = where.line
    if (where.kind !== undefined) this.kind = where.kind
  }
}

/** The 1-based line of `text` that holds `index`. */
export function lineAt(text: string, index: number): number {
  let line = 1
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++
  return line
}
