import { ANONYMOUS_USER, DecisionError, type DecisionRequest } from '@attrib/core'
import { changeDecisions, type DocumentStore, readDecisions } from '@attrib/store'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { requestUser } from './accessControl'
import { canAdjudicate } from './auth'
import { HttpError, parseBody } from './httpErrors'

/** A source index id as the index makes them (`sourceId`): lower-case words joined by `-`. */
const SourceIdText = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\p{Ll}\p{Lo}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{N}]+)*$/u, 'is not a source id (as the index gives them)')

const MergeBody = z.strictObject({ from: SourceIdText, into: SourceIdText })
const SplitBody = z.strictObject({
  spelling: z
    .string()
    .trim()
    .min(1, 'is empty')
    .max(300, 'is longer than 300 characters')
    .regex(/^[^\p{Cc}]*$/u, 'holds a control character'),
})

/**
 * The source index's decisions over HTTP (SD4): `GET /api/sources/decisions` lists them; `POST
 * /api/sources/merges {from, into}` and `DELETE /api/sources/merges/:from` merge a source into another or
 * undo it; `POST /api/sources/splits {spelling}` and `DELETE /api/sources/splits/:spelling` split a
 * spelling off its source or undo it. A reviewer's request decides; an annotator's applies or disputes
 * (core's `requestDecision`); a viewer's is refused by access control. Without access control, everyone
 * decides as a reviewer would. Each change is announced like an article's (`onChanged`), so open Sources
 * pages and other processes read the index again.
 */
export function registerSourceDecisionsRoute(
  app: FastifyInstance,
  deps: { store: DocumentStore; onChanged: () => void },
): void {
  const change = async (request: FastifyRequest, wish: DecisionRequest) => {
    const user = requestUser(request)
    try {
      const result = await changeDecisions(
        deps.store,
        wish,
        user?.name ?? ANONYMOUS_USER,
        !user || canAdjudicate(user.role) ? 'reviewer' : 'annotator',
      )
      deps.onChanged()
      return result
    } catch (e) {
      if (e instanceof DecisionError) throw new HttpError(e.status, e.message)
      throw e
    }
  }
  app.get('/api/sources/decisions', async () => ({ decisions: await readDecisions(deps.store) }))
  app.post('/api/sources/merges', async (request) => {
    const { from, into } = parseBody(MergeBody, request.body)
    return change(request, { kind: 'merge', from, into })
  })
  app.delete<{ Params: { from: string } }>('/api/sources/merges/:from', async (request) => {
    const from = parseBody(SourceIdText, request.params.from, 'from')
    return change(request, { kind: 'merge', from, into: null })
  })
  app.post('/api/sources/splits', async (request) => {
    const { spelling } = parseBody(SplitBody, request.body)
    return change(request, { kind: 'split', spelling, split: true })
  })
  app.delete<{ Params: { spelling: string } }>('/api/sources/splits/:spelling', async (request) => {
    const { spelling } = parseBody(SplitBody, { spelling: request.params.spelling }, 'params')
    return change(request, { kind: 'split', spelling, split: false })
  })
}
