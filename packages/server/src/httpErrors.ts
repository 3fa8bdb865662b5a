import type { z } from 'zod'

/** An error answered with its status code and `{error, where}`. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly where?: string,
  ) {
    super(message)
  }
}

/** Validates a request part with a zod schema; a 400 names the first bad field (`body.text`, `query.format`). */
export function parseBody<T>(schema: z.ZodType<T>, value: unknown, part = 'body'): T {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  const where = [part, ...issue.path.map(String)].join('.')
  throw new HttpError(400, `${where}: ${issue.message}`, where)
}
