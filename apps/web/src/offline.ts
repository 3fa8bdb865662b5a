/**
 * Working without a network: the service worker's registration, and whether the app is offline right
 * now (the browser says so, or an answer came from the service worker's store instead of the server).
 * No React here: the worker imports the header's name from this module.
 */

/** The header the service worker adds to an API answer it served from its store, not the server (OFF2). */
export const OFFLINE_COPY_HEADER = 'x-attrib-offline-copy'

/** The service worker's address; the server sends it with `no-cache` so a new build is found (HTTP9). */
export const SERVICE_WORKER_URL = '/sw.js'

/** How many times an install is tried in one page, and how long apart. */
const INSTALL_TRIES = 5
const INSTALL_RETRY_MS = 5000

/**
 * Registers the service worker once the page has loaded and is idle. The first time (no worker yet)
 * a few seconds later still: installing fetches every file of the build, and the first article's
 * document arrives after the page's load event, while the page looks idle waiting for it (a first
 * visit to a 10,000-sentence article took ~0.1 s longer with the install right after load).
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return
  // An install that fails (a file of the build not fetched while the server was busy or away) leaves no
  // worker until the next load: it is tried again a few times, so the app still comes to open offline.
  let tries = 0
  const again = (why: string) => {
    if (++tries >= INSTALL_TRIES) {
      console.warn(`the app will not open offline: ${why}`)
      return
    }
    setTimeout(register, INSTALL_RETRY_MS)
  }
  const register = () => {
    navigator.serviceWorker.register(SERVICE_WORKER_URL).then(
      (registration) => {
        const installing = registration.installing
        installing?.addEventListener('statechange', () => {
          if (installing.state === 'redundant' && !registration.active) again('its install failed')
        })
      },
      (e: Error) => again(e.message),
    )
  }
  const whenIdle = () => {
    const delay = navigator.serviceWorker.controller ? 0 : 3000
    setTimeout(() => {
      if ('requestIdleCallback' in window) requestIdleCallback(register, { timeout: 5000 })
      else register()
    }, delay)
  }
  if (document.readyState === 'complete') whenIdle()
  else window.addEventListener('load', whenIdle, { once: true })
}

let servedFromStore = false
const listeners = new Set<() => void>()

function changed(): void {
  for (const listener of listeners) listener()
}

/** Notes where an API answer came from: the service worker's store means the server is out of reach. */
export function noteAnswer(response: Response): void {
  const fromStore = response.headers.has(OFFLINE_COPY_HEADER)
  if (fromStore === servedFromStore) return
  servedFromStore = fromStore
  changed()
}

/** True while the app is offline: the browser has no network, or the last answer was a stored one. */
export function isOffline(): boolean {
  return !navigator.onLine || servedFromStore
}

/**
 * Calls `onChange` when {@link isOffline} may have changed; returns the function that stops it (for
 * React's `useSyncExternalStore`).
 */
export function onOfflineChange(onChange: () => void): () => void {
  listeners.add(onChange)
  const onOnline = () => {
    // Back online: the next answer tells whether the server is reachable.
    servedFromStore = false
    changed()
  }
  window.addEventListener('online', onOnline)
  window.addEventListener('offline', onChange)
  return () => {
    listeners.delete(onChange)
    window.removeEventListener('online', onOnline)
    window.removeEventListener('offline', onChange)
  }
}
