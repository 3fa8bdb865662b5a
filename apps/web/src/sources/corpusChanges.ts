import { useEffect, useState } from 'react'

// The server announces on `/api/review/events` every changed article and every change of the source index's
// decisions (`{"id":"_sources"}`); the Sources pages read the index again on each (UI24).

/** How long after a change event the Sources pages read again; more events in between ride along. */
export const REFRESH_DELAY_MS = 300

/**
 * Calls `onChange` (at most once per `delayMs`) after the server announced a change of any article or of
 * the sources' decisions, and after the stream reconnected (what changed meanwhile was never announced).
 * Returns the function that stops listening.
 */
export function onCorpusChange(onChange: () => void, delayMs = REFRESH_DELAY_MS): () => void {
  const source = new EventSource('/api/review/events')
  let timer: ReturnType<typeof setTimeout> | null = null
  let opened = false
  const later = () => {
    if (timer) return
    timer = setTimeout(() => {
      timer = null
      onChange()
    }, delayMs)
  }
  source.onopen = () => {
    if (opened) later()
    opened = true
  }
  source.addEventListener('change', later)
  return () => {
    if (timer) clearTimeout(timer)
    source.close()
  }
}

/** A number that grows with each announced change (see {@link onCorpusChange}): an effect's dependency. */
export function useCorpusChanges(): number {
  const [changes, setChanges] = useState(0)
  useEffect(() => onCorpusChange(() => setChanges((n) => n + 1)), [])
  return changes
}
