import { ARTICLE_ID } from '@attrib/store'
import { decodeJwt, errors, jwtVerify, SignJWT } from 'jose'
import { z } from 'zod'

// Access tokens: JWTs signed with HS256 and the server's `AUTH_SECRET`. Pure apart from jose.

/**
 * What a token allows: `annotator` and `reviewer` may write, `viewer` only reads; only a `reviewer` may
 * adjudicate and change settings (the labels, an article's review mode).
 */
export const ROLES = ['annotator', 'reviewer', 'viewer'] as const
/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number]

/** Who a valid token speaks for. */
export interface TokenUser {
  /** The user's name (claim `sub`). */
  name: string
  role: Role
  /** The one article (id) the token is limited to; absent: every article. */
  doc?: string
}

/** Options of {@link mintToken}. */
export interface MintOptions {
  /** The user's name, 1–64 characters after trimming. */
  name: string
  role: Role
  /** Limits the token to this article id. */
  doc?: string
  /** Lifetime: seconds, or a jose time span such as `'30d'`, `'12h'`, `'2 weeks'`. Absent: no expiry. */
  expiresIn?: number | string
}

/** Shortest `AUTH_SECRET` accepted: HS256 wants at least 256 bits of key. */
export const MIN_SECRET_LENGTH = 32
/** Name of the cookie that carries the token (HttpOnly, set by `POST /api/session`). */
export const TOKEN_COOKIE = 'attrib_token'
/** Longest user name. */
export const MAX_NAME_LENGTH = 64

/** Why a token was refused: `missing`, `expired`, or `invalid` (bad signature, malformed, bad claims). */
export type TokenErrorReason = 'missing' | 'expired' | 'invalid'

/** Thrown by {@link verifyToken}; `reason` says why. */
export class TokenError extends Error {
  override name = 'TokenError'
  constructor(
    readonly reason: TokenErrorReason,
    message: string,
  ) {
    super(message)
  }
}

const Claims = z.object({
  sub: z.string().trim().min(1).max(MAX_NAME_LENGTH),
  role: z.enum(ROLES),
  doc: z.string().regex(ARTICLE_ID).optional(),
})

function key(secret: string): Uint8Array {
  if (secret.length < MIN_SECRET_LENGTH)
    throw new RangeError(`the secret must be at least ${MIN_SECRET_LENGTH} characters long`)
  return new TextEncoder().encode(secret)
}

/**
 * Signs a token for `options.name` with `secret` (HS256). Throws a `RangeError` for a short secret, a
 * bad name, role, article id or lifetime.
 * @example
 * const token = await mintToken(secret, { name: 'Ann', role: 'annotator', doc: 'a1', expiresIn: '30d' })
 */
export async function mintToken(secret: string, options: MintOptions): Promise<string> {
  const name = options.name.trim()
  if (name.length === 0 || name.length > MAX_NAME_LENGTH)
    throw new RangeError(`the name must be 1–${MAX_NAME_LENGTH} characters long`)
  if (!ROLES.includes(options.role))
    throw new RangeError(`the role must be one of ${ROLES.join(', ')}, got ${JSON.stringify(options.role)}`)
  if (options.doc !== undefined && !ARTICLE_ID.test(options.doc))
    throw new RangeError(`${JSON.stringify(options.doc)} is not an article id`)
  const payload: Record<string, string> = { role: options.role }
  if (options.doc !== undefined) payload.doc = options.doc
  const jwt = new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).setSubject(name).setIssuedAt()
  const { expiresIn } = options
  if (expiresIn !== undefined) {
    try {
      // jose reads a number as an absolute time; ours is a lifetime.
      jwt.setExpirationTime(
        typeof expiresIn === 'number' ? Math.floor(Date.now() / 1000) + expiresIn : expiresIn,
      )
    } catch {
      throw new RangeError(`${JSON.stringify(expiresIn)} is not a lifetime (e.g. 3600, '30d', '12h')`)
    }
  }
  return jwt.sign(key(secret))
}

/**
 * Checks `token`'s signature (HS256 with `secret` only), expiry and claims and returns its user.
 * Throws a {@link TokenError}.
 * @example
 * const { name, role, doc } = await verifyToken(secret, token)
 */
export async function verifyToken(secret: string, token: string | null | undefined): Promise<TokenUser> {
  if (!token) throw new TokenError('missing', 'no token')
  let payload: unknown
  try {
    ;({ payload } = await jwtVerify(token, key(secret), { algorithms: ['HS256'] }))
  } catch (e) {
    if (e instanceof errors.JWTExpired) throw new TokenError('expired', 'the token has expired')
    throw new TokenError('invalid', 'the token is not valid')
  }
  const claims = Claims.safeParse(payload)
  if (!claims.success) throw new TokenError('invalid', 'the token is not valid')
  const { sub, role, doc } = claims.data
  return doc === undefined ? { name: sub, role } : { name: sub, role, doc }
}

/** The `exp` claim of a token (seconds since the epoch), read without verifying; undefined if none. */
export function tokenExpiry(token: string): number | undefined {
  try {
    return decodeJwt(token).exp
  } catch {
    return undefined
  }
}

/** The value of cookie `name` in a `Cookie` header, if present. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim()
      try {
        return decodeURIComponent(value)
      } catch {
        return value
      }
    }
  }
  return undefined
}

/** Whether `role` may change articles (documents, new articles). */
export function canWrite(role: Role): boolean {
  return role === 'annotator' || role === 'reviewer'
}

/** Whether `role` may do what only a reviewer may: adjudicate (final annotations), change settings. */
export function canAdjudicate(role: Role): boolean {
  return role === 'reviewer'
}
