import { ArticleImportError, type ArticleImportProblem } from '@attrib/core'
import type { z } from 'zod'

/** An error answered with its status code and `{error, where, problem}`. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly where?: string,
    readonly problem?: ArticleImportProblem,
  ) {
    super(message)
  }
}

/** The kind of an article's refusal (`not-text`, `too-large`), for the client to say what to do. */
export function importProblem(e: unknown): ArticleImportProblem | undefined {
  return e instanceof ArticleImportError ? e.kind : undefined
}

/** Validates a request part with a zod schema; a 400 names the first bad field (`body.text`, `query.format`). */
export function parseBody<T>(schema: z.ZodType<T>, value: unknown, part = 'body'): T {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  const where = [part, ...issue.path.map(String)].join('.')
  throw new HttpError(400, `${where}: ${issue.message}`, where)
}
