/**
 * Why the server ended the connection for good: the session expired (close code 4401), the person may
 * not open this article (4403 at the door), or the server refused something this page sent (4403 for a
 * reviewer-only change, or a bar after one; 4400, 4413, 4429). y-websocket stops reconnecting after
 * 4400–4499.
 */
export type Denied = 'unauthorized' | 'forbidden' | 'refused'

// The server's reasons for a 4403 that is about a change rather than about access (packages/server Room
// and YServer).
const REFUSED_CHANGE = /^(only a reviewer may do this|an update of yours was refused)/

/** What a close from the server means for the page; null for closes it recovers from (it reconnects). */
export function deniedBy(code: number, reason: string): Denied | null {
  if (code === 4401) return 'unauthorized'
  if (code === 4403) return REFUSED_CHANGE.test(reason) ? 'refused' : 'forbidden'
  if (code === 4400 || code === 4413 || code === 4429) return 'refused'
  return null
}
