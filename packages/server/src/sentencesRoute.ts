import { Readable } from 'node:stream'
import {
  allSentencesCsv,
  checkSentencesParams,
  type DocumentStore,
  SentencesParams,
  searchSentences,
  sentencesCsv,
  UnknownSearchValue,
} from '@attrib/store'
import type { Logger } from '@attrib/sync'
import type { FastifyInstance } from 'fastify'
import { HttpError, parseBody } from './httpErrors'

/**
 * `GET /api/sentences?label=anonymous&outlet=Daily&q=ministry&after=a1:3&limit=100&format=json|csv&all=true`: the
 * corpus's sentences that match, in (article, index) order, a page at a time, from the read model's
 * sentence rows (SQ1–SQ3), as `attrib sentences` finds them; a bad parameter is 400. Anyone who may read
 * the corpus may search it (viewers too); a token limited to one article may not.
 */
export function registerSentencesRoute(
  app: FastifyInstance,
  deps: { store: DocumentStore; logger: Logger },
): void {
  app.get('/api/sentences', async (request, reply) => {
    const params = parseBody(SentencesParams, request.query, 'query')
    try {
      await checkSentencesParams(deps.store, params)
    } catch (e) {
      if (e instanceof UnknownSearchValue) throw new HttpError(400, e.message, `query.${e.param}`)
      throw e
    }
    const options = {
      onRecompute: (id: string) =>
        deps.logger.debug?.('read model: view computed again for a search', { article: id }),
    }
    if (params.all) {
      // Every sentence found, streamed a page at a time as the client reads (SQ4).
      reply.header('content-type', 'text/csv; charset=utf-8')
      reply.header('content-disposition', 'attachment; filename="sentences.csv"')
      return reply.send(Readable.from(allSentencesCsv(deps.store, params, options)))
    }
    const search = await searchSentences(deps.store, params, options)
    if (params.format === 'csv') {
      reply.header('content-type', 'text/csv; charset=utf-8')
      reply.header('content-disposition', 'attachment; filename="sentences.csv"')
      if (search.next) reply.header('x-next', search.next)
      return sentencesCsv(search)
    }
    return search
  })
}
