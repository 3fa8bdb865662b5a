import { type ArticleSnapshot, createTaxonomy, type Taxonomy } from '@attrib/core'
import type { AnonymousSources, SourceDetail, SourceSummary } from '@attrib/review'
import { sessionExpired } from './session'
import { startupFetch } from './startup'

/** A row of the article list, as the server's `GET /api/articles` returns it. */
export interface ArticleRow {
  id: string
  title: string
  outlet?: string | null
  date?: string | null
  story?: string | null
  sentences: number
  tagged: number
  share: number
}

async function json<T>(res: Response): Promise<T> {
  // With sign-in on, a 401 means the session cookie is missing or expired: back to the sign-in page.
  if (res.status === 401) sessionExpired()
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`
    try {
      const body = (await res.json()) as { error?: string }
      if (body.error) message = body.error
    } catch {}
    throw new Error(message)
  }
  return (await res.json()) as T
}

/** One article's snapshot (text, sentences, annotations; code-point offsets), as `GET /api/articles/:id` gives it. */
export async function fetchArticle(id: string, signal?: AbortSignal): Promise<ArticleSnapshot> {
  return json(await fetch(`/api/articles/${encodeURIComponent(id)}`, { signal }))
}

/** Lists the articles in the store (offline: the last list the service worker kept, OFF2). */
export async function listArticles(): Promise<ArticleRow[]> {
  return json(await startupFetch('/api/articles'))
}

/** What the server answers when it deleted an article (`DELETE /api/articles/:id`). */
export interface DeletedArticle {
  id: string
  /** ISO time. */
  deletedAt: string
  /** Until when a restore is sure to work (ISO time); the server purges it after that. */
  undoUntil: string
}

/**
 * Deletes an article (reviewers, or anyone without sign-in). The server keeps it restorable
 * ({@link restoreArticle}) and closes its open rooms, so collaborators who have it open are told.
 */
export async function deleteArticle(id: string): Promise<DeletedArticle> {
  return json(await fetch(`/api/articles/${encodeURIComponent(id)}`, { method: 'DELETE' }))
}

/** Undoes {@link deleteArticle}: the article comes back whole, annotations and all. */
export async function restoreArticle(id: string): Promise<ArticleRow> {
  return json(await fetch(`/api/articles/${encodeURIComponent(id)}/restore`, { method: 'POST' }))
}

/** Imports one article file (text, Markdown or HTML) through the server. */
export async function importArticle(fileName: string, text: string): Promise<ArticleRow> {
  return json(
    await fetch('/api/articles', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fileName, text }),
    }),
  )
}

/** The project's taxonomy (the defaults when the server has none). */
export async function fetchTaxonomy(): Promise<Taxonomy> {
  try {
    return createTaxonomy((await json<Taxonomy>(await startupFetch('/api/taxonomy'))).labels)
  } catch {
    return createTaxonomy()
  }
}

/** Saves the project's taxonomy; the server validates it and returns what it stored. */
export async function saveTaxonomy(taxonomy: Taxonomy): Promise<Taxonomy> {
  return json(
    await fetch('/api/taxonomy', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(taxonomy),
    }),
  )
}

// The source index's shapes are @attrib/review's, which the server answers with.
export type {
  AnonymousSources,
  CitationKind as CitedHow,
  SourceCitation,
  SourceDetail,
  SourceSummary,
} from '@attrib/review'

/** What `GET /api/sources` answers: the sources with their numbers of citations, the unnamed ones per article. */
export interface SourceIndex {
  sources: SourceSummary[]
  anonymous: AnonymousSources[]
}

/** A period of article dates, `YYYY-MM-DD` (each end optional, both included). */
export interface SourcePeriod {
  from?: string
  to?: string
}

/** The filters of the source index: a name or alias to search, outlets and label ids (any of), a period. */
export interface SourceFilters extends SourcePeriod {
  q?: string
  outlets?: readonly string[]
  types?: readonly string[]
}

/** The period's part of a query string. */
function periodParams(period: SourcePeriod, params = new URLSearchParams()): URLSearchParams {
  if (period.from) params.set('from', period.from)
  if (period.to) params.set('to', period.to)
  return params
}

/** The corpus's source index, filtered (`GET /api/sources?q=…&outlet=…&type=…&from=…&to=…`). */
export async function fetchSources(filters: SourceFilters = {}, signal?: AbortSignal): Promise<SourceIndex> {
  const params = new URLSearchParams()
  if (filters.q?.trim()) params.set('q', filters.q.trim())
  if (filters.outlets?.length) params.set('outlet', filters.outlets.join(','))
  if (filters.types?.length) params.set('type', filters.types.join(','))
  const query = periodParams(filters, params).toString()
  return json(await fetch(`/api/sources${query ? `?${query}` : ''}`, { signal }))
}

/**
 * One source with its citations (those of the period, when one is given), or null when the index (of the
 * period) has no source with that id.
 */
export async function fetchSource(
  id: string,
  period: SourcePeriod = {},
  signal?: AbortSignal,
): Promise<SourceDetail | null> {
  const query = periodParams(period).toString()
  const res = await fetch(`/api/sources/${encodeURIComponent(id)}${query ? `?${query}` : ''}`, { signal })
  if (res.status === 404) return null
  return json(res)
}
