import type { SourceDecision } from '@attrib/core'
import { sessionExpired } from '../session'

// People's merges and splits of the source index over HTTP (server SD4). The server decides what a
// request means for the signed-in person's role: a reviewer's decides, an annotator's applies or disputes.

export type { SourceDecision } from '@attrib/core'

/** What the server answers a merge or split request with: the decision as it now is, and all of them. */
export interface DecisionChange {
  decision: SourceDecision | null
  decisions: SourceDecision[]
}

/**
 * A request the server refused (`status` and the body's `error`, `where`) or could not be sent (`status`
 * 0). The page words it with {@link refusalWords}.
 */
export class DecisionRefused extends Error {
  override name = 'DecisionRefused'
  constructor(
    message: string,
    readonly status: number,
    readonly where?: string,
  ) {
    super(message)
  }
}

async function send<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response
  try {
    res = await fetch(path, {
      method,
      signal,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    })
  } catch (e) {
    if (signal?.aborted) throw e
    throw new DecisionRefused((e as Error).message, 0)
  }
  if (res.status === 401) sessionExpired()
  let answer: unknown
  try {
    answer = await res.json()
  } catch {
    answer = undefined
  }
  if (!res.ok) {
    const { error, where } = (answer ?? {}) as { error?: unknown; where?: unknown }
    throw new DecisionRefused(
      typeof error === 'string' ? error : `${res.status} ${res.statusText}`,
      res.status,
      typeof where === 'string' ? where : undefined,
    )
  }
  return answer as T
}

/** Every decision on the source index (`GET /api/sources/decisions`), in key order. */
export async function fetchDecisions(signal?: AbortSignal): Promise<SourceDecision[]> {
  return (await send<{ decisions: SourceDecision[] }>('GET', '/api/sources/decisions', undefined, signal))
    .decisions
}

/** Merges source `from` into source `into` (both index ids): `POST /api/sources/merges`. */
export function mergeSource(from: string, into: string): Promise<DecisionChange> {
  return send('POST', '/api/sources/merges', { from, into })
}

/** Asks that source `from` be merged into nothing (undo, dispute or reject): `DELETE /api/sources/merges/:from`. */
export function undoMerge(from: string): Promise<DecisionChange> {
  return send('DELETE', `/api/sources/merges/${encodeURIComponent(from)}`)
}

/** Makes `spelling` a source of its own: `POST /api/sources/splits`. */
export function splitSpelling(spelling: string): Promise<DecisionChange> {
  return send('POST', '/api/sources/splits', { spelling })
}

/** Asks that `spelling` be split off nothing (undo, dispute or reject): `DELETE /api/sources/splits/:spelling`. */
export function undoSplit(spelling: string): Promise<DecisionChange> {
  return send('DELETE', `/api/sources/splits/${encodeURIComponent(spelling)}`)
}

/** The server's message with a capital and a full stop. */
function sentence(message: string): string {
  const text = message.trim().replace(/[.\s]+$/, '')
  return text ? `${text[0]!.toUpperCase()}${text.slice(1)}.` : ''
}

/**
 * Why a merge or split was not saved, in plain words chosen by the answer's status and `where` (never by
 * the wording of the server's message, which is only quoted where it says who decided or what loops).
 * `what` names the change ("the merge of Pentagon into US Department of Defense").
 */
export function refusalWords(error: unknown, what: string): string {
  if (!(error instanceof DecisionRefused))
    return `Not saved: ${what} failed (${(error as Error)?.message ?? String(error)}). Try again.`
  switch (error.status) {
    case 0:
      return `Not saved: the server could not be reached for ${what}. Check the connection and try again.`
    case 401:
      return `Not saved: your session has expired. Sign in again, then redo ${what}.`
    case 403:
      return `Not saved: your role may only read the sources, not change them. Ask an annotator or a reviewer for ${what}.`
    case 409:
      // The server's message names the reviewer who decided ("Rita decided this merge; only a reviewer can change it").
      return `Not saved: ${sentence(error.message)} Ask a reviewer if it should change.`
    case 400:
      if (error.where?.startsWith('body.') || error.where?.startsWith('params'))
        return `Not saved: ${what} names no source of the index (${error.message}). Reload the page and pick again.`
      // A loop ("x is merged into y; merging back would make a loop") or a source into itself.
      return `Not saved: ${sentence(error.message)}`
    default:
      return `Not saved: the server failed on ${what} (${error.status}: ${error.message}). Try again.`
  }
}
