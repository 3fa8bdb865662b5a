/**
 * A WebSocket whose incoming messages wait until the page lets them through (apps/web/SPEC.md, OPEN3).
 * On a first visit the article's websocket connects at once, in parallel with the request for its
 * preview, but the server's answer (a 10,000-sentence article is a 4.5 MB Yjs update) is held until the
 * preview has been painted: the transfer overlaps, the work comes after.
 */

/** Lets held messages through: once opened, for good. */
export interface Gate {
  readonly opened: boolean
  readonly whenOpen: Promise<void>
  open(): void
}

/** A closed {@link Gate}. */
export function createGate(): Gate {
  let open = () => {}
  const whenOpen = new Promise<void>((resolve) => {
    open = resolve
  })
  const gate = {
    opened: false,
    whenOpen,
    open() {
      if (gate.opened) return
      gate.opened = true
      open()
    },
  }
  return gate
}

/** What a message's data becomes when it is delivered (messages wait for it in order). */
export type Delivery = () => Promise<unknown>

/** How a message that arrived will be delivered: may start work at once (e.g. in a worker). */
export type Arrival = (data: unknown) => Delivery

/**
 * A WebSocket class (for y-websocket's `WebSocketPolyfill`) that holds each socket's incoming messages
 * until `gate` opens, then delivers them to the handler y-websocket set, in order and each in a task of
 * its own, as `arrive` says when each arrives. A socket that closes meanwhile drops what it held (its
 * provider syncs again on the next connection).
 */
export function heldWebSocket(gate: Gate, arrive: Arrival = (data) => async () => data): typeof WebSocket {
  return class HeldWebSocket extends WebSocket {
    #handler: ((event: MessageEvent) => void) | null = null
    #held: { event: MessageEvent; delivery: Delivery }[] = []
    #delivering = false
    #closed = false

    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      this.addEventListener('close', () => {
        this.#closed = true
        this.#held = []
      })
      super.onmessage = (event: MessageEvent) => {
        this.#held.push({ event, delivery: arrive(event.data) })
        if (gate.opened) void this.#deliver()
      }
      void gate.whenOpen.then(() => this.#deliver())
    }

    async #deliver(): Promise<void> {
      if (this.#delivering) return
      this.#delivering = true
      try {
        for (let next = this.#held.shift(); next; next = this.#held.shift()) {
          const { event, delivery } = next
          let data: unknown = event.data
          try {
            data = await delivery()
          } catch (e) {
            console.error('a message is passed on as it came:', e)
          }
          if (this.#closed) return
          try {
            this.#handler?.(data === event.data ? event : new MessageEvent('message', { data }))
          } catch (e) {
            console.error(e)
          }
          if (this.#held.length > 0) await new Promise((resolve) => setTimeout(resolve, 0))
        }
      } finally {
        this.#delivering = false
      }
    }

    // y-websocket sets `onmessage`: its handler is kept here, the socket's own calls it when allowed.
    override get onmessage(): ((event: MessageEvent) => void) | null {
      return this.#handler
    }

    override set onmessage(handler: ((event: MessageEvent) => void) | null) {
      this.#handler = handler
    }
  }
}
