/// <reference types="vite/client" />
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { registerServiceWorker } from './offline'
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

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)

// Only a build has a service worker (`vite build` writes sw.js); the dev server serves the sources.
if (import.meta.env.PROD) registerServiceWorker()
