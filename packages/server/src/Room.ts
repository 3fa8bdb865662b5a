import { canEdit } from '@attrib/core'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { describeError, type Logger } from './logger'
import {
  BadMessageError,
  CloseCode,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  parseMessage,
  validateAwarenessUpdate,
  validateStateVector,
  validateUpdate,
} from './protocol'
import { applyStoredDocument, type DocumentStore } from './store/DocumentStore'

/** What a room needs of a connection. */
export interface RoomConnection {
  /** The schema version the client declared (URL parameter `schema`). */
  readonly schema: number
  /** Set by `onAuthenticate` (a viewer): the connection's sync step 2 and updates are dropped. */
  readonly readOnly?: boolean
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

/** Settings and hooks a room takes from its server. */
export interface RoomOptions {
  store: DocumentStore
  logger: Logger
  idleMs: number
  compactEvery: number
  changeDebounceMs: number
  /** An update that would make the stored document larger than this is refused (see {@link Room.documentBytes}). */
  maxDocumentBytes: number
  onLoadDocument?: (context: DocumentHookContext) => void | Promise<void>
  onChange?: (context: DocumentHookContext) => void | Promise<void>
  onStoreDocument?: (context: DocumentHookContext) => void | Promise<void>
  /** Called once when the room stops being usable (unloaded, reset or failed). */
  onClosed: (room: Room) => void
}

/** Origin of the transaction that loads a document from the store. */
export const LOAD_ORIGIN = 'attrib:server-load'

/**
 * One live document: its Y.Doc and Awareness, the connections editing it and its persistence.
 * Every update is appended to the store before it is sent to anyone (write before broadcast).
 */
export class Room {
  readonly doc = new Y.Doc()
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  readonly connections = new Set<RoomConnection>()
  /** Resolves when the document is loaded; rejects when loading failed. */
  readonly ready: Promise<void>
  state: 'loading' | 'live' | 'closed' = 'loading'
  private refs = 0
  private lastUpdateId = 0
  private sinceCompaction = 0
  private storedBytes = 0
  // Bytes of client updates that Yjs holds back because their dependencies are missing. They live in
  // memory without being stored, so they count towards the limit too.
  private pendingBytes = 0
  // While an update from a client is applied, what it produced is held here and stored only once the
  // whole update applied: a partially applied update must reach neither the store nor other clients.
  private applying: Uint8Array[] | null = null
  private idleTimer: ReturnType<typeof setTimeout> | null = null
  private changeTimer: ReturnType<typeof setTimeout> | null = null
  private compactImmediate: ReturnType<typeof setImmediate> | null = null
  private closing: Promise<void> | null = null

  constructor(
    readonly name: string,
    private readonly options: RoomOptions,
  ) {
    // The server is not a participant; its own awareness state would show up as a phantom user.
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.onAwarenessUpdate)
    this.ready = this.load()
    // A failed load is reported to whoever awaits `ready`; this keeps it from being "unhandled".
    this.ready.catch(() => {})
  }

  /** Counts a connection that is waiting for or using the room, so the room is not unloaded under it. */
  acquire(): void {
    this.refs++
    this.clearIdle()
  }

  /** Undoes {@link acquire}; the last release starts the idle timer. */
  release(connection: RoomConnection): void {
    if (this.connections.delete(connection)) {
      const clients = [...connection.awarenessClients]
      if (clients.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, clients, null)
    }
    this.refs = Math.max(0, this.refs - 1)
    if (this.refs === 0 && this.state === 'live') this.startIdle()
  }

  /**
   * A cheap upper estimate of the document's encoded size: the stored snapshot and log (a log overcounts
   * what later updates deleted, until the next compaction) plus updates waiting for missing dependencies.
   */
  get documentBytes(): number {
    return this.storedBytes + this.pendingBytes
  }

  /** Adds a connection once the room is live: sends sync step 1 and the awareness states. */
  join(connection: RoomConnection): void {
    if (this.state !== 'live') {
      connection.close(CloseCode.RoomReset, 'the room was reset, reconnect')
      return
    }
    this.connections.add(connection)
    connection.send(encodeSyncStep1(this.doc))
    const clients = [...this.awareness.getStates().keys()]
    if (clients.length > 0) connection.send(encodeAwareness(this.awareness, clients))
  }

  /**
   * Handles one frame of a joined connection. Never throws: a bad frame closes its connection with
   * {@link CloseCode.BadMessage}; nothing from it is applied, stored or relayed.
   */
  receive(connection: RoomConnection, data: Uint8Array): void {
    try {
      if (this.state !== 'live') return
      const message = parseMessage(data)
      switch (message.type) {
        case 'syncStep1':
          validateStateVector(message.stateVector)
          connection.send(encodeSyncStep2(this.doc, message.stateVector))
          break
        case 'update':
          // A client on an older schema is read-only: its y-prosemirror deletes nodes it cannot build.
          // A viewer is read-only by its token. Either way the update is dropped silently, so the
          // client stays connected and keeps receiving the others' changes and awareness.
          if (connection.readOnly || !canEdit(this.doc, connection.schema)) return
          validateUpdate(message.update)
          if (!this.fits(message.update)) {
            connection.close(CloseCode.DocumentTooLarge, 'the document would exceed its size limit')
            return
          }
          this.applyFrom(connection, message.update)
          break
        case 'awareness':
          validateAwarenessUpdate(message.update)
          awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, connection)
          break
        case 'queryAwareness':
          connection.send(encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]))
          break
        case 'auth':
          break
      }
    } catch (e) {
      if (!(e instanceof BadMessageError))
        this.options.logger.error('unexpected error handling a message', {
          room: this.name,
          error: describeError(e),
        })
      connection.close(CloseCode.BadMessage, describeError(e))
    }
  }

  /**
   * Unloads the room: stores a snapshot (unless `compact` is false), tells `onChange` and
   * `onStoreDocument`, closes remaining connections with `code`, then destroys the document.
   */
  close(code: number = CloseCode.GoingAway, reason = 'server closing', compact = true): Promise<void> {
    if (this.closing) return this.closing
    const wasLive = this.state === 'live'
    this.state = 'closed'
    this.clearIdle()
    if (this.compactImmediate) clearImmediate(this.compactImmediate)
    this.compactImmediate = null
    const pending: Promise<void>[] = []
    if (wasLive && compact) {
      if (this.changeTimer) pending.push(this.runHook('onChange', this.options.onChange))
      this.compact(pending)
    }
    if (this.changeTimer) clearTimeout(this.changeTimer)
    this.changeTimer = null
    for (const connection of [...this.connections]) connection.close(code, reason)
    this.connections.clear()
    this.options.onClosed(this)
    this.closing = Promise.all(pending).then(() => {
      this.awareness.off('update', this.onAwarenessUpdate)
      this.awareness.destroy()
      this.doc.destroy()
    })
    return this.closing
  }

  /** Writes the document's state as the snapshot and drops the log rows it covers. */
  compact(pending: Promise<void>[] = []): void {
    if (this.sinceCompaction === 0) return
    try {
      const state = Y.encodeStateAsUpdate(this.doc)
      this.options.store.compact(this.name, state, this.lastUpdateId)
      this.sinceCompaction = 0
      this.storedBytes = state.byteLength
      pending.push(this.runHook('onStoreDocument', this.options.onStoreDocument))
    } catch (e) {
      // The log still holds every update, so nothing is lost; the next compaction tries again.
      this.options.logger.error('compaction failed', { room: this.name, error: describeError(e) })
    }
  }

  private async load(): Promise<void> {
    try {
      const stored = this.options.store.load(this.name)
      applyStoredDocument(this.doc, stored, LOAD_ORIGIN, (e) =>
        this.options.logger.warn('skipped a stored update that does not apply', {
          room: this.name,
          error: describeError(e),
        }),
      )
      this.lastUpdateId = stored.lastUpdateId
      this.sinceCompaction = stored.updates.length
      this.storedBytes = stored.updates.reduce((n, u) => n + u.byteLength, stored.snapshot?.byteLength ?? 0)
      // Subscribed after loading so the loaded state is not appended again, and before onLoadDocument so
      // whatever the hook changes (a migration, say) is stored like any other update.
      this.doc.on('update', this.onUpdate)
      await this.options.onLoadDocument?.({ room: this.name, document: this.doc })
    } catch (e) {
      this.options.logger.error('loading the document failed', { room: this.name, error: describeError(e) })
      this.close(CloseCode.InternalError, 'could not load the document', false)
      throw e
    }
    if (this.state !== 'loading') throw new Error(`room ${this.name} was closed while loading`)
    this.state = 'live'
    if (this.refs === 0) this.startIdle()
  }

  private applyFrom(connection: RoomConnection, update: Uint8Array): void {
    const produced: Uint8Array[] = []
    this.applying = produced
    try {
      Y.applyUpdate(this.doc, update, connection)
    } catch (e) {
      this.applying = null
      // The update decoded but broke while integrating, so part of it may be in the document. Nothing of it
      // was stored or sent; reloading the room from the store throws the rest away too.
      this.options.logger.warn('an update failed to apply; resetting the room', {
        room: this.name,
        error: describeError(e),
      })
      connection.close(CloseCode.BadMessage, `update does not apply: ${describeError(e)}`)
      this.close(CloseCode.RoomReset, 'the room was reset, reconnect', false)
      return
    }
    this.applying = null
    const { pendingStructs, pendingDs } = this.doc.store
    this.pendingBytes = pendingStructs || pendingDs ? this.pendingBytes + update.byteLength : 0
    for (const u of produced) if (!this.persistAndBroadcast(u, connection)) return
  }

  /**
   * Whether applying `update` keeps the document within `maxDocumentBytes`. Near the limit the log is
   * compacted first, so that deleted content no longer counts; refusals do not compact again.
   */
  private fits(update: Uint8Array): boolean {
    const limit = this.options.maxDocumentBytes
    if (this.documentBytes + update.byteLength <= limit) return true
    if (this.sinceCompaction > 0) this.compact()
    return this.documentBytes + update.byteLength <= limit
  }

  private onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.applying) this.applying.push(update)
    else this.persistAndBroadcast(update, origin)
  }

  /** Appends `update` to the store, then sends it to every connection but `origin`. */
  private persistAndBroadcast(update: Uint8Array, origin: unknown): boolean {
    if (this.state === 'closed') return false
    try {
      this.lastUpdateId = this.options.store.appendUpdate(this.name, update)
      this.storedBytes += update.byteLength
    } catch (e) {
      // Not stored means nobody may see it. Reloading makes the room match the store again; clients
      // still hold the change and send it again when they reconnect.
      this.options.logger.error('storing an update failed; unloading the room', {
        room: this.name,
        error: describeError(e),
      })
      queueMicrotask(() => this.close(CloseCode.InternalError, 'could not store the update', false))
      this.state = 'closed'
      return false
    }
    this.sinceCompaction++
    if (this.sinceCompaction >= this.options.compactEvery && !this.compactImmediate)
      this.compactImmediate = setImmediate(() => {
        this.compactImmediate = null
        if (this.state === 'live') this.compact()
      })
    const message = encodeUpdate(update)
    for (const connection of this.connections) if (connection !== origin) connection.send(message)
    if (!this.changeTimer && this.options.onChange)
      this.changeTimer = setTimeout(() => {
        this.changeTimer = null
        if (this.state === 'live') this.runHook('onChange', this.options.onChange)
      }, this.options.changeDebounceMs)
    return true
  }

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (this.connections.has(origin as RoomConnection)) {
      const clients = (origin as RoomConnection).awarenessClients
      for (const id of added) clients.add(id)
      for (const id of updated) clients.add(id)
      for (const id of removed) clients.delete(id)
    }
    const changed = [...added, ...updated, ...removed]
    if (changed.length === 0) return
    const message = encodeAwareness(this.awareness, changed)
    for (const connection of this.connections) connection.send(message)
  }

  private runHook(
    name: string,
    hook: ((context: DocumentHookContext) => void | Promise<void>) | undefined,
  ): Promise<void> {
    if (!hook) return Promise.resolve()
    const report = (e: unknown) =>
      this.options.logger.error(`${name} failed`, { room: this.name, error: describeError(e) })
    try {
      return Promise.resolve(hook({ room: this.name, document: this.doc })).catch(report)
    } catch (e) {
      report(e)
      return Promise.resolve()
    }
  }

  private startIdle(): void {
    this.clearIdle()
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null
      if (this.refs === 0 && this.state === 'live') this.close(CloseCode.GoingAway, 'idle')
    }, this.options.idleMs)
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
  }
}
