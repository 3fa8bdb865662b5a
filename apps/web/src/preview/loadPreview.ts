import { SnapshotReader } from '@attrib/core'
import { readJsonLines } from '../readJsonLines'
import { yieldToInput } from '../yieldToPage'
import { type ArticlePreview, previewFromSnapshot } from './articlePreview'
import { readPreview } from './previewStore'

/**
 * The server's preview of an article: its snapshot from the read model (`GET /api/articles/:id`, stored
 * views, the document not decoded), made compact. Read as JSON Lines a line at a time, with the page's
 * turns between steps: at 10,000 sentences the snapshot is 4 MB, which one `JSON.parse` could hold the
 * page for a tenth of a second and more. Null when it cannot be had (offline, refused, missing).
 */
export async function fetchServerPreview(articleId: string): Promise<ArticlePreview | null> {
  try {
    const response = await fetch(`/api/articles/${encodeURIComponent(articleId)}?format=jsonl`)
    if (!response.ok) return null
    const snapshot = new SnapshotReader()
    await readJsonLines(response.body, (line) => snapshot.add(line), yieldToInput)
    const preview = previewFromSnapshot(snapshot.snapshot())
    return preview.id === articleId ? preview : null
  } catch {
    return null
  }
}

/**
 * The preview an article opens with (OPEN1): the one this browser kept, else the server's. When the
 * browser keeps no copy of the article (`expectKept` false: a first visit) the server is asked at once, in
 * parallel with reading the browser's store, rather than after it.
 */
export function loadPreview(articleId: string, expectKept: boolean): Promise<ArticlePreview | null> {
  const server = expectKept ? null : fetchServerPreview(articleId)
  return readPreview(articleId).then((kept) => kept ?? server ?? fetchServerPreview(articleId))
}
