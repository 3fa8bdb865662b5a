import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { onCorpusChange, REFRESH_DELAY_MS } from './corpusChanges'

/** An EventSource that the test drives: it opens and sends events when told. */
class FakeEventSource {
  static last: FakeEventSource | null = null
  onopen: (() => void) | null = null
  closed = false
  private listeners = new Map<string, (() => void)[]>()
  constructor(readonly url: string) {
    FakeEventSource.last = this
  }
  addEventListener(type: string, listener: () => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener])
  }
  emit(type: string) {
    for (const listener of this.listeners.get(type) ?? []) listener()
  }
  close() {
    this.closed = true
  }
}

beforeEach(() => {
  vi.useFakeTimers()
  vi.stubGlobal('EventSource', FakeEventSource)
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('[UI24] the Sources pages follow the server’s announced changes', () => {
  it('reads again once per burst of changes, after a reconnect, and stops when disposed', () => {
    const onChange = vi.fn()
    const stop = onCorpusChange(onChange)
    const source = FakeEventSource.last!
    expect(source.url).toBe('/api/review/events')
    source.onopen?.()
    // The first opening is no change; a burst of changes (the decisions' and articles') is read once.
    vi.advanceTimersByTime(REFRESH_DELAY_MS * 2)
    expect(onChange).not.toHaveBeenCalled()
    source.emit('change')
    source.emit('change')
    vi.advanceTimersByTime(REFRESH_DELAY_MS - 1)
    expect(onChange).not.toHaveBeenCalled()
    source.emit('change')
    vi.advanceTimersByTime(1)
    expect(onChange).toHaveBeenCalledTimes(1)
    // Reopened after a drop: what changed meanwhile was never announced, so it reads again.
    source.onopen?.()
    vi.advanceTimersByTime(REFRESH_DELAY_MS)
    expect(onChange).toHaveBeenCalledTimes(2)
    // Disposed with a change pending: nothing more, and the stream is closed.
    source.emit('change')
    stop()
    vi.advanceTimersByTime(REFRESH_DELAY_MS)
    expect(onChange).toHaveBeenCalledTimes(2)
    expect(source.closed).toBe(true)
  })
})
