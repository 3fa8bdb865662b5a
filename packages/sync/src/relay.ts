/**
 * What a room needs to share a document with other server processes (scale-out): updates that another
 * process has stored, with their sequence numbers, and awareness changes. The Redis Streams relay
 * (`RedisRelay`) implements it; a single process runs without one.
 */
export interface RoomRelay {
  /**
   * Starts receiving room `room`'s messages from other processes. Resolves once subscribed: everything
   * other processes publish from then on reaches `listener`, in the order it was published.
   */
  subscribe(room: string, listener: RelayListener): Promise<RelaySubscription>
  /**
   * Announces to the other processes that article `id` changed or was created here (their review
   * dashboards and catalog counts read it again). Fire and forget.
   */
  publishChange(id: string): void
  /** Calls `listener` with each article id another process announced; returns a function that stops it. */
  onChange(listener: (id: string) => void): () => void
  /**
   * Bars `user` from room `room` for `ms` in every process (see `refusedBarMs`); `barredFor` says for how
   * many more milliseconds (0: not barred). Optional: without them the bar is the process's own.
   */
  bar?(room: string, user: string, ms: number): void
  barredFor?(room: string, user: string): Promise<number>
  /** Stops every subscription and releases the connections. */
  close(): Promise<void>
}

/** Receives another process's messages for one room. */
export interface RelayListener {
  /** An update that process has stored as sequence number `seq`. */
  update(seq: number, update: Uint8Array): void
  /** An awareness update (`encodeAwarenessUpdate`) of that process's connections. */
  awareness(update: Uint8Array): void
}

/** One room's link to the relay. */
export interface RelaySubscription {
  /** Publishes updates this process has stored, with sequence numbers `firstSeq`, `firstSeq + 1`, ... */
  publishUpdates(firstSeq: number, updates: Uint8Array[]): void
  /** Publishes an awareness update of this process's connections. */
  publishAwareness(update: Uint8Array): void
  /** Stops receiving; publishing afterwards does nothing. */
  close(): void
}
