import type { Taxonomy } from '@attrib/core'
import { lazy, Suspense, useEffect, useState } from 'react'
import { ArticleList } from './ArticleList'
import { ArticleView } from './ArticleView'
import { fetchTaxonomy } from './api'
import { LabelsPage } from './LabelsPage'
import { NamePrompt } from './NamePrompt'
import { AdjudicatePage } from './review/AdjudicatePage'
import { ComparePage } from './review/ComparePage'
import { loadUser, type User } from './user'

// Loaded on first visit: the charts (Observable Plot, d3) would otherwise weigh on every page.
const Dashboard = lazy(() => import('./review/Dashboard').then((m) => ({ default: m.Dashboard })))

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

  // `#/a/<id>?s=3,7` (sentences to show) or `?label=quote` (the sentences carrying a label).
  const match = /^#\/a\/([^?]+)(?:\?(.*))?$/.exec(hash)
  const articleId = match ? decodeURIComponent(match[1]!) : null
  const articleQuery = new URLSearchParams(match?.[2] ?? '')
  // `#/review?outlet=…&annotator=…&from=…&to=…`: the dashboard with its filters.
  const isReview = hash === '#/review' || hash.startsWith('#/review?')
  const adjudicateMatch = /^#\/adjudicate\/([^?]+)$/.exec(hash)
  const adjudicateId = adjudicateMatch ? decodeURIComponent(adjudicateMatch[1]!) : null
  // `#/compare?ids=a,b`: the story comparison; without ids, its article picker.
  const compareMatch = /^#\/compare(?:\?(.*))?$/.exec(hash)
  const compareIds = compareMatch
    ? (new URLSearchParams(compareMatch[1] ?? '').get('ids') ?? '').split(',').filter((id) => id !== '')
    : null

  return (
    <div className="app">
      <header className="topbar">
        <a href="#/" className="brand">
          Attrib
        </a>
        <span className="tagline">source attribution editor</span>
        <span className="spacer" />
        <a href="#/review">Review</a>
        <a href="#/compare">Compare</a>
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
        <ArticleView
          key={articleId}
          articleId={articleId}
          user={user}
          taxonomy={taxonomy}
          focus={articleQuery.get('s') ?? ''}
          focusLabel={articleQuery.get('label') ?? ''}
        />
      )}
      {user && taxonomy && adjudicateId && (
        <AdjudicatePage key={adjudicateId} articleId={adjudicateId} user={user} taxonomy={taxonomy} />
      )}
      {user && taxonomy && hash === '#/labels' && <LabelsPage taxonomy={taxonomy} onSaved={setTaxonomy} />}
      {user && taxonomy && compareIds && <ComparePage taxonomy={taxonomy} ids={compareIds} />}
      {user && taxonomy && isReview && (
        <Suspense fallback={<p>Loading…</p>}>
          <Dashboard taxonomy={taxonomy} />
        </Suspense>
      )}
      {user && !articleId && !adjudicateId && !compareIds && hash !== '#/labels' && !isReview && (
        <ArticleList />
      )}
    </div>
  )
}
