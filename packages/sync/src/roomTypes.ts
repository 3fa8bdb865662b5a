import type * as Y from 'yjs'
import type { ArticleView, DocumentStore } from './documentStore'
import type { Logger } from './logger'
import type { RoomRelay } from './relay'

// What a room needs of its connections and its server (Room.ts is the room itself).

/** What a room needs of a connection. */
export interface RoomConnection {
  /** The schema version the client declared (URL parameter `schema`). */
  readonly schema: number
  /** Set by `onAuthenticate` (a viewer): the connection's sync step 2 and updates are dropped. */
  readonly readOnly?: boolean
  /**
   * False (set by `onAuthenticate` for an annotator): an update that does what only a reviewer may do
   * (see {@link reviewerOnlyEdit}) is refused, its connection closed with {@link CloseCode.Refused}.
   * Absent or true: no such check.
   */
  readonly mayAdjudicate?: boolean
  /** Who the connection is, when access control says (see `ConnectionAccess.user`). */
  readonly user?: string
  /** Awareness client ids this connection has set, removed when it leaves. */
  readonly awarenessClients: Set<number>
  send(message: Uint8Array): void
  close(code: number, reason: string): void
}

/** Context of the document hooks. */
export interface DocumentHookContext {
  /** The room's name, which is the article id. */
  room: string
  document: Y.Doc
}

/** What rooms report for the server's metrics. */
export interface RoomCounters {
  /** Client updates stored (however many of them were merged into one row). */
  stored(updates: number): void
  /** Updates another process stored, received through the relay and applied here. */
  relayed(updates: number): void
  /** A gap in the relayed sequence numbers was read back from the store. */
  gapRepaired(): void
}

/** Settings and hooks a room takes from its server. */
export interface RoomOptions {
  counters?: RoomCounters
  /** A connection's update was refused and the room reset for it (the server may bar its user a while). */
  onRefused?: (connection: RoomConnection) => void
  store: DocumentStore
  /** Other server processes sharing the store (scale-out); none for a single process. */
  relay?: RoomRelay
  logger: Logger
  idleMs: number
  compactEvery: number
  changeDebounceMs: number
  /** An update that would make the document larger than this is refused (see {@link Room.documentBytes}). */
  maxDocumentBytes: number
  /**
   * Record every annotation change of a client's update in the audit trail, stored with the update
   * (default true; SPEC AU1). False only to measure what recording costs.
   */
  audit?: boolean
  /** How long a gap in the sequence numbers from other processes may stay open before the store is read. */
  gapRepairMs?: number
  /**
   * Rooms (by name) whose annotators' updates are applied and checked one by one until the time given
   * (ms since the epoch), shared by the server's rooms so that it outlives a room reset. A room sets it
   * when a batch of several annotators' updates did what only a reviewer may, to find out whose it was.
   */
  checkEachUntil?: Map<string, number>
  onLoadDocument?: (context: DocumentHookContext) => void | Promise<void>
  onChange?: (context: DocumentHookContext) => void | Promise<void>
  onStoreDocument?: (context: DocumentHookContext) => void | Promise<void>
  /**
   * The read-model row of the document at sequence number `seq` (see {@link ArticleView}). With it, the room
   * writes the view with every compaction (in the same transaction) and, while live, at most every
   * `viewEveryMs` after a stored change, so readers of the corpus find it current within about a second.
   */
  deriveView?: (doc: Y.Doc, seq: number) => ArticleView
  /** Least time between two view writes of a live room (default 1000 ms). */
  viewEveryMs?: number
  /** Called once when the room stops being usable (unloaded, reset or failed). */
  onClosed: (room: { readonly name: string }) => void
}
