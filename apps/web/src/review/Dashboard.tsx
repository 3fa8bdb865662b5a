import { chartsOf, editorHref, unattributedHref } from '@attrib/charts'
import type { Taxonomy } from '@attrib/core'
import type { ArticleCoverage, CoverageReport } from '@attrib/review'
import { useEffect, useMemo, useRef, useState } from 'react'
import './dashboard.css'
import { sessionExpired } from '../session'
import { ChartFigure } from './ChartFigure'
import { OutletCharts } from './OutletCharts'
import { loadReviewReturn, saveReviewReturn, saveWalk, type Walk, type WalkMark, walkHref } from './walk'

/** The dashboard's filters, sent as the query of `GET /api/review/coverage`. */
interface Filters {
  outlets: string[]
  annotator: string
  from: string
  to: string
}

const NO_FILTERS: Filters = { outlets: [], annotator: '', from: '', to: '' }

/** How long after a change event the dashboard refetches; more events in between ride along. */
const REFETCH_DELAY_MS = 300

/** The query string of the filters (empty filters are left out). */
export function coverageQuery(filters: Filters): string {
  const params = new URLSearchParams()
  if (filters.outlets.length > 0) params.set('outlet', filters.outlets.join(','))
  if (filters.annotator) params.set('annotator', filters.annotator)
  if (filters.from) params.set('from', filters.from)
  if (filters.to) params.set('to', filters.to)
  return params.toString()
}

/** The filters a `#/review?outlet=…&annotator=…&from=…&to=…` address carries. */
export function filtersFromHash(hash: string): Filters {
  const query = hash.startsWith('#/review?') ? hash.slice('#/review?'.length) : ''
  const params = new URLSearchParams(query)
  const date = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : '')
  return {
    outlets: (params.get('outlet') ?? '').split(',').filter((o) => o !== ''),
    annotator: params.get('annotator') ?? '',
    from: date(params.get('from')),
    to: date(params.get('to')),
  }
}

type SortKey =
  | 'title'
  | 'outlet'
  | 'date'
  | 'sentences'
  | 'attributed'
  | 'attributedShare'
  | 'anonymousShare'
  | 'quotes'
  | 'namedSources'
  | 'unattributed'
  | 'disagreements'
  | 'alpha'
  | `label:${string}`

function sortValue(a: ArticleCoverage, key: SortKey): string | number {
  if (key.startsWith('label:')) return a.perLabel[key.slice(6)]?.sentences ?? 0
  switch (key) {
    case 'title':
      return (a.title || a.id).toLowerCase()
    case 'outlet':
      return a.outlet ?? ''
    case 'date':
      return a.date ?? ''
    case 'namedSources':
      return a.namedSources.length
    case 'unattributed':
      return a.unattributed.length
    case 'disagreements':
      return a.agreement.disagreements
    case 'alpha':
      return a.agreement.alpha ?? -2
    default:
      return a[key as 'sentences' | 'attributed' | 'attributedShare' | 'anonymousShare' | 'quotes']
  }
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`
}

/** Fetches the coverage report for the filters, and again (debounced) whenever the server reports a change. */
function useCoverage(filters: Filters) {
  const [report, setReport] = useState<CoverageReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [live, setLive] = useState<'connecting' | 'live' | 'offline'>('connecting')
  const [changes, setChanges] = useState(0)
  const query = coverageQuery(filters)

  // biome-ignore lint/correctness/useExhaustiveDependencies: `changes` counts change events; each one refetches
  useEffect(() => {
    const controller = new AbortController()
    fetch(`/api/review/coverage${query ? `?${query}` : ''}`, { signal: controller.signal })
      .then(async (res) => {
        if (res.status === 401) sessionExpired()
        const body = (await res.json()) as CoverageReport & { error?: string }
        if (!res.ok) throw new Error(body.error ?? `${res.status}`)
        setReport(body)
        setError(null)
      })
      .catch((e: Error) => {
        if (e.name !== 'AbortError') setError(`Could not load the coverage: ${e.message}`)
      })
    return () => controller.abort()
  }, [query, changes])

  useEffect(() => {
    const source = new EventSource('/api/review/events')
    let timer: ReturnType<typeof setTimeout> | null = null
    let opened = false
    source.onopen = () => {
      setLive('live')
      // After a reconnect, changes made while the stream was down were never announced: fetch again.
      if (opened) setChanges((n) => n + 1)
      opened = true
    }
    source.onerror = () => setLive(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting')
    source.addEventListener('change', () => {
      if (timer) return
      timer = setTimeout(() => {
        timer = null
        setChanges((n) => n + 1)
      }, REFETCH_DELAY_MS)
    })
    return () => {
      if (timer) clearTimeout(timer)
      source.close()
    }
  }, [])

  return { report, error, live }
}

/** How many articles the per-article charts draw (in the table's order); the table lists them all. */
const CHART_ARTICLES = 40
/** Rows the table draws until asked for all: thousands of rows of links make the page sluggish. */
const TABLE_ROWS = 200

/**
 * A total at the top. With `walk`, it is a link to its sentences: the first article of the walk in the
 * editor, where next / previous go through the rest (UI4).
 */
function Figure({
  value,
  label,
  testId,
  walk,
  title,
}: {
  value: string | number
  label: string
  testId: string
  walk?: Walk
  title?: string
}) {
  const inner = (
    <>
      <b data-testid={testId}>{value}</b>
      <span>{label}</span>
    </>
  )
  if (!walk || walk.steps.length === 0)
    return (
      <div className="dashboard-figure" title={title}>
        {inner}
      </div>
    )
  return (
    <a
      className="dashboard-figure dashboard-figure-link"
      href={walkHref(walk, 0)}
      title={title ?? `Show the ${walk.title} in the editor, article by article`}
      data-testid={`${testId}-link`}
      onClick={() => saveWalk(walk)}
    >
      {inner}
    </a>
  )
}

/** A walk over the articles (in the table's order) whose sentences `mark` picks out. */
function walkOver(
  title: string,
  articles: readonly ArticleCoverage[],
  include: (a: ArticleCoverage) => boolean,
  mark: (a: ArticleCoverage) => WalkMark,
): Walk {
  return {
    title,
    steps: articles.filter(include).map((a) => ({ id: a.id, title: a.title || a.id, mark: mark(a) })),
  }
}

/** The source-name count of an article, linking to the sentences that were given a source name. */
function SourceNamesLink({ article }: { article: ArticleCoverage }) {
  const walk = walkOver(
    'sentences with a source name',
    [article],
    () => true,
    () => ({ kind: 'source' }),
  )
  return (
    <a href={walkHref(walk, 0)} onClick={() => saveWalk(walk)}>
      {article.namedSources.length}
    </a>
  )
}

/** A story's name for people: the titles of its articles, not its id. */
function storyName(key: string, articles: readonly ArticleCoverage[]): string {
  if (key === '(none)') return 'No story given'
  const titles = articles.filter((a) => a.story === key).map((a) => a.title || a.id)
  if (titles.length === 0) return key
  return titles.length === 1 ? titles[0]! : `${titles[0]} (+${titles.length - 1} more)`
}

/**
 * The review dashboard at `#/review`: corpus figures, the coverage charts and the charts of sources per
 * outlet (the registry of @attrib/charts), a sortable table of articles, each annotator's progress, filters
 * by outlet, date and annotator, and live updates from `/api/review/events`. Every figure that stands for sentences links to them in the editor.
 */
export function Dashboard({ taxonomy }: { taxonomy: Taxonomy }) {
  const [filters, setFilters] = useState<Filters>(() => filtersFromHash(location.hash))
  // The address carries the filters, so a filtered view can be bookmarked and shared.
  useEffect(() => {
    const query = coverageQuery(filters)
    const hash = `#/review${query ? `?${query}` : ''}`
    if (location.hash !== hash) history.replaceState(null, '', hash)
  }, [filters])
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'title', descending: false })
  const { report, error, live } = useCoverage(filters)
  const [allRows, setAllRows] = useState(false)

  const articles = useMemo(() => {
    if (!report) return []
    const sign = sort.descending ? -1 : 1
    return [...report.articles].sort((a, b) => {
      const x = sortValue(a, sort.key)
      const y = sortValue(b, sort.key)
      return x < y ? -sign : x > y ? sign : a.id < b.id ? -1 : 1
    })
  }, [report, sort])

  const corpus = report?.corpus
  // Every chart of the registry drawn from the coverage report, redrawn when the report or the order changes.
  const coverageCharts = useMemo(
    () =>
      corpus
        ? chartsOf('coverage').map((chart) => ({
            chart,
            draw: () =>
              chart.draw({ articles, corpus, taxonomy }, { width: 720, maxArticles: CHART_ARTICLES }),
          }))
        : [],
    [articles, corpus, taxonomy],
  )
  // What each total at the top stands for, walked article by article in the table's order.
  const walks = useMemo(
    () => ({
      articles: walkOver(
        'articles',
        articles,
        () => true,
        () => ({ kind: 'none' }),
      ),
      attributed: walkOver(
        'attributed sentences',
        articles,
        (a) => a.attributed > 0,
        () => ({ kind: 'any' }),
      ),
      anonymous: walkOver(
        'sentences tagged anonymous',
        articles,
        (a) => a.anonymous > 0,
        () => ({ kind: 'label', label: 'anonymous_official' }),
      ),
      quotes: walkOver(
        'quotes',
        articles,
        (a) => a.quotes > 0,
        () => ({ kind: 'label', label: 'quote' }),
      ),
      unattributed: walkOver(
        'unattributed sentences',
        articles,
        (a) => a.unattributed.length > 0,
        (a) => ({ kind: 'indexes', indexes: a.unattributed.map((u) => u.index) }),
      ),
      sources: walkOver(
        'sentences with a source name',
        articles,
        (a) => a.namedSources.length > 0,
        () => ({ kind: 'source' }),
      ),
    }),
    [articles],
  )

  // Back from the editor: the same filters (the address) and the same scroll position.
  const restored = useRef(false)
  useEffect(() => {
    if (!report || restored.current) return
    restored.current = true
    const back = loadReviewReturn()
    if (!back || back.hash !== location.hash) return
    // The charts and the table grow the page over a few frames: scroll until it is tall enough.
    let frames = 0
    const scroll = () => {
      window.scrollTo(0, back.scrollY)
      if (Math.abs(window.scrollY - back.scrollY) > 1 && ++frames < 60) requestAnimationFrame(scroll)
    }
    requestAnimationFrame(scroll)
  }, [report])
  const tagged = (n: number) => (corpus && corpus.sentences > 0 ? n / corpus.sentences : 0)

  const header = (key: SortKey, text: string, numeric = true) => (
    <th
      className={numeric ? 'num' : undefined}
      aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
      data-testid={`sort-${key}`}
      onClick={() => setSort((s) => ({ key, descending: s.key === key ? !s.descending : numeric }))}
    >
      {text}
      {sort.key === key ? (sort.descending ? ' ▾' : ' ▴') : ''}
    </th>
  )

  return (
    // Any link followed from here remembers where the dashboard was, for the editor's "Back to the review".
    <main
      className="dashboard"
      onClickCapture={(e) => {
        const link = (e.target as Element).closest?.('a[href^="#/"]')
        if (link) saveReviewReturn(link.getAttribute('href') ?? '')
      }}
    >
      <div className="dashboard-head">
        <h1>Review</h1>
        <span className={`dashboard-live dashboard-live-${live}`} data-testid="review-live" data-live={live}>
          {live === 'live' ? 'live' : live}
        </span>
        <span className="spacer" />
        <form className="dashboard-filters" onSubmit={(e) => e.preventDefault()}>
          <label>
            Outlet{' '}
            <select
              multiple
              data-testid="filter-outlet"
              value={filters.outlets}
              disabled={(report?.outlets ?? []).length === 0}
              onChange={(e) =>
                setFilters((f) => ({ ...f, outlets: [...e.target.selectedOptions].map((o) => o.value) }))
              }
            >
              {(report?.outlets ?? []).map((o) => (
                <option key={o} value={o}>
                  {o === '(none)' ? 'No outlet given' : o}
                </option>
              ))}
            </select>
          </label>
          {report?.outlets.every((o) => o === '(none)') && (
            <span className="muted dashboard-no-outlets" data-testid="filter-outlet-empty">
              No outlets yet: give an article its outlet in its details (Details in the article).
            </span>
          )}
          <label>
            Annotator{' '}
            <select
              data-testid="filter-annotator"
              value={filters.annotator}
              onChange={(e) => setFilters((f) => ({ ...f, annotator: e.target.value }))}
            >
              <option value="">everyone</option>
              {(report?.annotators ?? []).map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
          <label>
            From{' '}
            <input
              type="date"
              data-testid="filter-from"
              value={filters.from}
              onChange={(e) => setFilters((f) => ({ ...f, from: e.target.value }))}
            />
          </label>
          <label>
            To{' '}
            <input
              type="date"
              data-testid="filter-to"
              value={filters.to}
              onChange={(e) => setFilters((f) => ({ ...f, to: e.target.value }))}
            />
          </label>
          <button type="button" className="link" onClick={() => setFilters(NO_FILTERS)}>
            Clear
          </button>
        </form>
      </div>
      {error && <p className="error">{error}</p>}
      {!report && !error && <p>Loading…</p>}
      {report && corpus && (
        <>
          <section className="dashboard-figures">
            <Figure value={corpus.articles} label="articles" testId="corpus-articles" walk={walks.articles} />
            <Figure
              value={corpus.sentences}
              label="sentences"
              testId="corpus-sentences"
              walk={walks.articles}
            />
            <Figure
              value={corpus.attributed}
              label="attributed sentences"
              testId="corpus-attributed"
              walk={walks.attributed}
            />
            <Figure
              value={percent(corpus.attributedShare)}
              label="attributed"
              testId="corpus-attributed-share"
              walk={walks.attributed}
            />
            <Figure
              value={percent(corpus.anonymousShare)}
              label="anonymous (of attributed)"
              testId="corpus-anonymous-share"
              walk={walks.anonymous}
            />
            <Figure value={corpus.quotes} label="quotes" testId="corpus-quotes" walk={walks.quotes} />
            <Figure
              value={corpus.unattributed}
              label="unattributed sentences"
              testId="corpus-unattributed"
              walk={walks.unattributed}
            />
            <Figure
              value={corpus.namedSources.length}
              label="source names given"
              testId="corpus-named-sources"
              walk={walks.sources}
              title="Distinct source names typed in the side panel (sentences tagged Named source are counted in the Named source column)"
            />
          </section>
          {articles.length > CHART_ARTICLES && (
            <p className="muted">
              The charts show the first {CHART_ARTICLES} of {articles.length} articles in the table's order.
            </p>
          )}
          <section className="dashboard-charts">
            {coverageCharts.map(({ chart, draw }) => (
              <ChartFigure key={chart.id} title={chart.title} draw={draw} testId={`chart-${chart.id}`} />
            ))}
          </section>
          <OutletCharts filters={filters} refresh={report} />
          <h2>Articles</h2>
          <div className="dashboard-table">
            <table className="articles">
              <thead>
                <tr>
                  {header('title', 'Title', false)}
                  {header('outlet', 'Outlet', false)}
                  {header('date', 'Date', false)}
                  {header('sentences', 'Sentences')}
                  {header('attributed', 'Attributed')}
                  {header('attributedShare', 'Share')}
                  {header('anonymousShare', 'Anonymous')}
                  {header('quotes', 'Quotes')}
                  {header('namedSources', 'Source names')}
                  {header('unattributed', 'Unattributed')}
                  {header('disagreements', 'Disagreements')}
                  {header('alpha', 'Agreement α')}
                  {taxonomy.labels.map((l) => (
                    <th
                      key={l.id}
                      className="num"
                      data-testid={`sort-label:${l.id}`}
                      onClick={() =>
                        setSort((s) => ({
                          key: `label:${l.id}`,
                          descending: s.key === `label:${l.id}` ? !s.descending : true,
                        }))
                      }
                    >
                      <span className="swatch" style={{ background: l.color }} /> {l.name}
                      {sort.key === `label:${l.id}` ? (sort.descending ? ' ▾' : ' ▴') : ''}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {(allRows ? articles : articles.slice(0, TABLE_ROWS)).map((a) => (
                  <tr key={a.id} data-testid={`article-row-${a.id}`}>
                    <td>
                      <a href={editorHref(a.id)}>{a.title || a.id}</a>
                    </td>
                    <td>{a.outlet ?? '—'}</td>
                    <td>{a.date ?? '—'}</td>
                    <td className="num">{a.sentences}</td>
                    <td className="num" data-testid={`article-attributed-${a.id}`}>
                      {a.attributed}
                    </td>
                    <td className="num" data-testid={`article-attributed-share-${a.id}`}>
                      {percent(a.attributedShare)}
                    </td>
                    <td className="num">
                      <a href={editorHref(a.id, { label: 'anonymous_official' })}>
                        {percent(a.anonymousShare)}
                      </a>
                    </td>
                    <td className="num">
                      <a href={editorHref(a.id, { label: 'quote' })}>{a.quotes}</a>
                    </td>
                    <td
                      className="num"
                      title={
                        a.namedSources.length > 0
                          ? `Source names given in the side panel: ${a.namedSources.join(', ')}`
                          : 'No source name given in the side panel yet'
                      }
                    >
                      {a.namedSources.length > 0 ? <SourceNamesLink article={a} /> : 0}
                    </td>
                    <td className="num">
                      <a href={unattributedHref(a)} data-testid={`article-unattributed-${a.id}`}>
                        {a.unattributed.length}
                      </a>
                    </td>
                    <td className="num">
                      <a
                        href={`#/adjudicate/${encodeURIComponent(a.id)}`}
                        data-testid={`article-disagreements-${a.id}`}
                        title={
                          a.adjudicated
                            ? 'Adjudicated: the figures are the final layer'
                            : 'Compare the annotators and decide'
                        }
                      >
                        {a.agreement.annotators < 2 ? '—' : a.agreement.disagreements}
                        {a.adjudicated ? ' ✓' : ''}
                      </a>
                    </td>
                    <td className="num" title="Krippendorff's alpha over the label sets of each sentence">
                      {a.agreement.alpha === null ? '—' : a.agreement.alpha.toFixed(2)}
                    </td>
                    {taxonomy.labels.map((l) => (
                      <td key={l.id} className="num">
                        <a
                          href={editorHref(a.id, { label: l.id })}
                          data-testid={`article-label-${a.id}-${l.id}`}
                        >
                          {a.perLabel[l.id]?.sentences ?? 0}
                        </a>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {!allRows && articles.length > TABLE_ROWS && (
            <p className="muted">
              {TABLE_ROWS} of {articles.length} articles, in the order chosen above.{' '}
              <button type="button" className="link" onClick={() => setAllRows(true)}>
                Show all
              </button>
            </p>
          )}
          <h2>Annotators</h2>
          <p className="muted">Progress counts the sentences an annotator tagged, of all sentences shown.</p>
          <table className="articles dashboard-annotators">
            <thead>
              <tr>
                <th>Annotator</th>
                <th className="num">Articles</th>
                <th className="num">Sentences tagged</th>
                <th
                  className="num"
                  title="Sentences up to the last one they tagged, summed over the articles"
                >
                  Read up to
                </th>
                <th className="num" title="Sentences they tagged, of all sentences of these articles">
                  Progress (tagged)
                </th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(corpus.annotators).map(([name, p]) => (
                <tr key={name} data-testid={`annotator-row-${name}`}>
                  <td>{name}</td>
                  <td className="num">{p.articles}</td>
                  <td className="num">{p.sentences}</td>
                  <td className="num">{p.reached}</td>
                  <td className="num" data-testid={`annotator-progress-${name}`}>
                    <progress max={1} value={tagged(p.sentences)} /> {percent(tagged(p.sentences))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Stories</h2>
          <table className="articles dashboard-stories">
            <thead>
              <tr>
                <th>Story</th>
                <th className="num">Articles</th>
                <th className="num">Attributed</th>
                <th className="num">Anonymous</th>
                <th className="num">Quotes</th>
                <th>Comparison</th>
              </tr>
            </thead>
            <tbody>
              {report.byStory.map(({ key, coverage: c }) => {
                const ids = articles.filter((a) => (a.story ?? '(none)') === key).map((a) => a.id)
                return (
                  <tr key={key} data-testid={`story-row-${key}`}>
                    <td title={key === '(none)' ? undefined : `story id: ${key}`}>
                      {storyName(key, articles)}
                    </td>
                    <td className="num">{c.articles}</td>
                    <td className="num">{percent(c.attributedShare)}</td>
                    <td className="num">{percent(c.anonymousShare)}</td>
                    <td className="num">{c.quotes}</td>
                    <td>
                      {key !== '(none)' && ids.length >= 2 && (
                        <a href={`#/compare?ids=${ids.map(encodeURIComponent).join(',')}`}>
                          Compare how each outlet attributes it
                        </a>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </>
      )}
    </main>
  )
}
