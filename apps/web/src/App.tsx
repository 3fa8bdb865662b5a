import type { Taxonomy } from '@attrib/core'
import { lazy, Suspense, useEffect, useState, useSyncExternalStore } from 'react'
import { ArticleList } from './ArticleList'
import { ArticleView } from './ArticleView'
import { fetchTaxonomy } from './api'
import { NamePrompt } from './NamePrompt'
import { isOffline, onOfflineChange } from './offline'
import { SignIn } from './SignIn'
import { mayEdit, onSessionExpired, type Session, type SessionUser, signOut } from './session'
import { type StartupAnswers, startupAnswers } from './startupAnswers'
import { colorFor, loadUser, type User } from './user'

// Loaded on first visit: the charts (Observable Plot, d3), adjudication and comparison would otherwise
// weigh on opening every article. The service worker precaches them, so they open offline too.
const Dashboard = lazy(() => import('./review/Dashboard').then((m) => ({ default: m.Dashboard })))
const AdjudicatePage = lazy(() =>
  import('./review/AdjudicatePage').then((m) => ({ default: m.AdjudicatePage })),
)
const ComparePage = lazy(() => import('./review/ComparePage').then((m) => ({ default: m.ComparePage })))
const LabelsPage = lazy(() => import('./LabelsPage').then((m) => ({ default: m.LabelsPage })))
const SourcesPage = lazy(() => import('./sources/SourcesPage').then((m) => ({ default: m.SourcesPage })))
const SourcePage = lazy(() => import('./sources/SourcesPage').then((m) => ({ default: m.SourcePage })))
const DecisionsPage = lazy(() =>
  import('./sources/DecisionsPage').then((m) => ({ default: m.DecisionsPage })),
)
const SentencesPage = lazy(() =>
  import('./sentences/SentencesPage').then((m) => ({ default: m.SentencesPage })),
)

function useHashRoute(): string {
  const [hash, setHash] = useState(location.hash)
  useEffect(() => {
    const onChange = () => setHash(location.hash)
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return hash
}

/**
 * The app: the article list at `#/`, an article at `#/a/<id>`. `startup`: the session and the taxonomy
 * when they came before the first render (an article's preview is then drawn in its wake, OPEN5).
 */
export function App({ startup = null }: { startup?: StartupAnswers | null }) {
  const [localUser, setLocalUser] = useState<User | null>(() => loadUser())
  // Null until `GET /api/session` answered: nothing is fetched before we know whether to sign in.
  const [session, setSession] = useState<Session | null>(startup?.session ?? null)
  const [expired, setExpired] = useState(false)
  const [taxonomy, setTaxonomy] = useState<Taxonomy | null>(startup?.taxonomy ?? null)
  const [renaming, setRenaming] = useState(false)
  const hash = useHashRoute()
  const offline = useSyncExternalStore(onOfflineChange, isOffline)

  useEffect(() => {
    void startupAnswers().then((answers) => {
      setSession((s) => s ?? answers.session)
      setTaxonomy((t) => t ?? answers.taxonomy)
    })
    return onSessionExpired(() => {
      setExpired(true)
      setSession((s) => (s?.auth ? { auth: true, user: null } : s))
    })
  }, [])

  const auth = session?.auth ?? false
  const account: SessionUser | null = auth ? (session?.user ?? null) : null
  // With sign-in on, the name comes from the session; without, from the name prompt.
  const user: User | null = !session
    ? null
    : auth
      ? account && { name: account.name, color: colorFor(account.name) }
      : localUser
  const canEdit = mayEdit(account)
  // Without sign-in everyone decides as a reviewer (the server's rule).
  const role = auth ? (account?.role ?? 'viewer') : 'reviewer'

  // biome-ignore lint/correctness/useExhaustiveDependencies: fetched once someone is signed in (a new object each render)
  useEffect(() => {
    if (user && !taxonomy) void fetchTaxonomy().then(setTaxonomy)
  }, [user?.name])

  const onSignedIn = (signedIn: SessionUser) => {
    setExpired(false)
    setSession({ auth: true, user: signedIn })
    // `replace`: the invite token does not stay in the history.
    if (/^#\/invite\//.test(location.hash))
      location.replace(signedIn.doc ? `#/a/${encodeURIComponent(signedIn.doc)}` : '#/')
  }

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
  // `#/invite/<token>`: an invite link from `attrib token --url`.
  const inviteMatch = /^#\/invite\/(.+)$/.exec(hash)
  const invite = inviteMatch ? decodeURIComponent(inviteMatch[1]!) : null
  // `#/sources?q=…&outlet=…&type=…`: the source index; `#/sources/<id>`: one source's citations.
  const sourcesMatch = /^#\/sources(?:\/([^?]+))?(?:\?(.*))?$/.exec(hash)
  // `#/sources/decisions`: people's merges and splits (the server's `/api/sources/decisions` reserves the id too).
  const isDecisions = sourcesMatch?.[1] === 'decisions'
  const sourceId = sourcesMatch?.[1] && !isDecisions ? decodeURIComponent(sourcesMatch[1]) : null
  // `#/sentences?label=…&source=…&q=…`: the sentence search with its filters.
  const sentencesMatch = /^#\/sentences(?:\?(.*))?$/.exec(hash)
  const isList =
    !articleId &&
    !adjudicateId &&
    !compareIds &&
    hash !== '#/labels' &&
    !isReview &&
    !invite &&
    !sourcesMatch &&
    !sentencesMatch

  return (
    <div className="app">
      <header className="topbar">
        <a href="#/" className="brand">
          Attrib
        </a>
        <span className="tagline">source attribution editor</span>
        <span className="spacer" />
        {/* An article's status bar says it already, from its websocket's state. */}
        {offline && !articleId && (
          <span className="offline-note" role="status" data-testid="offline">
            offline — changes are kept in this browser
          </span>
        )}
        <a href="#/review">Review</a>
        <a href="#/sources">Sources</a>
        <a href="#/sentences">Sentences</a>
        <a href="#/compare">Compare</a>
        <a href="#/labels">Source types</a>
        {user && !auth && (
          <button type="button" className="link" onClick={() => setRenaming(true)} title="Change your name">
            <span className="dot" style={{ background: user.color }} /> {user.name}
          </button>
        )}
        {user && account && (
          <>
            <span className="account" data-testid="account">
              <span className="dot" style={{ background: user.color }} /> {account.name}{' '}
              <span className="role">{account.role}</span>
            </span>
            <button
              type="button"
              className="link"
              onClick={() => void signOut().finally(() => location.reload())}
            >
              Sign out
            </button>
          </>
        )}
      </header>
      {auth && (invite || !account) && (
        <SignIn
          key={invite ?? ''}
          invite={invite ?? undefined}
          reason={expired && !invite ? 'Your session has expired — sign in again.' : undefined}
          onSignedIn={onSignedIn}
        />
      )}
      {session && !auth && (!user || renaming) && (
        <NamePrompt
          initial={user?.name ?? ''}
          onDone={(u) => {
            setLocalUser(u)
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
          viewOnly={!canEdit}
          role={role}
        />
      )}
      <Suspense fallback={<p>Loading…</p>}>
        {user && taxonomy && adjudicateId && (
          <AdjudicatePage
            key={adjudicateId}
            articleId={adjudicateId}
            user={user}
            taxonomy={taxonomy}
            readOnly={!canEdit}
          />
        )}
        {user && taxonomy && hash === '#/labels' && (
          <LabelsPage taxonomy={taxonomy} onSaved={setTaxonomy} readOnly={!canEdit} />
        )}
        {user && taxonomy && compareIds && <ComparePage taxonomy={taxonomy} ids={compareIds} />}
        {user && taxonomy && isReview && <Dashboard taxonomy={taxonomy} />}
        {user && taxonomy && sourcesMatch && !sourceId && !isDecisions && (
          <SourcesPage taxonomy={taxonomy} query={sourcesMatch[2] ?? ''} />
        )}
        {user && taxonomy && sourceId && (
          <SourcePage
            key={hash}
            id={sourceId}
            taxonomy={taxonomy}
            query={sourcesMatch?.[2] ?? ''}
            role={role}
            user={account?.name}
          />
        )}
        {user && isDecisions && <DecisionsPage role={role} user={account?.name} />}
        {user && taxonomy && sentencesMatch && (
          <SentencesPage taxonomy={taxonomy} query={sentencesMatch[1] ?? ''} />
        )}
      </Suspense>
      {user && isList && account?.doc && (
        <main className="list">
          <p>
            Your invite opens one article:{' '}
            <a href={`#/a/${encodeURIComponent(account.doc)}`}>{account.doc}</a>
          </p>
        </main>
      )}
      {user && isList && !account?.doc && (
        <ArticleList canImport={canEdit} canDelete={!auth || account?.role === 'reviewer'} />
      )}
    </div>
  )
}
