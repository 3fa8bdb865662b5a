import type { Taxonomy } from '@attrib/core'
import { useEffect, useState } from 'react'
import { ArticleList } from './ArticleList'
import { ArticleView } from './ArticleView'
import { fetchTaxonomy } from './api'
import { LabelsPage } from './LabelsPage'
import { NamePrompt } from './NamePrompt'
import { loadUser, type User } from './user'

function useHashRoute(): string {
  const [hash, setHash] = useState(location.hash)
  useEffect(() => {
    const onChange = () => setHash(location.hash)
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return hash
}

/** The app: the article list at `#/`, an article at `#/a/<id>`. */
export function App() {
  const [user, setUser] = useState<User | null>(() => loadUser())
  const [taxonomy, setTaxonomy] = useState<Taxonomy | null>(null)
  const [renaming, setRenaming] = useState(false)
  const hash = useHashRoute()

  useEffect(() => {
    void fetchTaxonomy().then(setTaxonomy)
  }, [])

  const match = /^#\/a\/(.+)$/.exec(hash)
  const articleId = match ? decodeURIComponent(match[1]!) : null

  return (
    <div className="app">
      <header className="topbar">
        <a href="#/" className="brand">
          Attrib
        </a>
        <span className="tagline">source attribution editor</span>
        <span className="spacer" />
        <a href="#/labels">Source types</a>
        {user && (
          <button type="button" className="link" onClick={() => setRenaming(true)} title="Change your name">
            <span className="dot" style={{ background: user.color }} /> {user.name}
          </button>
        )}
      </header>
      {(!user || renaming) && (
        <NamePrompt
          initial={user?.name ?? ''}
          onDone={(u) => {
            setUser(u)
            setRenaming(false)
          }}
        />
      )}
      {user && taxonomy && articleId && (
        <ArticleView key={articleId} articleId={articleId} user={user} taxonomy={taxonomy} />
      )}
      {user && taxonomy && hash === '#/labels' && <LabelsPage taxonomy={taxonomy} onSaved={setTaxonomy} />}
      {user && !articleId && hash !== '#/labels' && <ArticleList />}
    </div>
  )
}
