import * as Y from 'yjs'

/**
 * Test helper: a set of peers whose updates are queued and delivered only on `flush`,
 * like y-websocket's own tests, so concurrency can be staged precisely.
 */
export class PeerNetwork {
  readonly docs: Y.Doc[]
  private queue: { from: number; update: Uint8Array }[] = []

  constructor(count: number, init?: Y.Doc) {
    this.docs = Array.from({ length: count }, (_, i) => {
      const doc = new Y.Doc()
      doc.clientID = i + 1
      if (init) Y.applyUpdate(doc, Y.encodeStateAsUpdate(init))
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== this) this.queue.push({ from: i, update })
      })
      return doc
    })
  }

  /** Delivers every queued update to every other peer until nothing is left. */
  flush(): void {
    while (this.queue.length > 0) {
      const { from, update } = this.queue.shift()!
      this.docs.forEach((doc, i) => {
        if (i !== from) Y.applyUpdate(doc, update, this)
      })
    }
  }

  /** Whether all peers hold the same state. */
  converged(): boolean {
    const first = Y.encodeStateAsUpdate(this.docs[0]!).join(',')
    return this.docs.every((d) => Y.encodeStateAsUpdate(d).join(',') === first)
  }
}
