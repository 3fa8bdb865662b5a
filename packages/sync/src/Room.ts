import { ANONYMOUS_USER, type AuditRecord, canEdit, malformedRecords } from '@attrib/core'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { Authors, annotationChanges } from './audit'
import { type ArticleView, applyStoredDocument } from './documentStore'
import { malformedEdit, reviewerOnlyEdit } from './editRules'
import { describeError } from './logger'
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
import type { RelaySubscription } from './relay'
import type { DocumentHookContext, RoomConnection, RoomOptions } from './roomTypes'

export type { DocumentHookContext, RoomConnection, RoomCounters, RoomOptions } from './roomTypes'

/** Origin of the transaction that loads a document from the store. */
export const LOAD_ORIGIN = 'attrib:server-load'
/** Origin of updates that another server process stored and relayed. */
export const RELAY_ORIGIN = 'attrib:relay'
/** Origin of the transaction that applies updates of several connections together. */
const BATCH_ORIGIN = 'attrib:batch'
/** How long a room checks its annotators' updates one by one after a refused batch. */
const CHECK_EACH_MS = 60_000

interface Received {
  connection: RoomConnection
  update: Uint8Array
}

interface PendingWrite {
  update: Uint8Array
  origin: unknown
  /** How many client updates it holds (for compaction, which counts those). */
  updates: number
  /** The annotation changes it makes, recorded in the audit trail with it (SPEC AU1). */
  audit: AuditRecord[]
}

/**
 * One live document: its Y.Doc and Awareness, the connections editing it and its persistence.
 *
 * Write before broadcast: the client updates that arrive in one event-loop turn are applied together at
 * its end, in one Yjs transaction (one for reviewers' and one for annotators', whose is checked), which
 * produces one update; it is queued, appended to the store, and only once the append has resolved sent to
 * the connections and to the other server processes. Appends of one room never overlap, and what queues
 * while one is in flight is the next batch, merged into one row. A sync step 2 answer is held back until
 * every update it contains is stored. Compaction runs in the same queue.
 */
export class Room {
  readonly doc = new Y.Doc()
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  readonly connections = new Set<RoomConnection>()
  /** Resolves when the document is loaded; rejects when loading failed. */
  readonly ready: Promise<void>
  state: 'loading' | 'live' | 'closed' = 'loading'
  private refs = 0
  /** Every update with a sequence number up to this one is in the document. */
  private seq = 0
  /** Sequence numbers above {@link seq} already in the document (relayed out of order). */
  private ahead = new Set<number>()
  private sinceCompaction = 0
  private storedBytes = 0
  /** Bytes of the snapshot at the last compaction (or load), and of the log appended since. */
  private snapshotBytes = 0
  private logBytes = 0
  // Bytes of client updates that Yjs holds back because their dependencies are missing. They live in
  // memory without being stored, so they count towards the limit too.
  private pendingBytes = 0
  // While an update from a client is applied, what it produced is held here and queued only once the
  // whole update applied: a partially applied update must reach neither the store nor other clients.
  private applying: Uint8Array[] | null = null
  /** Client updates of this turn, applied together at its end ({@link applyInbox}). */
  private inbox: Received[] = []
  private inboxBytes = 0
  private applySoon: ReturnType<typeof setImmediate> | null = null
  private queue: PendingWrite[] = []
  private queued = 0
  private stored = 0
  private afterStore: { count: number; run: () => void }[] = []
  private flushing: Promise<void> | null = null
  private flushSoon: ReturnType<typeof setImmediate> | null = null
  private compactRequested = false
  private failed = false
  private subscription: RelaySubscription | null = null
  private relayBuffer: (() => void)[] | null = []
  private gapTimer: ReturnType<typeof setTimeout> | null = null
  private idleTimer: ReturnType<typeof setTimeout> | null = null
  private changeTimer: ReturnType<typeof setTimeout> | null = null
  private viewTimer: ReturnType<typeof setTimeout> | null = null
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
    return this.storedBytes + this.pendingBytes + this.inboxBytes
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
        case 'syncStep1': {
          validateStateVector(message.stateVector)
          // The answer reflects the document now, which may hold updates still on their way to the store.
          const answer = encodeSyncStep2(this.doc, message.stateVector)
          this.whenStored(() => connection.send(answer))
          break
        }
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
          this.inbox.push({ connection, update: message.update })
          this.inboxBytes += message.update.byteLength
          this.applySoon ??= setImmediate(() => {
            this.applySoon = null
            this.applyInbox()
          })
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
   * Unloads the room: closes the connections with `code`, lets queued updates reach the store, stores a
   * snapshot (unless `compact` is false), tells `onChange` and `onStoreDocument`, then destroys the document.
   */
  close(code: number = CloseCode.GoingAway, reason = 'server closing', compact = true): Promise<void> {
    if (this.closing) return this.closing
    // A graceful close still takes what arrived this turn (applying it may reset the room instead).
    if (compact && this.state === 'live') this.applyInbox()
    if (this.closing) return this.closing
    if (this.applySoon) clearImmediate(this.applySoon)
    this.applySoon = null
    this.inbox = []
    this.inboxBytes = 0
    const wasLive = this.state === 'live'
    this.state = 'closed'
    this.clearIdle()
    if (this.gapTimer) clearTimeout(this.gapTimer)
    this.gapTimer = null
    const changed = this.changeTimer !== null
    if (this.changeTimer) clearTimeout(this.changeTimer)
    this.changeTimer = null
    if (this.viewTimer) clearTimeout(this.viewTimer)
    this.viewTimer = null
    for (const connection of [...this.connections]) connection.close(code, reason)
    this.connections.clear()
    this.afterStore = []
    this.subscription?.close()
    this.subscription = null
    this.options.onClosed(this)
    this.closing = (async () => {
      await this.drain()
      if (wasLive && compact && !this.failed) {
        if (changed) await this.runHook('onChange', this.options.onChange)
        await this.compactNow()
      }
      this.awareness.off('update', this.onAwarenessUpdate)
      this.awareness.destroy()
      this.doc.destroy()
    })()
    return this.closing
  }

  /** Asks for a compaction: the document's state becomes the snapshot and the log rows it covers go. */
  private requestCompaction(): void {
    if (this.sinceCompaction === 0 || this.failed) return
    this.compactRequested = true
    this.flush()
  }

  /** Resolves once nothing is queued or being written. */
  private async drain(): Promise<void> {
    for (;;) {
      if (this.flushSoon) {
        clearImmediate(this.flushSoon)
        this.flushSoon = null
        this.flush()
      }
      if (!this.flushing) return
      await this.flushing
    }
  }

  private async load(): Promise<void> {
    try {
      // Subscribe before reading the store, so nothing another process stores in between is missed;
      // what arrives meanwhile waits in relayBuffer and is skipped when the store already had it.
      if (this.options.relay)
        this.subscription = await this.options.relay.subscribe(this.name, {
          update: (seq, update) => this.relayed(() => this.applyRelayed(seq, update)),
          awareness: (update) => this.relayed(() => this.applyRelayedAwareness(update)),
        })
      const stored = await this.options.store.load(this.name)
      if (this.state === 'closed') throw new Error(`room ${this.name} was closed while loading`)
      applyStoredDocument(this.doc, stored, LOAD_ORIGIN, (e) =>
        this.options.logger.warn('skipped a stored update that does not apply', {
          room: this.name,
          error: describeError(e),
        }),
      )
      this.warnMalformed()
      this.seq = stored.seq
      this.sinceCompaction = stored.updates.length
      this.snapshotBytes = stored.snapshot?.byteLength ?? 0
      this.logBytes = stored.updates.reduce((n, u) => n + u.byteLength, 0)
      this.storedBytes = this.snapshotBytes + this.logBytes
      // Subscribed after loading so the loaded state is not appended again, and before onLoadDocument so
      // whatever the hook changes (a migration, say) is stored like any other update.
      this.doc.on('update', this.onUpdate)
      const buffered = this.relayBuffer ?? []
      this.relayBuffer = null
      for (const run of buffered) run()
      await this.options.onLoadDocument?.({ room: this.name, document: this.doc })
    } catch (e) {
      if (this.state !== 'closed')
        this.options.logger.error('loading the document failed', { room: this.name, error: describeError(e) })
      this.close(CloseCode.InternalError, 'could not load the document', false)
      throw e
    }
    if (this.state !== 'loading') throw new Error(`room ${this.name} was closed while loading`)
    this.state = 'live'
    if (this.refs === 0) this.startIdle()
  }

  /**
   * Logs, once per load, the malformed records a document holds from before the server checked updates
   * (WS17); readers skip them (HTTP10).
   */
  private warnMalformed(): void {
    const skipped = malformedRecords(this.doc)
    if (skipped.length === 0) return
    this.options.logger.warn('the document holds malformed records, which readers skip', {
      room: this.name,
      records: skipped.length,
      first: skipped.slice(0, 10).map((r) => `${r.id}: ${r.problem}`),
    })
  }

  /**
   * Applies the updates received this turn: reviewers' (and everyone's without access control) in one
   * transaction, annotators' in another that is checked against the reviewer-only rules (SPEC AC9); both
   * are checked against the document's shape (WS17). In a room that recently refused a batch of several
   * connections, each update is applied and checked alone, so the one at fault is found.
   */
  private applyInbox(): void {
    const items = this.inbox
    this.inbox = []
    this.inboxBytes = 0
    if (this.applySoon) clearImmediate(this.applySoon)
    this.applySoon = null
    if (items.length === 0 || this.state !== 'live') return
    const free = items.filter((i) => i.connection.mayAdjudicate !== false)
    const checked = items.filter((i) => i.connection.mayAdjudicate === false)
    const checkEachUntil = this.options.checkEachUntil?.get(this.name)
    if (checkEachUntil !== undefined && checkEachUntil > Date.now())
      for (const item of items) {
        if (this.state !== 'live') return
        this.applyTogether([item], item.connection.mayAdjudicate === false)
      }
    else {
      if (checkEachUntil !== undefined) this.options.checkEachUntil?.delete(this.name)
      if (free.length > 0) this.applyTogether(free, false)
      if (checked.length > 0 && this.state === 'live') this.applyTogether(checked, true)
    }
  }

  /**
   * Applies `items` in one transaction and queues the one update it produces. The transaction must not
   * leave the document malformed (WS17). With `check`, it must not do what only a reviewer may either, and
   * an update that Yjs would hold back (it depends on content the server does not have) is dropped and its
   * connection told to resync: held back, it would be applied later inside another connection's
   * transaction, unchecked.
   */
  private applyTogether(items: Received[], check: boolean): void {
    const connections = new Set(items.map((i) => i.connection))
    const origin = connections.size === 1 ? items[0]!.connection : BATCH_ORIGIN
    const produced: Uint8Array[] = []
    this.applying = produced
    let refused: string | undefined
    let malformed: string | undefined
    const audit: AuditRecord[] = []
    const recording = this.options.audit !== false
    // Several users' updates in one transaction: whose update first touched each annotation (AU3).
    const authors =
      recording && new Set(items.map((i) => i.connection.user)).size > 1 ? new Authors(this.doc) : null
    const onAfter = (transaction: Y.Transaction) => {
      if (transaction.origin !== origin || malformed !== undefined || refused !== undefined) return
      malformed = malformedEdit(this.doc, transaction) ?? undefined
      if (check && malformed === undefined) refused = reviewerOnlyEdit(this.doc, transaction) ?? undefined
      if (malformed === undefined && refused === undefined && recording) {
        const changes = annotationChanges(this.doc, transaction)
        if (changes.length > 0) {
          const at = new Date().toISOString()
          const user = items[0]!.connection.user ?? ANONYMOUS_USER
          for (const change of changes as AuditRecord[]) {
            change.at = at
            change.user = authors?.of(change.annotation) ?? user
            audit.push(change)
          }
        }
      }
    }
    this.doc.on('afterTransaction', onAfter)
    const store = this.doc.store
    const resync = new Set<RoomConnection>()
    let applied = 0
    let current: RoomConnection | null = null
    try {
      this.doc.transact(() => {
        for (const { connection, update } of items) {
          current = connection
          const { pendingStructs, pendingDs } = store
          Y.applyUpdate(this.doc, update, origin)
          authors?.credit(connection.user ?? ANONYMOUS_USER)
          const heldBack =
            (store.pendingStructs !== null && store.pendingStructs !== pendingStructs) ||
            (store.pendingDs !== null && store.pendingDs !== pendingDs)
          if (check && heldBack) {
            store.pendingStructs = pendingStructs
            store.pendingDs = pendingDs
            resync.add(connection)
          } else applied += update.byteLength
        }
      }, origin)
    } catch (e) {
      this.applying = null
      // The update decoded but broke while integrating, so part of it may be in the document. Nothing of
      // this turn was stored or sent; reloading the room from the store throws the rest away too.
      this.options.logger.warn('an update failed to apply; resetting the room', {
        room: this.name,
        error: describeError(e),
      })
      const sender = current as RoomConnection | null
      if (sender) {
        sender.close(CloseCode.BadMessage, `update does not apply: ${describeError(e)}`)
        this.options.onRefused?.(sender)
      }
      this.close(CloseCode.RoomReset, 'the room was reset, reconnect', false)
      return
    } finally {
      this.doc.off('afterTransaction', onAfter)
    }
    this.applying = null
    if (malformed !== undefined) {
      // Like an update that does not apply (WS5): nothing of it is stored or sent, and reloading from the
      // store throws away what it changed in memory. Several authors: checked one by one for a while.
      this.options.logger.warn('an update left the document malformed; resetting the room', {
        room: this.name,
        reason: malformed,
        connections: connections.size,
      })
      if (connections.size > 1) this.options.checkEachUntil?.set(this.name, Date.now() + CHECK_EACH_MS)
      else {
        items[0]!.connection.close(CloseCode.BadMessage, `malformed: ${malformed}`)
        this.options.onRefused?.(items[0]!.connection)
      }
      this.close(CloseCode.RoomReset, 'the room was reset, reconnect', false)
      return
    }
    if (refused !== undefined) {
      // Like an update that does not apply: nothing of it was stored or sent, and reloading the room from
      // the store throws away what it changed in memory. When the batch had several authors, the room
      // checks their updates one by one for a while, and the one at fault is refused when it sends again.
      this.options.logger.warn('an update did what only a reviewer may do; resetting the room', {
        room: this.name,
        reason: refused,
        connections: connections.size,
      })
      if (connections.size > 1) this.options.checkEachUntil?.set(this.name, Date.now() + CHECK_EACH_MS)
      else if (this.options.relay) this.refuseUnlessBehind(items[0]!.connection, refused)
      else this.refuse(items[0]!.connection, refused)
      this.close(CloseCode.RoomReset, 'the room was reset, reconnect', false)
      return
    }
    for (const connection of resync)
      connection.close(CloseCode.Resync, 'the update depends on content the server does not have; resync')
    this.pendingBytes = store.pendingStructs || store.pendingDs ? this.pendingBytes + applied : 0
    for (const [i, u] of produced.entries()) this.enqueue(u, origin, items.length, i === 0 ? audit : [])
  }

  /**
   * Scale-out: the client may hold a reviewer's change that another process stored and this room has not
   * received yet (its client moved here from that process), which would look like the annotator's own.
   * When the store holds updates this room has not seen, the connection is told to resync (4501) and sends
   * its state again to the reloaded room; otherwise it is refused (4409). It is taken out of the room first,
   * so the room's reset does not close it with another code.
   */
  private refuseUnlessBehind(connection: RoomConnection, reason: string): void {
    this.connections.delete(connection)
    const seen = this.seq
    this.options.store.load(this.name).then(
      (stored) => {
        if (stored.seq > seen)
          connection.close(CloseCode.Resync, 'this server had not yet received changes you have; resync')
        else this.refuse(connection, reason)
      },
      () => this.refuse(connection, reason),
    )
  }

  private refuse(connection: RoomConnection, reason: string): void {
    connection.close(CloseCode.Refused, `only a reviewer may do this: ${reason}`)
    this.options.onRefused?.(connection)
  }

  /**
   * Whether applying `update` keeps the document within `maxDocumentBytes`. Near the limit the document is
   * measured exactly (deleted content no longer counts) and a compaction is asked for.
   */
  private fits(update: Uint8Array): boolean {
    const limit = this.options.maxDocumentBytes
    if (this.documentBytes + update.byteLength <= limit) return true
    if (this.sinceCompaction > 0) {
      this.storedBytes = Y.encodeStateAsUpdate(this.doc).byteLength
      this.requestCompaction()
    }
    return this.documentBytes + update.byteLength <= limit
  }

  private onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === RELAY_ORIGIN) {
      // Stored by the process that relayed it: only this process's connections still need it.
      const message = encodeUpdate(update)
      for (const connection of this.connections) connection.send(message)
    } else if (this.applying) this.applying.push(update)
    else this.enqueue(update, origin)
  }

  private enqueue(update: Uint8Array, origin: unknown, updates = 1, audit: AuditRecord[] = []): void {
    if (this.failed) return
    this.queue.push({ update, origin, updates, audit })
    this.queued++
    if (!this.flushing && !this.flushSoon)
      this.flushSoon = setImmediate(() => {
        this.flushSoon = null
        this.flush()
      })
  }

  /** Runs `send` once every update queued so far is stored (at once when nothing is waiting). */
  private whenStored(send: () => void): void {
    if (this.stored >= this.queued) send()
    else this.afterStore.push({ count: this.queued, run: send })
  }

  /** Starts the write loop unless it runs; it ends when the queue is empty. */
  private flush(): void {
    if (this.flushing) return
    this.flushing = (async () => {
      try {
        while (!this.failed) {
          if (this.queue.length > 0) await this.writeBatch(this.queue.splice(0))
          else if (this.compactRequested) {
            this.compactRequested = false
            await this.compactNow()
          } else return
        }
      } finally {
        this.flushing = null
      }
    })()
  }

  /**
   * Appends `batch` to the store, then sends it on. A turn usually queues one update; several (reviewers'
   * and annotators' of one turn, or what queued while an append was in flight) are merged into one row and
   * one message, which goes to every connection, their senders included (applying what one already has is
   * a no-op). An update with one author goes to every connection but its author.
   */
  private async writeBatch(batch: PendingWrite[]): Promise<void> {
    const update = batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((w) => w.update))
    const origin = batch.length === 1 ? batch[0]!.origin : null
    const audit = batch.length === 1 ? batch[0]!.audit : batch.flatMap((w) => w.audit)
    let last: number
    try {
      last = await this.options.store.appendUpdates(this.name, [update], audit)
    } catch (e) {
      // Not stored means nobody may see it. Reloading makes the room match the store again; clients
      // still hold the change and send it again when they reconnect.
      this.options.logger.error('storing an update failed; unloading the room', {
        room: this.name,
        error: describeError(e),
      })
      this.failed = true
      this.queue = []
      this.close(CloseCode.InternalError, 'could not store the update', false)
      return
    }
    this.markSeen(last, last)
    this.stored += batch.length
    let clientUpdates = 0
    for (const w of batch) clientUpdates += w.updates
    this.sinceCompaction += clientUpdates
    this.options.counters?.stored(clientUpdates)
    this.storedBytes += update.byteLength
    this.logBytes += update.byteLength
    this.subscription?.publishUpdates(last, [update])
    const message = encodeUpdate(update)
    for (const connection of this.connections) if (connection !== origin) connection.send(message)
    while (this.afterStore.length > 0 && this.afterStore[0]!.count <= this.stored)
      this.afterStore.shift()!.run()
    // Due after `compactEvery` updates once the log is twice as large as the snapshot: encoding the whole
    // document then costs a bounded amount per stored byte, however large the document grows, and a
    // load reads at most about three times the document's size.
    if (this.sinceCompaction >= this.options.compactEvery && this.logBytes >= 2 * this.snapshotBytes)
      this.compactRequested = true
    this.scheduleView()
    if (!this.changeTimer && this.options.onChange && this.state === 'live')
      this.changeTimer = setTimeout(() => {
        this.changeTimer = null
        if (this.state === 'live') this.runHook('onChange', this.options.onChange)
      }, this.options.changeDebounceMs)
  }

  /**
   * Writes the document's state as the snapshot, covering every sequence number up to {@link seq} (the
   * document may hold more; the rows after it stay). Called only from the write loop or after it drained.
   */
  private async compactNow(): Promise<void> {
    if (this.sinceCompaction === 0) return
    try {
      const state = Y.encodeStateAsUpdate(this.doc)
      const covered = this.sinceCompaction
      await this.options.store.compact(this.name, state, this.seq, this.view())
      this.sinceCompaction -= covered
      this.storedBytes = state.byteLength
      this.snapshotBytes = state.byteLength
      this.logBytes = 0
      await this.runHook('onStoreDocument', this.options.onStoreDocument)
    } catch (e) {
      // The log still holds every update, so nothing is lost; the next compaction tries again.
      this.options.logger.error('compaction failed', { room: this.name, error: describeError(e) })
    }
  }

  /** The read-model row of the document as it is, numbered {@link seq}; undefined when it cannot be made. */
  private view(): ArticleView | undefined {
    if (!this.options.deriveView) return undefined
    try {
      return this.options.deriveView(this.doc, this.seq)
    } catch (e) {
      // A reader computes it again from the document; the snapshot must be written regardless.
      this.options.logger.warn('computing the read-model view failed', {
        room: this.name,
        error: describeError(e),
      })
      return undefined
    }
  }

  /** Writes the view within `viewEveryMs` of a stored change, once nothing is waiting to be stored. */
  private scheduleView(): void {
    if (!this.options.deriveView || this.viewTimer || this.state !== 'live') return
    this.viewTimer = setTimeout(() => {
      this.viewTimer = null
      if (this.state !== 'live') return
      // The document must hold exactly what is stored through `seq`, or the view would claim too much.
      if (this.queue.length > 0 || this.inbox.length > 0 || this.ahead.size > 0) return this.scheduleView()
      const view = this.view()
      if (view)
        this.options.store.writeView(this.name, view).catch((e) => {
          this.options.logger.warn('storing the read-model view failed', {
            room: this.name,
            error: describeError(e),
          })
        })
    }, this.options.viewEveryMs ?? 1000)
  }

  /** Records that the updates `first`..`last` are in the document and moves {@link seq} over what is contiguous. */
  private markSeen(first: number, last: number): void {
    if (first === this.seq + 1) this.seq = last
    else for (let s = first; s <= last; s++) if (s > this.seq) this.ahead.add(s)
    while (this.ahead.delete(this.seq + 1)) this.seq++
    if (this.ahead.size > 0) this.scheduleGapRepair()
    else if (this.gapTimer) {
      clearTimeout(this.gapTimer)
      this.gapTimer = null
    }
  }

  private relayed(run: () => void): void {
    if (this.relayBuffer) this.relayBuffer.push(run)
    else if (this.state !== 'closed') run()
  }

  private applyRelayed(seq: number, update: Uint8Array): void {
    if (seq <= this.seq || this.ahead.has(seq)) return
    try {
      Y.applyUpdate(this.doc, update, RELAY_ORIGIN)
      this.options.counters?.relayed(1)
    } catch (e) {
      this.options.logger.warn('a relayed update does not apply', {
        room: this.name,
        seq,
        error: describeError(e),
      })
    }
    this.markSeen(seq, seq)
  }

  private applyRelayedAwareness(update: Uint8Array): void {
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, RELAY_ORIGIN)
    } catch (e) {
      this.options.logger.warn('a relayed awareness update does not apply', {
        room: this.name,
        error: describeError(e),
      })
    }
  }

  /**
   * Updates from other processes arrive through the relay in about the order they were stored; a missing
   * sequence number that stays missing (a relay message lost, a process that died between storing and
   * relaying) is read back from the store.
   */
  private scheduleGapRepair(): void {
    if (this.gapTimer) return
    this.gapTimer = setTimeout(async () => {
      this.gapTimer = null
      if (this.state !== 'live' || this.ahead.size === 0) return
      try {
        const stored = await this.options.store.load(this.name)
        if (this.state !== 'live') return
        applyStoredDocument(this.doc, stored, RELAY_ORIGIN)
        this.options.counters?.gapRepaired()
        for (const s of this.ahead) if (s <= stored.seq) this.ahead.delete(s)
        this.seq = Math.max(this.seq, stored.seq)
        this.markSeen(this.seq + 1, this.seq)
      } catch (e) {
        this.options.logger.error('repairing a gap from the store failed', {
          room: this.name,
          error: describeError(e),
        })
        this.scheduleGapRepair()
      }
    }, this.options.gapRepairMs ?? 1000)
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
    if (origin !== RELAY_ORIGIN && this.subscription)
      this.subscription.publishAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed))
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
