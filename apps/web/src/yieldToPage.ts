/**
 * How long a run of steps may hold off the page's next frame (ms). `scheduler.yield()` lets input in
 * between two steps but, in Chromium (as long frames show), goes on ahead of rendering until it waited ~100 ms:
 * the editor benchmark saw frames of 104–155 ms made of steps of 10–70 ms (the preview drawn, the copy
 * applied), so what a step had drawn reached the screen late and a key's highlight could too.
 */
export const FRAME_DUE_MS = 50

/** When the page last drew a frame, as far as this module saw (`performance.now()`). */
let frameSeen = Number.NEGATIVE_INFINITY
/** Whether a frame has been asked for (`requestAnimationFrame`) and not drawn yet. */
let frameAsked = false

/**
 * How long since the page's last frame (ms), asking for the next one so as to see it. Unknown (infinite)
 * when no frame was seen in a while: a run of steps that starts after the page was idle, or after work that
 * did not yield (a React render, a script run), waits for a frame first, as that work may have held it off.
 */
function sinceLastFrame(now: number): number {
  if (!frameAsked) {
    frameAsked = true
    requestAnimationFrame(() => {
      frameAsked = false
      frameSeen = performance.now()
    })
  }
  return now - frameSeen
}

/**
 * After the page's next frame (its rendering done), in a task of its own; at most ~100 ms later when no
 * frame comes (a page out of sight draws none).
 */
function afterNextFrame(): Promise<void> {
  return new Promise((resolve) => {
    let frame = 0
    const timer = setTimeout(() => {
      cancelAnimationFrame(frame)
      resolve()
    }, 100)
    frame = requestAnimationFrame(() => {
      clearTimeout(timer)
      setTimeout(resolve, 0)
    })
  })
}

/**
 * Gives input its turn between two steps of work that the page's next frame is waiting for (the preview,
 * which is painted once drawn): the Prioritized Task Scheduling API's `scheduler.yield()` where there is
 * one (the work goes on ahead of other tasks, rendering included, once input had its turn), else a new task.
 */
export function yieldToInput(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler
  if (scheduler?.yield) return scheduler.yield()
  return new Promise((resolve) => setTimeout(resolve, 0))
}

/**
 * Gives the page a turn between two steps of long work (input, rendering, network answers): as
 * {@link yieldToInput}, and once the steps have held off the page's frame for {@link FRAME_DUE_MS} (or
 * no frame was seen lately), the next frame first (apps/web/SPEC.md, OPEN3).
 */
export function yieldToPage(): Promise<void> {
  if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible') {
    if (sinceLastFrame(performance.now()) >= FRAME_DUE_MS) return afterNextFrame()
  }
  return yieldToInput()
}
