/**
 * The service worker (`/sw.js`, built by the `serviceWorker` plugin in vite.config.ts): the app opens
 * without a network (OFF1) and never serves stale data while there is one.
 *   - navigations: the network (through navigation preload, so the worker's start-up does not delay the
 *     page), and this build's `index.html` when the network fails;
 *   - `/assets/*` (hashed, never change under their name): all precached at install, so the screens
 *     that load on demand open offline too, and served from there once the network or the server has
 *     failed; until then left to the browser's HTTP cache (a year, immutable: no request either).
 *     Served from the worker's cache, the same scripts made a new tab slower in the editor benchmark
 *     (a 10,000-sentence article's copy applied 0.3–0.7 s later; likely V8's code cache, which the HTTP
 *     cache keeps);
 *   - the answers the app needs to start (`/api/session`, `/api/taxonomy`, `/api/articles`): the
 *     network first, their last answer when it fails, marked with the `x-attrib-offline-copy` header
 *     (OFF2);
 *   - everything else (other API calls, the websocket): untouched.
 * The article texts are not here: y-indexeddb keeps each opened article's Y.Doc in the browser.
 *
 * Built on its own (one file, no imports left), since a classic worker script cannot import chunks.
 * Written against a few declared types rather than TypeScript's `webworker` lib, which cannot share a
 * program with the DOM lib the rest of the app uses.
 */

import { OFFLINE_COPY_HEADER } from './offline'

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void
}

interface FetchEvent extends ExtendableEvent {
  readonly request: Request
  readonly preloadResponse: Promise<Response | undefined>
  respondWith(response: Response | Promise<Response>): void
}

interface WorkerScope {
  skipWaiting(): Promise<void>
  readonly clients: { claim(): Promise<void> }
  readonly registration: { readonly navigationPreload?: { enable(): Promise<void> } }
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void
}

/** What the build replaces with this build's files (the app shell `/` and every hashed asset). */
declare const __ATTRIB_PRECACHE__: { version: string; files: string[] }

/** API answers kept for starting offline; their cache outlives builds. */
const API_KEPT = new Set(['/api/session', '/api/taxonomy', '/api/articles'])
const API_CACHE = 'attrib-api'

/** Sets up the worker in `scope` (the worker's global `self`). */
export function startServiceWorker(scope: WorkerScope, precache: { version: string; files: string[] }): void {
  const shellCache = `attrib-shell-${precache.version}`

  scope.addEventListener('install', (event) => {
    event.waitUntil(
      (async () => {
        const cache = await caches.open(shellCache)
        await cache.addAll(precache.files)
        // A new build takes over at once: its index.html and assets come as one set from its cache.
        await scope.skipWaiting()
      })(),
    )
  })

  scope.addEventListener('activate', (event) => {
    event.waitUntil(
      (async () => {
        await scope.registration.navigationPreload?.enable()
        for (const name of await caches.keys())
          if (name !== shellCache && name !== API_CACHE) await caches.delete(name)
        // The page that registered the worker is controlled too, so it works offline without a reload.
        await scope.clients.claim()
        // The page asked for these before the worker was there: keep an answer for going offline now.
        const cache = await caches.open(API_CACHE)
        await Promise.allSettled(
          [...API_KEPT].map(async (path) => {
            const response = await fetch(path)
            if (response.ok) await cache.put(path, response)
          }),
        )
      })(),
    )
  })

  // Whether the last navigation or start-up API request failed (no network, or the server is away).
  let unreachable = false
  const reached = (ok: boolean) => {
    unreachable = !ok
  }

  scope.addEventListener('fetch', (event) => {
    const { request } = event
    if (request.method !== 'GET') return
    const url = new URL(request.url)
    if (url.origin !== location.origin) return
    if (request.mode === 'navigate') event.respondWith(navigate(event, shellCache, reached))
    else if (url.pathname.startsWith('/assets/')) {
      if (unreachable || !navigator.onLine) event.respondWith(cacheFirst(request, shellCache))
    } else if (API_KEPT.has(url.pathname) && url.search === '')
      event.respondWith(networkFirst(request, reached))
  })
}

async function navigate(
  event: FetchEvent,
  shellCache: string,
  reached: (ok: boolean) => void,
): Promise<Response> {
  try {
    const response = (await event.preloadResponse) ?? (await fetch(event.request))
    reached(true)
    return response
  } catch {
    reached(false)
    return (await caches.match('/', { cacheName: shellCache })) ?? Response.error()
  }
}

async function cacheFirst(request: Request, shellCache: string): Promise<Response> {
  // ignoreVary: the server varies on Accept-Encoding, which a Request object never carries.
  const cached = await caches.match(request, { cacheName: shellCache, ignoreVary: true })
  if (cached) return cached
  const response = await fetch(request)
  if (response.ok) {
    const copy = response.clone()
    void caches.open(shellCache).then((cache) => cache.put(request, copy))
  }
  return response
}

async function networkFirst(request: Request, reached: (ok: boolean) => void): Promise<Response> {
  try {
    const response = await fetch(request)
    reached(true)
    if (response.ok) {
      const copy = response.clone()
      void caches.open(API_CACHE).then((cache) => cache.put(request, copy))
    }
    return response
  } catch (error) {
    reached(false)
    const cached = await caches.match(request, { cacheName: API_CACHE, ignoreVary: true })
    if (!cached) throw error
    const headers = new Headers(cached.headers)
    headers.set(OFFLINE_COPY_HEADER, '1')
    return new Response(cached.body, { status: cached.status, statusText: cached.statusText, headers })
  }
}

// In the built worker; not when a test or the app imports this module for its names.
if (typeof __ATTRIB_PRECACHE__ !== 'undefined')
  startServiceWorker(self as unknown as WorkerScope, __ATTRIB_PRECACHE__)
