// The contract of the wire and the HTTP API that the web app and the server share: both import these, so
// neither matches on message text. Pure data, no I/O.

import type { ArticleImportProblem } from './importError'

/**
 * Close codes the server uses, named like Hocuspocus's. Codes 4400–4499 tell y-websocket 3 clients
 * not to reconnect (the problem is theirs); every other code makes them reconnect with back-off.
 */
export const CloseCode = {
  /** The server is shutting down; clients reconnect when it is back. */
  GoingAway: 1001,
  /** A frame larger than `maxPayload` (sent by `ws` itself). */
  MessageTooBig: 1009,
  /** The server could not persist an update; the room was unloaded so that clients resync. */
  InternalError: 1011,
  /** Malformed bytes, an unknown message type, an update that does not decode or apply, or a bad URL. */
  BadMessage: 4400,
  /** `onAuthenticate` refused the connection: no valid token (missing, malformed, expired). */
  Unauthorized: 4401,
  /** `onAuthenticate` refused the connection: the token is valid but not for this article. */
  Forbidden: 4403,
  /**
   * The server refused a change the connection sent (an annotator's reviewer-only edit), or turns away for
   * a while a user whose change it refused (a bar). Distinct from 4403 so clients tell "you may not open
   * this" from "that change was not accepted" by the code alone.
   */
  Refused: 4409,
  /** No article with the room's name. */
  NotFound: 4404,
  /** The update would make the room's document larger than `maxDocumentBytes`; it was not applied. */
  DocumentTooLarge: 4413,
  /** The connection sent more messages than its rate limit allows (`ratePerSecond`, `rateBurst`). */
  RateLimited: 4429,
  /**
   * Another connection sent an update that decoded but failed to apply; the room was reloaded from the
   * store so that nothing of it survives. Clients reconnect and resync.
   */
  RoomReset: 4500,
  /**
   * The connection (an annotator's) sent an update that depends on content the server does not have yet,
   * so Yjs would hold it back and apply it later, unchecked, in another connection's transaction. It was
   * dropped; the client reconnects and sends everything it has in sync step 2.
   */
  Resync: 4501,
} as const

/** One of the {@link CloseCode} values. */
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/**
 * What a close from the server means for a client: `reconnect` (it recovers by itself: a restart, a reset
 * room, a resync), `unauthorized` (sign in again), `forbidden` (this article is not for this person),
 * `refused` (a change it sent was not accepted, or it is barred a while after one), `missing` (no such
 * article). y-websocket stops reconnecting after 4400–4499.
 */
export type CloseKind = 'reconnect' | 'unauthorized' | 'forbidden' | 'refused' | 'missing'

/** The {@link CloseKind} of a close code. */
export function closeKind(code: number): CloseKind {
  switch (code) {
    case CloseCode.Unauthorized:
      return 'unauthorized'
    case CloseCode.Forbidden:
      return 'forbidden'
    case CloseCode.NotFound:
      return 'missing'
    case CloseCode.Refused:
    case CloseCode.BadMessage:
    case CloseCode.DocumentTooLarge:
    case CloseCode.RateLimited:
      return 'refused'
    default:
      return 'reconnect'
  }
}

/** The JSON body of a failed API request. */
export interface ApiError {
  /** What went wrong, in words a user understands. */
  error: string
  /** The field or parameter at fault, e.g. `body.text`, `query.format`. */
  where?: string
  /** An import refused as `not-text` or `too-large` (core LIM1–LIM4): the client says what to do. */
  problem?: ArticleImportProblem
}

/** The filters of `GET /api/sentences` (server SPEC SQ1), as its query and the web page's address name them. */
export const SENTENCE_FILTERS = [
  'label',
  'annotator',
  'status',
  'source',
  'q',
  'layer',
  'outlet',
  'story',
  'from',
  'to',
] as const
/** One of {@link SENTENCE_FILTERS}. */
export type SentenceFilter = (typeof SENTENCE_FILTERS)[number]

/** Every parameter of `GET /api/sentences`: the filters, then paging and format. */
export const SENTENCE_PARAMS = [...SENTENCE_FILTERS, 'after', 'limit', 'format', 'all'] as const

/** One label on a sentence `GET /api/sentences` found (server SPEC SQ2). */
export interface FoundLabel {
  /** Null for an annotation without a label (a reviewer's "no attribution"). */
  label: string | null
  annotator: string
  status: string
  /** In the reviewer's adjudicated layer. */
  final: boolean
  source: string
  annotation: string
}

/** One sentence `GET /api/sentences` found, with its article's catalog fields and the labels of the layer. */
export interface FoundSentence {
  article: string
  title: string
  outlet: string | null
  date: string | null
  /** The sentence's index in its article, from 0. */
  sentence: number
  /** Code points of the article's text. */
  start: number
  end: number
  text: string
  labels: FoundLabel[]
}

/** A page of `GET /api/sentences`: the sentences, and the `after` of the next page (null on the last). */
export interface SentenceSearch {
  sentences: FoundSentence[]
  next: string | null
}
