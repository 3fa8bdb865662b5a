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

/**
 * Opens an article's Y.Doc: y-indexeddb keeps a copy in the browser so work goes on offline,
 * and y-websocket syncs it with the server and carries presence.
 */
export function useCollab(articleId: string, user: User): Collab | null {
  const [collab, setCollab] = useState<Collab | null>(null)

  useEffect(() => {
    const doc = new Y.Doc()
    const offline = new IndexeddbPersistence(`attrib:${articleId}`, doc)
    const provider = new WebsocketProvider(websocketUrl(), articleId, doc, {
      params: { schema: String(SCHEMA_VERSION) },
    })
    provider.awareness.setLocalStateField('user', { name: user.name, color: user.color })
    let ready = false
    let status: 'connected' | 'connecting' | 'disconnected' = 'connecting'
    let wasConnected = false
    let denied: Denied | null = null
    let deniedReason: string | null = null
    const publish = () => {
      const hasContent = getArticleFragment(doc).length > 0
      // Bind the editor only to real content: binding an empty fragment would write an empty article.
      ready = ready || provider.synced || (offline.synced && hasContent)
      if (status === 'connected') wasConnected = true
      // While the server is away y-websocket keeps retrying ('connecting'); after a first connection
      // that is being offline, not connecting.
      const connection: Connection =
        status === 'connected'
          ? provider.synced
            ? 'connected'
            : 'syncing'
          : status === 'connecting' && !wasConnected
            ? 'connecting'
            : 'offline'
      setCollab({ doc, provider, ready, connection, denied, deniedReason })
    }
    const onStatus = ({ status: s }: { status: typeof status }) => {
      status = s
      publish()
    }
    // y-websocket stops reconnecting on 4400–4499 and reports it as `closed`; other codes stay transient.
    const onClosed = ({ code, reason }: { code: number; reason?: string }) => {
      const verdict = deniedBy(code, reason ?? '')
      if (!verdict) return
      denied = verdict
      deniedReason = reason || null
      publish()
    }
    provider.on('status', onStatus)
    provider.on('sync', publish)
    provider.on('closed', onClosed)
    offline.on('synced', publish)
    publish()
    return () => {
      provider.off('status', onStatus)
      provider.off('sync', publish)
      provider.off('closed', onClosed)
      provider.destroy()
      void offline.destroy()
      doc.destroy()
    }
  }, [articleId, user.name, user.color])

  return collab
}
