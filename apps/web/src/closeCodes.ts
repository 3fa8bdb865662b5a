import { closeKind } from '@attrib/core'

/**
 * Why the server ended the connection for good: the session expired (close code 4401), the person may
 * not open this article (4403), the server refused something this page sent (4409 for a reviewer-only
 * change or a bar after one; 4400, 4413, 4429), or there is no such article (4404: never was, or it was
 * deleted, also while open). Told apart by the code alone (`closeKind` of the protocol the server
 * shares), never by the reason's text, which is only shown to the person.
 */
export type Denied = 'unauthorized' | 'forbidden' | 'refused' | 'missing'

/** What a close from the server means for the page; null for closes it recovers from (it reconnects). */
export function deniedBy(code: number): Denied | null {
  const kind = closeKind(code)
  return kind === 'reconnect' ? null : kind
}
