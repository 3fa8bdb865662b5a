/**
 * Gives the page a turn between two steps of long work (input, rendering, network answers): the
 * Prioritized Task Scheduling API's `scheduler.yield()` where there is one (the work goes on ahead of
 * other tasks once the page had its turn), else a new task.
 */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler
  if (scheduler?.yield) return scheduler.yield()
  return new Promise((resolve) => setTimeout(resolve, 0))
}
