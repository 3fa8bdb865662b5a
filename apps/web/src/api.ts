import { type ArticleSnapshot, createTaxonomy, type Taxonomy } from '@attrib/core'
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
