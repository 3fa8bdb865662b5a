// Which articles a dated filter keeps, worded once for the coverage report and the source index.

/** A period of article dates, `YYYY-MM-DD` on both ends, each end included and optional. */
export interface DatePeriod {
  /** Only articles dated on or after this day. */
  from?: string
  /** Only articles dated on or before this day. */
  to?: string
}

/**
 * Whether an article dated `date` (its first ten characters, `YYYY-MM-DD`) falls in `period`. An undated
 * article falls in no period with an end, so a dated filter leaves it out.
 * @example inPeriod('2024-10-25', { from: '2024-10-01' }) // true
 */
export function inPeriod(date: string | null | undefined, period: DatePeriod): boolean {
  if (period.from === undefined && period.to === undefined) return true
  const day = /^\d{4}-\d{2}-\d{2}/.exec(date?.trim() ?? '')?.[0]
  if (!day) return false
  return (period.from === undefined || day >= period.from) && (period.to === undefined || day <= period.to)
}
