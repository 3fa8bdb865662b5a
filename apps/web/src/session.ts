import { startupFetch } from './startup'

/** What a signed-in person may do: annotators tag, reviewers also adjudicate, viewers only read. */
export type Role = 'annotator' | 'reviewer' | 'viewer'

/** The person the server's session cookie names. */
export interface SessionUser {
  name: string
  role: Role
  /** The only article this person may open, when their invite was for one article. */
  doc?: string
}

/** The server's answer to `GET /api/session`. */
export interface Session {
  /** True when the server requires signing in (it has `AUTH_SECRET`). */
  auth: boolean
  user: SessionUser | null
}

/** What the person signs in with: an invite token, or their name and the project passphrase. */
export type Credentials = { token: string } | { name: string; passphrase: string }

/** A failed sign-in; `status` is the server's (401 wrong credentials, 400 passphrase not configured). */
export class SignInError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message)
    this.name = 'SignInError'
  }
}

/**
 * The current session. A server without `/api/session` (older, or a plain static host) counts as one
 * without sign-in, so the app keeps its name-prompt flow there.
 */
export async function fetchSession(): Promise<Session> {
  try {
    const res = await startupFetch('/api/session')
    if (!res.ok) return { auth: false, user: null }
    const body = (await res.json()) as Partial<Session>
    return { auth: body.auth === true, user: body.user ?? null }
  } catch {
    return { auth: false, user: null }
  }
}

/** Signs in; the server sets the HttpOnly session cookie that every later request and the websocket carry. */
export async function signIn(credentials: Credentials): Promise<SessionUser> {
  const res = await fetch('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  })
  let body: { user?: SessionUser; error?: string } = {}
  try {
    body = (await res.json()) as typeof body
  } catch {}
  if (!res.ok || !body.user)
    throw new SignInError(body.error ?? `${res.status} ${res.statusText}`, res.status)
  return body.user
}

/** Signs out: the server clears the session cookie. */
export async function signOut(): Promise<void> {
  await fetch('/api/session', { method: 'DELETE' })
}

/** True when the role may change documents (tag, import, adjudicate, edit labels). */
export function mayEdit(user: SessionUser | null): boolean {
  return user?.role !== 'viewer'
}

const expiredListeners = new Set<() => void>()

/** Reports that the server no longer accepts this browser's session (an API 401 or a websocket 4401). */
export function sessionExpired(): void {
  for (const listener of expiredListeners) listener()
}

/** Calls `onExpired` whenever the session is found expired; returns the function that stops it. */
export function onSessionExpired(onExpired: () => void): () => void {
  expiredListeners.add(onExpired)
  return () => {
    expiredListeners.delete(onExpired)
  }
}
