import type { SourceDecision } from '@attrib/core'
import { type ArticleDigest, outletSourcing, type SourcingReport } from '@attrib/review'
import { OutletsParams } from '@attrib/store'
import type { FastifyInstance } from 'fastify'
import { parseBody } from './httpErrors'

/**
 * `GET /api/review/outlets?outlet=A,B&from=2024-10-01&to=2024-10-31&top=5`: per outlet, its most cited
 * sources and its anonymous share per month (`outletSourcing` of @attrib/review), what the dashboard's
 * charts of sources per outlet draw (SRC11). Made from the articles' digests, which the coverage report
 * and the source index read too (cached per article version), so no document is decoded again.
 */
export function registerOutletsRoute(
  app: FastifyInstance,
  deps: { digests: () => Promise<ArticleDigest[]>; decisions: () => Promise<SourceDecision[]> },
): void {
  app.get('/api/review/outlets', async (request): Promise<SourcingReport> => {
    const q = parseBody(OutletsParams, request.query, 'query')
    return outletSourcing(await deps.digests(), {
      top: q.top,
      filter: { outlets: q.outlet, from: q.from, to: q.to },
      decisions: await deps.decisions(),
    })
  })
}
