import type { SourceDecision } from '@attrib/core'
import { type ArticleDigest, listSources, sourcesInPeriod } from '@attrib/review'
import { SourceParams, SourcesParams, sourceQuery } from '@attrib/store'
import type { FastifyInstance } from 'fastify'
import { HttpError, parseBody } from './httpErrors'

/**
 * `GET /api/sources?outlet=A,B&type=spokesperson&q=peskov&from=2024-10-01&to=2024-10-31`: the corpus's
 * sources (`listSources` of @attrib/review), each with its number of citations in the period, sorted by
 * it, and the unnamed sources per article; `GET /api/sources/:id?from&to`: one source with every sentence
 * of the period that cites it (404 for an id the period does not cite). Both are made from the articles'
 * digests in the read model, as `attrib sources` is (SRC2, SRC9); a bad parameter is 400.
 */
export function registerSourcesRoute(
  app: FastifyInstance,
  deps: { digests: () => Promise<ArticleDigest[]>; decisions: () => Promise<SourceDecision[]> },
): void {
  // The articles' parts come from the dashboard's digests (cached per article version), so a request
  // after the first reads only what changed.
  const parts = async () => (await deps.digests()).map((d) => d.sources)
  app.get('/api/sources', async (request) => {
    const query = sourceQuery(parseBody(SourcesParams, request.query, 'query'))
    return listSources(await parts(), query, await deps.decisions())
  })
  app.get('/api/sources/:id', async (request) => {
    const { id } = request.params as { id: string }
    const period = parseBody(SourceParams, request.query, 'query')
    const source = sourcesInPeriod(await parts(), period, await deps.decisions()).sources.find(
      (s) => s.id === id,
    )
    if (!source)
      throw new HttpError(
        404,
        `no source with id ${JSON.stringify(id)}${period.from || period.to ? ' in this period' : ''}`,
      )
    return source
  })
}
