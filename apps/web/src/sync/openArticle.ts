import { SCHEMA_VERSION } from '@attrib/core'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { ArticlePreview } from '../preview/articlePreview'
import { loadPreview } from '../preview/loadPreview'
import { yieldToPage } from '../yieldToPage'
import { type SlicedUpdates, sliceUpdates } from './applyInSlices'
import { syncStepDelivery } from './bigSyncStep'
import { keepCopyCompact } from './compactCopy'
import { createGate, type Gate, heldWebSocket } from './heldSocket'
import { readKeptRows } from './keptCopy'

/** The websocket endpoint of the server that served this page. */
export function websocketUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/yjs`
}

/** An article's document with its providers, opened before React asks for it. */
export interface OpenArticle {
  articleId: string
  doc: Y.Doc
  /** The browser's copy: made once the gate opened. */
  offline: IndexeddbPersistence | null
  provider: WebsocketProvider
  /** The article's preview (OPEN1): this browser's, else the server's; null when there is none. */
  preview: Promise<ArticlePreview | null>
  /** What `preview` gave, once it did. */
  previewRead?: ArticlePreview | null
  /** Opens once the preview has been painted, or when there is none: the document's loading goes on. */
  gate: Gate
  /** True once the browser's copy has been applied (or found empty). */
  copyRead: boolean
  whenCopyRead: Promise<void>
  /** A refusal that came before the page listened (e.g. 4401 before signing in). */
  refused: { code: number; reason: string } | null
  closed: boolean
  stopListening(): void
}

/** How long an article waits for its preview to be painted once the preview is there. */
const PAINT_WAIT_MS = 1500
/** How long an article waits for its preview at all. */
const PREVIEW_WAIT_MS = 2500

const copyKey = (articleId: string) => `attrib:copy:${articleId}`

/** Whether this browser has kept a copy of the article (noted once a sync with the server completed). */
function hasCopy(articleId: string): boolean {
  try {
    return localStorage.getItem(copyKey(articleId)) !== null
  } catch {
    return false
  }
}

/** Notes that this browser keeps a copy of the article (its next open reads it before connecting). */
export function noteCopy(articleId: string): void {
  try {
    localStorage.setItem(copyKey(articleId), '1')
  } catch {}
}

/**
 * While the transactions of `origin` run, the document emits no `update` events. Yjs encodes each
 * transaction's update again for its `update` listeners; for the browser's copy (4.5 MB at 10,000
 * sentences) that is ~0.2 s that nobody uses: y-indexeddb ignores its own updates, and the websocket is
 * not connected before the copy is read (nothing to send it to, and it is the server's anyway). Relies on
 * lib0's `Observable` keeping its listeners in `_observers`; returns the undo.
 */
function withoutUpdateEvents(doc: Y.Doc, origin: unknown): () => void {
  const observers = (doc as unknown as { _observers?: Map<string, Set<unknown>> })._observers
  if (!(observers instanceof Map)) return () => {}
  let held: Set<unknown> | undefined
  const before = (transaction: Y.Transaction) => {
    if (transaction.origin !== origin || held) return
    held = observers.get('update')
    observers.delete('update')
  }
  const after = () => {
    if (!held) return
    // Listeners added meanwhile are kept with the others.
    for (const listener of observers.get('update') ?? []) held.add(listener)
    observers.set('update', held)
    held = undefined
  }
  doc.on('beforeTransaction', before)
  doc.on('afterAllTransactions', after)
  return () => {
    after()
    doc.off('beforeTransaction', before)
    doc.off('afterAllTransactions', after)
  }
}

/**
 * Opens an article's Y.Doc in the order that puts it on screen soonest (apps/web/SPEC.md, OPEN3, OFF3).
 * With `withPreview`, its preview is read first and the heavy work waits behind the gate until the page
 * has painted the preview; the browser's copy is read meanwhile (its large rows sliced in a worker). Then
 * the copy is applied a slice per task, y-indexeddb taking over from its last row; only then does the
 * websocket connect: connecting earlier would announce
 * an empty document and make the server send the whole article again (~4.5 MB to apply a second time at
 * 10,000 sentences); after it, the server sends only what the copy lacks. Without a copy (a first visit)
 * the websocket connects at once; its messages wait behind the gate, and the server's whole document
 * (sync step 2) is applied in slices too.
 */
export function openArticle(articleId: string, withPreview: boolean): OpenArticle {
  const doc = new Y.Doc()
  const kept = hasCopy(articleId)
  const gate = createGate()
  let provider: WebsocketProvider | null = null
  let copyRead: () => void = () => {}
  const opened: OpenArticle = {
    articleId,
    doc,
    offline: null,
    provider: null as unknown as WebsocketProvider,
    preview: withPreview ? loadPreview(articleId, kept) : Promise.resolve(null),
    gate,
    copyRead: false,
    whenCopyRead: new Promise((resolve) => {
      copyRead = resolve
    }),
    refused: null,
    closed: false,
    stopListening: () => {},
  }
  provider = new WebsocketProvider(websocketUrl(), articleId, doc, {
    params: { schema: String(SCHEMA_VERSION) },
    connect: false,
    WebSocketPolyfill: heldWebSocket(gate, (data) =>
      provider ? syncStepDelivery(data, doc, provider, yieldToPage) : async () => data,
    ),
    // y-websocket's BroadcastChannel sends the whole document to the browser's other tabs on every
    // connect (encoding a 10,000-sentence article is a long task); tabs sync through the server instead.
    disableBc: true,
  })
  opened.provider = provider
  // Nothing to draw: nothing to wait for. A preview not painted in time (the page is elsewhere, e.g.
  // signing in) must not hold the article either.
  void opened.preview.then((preview) => {
    opened.previewRead = preview
    if (!preview) gate.open()
    else setTimeout(gate.open, PAINT_WAIT_MS)
  })
  setTimeout(gate.open, PREVIEW_WAIT_MS)
  const connect = () => {
    if (!opened.closed && !provider.shouldConnect) provider.connect()
  }
  const name = `attrib:${articleId}`
  // The browser's copy is read, and its large rows sliced in a worker, while the preview is drawn.
  const copy: Promise<{ lastKey: number; rows: number; sliced: SlicedUpdates } | null> = kept
    ? readKeptRows(name).then(
        (rows) =>
          rows && { lastKey: rows.lastKey, rows: rows.updates.length, sliced: sliceUpdates(rows.updates) },
      )
    : Promise.resolve(null)
  void gate.whenOpen.then(async () => {
    const rows = await copy
    if (opened.closed) return
    const offline = new IndexeddbPersistence(name, doc)
    opened.offline = offline
    keepCopyCompact(name, doc, offline, rows ? rows.rows : 0, rows?.sliced.cut() ?? null, () => opened.closed)
    // y-indexeddb reads the rows after the last one read here; it finds the document empty, so it stores
    // nothing of it again (it would write the whole state if the copy were applied first).
    if (rows) (offline as unknown as { _dbref: number })._dbref = rows.lastKey + 1
    const timeout = new Promise((resolve) => setTimeout(resolve, kept ? 1000 : 0))
    await Promise.race([offline.whenSynced, timeout])
    if (rows && !opened.closed) {
      const stop = withoutUpdateEvents(doc, offline)
      try {
        await rows.sliced.apply(doc, offline, yieldToPage)
      } finally {
        stop()
      }
    }
    if (opened.closed) return
    opened.copyRead = true
    copyRead()
    connect()
  })
  // A first visit: the websocket at once, its messages held until the gate opens.
  if (!kept) connect()
  const onClosed = (event: { code: number; reason: string }) => {
    opened.refused = event
  }
  provider.on('closed', onClosed)
  opened.stopListening = () => provider.off('closed', onClosed)
  return opened
}

/** Closes an article's providers and document. */
export function closeArticle(opened: OpenArticle): void {
  opened.closed = true
  opened.stopListening()
  opened.provider.destroy()
  void opened.offline?.destroy()
  opened.doc.destroy()
}

let preopened: OpenArticle | null = null

/**
 * Starts opening an article (its preview, the browser's copy, the websocket) before the app has
 * rendered, while the session and the taxonomy are still being fetched; `useCollab` takes it over.
 * Opening another article drops the one opened before.
 */
export function preopenArticle(articleId: string): void {
  if (preopened?.articleId === articleId) return
  if (preopened) closeArticle(preopened)
  preopened = openArticle(articleId, true)
}

/**
 * The preview of the article opened ahead, if it is `articleId` and its preview has been read (undefined
 * otherwise): the page's first render draws it (OPEN5). Leaves the article to `takePreopened`.
 */
export function preopenedPreview(articleId: string): ArticlePreview | null | undefined {
  return preopened?.articleId === articleId ? preopened.previewRead : undefined
}

/** Closes the article opened ahead when the app went elsewhere before taking it over. */
export function dropPreopened(): void {
  if (preopened) closeArticle(preopened)
  preopened = null
}

/** The article opened ahead, if it is `articleId` (with a preview) and was not refused; taken once. */
export function takePreopened(articleId: string, withPreview: boolean): OpenArticle | null {
  const taken = preopened
  preopened = null
  if (!taken) return null
  // Refused before the person signed in, or another article: start again.
  if (taken.articleId !== articleId || taken.refused || !withPreview) {
    closeArticle(taken)
    return null
  }
  taken.stopListening()
  return taken
}
