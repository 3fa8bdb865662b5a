import {
  type ArticleDigest,
  combineSources,
  filterSources,
  type SourceIndex,
  sourceSummary,
} from '@attrib/review'
import { CommaList } from '@attrib/store'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { HttpError, parseBody } from './httpErrors'

const SourcesQuery = z.strictObject({
  outlet: CommaList.optional(),
  type: CommaList.optional(),
  q: z.string().max(200).optional(),
})

/**
 * `GET /api/sources?outlet=A,B&type=spokesperson&q=peskov`: the corpus's sources (`sourceIndex` of
 * @attrib/review), each with its number of citations, sorted by it, and the unnamed sources per article;
 * `GET /api/sources/:id`: one source with every sentence that cites it (404 for an unknown id). Both are
 * made from the articles' digests in the read model, as `attrib sources` is (SRC2).
 */
export function registerSourcesRoute(
  app: FastifyInstance,
  deps: { digests: () => Promise<ArticleDigest[]> },
): void {
  // The articles' parts come from the dashboard's digests (cached per article version), so a request
  // after the first reads only what changed.
  const index = async (): Promise<SourceIndex> => combineSources((await deps.digests()).map((d) => d.sources))
  app.get('/api/sources', async (request) => {
    const q = parseBody(SourcesQuery, request.query, 'query')
    const { sources, anonymous } = await index()
    return {
      sources: filterSources(sources, { outlets: q.outlet, types: q.type, q: q.q }).map(sourceSummary),
      anonymous: q.outlet ? anonymous.filter((a) => a.outlet && q.outlet!.includes(a.outlet)) : anonymous,
    }
  })
  app.get('/api/sources/:id', async (request) => {
    const { id } = request.params as { id: string }
    const source = (await index()).sources.find((s) => s.id === id)
    if (!source) throw new HttpError(404, `no source with id ${JSON.stringify(id)}`)
    return source
  })
}
