import { getArticleFragment } from '@attrib/core'
import { useEffect, useState } from 'react'
import type { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import { type Denied, deniedBy } from './closeCodes'
import type { ArticlePreview } from './preview/articlePreview'
import { closeArticle, noteCopy, openArticle, takePreopened } from './sync/openArticle'
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
  /** The article's preview, drawn until the editor is live (OPEN1); undefined while it is being read. */
  preview: ArticlePreview | null | undefined
  /** Tells that the preview has been painted: the document's loading goes on (OPEN3). */
  previewDrawn(): void
}

export { dropPreopened, preopenArticle, preopenedPreview, websocketUrl } from './sync/openArticle'

/**
 * Opens an article's Y.Doc: y-indexeddb keeps a copy in the browser so work goes on offline,
 * and y-websocket syncs it with the server and carries presence. The editor may be bound as soon as
 * the copy has content, so a reopened article shows at once while the sync catches up (OFF3).
 */
export function useCollab(
  articleId: string,
  user: User,
  { withPreview = false }: { withPreview?: boolean } = {},
): Collab | null {
  const [collab, setCollab] = useState<Collab | null>(null)

  useEffect(() => {
    const opened = takePreopened(articleId, withPreview) ?? openArticle(articleId, withPreview)
    const { doc, provider, gate } = opened
    const previewDrawn = () => gate.open()
    let preview: ArticlePreview | null | undefined
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
      if (opened.copyRead && !performance.getEntriesByName('attrib:copy').length)
        performance.mark('attrib:copy')
      if (provider.synced && !performance.getEntriesByName('attrib:server').length)
        performance.mark('attrib:server')
      if (provider.synced && !copyNoted) {
        copyNoted = true
        noteCopy(articleId)
      }
      const hasContent = getArticleFragment(doc).length > 0
      // Bind the editor only to real content: binding an empty fragment would write an empty article.
      ready = ready || provider.synced || (opened.copyRead && hasContent)
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
      setCollab({ doc, provider, ready, connection, denied, deniedReason, preview, previewDrawn })
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
    let stopped = false
    void opened.whenCopyRead.then(() => {
      if (!stopped) publish()
    })
    void opened.preview.then((p) => {
      if (stopped) return
      preview = p
      publish()
    })
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
      stopped = true
      closeArticle(opened)
    }
  }, [articleId, user.name, user.color, withPreview])

  return collab
}
