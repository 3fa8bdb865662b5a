import { type ArticleSnapshot, labelById, type Taxonomy, textColorOn } from '@attrib/core'
import { compareStory, type StoryComparison, type StorySentence } from '@attrib/review'
import { useEffect, useMemo, useState } from 'react'
import { type ArticleRow, fetchArticle, listArticles } from '../api'
import './compare.css'

/** The group of articles without a story in the picker. */
const NO_STORY = '(no story)'

/** The hash of the comparison of these articles. */
export function compareHash(ids: readonly string[]): string {
  return `#/compare?ids=${ids.map(encodeURIComponent).join(',')}`
}

/** The link to a sentence in the article view. */
function sentenceHref(articleId: string, index: number): string {
  return `#/a/${encodeURIComponent(articleId)}?s=${index}`
}

/** One article's snapshot; an error names the article. */
async function fetchSnapshot(id: string, signal: AbortSignal): Promise<ArticleSnapshot> {
  try {
    return await fetchArticle(id, signal)
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e
    throw new Error(`${id}: ${(e as Error).message}`)
  }
}

type Loaded =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; snapshots: ArticleSnapshot[] }

/**
 * Compares how outlets attribute one story: the claims their articles share side by side (a
 * column per article, label chips, source names, a marker where the attribution differs), the
 * claims only one article carries, and per outlet how it attributes the shared claims. With fewer
 * than two ids it shows a picker of articles grouped by story.
 */
export function ComparePage(props: { taxonomy: Taxonomy; ids: string[] }) {
  const { taxonomy, ids } = props
  if (ids.length < 2) return <ComparePicker initial={ids} />
  return <Comparison key={ids.join(',')} taxonomy={taxonomy} ids={ids} />
}

function Comparison({ taxonomy, ids }: { taxonomy: Taxonomy; ids: string[] }) {
  // Article ids never hold a comma; the joined string keeps the effect from refetching when the
  // parent passes an equal array anew.
  const joined = ids.join(',')
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' })
  const [onlyDiffering, setOnlyDiffering] = useState(false)

  useEffect(() => {
    const abort = new AbortController()
    Promise.all(joined.split(',').map((id) => fetchSnapshot(id, abort.signal)))
      .then((snapshots) => setLoaded({ state: 'ready', snapshots }))
      .catch((e: Error) => {
        if (!abort.signal.aborted) setLoaded({ state: 'error', message: e.message })
      })
    return () => abort.abort()
  }, [joined])

  const snapshots = loaded.state === 'ready' ? loaded.snapshots : null
  const story = useMemo<StoryComparison | null>(
    () => (snapshots ? compareStory(snapshots, { labels: taxonomy.labels.map((l) => l.id) }) : null),
    [snapshots, taxonomy],
  )

  if (loaded.state === 'loading') return <main className="compare">Loading the articles…</main>
  if (loaded.state === 'error' || !snapshots || !story) {
    return (
      <main className="compare">
        <p className="error">Could not load the articles: {loaded.state === 'error' ? loaded.message : ''}</p>
        <a href="#/compare">Pick other articles</a>
      </main>
    )
  }

  const differing = story.claims.filter((c) => c.differs).length
  const claims = onlyDiffering ? story.claims.filter((c) => c.differs) : story.claims

  return (
    <main className="compare">
      <div className="compare-head">
        <h1>Compare coverage</h1>
        <span className="spacer" />
        <a href="#/compare">Pick articles</a>
      </div>

      <section>
        <h2>
          Shared claims <span className="compare-count">{story.claims.length}</span>
          {differing > 0 && <span className="compare-count differs">{differing} attributed differently</span>}
        </h2>
        <label className="compare-filter">
          <input
            type="checkbox"
            checked={onlyDiffering}
            onChange={(e) => setOnlyDiffering(e.target.checked)}
          />{' '}
          Only claims attributed differently
        </label>
        <table className="compare-claims">
          <colgroup>
            <col className="compare-marker-col" />
            {snapshots.map((s) => (
              <col key={s.meta.id} />
            ))}
          </colgroup>
          <thead>
            <tr>
              <th scope="col">
                <span className="compare-hidden">Differs</span>
              </th>
              {snapshots.map((s) => (
                <th key={s.meta.id} scope="col" className="compare-article">
                  <a href={`#/a/${encodeURIComponent(s.meta.id)}`}>{s.meta.title || s.meta.id}</a>
                  <span className="muted">
                    {[s.meta.outlet, s.meta.date].filter(Boolean).join(' · ') || '—'}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {claims.map((claim) => (
              <tr
                key={claim.claim}
                className={claim.differs ? 'differs' : undefined}
                data-claim={claim.claim}
              >
                <td
                  className="compare-marker"
                  title={
                    claim.differs ? 'The articles attribute this claim differently' : 'Same source types'
                  }
                >
                  {claim.differs ? '≠' : ''}
                </td>
                {claim.sentences.map((s, k) => (
                  <td key={snapshots[k]!.meta.id}>
                    {s ? (
                      <SentenceCell sentence={s} taxonomy={taxonomy} />
                    ) : (
                      <span className="muted">not reported</span>
                    )}
                  </td>
                ))}
              </tr>
            ))}
            {claims.length === 0 && (
              <tr>
                <td colSpan={snapshots.length + 1} className="muted">
                  No shared claims{onlyDiffering ? ' attributed differently' : ''}.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>

      <section>
        <h2>
          Only in one article <span className="compare-count">{story.onlyOne.length}</span>
        </h2>
        <div className="compare-only">
          {snapshots.map((snapshot) => {
            const own = story.onlyOne.filter((s) => s.article === snapshot.meta.id)
            return (
              <div key={snapshot.meta.id} className="compare-only-article">
                <h3>
                  {snapshot.meta.outlet ?? snapshot.meta.title}{' '}
                  <span className="compare-count">{own.length}</span>
                </h3>
                {own.length === 0 && <p className="muted">Nothing of its own.</p>}
                <ul>
                  {own.map((s) => (
                    <li key={s.index}>
                      <SentenceCell sentence={s} taxonomy={taxonomy} />
                    </li>
                  ))}
                </ul>
              </div>
            )
          })}
        </div>
      </section>

      <section>
        <h2>How each outlet attributes the shared claims</h2>
        <table className="articles compare-summary">
          <thead>
            <tr>
              <th>Article</th>
              <th className="num">Shared</th>
              <th className="num">Attributed</th>
              {taxonomy.labels.map((l) => (
                <th key={l.id} className="num" title={l.description}>
                  <span className="swatch" style={{ background: l.color }} /> {l.name}
                </th>
              ))}
              <th>Named sources</th>
            </tr>
          </thead>
          <tbody>
            {story.summary.map((row) => (
              <tr key={row.article}>
                <td>
                  <a href={`#/a/${encodeURIComponent(row.article)}`}>{row.outlet ?? row.title}</a>
                  {row.outlet && <div className="muted">{row.title}</div>}
                </td>
                <td className="num">{row.shared}</td>
                <td className="num">
                  {row.attributed}
                  {row.shared > 0 && (
                    <span className="muted"> ({Math.round((row.attributed / row.shared) * 100)}%)</span>
                  )}
                </td>
                {taxonomy.labels.map((l) => (
                  <td key={l.id} className="num" data-label={l.id}>
                    {row.perLabel[l.id] ?? 0}
                  </td>
                ))}
                <td>
                  {row.namedSources.length > 0 ? (
                    row.namedSources.join(', ')
                  ) : (
                    <span className="muted">none</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  )
}

/** A sentence with a link to it in its article, its label chips and its sources. */
function SentenceCell({ sentence, taxonomy }: { sentence: StorySentence; taxonomy: Taxonomy }) {
  return (
    <div className="compare-sentence">
      <a href={sentenceHref(sentence.article, sentence.index)} title={`Sentence ${sentence.index + 1}`}>
        {sentence.text}
      </a>
      <div className="compare-attribution">
        {sentence.labels.length === 0 && <span className="muted">no label</span>}
        {sentence.labels.map((id) => {
          const label = labelById(taxonomy, id)
          const color = label?.color ?? '#888888'
          return (
            <span
              key={id}
              className="compare-chip"
              data-label={id}
              style={{ background: color, borderColor: color, color: textColorOn(color) }}
            >
              {label?.name ?? id}
            </span>
          )
        })}
        {sentence.sources.length > 0 && (
          <span className="compare-sources">{sentence.sources.join(', ')}</span>
        )}
      </div>
    </div>
  )
}

/** Grouped by story, stories in name order, articles without one last. */
function groupByStory(rows: ArticleRow[]): [string, ArticleRow[]][] {
  const groups = new Map<string, ArticleRow[]>()
  for (const row of rows) {
    const story = row.story?.trim() || NO_STORY
    const group = groups.get(story)
    if (group) group.push(row)
    else groups.set(story, [row])
  }
  return [...groups.entries()].sort(([a], [b]) =>
    a === NO_STORY ? 1 : b === NO_STORY ? -1 : a < b ? -1 : a > b ? 1 : 0,
  )
}

/** The article list grouped by story, with checkboxes and a Compare button. */
function ComparePicker({ initial }: { initial: string[] }) {
  const [rows, setRows] = useState<ArticleRow[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [selected, setSelected] = useState<string[]>(initial)

  useEffect(() => {
    let live = true
    listArticles()
      .then((r) => live && setRows(r))
      .catch((e: Error) => live && setError(`Could not load the articles: ${e.message}`))
    return () => {
      live = false
    }
  }, [])

  const toggle = (id: string, on: boolean) =>
    setSelected((s) => (on ? (s.includes(id) ? s : [...s, id]) : s.filter((x) => x !== id)))

  return (
    <main className="compare">
      <div className="compare-head">
        <h1>Compare coverage</h1>
        <span className="spacer" />
        <button
          type="button"
          disabled={selected.length < 2}
          onClick={() => {
            location.hash = compareHash(selected)
          }}
        >
          {selected.length >= 2 ? `Compare ${selected.length} articles` : 'Compare'}
        </button>
      </div>
      <p className="muted">
        Pick two or more articles on the same story to see how each outlet attributes it.
      </p>
      {error && <p className="error">{error}</p>}
      {rows === null && !error && <p>Loading…</p>}
      {rows && rows.length === 0 && <p>No articles yet.</p>}
      {rows &&
        groupByStory(rows).map(([story, group]) => (
          <section key={story} className="compare-story" data-story={story}>
            <h2>
              {story}{' '}
              {story !== NO_STORY && group.length > 1 && (
                <button type="button" className="link" onClick={() => setSelected(group.map((r) => r.id))}>
                  select this story
                </button>
              )}
            </h2>
            <ul>
              {group.map((r) => (
                <li key={r.id}>
                  <label>
                    <input
                      type="checkbox"
                      value={r.id}
                      checked={selected.includes(r.id)}
                      onChange={(e) => toggle(r.id, e.target.checked)}
                    />{' '}
                    {r.title || r.id}{' '}
                    <span className="muted">{[r.outlet, r.date].filter(Boolean).join(' · ')}</span>
                  </label>
                </li>
              ))}
            </ul>
          </section>
        ))}
    </main>
  )
}
