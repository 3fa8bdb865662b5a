/// <reference types="vite/client" />
import { StrictMode, startTransition } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { registerServiceWorker } from './offline'
import { type StartupAnswers, startupAnswers } from './startupAnswers'
import { dropPreopened, preopenArticle } from './useCollab'
import './styles.css'

// An article's address: its document starts loading (browser copy, then websocket) while the session
// and the taxonomy are fetched, instead of after them.
const article = /^#\/a\/([^?]+)/.exec(location.hash)
if (article) {
  preopenArticle(decodeURIComponent(article[1]!))
  // Gone elsewhere before the article was shown (the editor takes it over when it mounts).
  window.addEventListener('hashchange', dropPreopened, { once: true })
}

/** How long the first render waits for the session and the taxonomy (ms). */
const STARTUP_WAIT_MS = 500

const root = createRoot(document.getElementById('root')!)
// As a transition, React renders the app in slices of a few ms with the page's turns between them: the
// first render of an article's page (its components' code compiled as it first runs) was one task of up
// to ~130 ms, traced.
const render = (startup: StartupAnswers | null) =>
  startTransition(() =>
    root.render(
      <StrictMode>
        <App startup={startup} />
      </StrictMode>,
    ),
  )
// They were asked for at the page's start and are usually in by now: rendered with them, an article's page
// is drawn in its first render (OPEN5); a slow server does not keep the page blank for long.
void Promise.race([
  startupAnswers(),
  new Promise<null>((resolve) => setTimeout(() => resolve(null), STARTUP_WAIT_MS)),
]).then(render)

// Only a build has a service worker (`vite build` writes sw.js); the dev server serves the sources.
if (import.meta.env.PROD) registerServiceWorker()
