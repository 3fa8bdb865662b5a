import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

/** A page's clock, its frames (drawn when the test says) and `scheduler.yield()`, stubbed. */
function stubPage() {
  let now = 0
  let frames: (() => void)[] = []
  const yields = { count: 0 }
  vi.spyOn(performance, 'now').mockImplementation(() => now)
  vi.stubGlobal('document', { visibilityState: 'visible' })
  vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback))
  vi.stubGlobal('cancelAnimationFrame', () => {})
  vi.stubGlobal('scheduler', {
    yield: () => {
      yields.count++
      return Promise.resolve()
    },
  })
  return {
    yields,
    /** Moves the clock on by `ms`. */
    work(ms: number) {
      now += ms
    },
    /** Draws a frame: its callbacks run. */
    frame() {
      const callbacks = frames
      frames = []
      for (const c of callbacks) c()
    },
    framesAsked: () => frames.length,
  }
}

describe('giving the page its turn between steps', () => {
  beforeEach(() => {
    vi.resetModules()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it('[OPEN3] steps yield to input, and wait for the next frame once they have held it off 50 ms', async () => {
    const page = stubPage()
    const { yieldToPage, FRAME_DUE_MS } = await import('./yieldToPage')
    expect(FRAME_DUE_MS).toBe(50)
    // A run starts with a frame: what ran before it (a render) may have held the page's.
    const first = yieldToPage()
    page.frame()
    await vi.advanceTimersByTimeAsync(0)
    await first
    expect(page.yields.count).toBe(0)
    // Three steps of 20 ms: the first two go on after scheduler.yield(), the third waits for the frame.
    page.work(20)
    await yieldToPage()
    page.work(20)
    await yieldToPage()
    expect(page.yields.count).toBe(2)
    page.work(20)
    page.work(20)
    let resumed = false
    const third = yieldToPage().then(() => {
      resumed = true
    })
    expect(page.yields.count).toBe(2)
    await Promise.resolve()
    expect(resumed).toBe(false)
    // The frame is drawn; the steps go on in a task after it.
    page.frame()
    await vi.advanceTimersByTimeAsync(0)
    await third
    expect(resumed).toBe(true)
    // A new run, counted from that frame: short steps yield again.
    page.work(10)
    await yieldToPage()
    expect(page.yields.count).toBe(3)
  })

  it('[OPEN3] a page that draws no frame (out of sight) is not held: the steps go on after 100 ms', async () => {
    const page = stubPage()
    const { yieldToPage } = await import('./yieldToPage')
    page.work(60)
    let resumed = false
    const waiting = yieldToPage().then(() => {
      resumed = true
    })
    await vi.advanceTimersByTimeAsync(99)
    expect(resumed).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await waiting
    expect(resumed).toBe(true)
    expect(page.framesAsked()).toBeGreaterThan(0)
  })

  it('[OPEN3] after the page was idle, a new run of steps waits for a frame first, then yields', async () => {
    const page = stubPage()
    const { yieldToPage } = await import('./yieldToPage')
    const first = yieldToPage()
    page.frame()
    await vi.advanceTimersByTimeAsync(0)
    await first
    page.work(5_000)
    const again = yieldToPage()
    expect(page.yields.count).toBe(0)
    page.frame()
    await vi.advanceTimersByTimeAsync(0)
    await again
    page.work(10)
    await yieldToPage()
    expect(page.yields.count).toBe(1)
  })
})
