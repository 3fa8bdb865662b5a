import { getArticleFragment, SCHEMA_VERSION } from '@attrib/core'
import { useEffect, useState } from 'react'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { type Denied, deniedBy } from './closeCodes'
import type { User } from './user'

/** Connection state shown to the user. */
export type Connection = 'connecting' | 'syncing' | 'connected' | 'offline'

export type { Denied } from './closeCodes'

/** One article's shared document with its network and offline providers. */
export interface Collab {
  doc: Y.Doc
  provider: WebsocketProvider
  /** True once there is content to show: from the server or from this browser's offline copy. */
  ready: boolean
  connection: Connection
  /** Set when the server refused the connection; y-websocket then stops reconnecting. */
  denied: Denied | null
  /** The server's reason when it refused (its close frame's text). */
  deniedReason: string | null
}

/** The websocket endpoint of the server that served this page. */
export function websocketUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/yjs`
}

/** An article's document with its providers, opened before React asks for it. */
interface OpenArticle {
  doc: Y.Doc
  offline: IndexeddbPersistence
  provider: WebsocketProvider
  /** A refusal that came before {@link useCollab} listened (e.g. 4401 before signing in). */
  refused: { code: number; reason: string } | null
  closed: boolean
  stopListening(): void
}

/**
 * Opens an article's Y.Doc: y-indexeddb reads this browser's copy first, and only then does the
 * websocket connect. Connecting earlier would announce an empty document and make the server send
 * the whole article again (a 10,000-sentence one with its annotations is ~4.5 MB to apply a second
 * time); after it, the server sends only what the copy lacks.
 */
function openArticle(articleId: string): OpenArticle {
  const doc = new Y.Doc()
  const offline = new IndexeddbPersistence(`attrib:${articleId}`, doc)
  const provider = new WebsocketProvider(websocketUrl(), articleId, doc, {
    params: { schema: String(SCHEMA_VERSION) },
    connect: false,
  })
  // No copy known (a first visit): nothing to wait for. A browser without IndexedDB (or a broken one)
  // must not keep the article from the server either.
  const noCopy = new Promise((resolve) => setTimeout(resolve, hasCopy(articleId) ? 1000 : 0))
  const opened: OpenArticle = {
    doc,
    offline,
    provider,
    refused: null,
    closed: false,
    stopListening: () => {},
  }
  void Promise.race([offline.whenSynced, noCopy]).then(() => {
    if (!opened.closed && !provider.shouldConnect) provider.connect()
  })
  const onClosed = (event: { code: number; reason: string }) => {
    opened.refused = event
  }
  provider.on('closed', onClosed)
  opened.stopListening = () => provider.off('closed', onClosed)
  return opened
}

const copyKey = (articleId: string) => `attrib:copy:${articleId}`

/** Whether this browser has kept a copy of the article (noted once a sync with the server completed). */
function hasCopy(articleId: string): boolean {
  try {
    return localStorage.getItem(copyKey(articleId)) !== null
  } catch {
    return false
  }
}

function noteCopy(articleId: string): void {
  try {
    localStorage.setItem(copyKey(articleId), '1')
  } catch {}
}

function close(opened: OpenArticle): void {
  opened.closed = true
  opened.stopListening()
  opened.provider.destroy()
  void opened.offline.destroy()
  opened.doc.destroy()
}

let preopened: { articleId: string; opened: OpenArticle } | null = null

/**
 * Starts opening an article (the browser's copy, then the websocket) before the app has rendered,
 * while the session and the taxonomy are still being fetched; {@link useCollab} takes it over.
 * Opening another article drops the one opened before.
 */
export function preopenArticle(articleId: string): void {
  if (preopened?.articleId === articleId) return
  if (preopened) close(preopened.opened)
  preopened = { articleId, opened: openArticle(articleId) }
}

/** Closes the article opened ahead when the app went elsewhere before taking it over. */
export function dropPreopened(): void {
  if (preopened) close(preopened.opened)
  preopened = null
}

function takePreopened(articleId: string): OpenArticle | null {
  const taken = preopened
  preopened = null
  if (!taken) return null
  // Refused before the person signed in, or another article: start again.
  if (taken.articleId !== articleId || taken.opened.refused) {
    close(taken.opened)
    return null
  }
  taken.opened.stopListening()
  return taken.opened
}

/**
 * Opens an article's Y.Doc: y-indexeddb keeps a copy in the browser so work goes on offline,
 * and y-websocket syncs it with the server and carries presence. The editor may be bound as soon as
 * the copy has content, so a reopened article shows at once while the sync catches up (OFF3).
 */
export function useCollab(articleId: string, user: User): Collab | null {
  const [collab, setCollab] = useState<Collab | null>(null)

  useEffect(() => {
    const opened = takePreopened(articleId) ?? openArticle(articleId)
    const { doc, offline, provider } = opened
    provider.awareness.setLocalStateField('user', { name: user.name, color: user.color })
    let ready = false
    let status: 'connected' | 'connecting' | 'disconnected' = provider.wsconnected
      ? 'connected'
      : 'connecting'
    let wasConnected = false
    // A connection attempt failed (no network, server away): offline rather than still connecting.
    let attemptFailed = provider.wsUnsuccessfulReconnects > 0
    let denied: Denied | null = null
    let deniedReason: string | null = null
    // y-indexeddb stores what the sync brought: the next open of the article reads it first.
    let copyNoted = false
    const publish = () => {
      // For the editor benchmark's phases of an open (bench/editor.bench.ts).
      if (offline.synced && !performance.getEntriesByName('attrib:copy').length)
        performance.mark('attrib:copy')
      if (provider.synced && !performance.getEntriesByName('attrib:server').length)
        performance.mark('attrib:server')
      if (provider.synced && !copyNoted) {
        copyNoted = true
        noteCopy(articleId)
      }
      const hasContent = getArticleFragment(doc).length > 0
      // Bind the editor only to real content: binding an empty fragment would write an empty article.
      ready = ready || provider.synced || (offline.synced && hasContent)
      if (status === 'connected') {
        wasConnected = true
        attemptFailed = false
      }
      // While the server is away y-websocket keeps retrying ('connecting'); after a first connection
      // or a failed attempt, or without a network, that is being offline, not connecting.
      const connection: Connection =
        status === 'connected'
          ? provider.synced
            ? 'connected'
            : 'syncing'
          : wasConnected || attemptFailed || !navigator.onLine
            ? 'offline'
            : 'connecting'
      setCollab({ doc, provider, ready, connection, denied, deniedReason })
    }
    const onStatus = ({ status: s }: { status: typeof status }) => {
      status = s
      publish()
    }
    const onAttemptFailed = () => {
      if (status === 'connected') return
      attemptFailed = true
      publish()
    }
    // Back on the network: try now rather than at the end of y-websocket's back-off.
    const onOnline = () => {
      if (provider.shouldConnect && !provider.ws) provider.connect()
      publish()
    }
    // y-websocket stops reconnecting on 4400–4499 and reports it as `closed`; other codes stay transient.
    const onClosed = ({ code, reason }: { code: number; reason?: string }) => {
      const verdict = deniedBy(code)
      if (!verdict) return
      denied = verdict
      deniedReason = reason || null
      publish()
    }
    provider.on('status', onStatus)
    provider.on('sync', publish)
    provider.on('closed', onClosed)
    provider.on('connection-close', onAttemptFailed)
    provider.on('connection-error', onAttemptFailed)
    offline.on('synced', publish)
    window.addEventListener('online', onOnline)
    window.addEventListener('offline', publish)
    publish()
    return () => {
      window.removeEventListener('online', onOnline)
      window.removeEventListener('offline', publish)
      provider.off('status', onStatus)
      provider.off('sync', publish)
      provider.off('closed', onClosed)
      provider.off('connection-close', onAttemptFailed)
      provider.off('connection-error', onAttemptFailed)
      offline.off('synced', publish)
      close(opened)
    }
  }, [articleId, user.name, user.color])

  return collab
}
