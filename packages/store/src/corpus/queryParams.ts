import { z } from 'zod'

// The parts of a corpus job's parameters written as text (a query string, the CLI's options), shared by
// every job that takes them (export, coverage, sources), so they are checked and worded the same.

/** A calendar date `YYYY-MM-DD` that exists (2024-02-30 does not). */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((d) => {
    const time = Date.parse(`${d}T00:00:00Z`)
    return !Number.isNaN(time) && new Date(time).toISOString().startsWith(d)
  }, 'not a calendar date')

/** A comma-separated list of non-empty values (`a,b`). */
export const CommaList = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()))
  .pipe(z.array(z.string().min(1, 'empty value in the comma-separated list')))
