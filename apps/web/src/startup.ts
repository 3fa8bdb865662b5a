import { noteAnswer } from './offline'

/**
 * The requests `index.html` starts while the app's script is still loading and running (its inline
 * script puts them in `window.attribStartup`), so that the session, the taxonomy and the article list
 * are on their way before the first render asks for them.
 */
type Started = Record<string, Promise<Response> | undefined>

function started(): Started {
  const w = window as unknown as { attribStartup?: Started }
  w.attribStartup ??= {}
  return w.attribStartup
}

/**
 * The read of `articleId`'s preview (this browser's record, undefined when there is none) that
 * `index.html` started with the page, for the article its address opens; taken once. Undefined when it
 * started none for this article.
 */
export function startupPreview(articleId: string): Promise<unknown> | undefined {
  const w = window as unknown as { attribStartupPreview?: { id: string; read: Promise<unknown> } }
  const early = w.attribStartupPreview
  if (early?.id !== articleId) return undefined
  w.attribStartupPreview = undefined
  return early.read
}

/**
 * `GET path`: the answer `index.html` already asked for when there is one (taken once; a failed one is
 * asked again, since the person may have signed in since), a new request otherwise. Notes whether the
 * answer came from the service worker's store (offline).
 */
export async function startupFetch(path: string): Promise<Response> {
  const early = started()[path]
  started()[path] = undefined
  let response: Response | null = null
  if (early) response = await early.then((r) => (r.ok ? r : null)).catch(() => null)
  response ??= await fetch(path)
  noteAnswer(response)
  return response
}
