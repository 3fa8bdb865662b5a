import type { ArticleRow } from '@attrib/store'

/** One article in `GET /api/articles`. */
export interface CatalogEntry {
  id: string
  title: string
  outlet: string | null
  date: string | null
  story: string | null
  sentences: number
  tagged: number
  /** `tagged / sentences`, 0 for an empty article. */
  share: number
}

/** The catalog entry of a stored article row. */
export function catalogEntry(row: ArticleRow): CatalogEntry {
  return {
    id: row.id,
    title: row.title,
    outlet: row.outlet,
    date: row.date,
    story: row.story,
    sentences: row.sentences,
    tagged: row.tagged,
    share: row.sentences === 0 ? 0 : row.tagged / row.sentences,
  }
}
