import {
  ARTICLE_ID,
  articleHistory,
  type DocumentStore,
  HistoryParams,
  historyCsv,
  historyJsonl,
} from '@attrib/store'
import type { FastifyInstance } from 'fastify'
import type * as Y from 'yjs'
import { HttpError, parseBody } from './httpErrors'
import { jsonLinesBody } from './jsonLinesReply'

/**
 * `GET /api/articles/:id/history?format=json|csv|jsonl&after=N&limit=N`: the article's audit trail, each change
 * with who, when, before and after, placed in the current text, and the annotations where the trail starts
 * (AU5). Anyone who may read the article may read it (viewers too); no route changes or removes it.
 */
export function registerHistoryRoute(
  app: FastifyInstance,
  deps: { store: DocumentStore; liveDocument: (id: string) => Y.Doc | undefined },
): void {
  app.get<{ Params: { id: string } }>('/api/articles/:id/history', async (request, reply) => {
    const { id } = request.params
    const params = parseBody(HistoryParams, request.query, 'query')
    if (!ARTICLE_ID.test(id) || !(await deps.store.getArticleRow(id)))
      throw new HttpError(404, `no article ${id}`, 'id')
    const history = await articleHistory(deps.store, id, params, deps.liveDocument(id))
    if (!history) throw new HttpError(404, `article ${id} has no document`, 'id')
    if (params.format === 'csv') {
      reply.header('content-type', 'text/csv; charset=utf-8')
      reply.header('content-disposition', `attachment; filename="${id}.history.csv"`)
      return historyCsv(history)
    }
    if (params.format === 'jsonl') {
      return jsonLinesBody(reply, historyJsonl(history))
    }
    return { article: id, ...history }
  })
}
