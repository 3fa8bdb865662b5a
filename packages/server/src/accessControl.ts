import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import {
  CloseCode,
  type ConnectionAccess,
  type ConnectionContext,
  ConnectionRefusedError,
} from '@attrib/sync'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  canAdjudicate,
  canWrite,
  MAX_NAME_LENGTH,
  mintToken,
  readCookie,
  TOKEN_COOKIE,
  type TokenUser,
  tokenExpiry,
  verifyToken,
} from './auth'
import { HttpError, parseBody } from './httpErrors'

/** Access control of a server (SPEC AC1–AC12): off unless a secret is given. */
export interface AuthOptions {
  /** The HS256 key tokens are signed with; at least 32 characters. */
  secret: string
  /** When set, `POST /api/session {name, passphrase}` mints an `annotator` token for whoever knows it. */
  passphrase?: string
}

/** Sign-in attempts (`POST /api/session`) one IP address may make per {@link SIGN_IN_WINDOW_MS}; more get 429. */
export const SIGN_IN_ATTEMPTS = 10
/** The window of {@link SIGN_IN_ATTEMPTS}: one minute. */
export const SIGN_IN_WINDOW_MS = 60_000

/** Lifetime of a cookie whose token does not expire, and of tokens minted for the passphrase: 30 days. */
export const SESSION_SECONDS = 30 * 24 * 60 * 60

// Paths any client may call without a token: signing in must be possible, and so must health checks.
const PUBLIC_PATHS = new Set(['/api/session', '/api/health'])

const SessionBody = z.union([
  z.object({ token: z.string().min(1) }).strict(),
  z
    .object({
      name: z.string().trim().min(1).max(MAX_NAME_LENGTH),
      passphrase: z.string().min(1),
    })
    .strict(),
])

/** What `GET /api/session` answers. */
export interface SessionInfo {
  /** Whether the server checks tokens at all. */
  auth: boolean
  user: TokenUser | null
}

/** The token of an HTTP request: `Authorization: Bearer <token>`, else the cookie. */
export function httpToken(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization)
    if (match) return match[1]
  }
  return readCookie(headers.cookie, TOKEN_COOKIE)
}

/**
 * The `onAuthenticate` hook of access control: the token comes from the URL parameter `token` or the
 * cookie. No valid token: {@link CloseCode.Unauthorized}; a token for another article:
 * {@link CloseCode.Forbidden}; a viewer's connection is read-only, and only a reviewer's may adjudicate or
 * change settings (an annotator's update that does is refused, see `reviewerOnlyEdit`).
 */
export function authenticateConnection(auth: AuthOptions) {
  return async (context: ConnectionContext): Promise<ConnectionAccess> => {
    const token = context.params.get('token') ?? readCookie(context.request.headers.cookie, TOKEN_COOKIE)
    let user: TokenUser
    try {
      user = await verifyToken(auth.secret, token)
    } catch (e) {
      throw new ConnectionRefusedError(CloseCode.Unauthorized, (e as Error).message)
    }
    if (user.doc !== undefined && user.doc !== context.room)
      throw new ConnectionRefusedError(CloseCode.Forbidden, 'the token is for another article')
    return { readOnly: !canWrite(user.role), mayAdjudicate: canAdjudicate(user.role), user: user.name }
  }
}

/** A `Set-Cookie` value for the token cookie; `maxAge` 0 clears it. */
function tokenCookie(request: FastifyRequest, value: string, maxAge: number): string {
  const secure = request.protocol === 'https' ? '; Secure' : ''
  return `${TOKEN_COOKIE}=${encodeURIComponent(value)}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`
}

/** Compares in time independent of where the strings differ (hashing first also hides their lengths). */
function samePassphrase(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest()
  return timingSafeEqual(digest(given), digest(expected))
}

const requestUsers = new WeakMap<FastifyRequest, TokenUser>()

/**
 * Who made `request`, as its token says (set once access control let the request through); null when
 * access control is off, where anyone may do anything.
 */
export function requestUser(request: FastifyRequest): TokenUser | null {
  return requestUsers.get(request) ?? null
}

/** The rule of AC5–AC7 for a request of `user`; throws a 403 {@link HttpError} when it is not allowed. */
function authorize(request: FastifyRequest, user: TokenUser): void {
  const route = request.routeOptions.url
  const method = request.method
  if (user.doc !== undefined) {
    // A token limited to one article reads that article and nothing else of the project but its labels.
    const params = request.params as { id?: string }
    const query = request.query as { ids?: unknown }
    const ids = typeof query.ids === 'string' ? query.ids.split(',').map((id) => id.trim()) : []
    const allowed =
      method === 'GET' &&
      (((route === '/api/articles/:id' || route === '/api/articles/:id/history') && params.id === user.doc) ||
        (route === '/api/export' && ids.length > 0 && ids.every((id) => id === user.doc)) ||
        route === '/api/taxonomy')
    if (!allowed) throw new HttpError(403, `this token only gives access to article ${user.doc}`)
    return
  }
  if (method === 'GET' || method === 'HEAD') return
  // Deleting an article (and undoing that) is a reviewer's decision (AC12); checked before the generic
  // write rule so a viewer hears what it takes, not only that it may not write.
  if (
    (route === '/api/articles/:id' && method === 'DELETE') ||
    (route === '/api/articles/:id/restore' && method === 'POST')
  ) {
    if (!canAdjudicate(user.role))
      throw new HttpError(
        403,
        `deleting or restoring an article needs the reviewer role; you are signed in as ${user.role === 'annotator' ? 'an' : 'a'} ${user.role}`,
      )
    return
  }
  if (route === '/api/taxonomy' && method === 'PUT') {
    if (!canAdjudicate(user.role)) throw new HttpError(403, 'changing the labels needs the reviewer role')
    return
  }
  if (!canWrite(user.role)) throw new HttpError(403, `a ${user.role} may not change anything`)
}

/**
 * Registers the session endpoints (always: `GET/POST/DELETE /api/session`) and, when `auth` is given,
 * the check that every other `/api/*` route (but `/api/health`) has a valid token and the role it needs.
 */
export function registerAccessControl(app: FastifyInstance, auth: AuthOptions | undefined): void {
  const userOf = async (request: FastifyRequest): Promise<TokenUser | null> => {
    if (!auth) return null
    try {
      return await verifyToken(auth.secret, httpToken(request.headers))
    } catch {
      return null
    }
  }

  if (auth) {
    app.addHook('onRequest', async (request) => {
      // Decided by the matched route, not the raw URL: the router percent-decodes, so `/%61pi/articles`
      // reaches `/api/articles` without starting with `/api/`. Unmatched URLs fall back to the raw path.
      const path = request.routeOptions.url ?? request.url.split('?')[0]!
      if ((path !== '/api' && !path.startsWith('/api/')) || PUBLIC_PATHS.has(path)) return
      let user: TokenUser
      try {
        user = await verifyToken(auth.secret, httpToken(request.headers))
      } catch (e) {
        throw new HttpError(401, `sign in first: ${(e as Error).message}`)
      }
      authorize(request, user)
      requestUsers.set(request, user)
    })
  }

  const signIn = (request: FastifyRequest, reply: FastifyReply, token: string, user: TokenUser) => {
    const exp = tokenExpiry(token)
    const maxAge = exp === undefined ? SESSION_SECONDS : Math.max(0, Math.ceil(exp - Date.now() / 1000))
    reply.header('set-cookie', tokenCookie(request, token, maxAge))
    return { user }
  }

  app.get('/api/session', async (request): Promise<SessionInfo> => {
    return { auth: auth !== undefined, user: await userOf(request) }
  })

  const postSession = async (request: FastifyRequest, reply: FastifyReply) => {
    const body = parseBody(SessionBody, request.body)
    if (!auth)
      throw new HttpError(400, 'this server runs without access control: there is nothing to sign in to')
    if ('token' in body) {
      let user: TokenUser
      try {
        user = await verifyToken(auth.secret, body.token)
      } catch (e) {
        throw new HttpError(401, (e as Error).message, 'body.token')
      }
      return signIn(request, reply, body.token, user)
    }
    if (auth.passphrase === undefined)
      throw new HttpError(400, 'this server has no passphrase: ask for an invite link', 'body.passphrase')
    if (!samePassphrase(body.passphrase, auth.passphrase))
      throw new HttpError(401, 'wrong passphrase', 'body.passphrase')
    const token = await mintToken(auth.secret, {
      name: body.name,
      role: 'annotator',
      expiresIn: SESSION_SECONDS,
    })
    return signIn(request, reply, token, { name: body.name, role: 'annotator' })
  }

  // Guessing the passphrase or tokens is slowed down per IP address. In a scope of its own, so that the
  // rate limiter (which must be loaded before the route is declared) applies to this route only.
  app.register(async (scope) => {
    await scope.register(rateLimit, { global: false })
    scope.post(
      '/api/session',
      {
        config: {
          rateLimit: {
            max: SIGN_IN_ATTEMPTS,
            timeWindow: SIGN_IN_WINDOW_MS,
            // Thrown, so the error handler answers it like every other API error: `{ error }`.
            errorResponseBuilder: (_request, context) =>
              new HttpError(context.statusCode, `too many sign-in attempts, retry in ${context.after}`),
          },
        },
      },
      postSession,
    )
  })

  app.delete('/api/session', async (request, reply) => {
    reply.header('set-cookie', tokenCookie(request, '', 0))
    return { user: null }
  })
}
