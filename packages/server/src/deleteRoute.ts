import { ARTICLE_ID, type ArticleRow, type DocumentStore } from '@attrib/store'
import type { YServer } from '@attrib/sync'
import { CloseCode } from '@attrib/sync'
import type { FastifyInstance } from 'fastify'
import type { CatalogEntry } from './catalog'
import { HttpError } from './httpErrors'

/** What `DELETE /api/articles/:id` answers. */
export interface DeletedArticle {
  id: string
  /** When it was deleted (ISO time). */
  deletedAt: string
  /** Until when `POST /api/articles/:id/restore` is sure to bring it back (ISO time): then it may be purged. */
  undoUntil: string
}

/** The reason a deleted article's open connections are closed with (`4404`). */
export const DELETED_REASON = 'this article was deleted'

/** What {@link registerDeleteRoutes} needs of the server. */
export interface DeleteRouteOptions {
  store: DocumentStore
  yserver: YServer
  /** How long a deleted article stays restorable (`DELETE_RETENTION_MS`). */
  retentionMs: number
  /** The catalog entry of a row (`createServer`'s `catalogEntry`), which the restore answers. */
  entry: (row: ArticleRow) => CatalogEntry
  /** Told after an article was deleted or restored (the catalog changed): announce it like an edit. */
  onChanged: (id: string) => void
}

/**
 * `DELETE /api/articles/:id` (soft delete, HTTP11): marks the catalog row deleted, closes the article's
 * open room with `4404` so collaborators are told, and answers `{ id, deletedAt, undoUntil }`.
 * `POST /api/articles/:id/restore` clears the mark and answers the catalog entry. Both `404` for an id the
 * catalog does not have (deleted already, or purged). Who may call them is access control's (AC12).
 */
export function registerDeleteRoutes(app: FastifyInstance, options: DeleteRouteOptions): void {
  const { store, yserver } = options

  app.delete<{ Params: { id: string } }>('/api/articles/:id', async (request): Promise<DeletedArticle> => {
    const { id } = request.params
    const deletedAt = ARTICLE_ID.test(id) ? await store.deleteArticle(id) : undefined
    if (deletedAt === undefined) throw new HttpError(404, `no article ${id}`, 'id')
    await yserver.closeRoom(id, CloseCode.NotFound, DELETED_REASON)
    options.onChanged(id)
    return {
      id,
      deletedAt,
      undoUntil: new Date(Date.parse(deletedAt) + options.retentionMs).toISOString(),
    }
  })

  app.post<{ Params: { id: string } }>(
    '/api/articles/:id/restore',
    async (request): Promise<CatalogEntry> => {
      const { id } = request.params
      const row = ARTICLE_ID.test(id) ? await store.restoreArticle(id) : undefined
      if (!row) throw new HttpError(404, `no article ${id} to restore (it may have been purged)`, 'id')
      options.onChanged(id)
      return options.entry(row)
    },
  )
}
