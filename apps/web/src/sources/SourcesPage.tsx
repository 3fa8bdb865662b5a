import { labelById, shortLabelName, type Taxonomy, textColorOn } from '@attrib/core'
import { useEffect, useMemo, useRef, useState } from 'react'
import {
  type CitedHow,
  fetchSource,
  fetchSources,
  type SourceCitation,
  type SourceDetail,
  type SourceIndex,
  type SourcePeriod,
  type SourceSummary,
} from '../api'
import { sentencesHref, sourceSearchTerm } from '../sentences/sentenceSearch'
import type { Role } from '../session'
import { DecisionsLink } from './DecisionsPage'
import { OtherRequestErrors, SavedStatus, useDecisionRequests } from './decisionRequests'
import { mergedInto, sourceNames } from './decisionWords'
import { correctionKeys, MergedAway, SourceCorrections } from './SourceCorrections'
import './sources.css'
import { useSourceDecisions } from './useSourceDecisions'

/** The list's sort: by citations (most first by default) or by name (A to Z by default). */
interface Sort {
  key: 'citations' | 'name'
  descending: boolean
}

/** What the list shows, kept in its address (`#/sources?q=…&outlet=…&type=…&from=…&to=…&sort=…`). */
interface ListState {
  q: string
  outlets: string[]
  types: string[]
  /** The period of article dates, `YYYY-MM-DD` or empty for no bound. */
  from: string
  to: string
  sort: Sort
}

const DEFAULT_SORT: Sort = { key: 'citations', descending: true }
const RETURN_KEY = 'attrib:sources-return'

const list = (value: string | null) => (value ?? '').split(',').filter((x) => x !== '')

/** Reads the list's state from the query part of its address. */
export function parseListQuery(query: string): ListState {
  const params = new URLSearchParams(query)
  const [key, dir] = (params.get('sort') ?? '').split(':')
  const sort: Sort =
    key === 'name' || key === 'citations'
      ? { key, descending: dir ? dir === 'desc' : key === 'citations' }
      : DEFAULT_SORT
  return {
    q: params.get('q') ?? '',
    outlets: list(params.get('outlet')),
    types: list(params.get('type')),
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    sort,
  }
}

/** Whether `value` is a day of the calendar written `YYYY-MM-DD` (2024-02-30 is not). */
function isCalendarDate(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`)
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(time) && new Date(time).toISOString().startsWith(value)
  )
}

/**
 * What is wrong with a period, in plain words (a date that is no day, e.g. from an edited address, or a
 * start after the end); null when it can be asked for. The server refuses the same (SRC9).
 */
export function periodProblem(from: string, to: string): string | null {
  for (const [name, value] of [
    ['From', from],
    ['To', to],
  ] as const)
    if (value && !isCalendarDate(value))
      return `The ${name} date “${value}” is not a day of the calendar (YYYY-MM-DD): choose it again.`
  if (from && to && from > to)
    return `The period starts after it ends: choose a From date on or before the To date (${to}).`
  return null
}

/** The query part of a period (`from=…&to=…`), empty without one. */
function periodQuery(period: SourcePeriod): string {
  const params = new URLSearchParams()
  if (period.from) params.set('from', period.from)
  if (period.to) params.set('to', period.to)
  return params.toString()
}

/** "2024-10-01 – 2024-10-31", "from 2024-10-01", "until 2024-10-31". */
function periodWords(period: SourcePeriod): string {
  if (period.from && period.to)
    return period.from === period.to ? period.from : `${period.from} – ${period.to}`
  return period.from ? `from ${period.from}` : `until ${period.to}`
}

/** The list's address for `state`; the default sort is left out. */
export function listHref(state: ListState): string {
  const params = new URLSearchParams()
  if (state.q) params.set('q', state.q)
  if (state.outlets.length > 0) params.set('outlet', state.outlets.join(','))
  if (state.types.length > 0) params.set('type', state.types.join(','))
  if (state.from) params.set('from', state.from)
  if (state.to) params.set('to', state.to)
  const { key, descending } = state.sort
  if (key !== DEFAULT_SORT.key || descending !== DEFAULT_SORT.descending)
    params.set('sort', `${key}:${descending ? 'desc' : 'asc'}`)
  const query = params.toString().replaceAll('%2C', ',')
  return `#/sources${query ? `?${query}` : ''}`
}

/** The list's address to go back to from a source's page (with its filters), kept in this tab. */
function sourcesReturn(): string {
  try {
    return sessionStorage.getItem(RETURN_KEY) ?? '#/sources'
  } catch {
    return '#/sources'
  }
}

/** A source's page, on the citations of the period when one is given (`#/sources/<id>?from=…&to=…`). */
const sourceHref = (id: string, period: SourcePeriod = {}) => {
  const query = periodQuery(period)
  return `#/sources/${encodeURIComponent(id)}${query ? `?${query}` : ''}`
}

/**
 * The editor's address of an article, on its sentence `sentence` when given (`#/a/<id>?s=<n>`), as
 * `editorHref` of @attrib/charts writes it; not imported from there, which would load the charts here.
 */
function editorHref(article: string, sentence?: number): string {
  return `#/a/${encodeURIComponent(article)}${sentence === undefined ? '' : `?s=${sentence}`}`
}

const HOW_WORDS: Record<CitedHow, string> = { quote: 'quote', reported: 'reported', viaMedia: 'via media' }

/** A label as the editor's badge draws it: key and short name on its colour, the full name on hover. */
function LabelChip({ id, taxonomy }: { id: string; taxonomy: Taxonomy }) {
  const label = labelById(taxonomy, id)
  if (!label)
    return (
      <span className="attrib-badge-label sources-chip sources-chip-unknown" data-label={id}>
        {id}
      </span>
    )
  return (
    <span
      className="attrib-badge-label sources-chip"
      data-label={id}
      title={label.name}
      style={{ background: label.color, borderColor: label.color, color: textColorOn(label.color) }}
    >
      {label.key} {shortLabelName(label.name)}
    </span>
  )
}

function LabelChips({ ids, taxonomy }: { ids: readonly string[]; taxonomy: Taxonomy }) {
  if (ids.length === 0) return <span className="muted">none</span>
  return (
    <span className="sources-chips">
      {ids.map((id) => (
        <LabelChip key={id} id={id} taxonomy={taxonomy} />
      ))}
    </span>
  )
}

/** "2024-10-25", "2024-10-25 – 2024-11-02", or a dash without dates. */
function dateRange(first: string | null, last: string | null): string {
  if (!first && !last) return '—'
  if (!first || !last || first === last) return (first ?? last)!
  return `${first} – ${last}`
}

/** "2 quote · 1 reported", the kinds that occur; a dash when none. */
function howCited(how: Partial<Record<CitedHow, number>>): string {
  const parts = (Object.keys(HOW_WORDS) as CitedHow[])
    .filter((k) => (how[k] ?? 0) > 0)
    .map((k) => `${how[k]} ${HOW_WORDS[k]}`)
  return parts.length > 0 ? parts.join(' · ') : '—'
}

function compareSources(sort: Sort): (a: SourceSummary, b: SourceSummary) => number {
  const byName = (a: SourceSummary, b: SourceSummary) => a.name.localeCompare(b.name)
  const sign = sort.descending ? -1 : 1
  return sort.key === 'name'
    ? (a, b) => sign * byName(a, b)
    : (a, b) => sign * (a.citations - b.citations) || byName(a, b)
}

/**
 * The corpus's source index (`#/sources`): who is cited, how often, where and how, searchable and
 * filtered by outlet and source type; below it, the unnamed sources of each article.
 */
export function SourcesPage({ taxonomy, query }: { taxonomy: Taxonomy; query: string }) {
  const [state, setState] = useState<ListState>(() => parseListQuery(query))
  const [index, setIndex] = useState<SourceIndex | null>(null)
  const [error, setError] = useState<string | null>(null)
  // Outlets seen in any answer: a filter narrowing the list does not take the other outlets away.
  const [knownOutlets, setKnownOutlets] = useState<string[]>(state.outlets)
  // People's merges and splits; `changes` grows with each change the server announces (UI24).
  const { decisions, changes } = useSourceDecisions({ sources: false })

  // An address followed while the list is open (the top bar's link, Back): the list shows what it says.
  useEffect(() => {
    const onHashChange = () => {
      const match = /^#\/sources(?:\?(.*))?$/.exec(location.hash)
      if (!match) return
      const next = parseListQuery(match[1] ?? '')
      setState((s) => (listHref(s) === listHref(next) ? s : next))
    }
    window.addEventListener('hashchange', onHashChange)
    return () => window.removeEventListener('hashchange', onHashChange)
  }, [])

  // The address follows the filters without a new history entry per key typed.
  useEffect(() => {
    const href = listHref(state)
    if (location.hash !== href) history.replaceState(history.state, '', href)
    try {
      sessionStorage.setItem(RETURN_KEY, href)
    } catch {}
  }, [state])

  const { q, outlets, types, from, to } = state
  const problem = periodProblem(from, to)
  const loaded = useRef(false)
  // biome-ignore lint/correctness/useExhaustiveDependencies: `changes` counts announced changes; each one reads again
  useEffect(() => {
    // A period that cannot be asked for is said above the list instead (`problem`).
    if (periodProblem(from, to)) return
    const controller = new AbortController()
    // A short pause while typing: one request per word rather than per key.
    const timer = setTimeout(
      () => {
        fetchSources({ q, outlets, types, from, to }, controller.signal)
          .then((answer) => {
            loaded.current = true
            setIndex(answer)
            setError(null)
            setKnownOutlets((known) => {
              const all = new Set([...known, ...answer.sources.flatMap((s) => s.outlets)])
              return all.size === known.length ? known : [...all].sort((a, b) => a.localeCompare(b))
            })
          })
          .catch((e: unknown) => {
            if (!controller.signal.aborted) setError(`Could not load the sources: ${(e as Error).message}`)
          })
      },
      loaded.current ? 120 : 0,
    )
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [q, outlets, types, from, to, changes])

  const sorted = useMemo(
    () => (index ? [...index.sources].sort(compareSources(state.sort)) : []),
    [index, state.sort],
  )
  const filtered = q.trim() !== '' || outlets.length > 0 || types.length > 0 || from !== '' || to !== ''
  const period = { from: from || undefined, to: to || undefined }

  const toggle = (field: 'outlets' | 'types', value: string) =>
    setState((s) => ({
      ...s,
      [field]: s[field].includes(value) ? s[field].filter((x) => x !== value) : [...s[field], value],
    }))

  const header = (key: Sort['key'], text: string, numeric: boolean) => {
    const on = state.sort.key === key
    return (
      <th
        scope="col"
        className={numeric ? 'num' : undefined}
        aria-sort={on ? (state.sort.descending ? 'descending' : 'ascending') : 'none'}
      >
        <button
          type="button"
          className="sources-sort"
          data-testid={`sources-sort-${key}`}
          title={`Sort by ${text.toLowerCase()}`}
          onClick={() =>
            setState((s) => ({
              ...s,
              sort: { key, descending: s.sort.key === key ? !s.sort.descending : key === 'citations' },
            }))
          }
        >
          {text}
          <span aria-hidden="true">{on ? (state.sort.descending ? ' ▾' : ' ▴') : ''}</span>
        </button>
      </th>
    )
  }

  return (
    <main className="sources-page">
      <div className="sources-head">
        <h1>Sources</h1>
        <span className="muted">Who the corpus cites, across articles and spellings.</span>
        <DecisionsLink decisions={decisions} />
      </div>
      <form className="sources-filters" onSubmit={(e) => e.preventDefault()}>
        <label className="sources-search">
          Search names{' '}
          <input
            type="search"
            data-testid="sources-search"
            placeholder="e.g. Peskov"
            maxLength={200}
            value={state.q}
            onChange={(e) => setState((s) => ({ ...s, q: e.target.value }))}
          />
        </label>
        <fieldset data-testid="sources-filter-outlet">
          <legend>Outlet</legend>
          {knownOutlets.length === 0
            ? // Said once an answer has shown there are none (not while a bad period keeps the list away).
              index && (
                <span className="muted" data-testid="sources-no-outlets">
                  No outlets yet: give an article its outlet in its details (Details in the article).
                </span>
              )
            : knownOutlets.map((o) => (
                <label key={o}>
                  <input
                    type="checkbox"
                    checked={outlets.includes(o)}
                    onChange={() => toggle('outlets', o)}
                  />{' '}
                  {o}
                </label>
              ))}
        </fieldset>
        <fieldset data-testid="sources-filter-dates">
          <legend>Article dates</legend>
          <label>
            From{' '}
            <input
              type="date"
              data-testid="sources-from"
              value={from}
              max={to || undefined}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? 'sources-period-problem' : undefined}
              onChange={(e) => setState((s) => ({ ...s, from: e.target.value }))}
            />
          </label>
          <label>
            To{' '}
            <input
              type="date"
              data-testid="sources-to"
              value={to}
              min={from || undefined}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? 'sources-period-problem' : undefined}
              onChange={(e) => setState((s) => ({ ...s, to: e.target.value }))}
            />
          </label>
        </fieldset>
        <fieldset data-testid="sources-filter-type">
          <legend>Source type</legend>
          {taxonomy.labels.map((l) => (
            <label key={l.id}>
              <input
                type="checkbox"
                data-label={l.id}
                checked={types.includes(l.id)}
                onChange={() => toggle('types', l.id)}
              />{' '}
              <span className="swatch" style={{ background: l.color }} aria-hidden="true" /> {l.name}
            </label>
          ))}
        </fieldset>
        {filtered && (
          <button
            type="button"
            className="link"
            onClick={() => setState((s) => ({ ...s, q: '', outlets: [], types: [], from: '', to: '' }))}
          >
            Clear filters
          </button>
        )}
      </form>
      {problem && (
        <p className="error" role="alert" id="sources-period-problem" data-testid="sources-period-problem">
          {problem}
        </p>
      )}
      {error && !problem && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!index && !error && !problem && <p>Loading…</p>}
      {index && !problem && (
        <>
          <p className="muted" role="status" data-testid="sources-count">
            {sorted.length} source{sorted.length === 1 ? '' : 's'}
            {filtered ? ' match these filters' : ''}
            {from || to ? ` · citations in articles dated ${periodWords(period)}` : ''}
          </p>
          {sorted.length === 0 ? (
            <p className="sources-empty" data-testid="sources-empty">
              {filtered
                ? 'No source matches these filters: search another name or clear the filters.'
                : "No sources yet: tag a sentence and give its source's name in the side panel."}
            </p>
          ) : (
            <div className="sources-table">
              <table className="articles" data-testid="sources-table">
                <caption className="visually-hidden">
                  Sources, sorted by {state.sort.key}; choose a row to see its citations
                </caption>
                <thead>
                  <tr>
                    {header('name', 'Name', false)}
                    <th scope="col">Type</th>
                    {header('citations', 'Citations', true)}
                    <th scope="col" className="num">
                      Articles
                    </th>
                    <th scope="col">Outlets</th>
                    <th scope="col">Dates</th>
                    <th scope="col">How cited</th>
                  </tr>
                </thead>
                <tbody>
                  {sorted.map((s) => (
                    <tr
                      key={s.id}
                      className="sources-row"
                      data-testid={`source-row-${s.id}`}
                      data-source={s.name}
                      onClick={(e) => {
                        if ((e.target as Element).closest('a')) return
                        location.hash = sourceHref(s.id, period)
                      }}
                    >
                      <td>
                        <a href={sourceHref(s.id, period)} className="sources-name">
                          {s.name}
                        </a>
                        {s.aliases.length > 0 && (
                          <span className="muted sources-aliases" data-testid="source-aliases">
                            {' '}
                            also {s.aliases.join(', ')}
                          </span>
                        )}
                      </td>
                      <td>
                        <LabelChips ids={s.types} taxonomy={taxonomy} />
                      </td>
                      <td className="num" data-testid="source-citations">
                        {s.citations}
                      </td>
                      <td className="num">{s.articles}</td>
                      <td>{s.outlets.length > 0 ? s.outlets.join(', ') : '—'}</td>
                      <td className="sources-dates">{dateRange(s.first, s.last)}</td>
                      <td className="sources-how">{howCited(s.how)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Unnamed index={index} />
        </>
      )}
    </main>
  )
}

/** Each article's unnamed sources: its distinct descriptions and how often each is cited. */
function Unnamed({ index }: { index: SourceIndex }) {
  const articles = index.anonymous.filter((a) => a.descriptions.length > 0)
  return (
    <section className="sources-unnamed" data-testid="sources-unnamed" aria-labelledby="sources-unnamed-h">
      <h2 id="sources-unnamed-h">Unnamed sources per article</h2>
      {articles.length === 0 ? (
        <p className="sources-empty" data-testid="sources-unnamed-empty">
          No unnamed sources yet: tag a sentence with an anonymous source type and describe the source in the
          side panel ("two officials familiar with the talks").
        </p>
      ) : (
        <ul className="sources-unnamed-list">
          {articles.map((a) => (
            <li key={a.article} data-testid={`unnamed-${a.article}`}>
              <a href={editorHref(a.article)}>{a.title}</a>{' '}
              <span className="muted">
                {[a.outlet, a.date].filter(Boolean).join(' · ')}
                {a.outlet || a.date ? ' · ' : ''}
                {a.descriptions.length} distinct unnamed source{a.descriptions.length === 1 ? '' : 's'}
              </span>
              <ul>
                {a.descriptions.map((d) => (
                  <li key={d.text} data-testid="unnamed-description">
                    {d.text ? `“${d.text}”` : <span className="muted">no description given</span>}{' '}
                    <span className="muted">
                      — {d.citations} citation{d.citations === 1 ? '' : 's'}
                    </span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/**
 * A source's page (`#/sources/<id>`, `?from=…&to=…` for the citations of a period): every citation in
 * context, each a link to its sentence.
 */
export function SourcePage({
  id,
  taxonomy,
  query,
  role,
  user,
}: {
  id: string
  taxonomy: Taxonomy
  query: string
  /** What the person may do with merges and splits (UI22). */
  role: Role
  /** The signed-in person's name, when signed in. */
  user?: string
}) {
  const [source, setSource] = useState<SourceDetail | null | undefined>(undefined)
  const { decisions, setDecisions, sources, changes, refresh } = useSourceDecisions({ sources: true })
  const names = useMemo(() => sourceNames(sources ?? []), [sources])
  const requests = useDecisionRequests((change) => {
    setDecisions(change.decisions)
    refresh()
  })
  const [error, setError] = useState<string | null>(null)
  const back = useRef(sourcesReturn()).current
  const { from, to } = parseListQuery(query)
  const period = { from: from || undefined, to: to || undefined }
  const dated = from !== '' || to !== ''

  // biome-ignore lint/correctness/useExhaustiveDependencies: `changes` counts changes (announced or one's own); each one reads again
  useEffect(() => {
    const controller = new AbortController()
    fetchSource(id, { from: from || undefined, to: to || undefined }, controller.signal)
      .then((answer) => {
        setSource(answer)
        setError(null)
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(`Could not load the source: ${(e as Error).message}`)
      })
    return () => controller.abort()
  }, [id, from, to, changes])
  // A source merged into another is no longer in the index: its page says where it went.
  const mergedAway = source === null && !dated && decisions !== null && mergedInto(id, decisions) !== null
  const shownErrors = useMemo(
    () =>
      source ? correctionKeys(source, decisions ?? []) : new Set(mergedAway ? [`undo-merge:${id}`] : []),
    [source, decisions, mergedAway, id],
  )

  // Citations grouped by article, in the order the server gives them.
  const byArticle = useMemo(() => {
    const groups = new Map<string, SourceCitation[]>()
    for (const c of source?.citations ?? []) {
      const group = groups.get(c.article)
      if (group) group.push(c)
      else groups.set(c.article, [c])
    }
    return [...groups.values()]
  }, [source])

  const how = useMemo(() => {
    const counts: Partial<Record<CitedHow, number>> = {}
    for (const c of source?.citations ?? []) counts[c.how] = (counts[c.how] ?? 0) + 1
    return counts
  }, [source])

  return (
    <main className="sources-page source-page">
      <p>
        <a href={back} data-testid="back-to-sources">
          ← All sources
        </a>
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <SavedStatus requests={requests} />
      <OtherRequestErrors requests={requests} shown={shownErrors} />
      {source === undefined && !error && <p>Loading…</p>}
      {mergedAway && decisions && (
        <>
          <h1>Merged into another source</h1>
          <MergedAway
            id={id}
            decisions={decisions}
            names={names}
            role={role}
            user={user}
            requests={requests}
          />
        </>
      )}
      {source === null && !mergedAway && (
        <>
          <h1>Source not found</h1>
          {dated ? (
            <p data-testid="source-not-found">
              No article dated {periodWords(period)} cites the source “{id}”.{' '}
              <a href={sourceHref(id)}>Show its citations of every date</a>.
            </p>
          ) : (
            <p data-testid="source-not-found">
              No source has the id “{id}”: it may have been merged into another. Find it in the list of
              sources.
            </p>
          )}
        </>
      )}
      {source && (
        <>
          <div className="sources-head">
            <h1 data-testid="source-name">{source.name}</h1>
            <LabelChips ids={source.types} taxonomy={taxonomy} />
          </div>
          {source.aliases.length > 0 && (
            <p className="muted" data-testid="source-aliases">
              Also written: {source.aliases.join(', ')}
            </p>
          )}
          <p data-testid="source-summary">
            {source.citations.length} citation{source.citations.length === 1 ? '' : 's'} in {source.articles}{' '}
            article{source.articles === 1 ? '' : 's'}
            {source.outlets.length > 0 ? ` · ${source.outlets.join(', ')}` : ''}
            {source.first || source.last ? ` · ${dateRange(source.first, source.last)}` : ''} ·{' '}
            {howCited(how)} ·{' '}
            <a
              href={sentencesHref({ source: sourceSearchTerm(source.name, source.aliases), from, to })}
              data-testid="source-find-sentences"
            >
              Find its sentences
            </a>
          </p>
          {dated && (
            <p className="muted" data-testid="source-period">
              Citations in articles dated {periodWords(period)}.{' '}
              <a href={sourceHref(id)} data-testid="source-all-dates">
                Show every date
              </a>
            </p>
          )}
          <SourceCorrections
            source={source}
            sources={sources}
            decisions={decisions ?? []}
            names={names}
            role={role}
            user={user}
            requests={requests}
          />
          {byArticle.length === 0 && <p className="sources-empty">No sentence cites this source any more.</p>}
          {byArticle.map((citations) => {
            const a = citations[0]!
            return (
              <section key={a.article} className="source-article" data-testid={`source-article-${a.article}`}>
                <h2>
                  <a href={editorHref(a.article)}>{a.title}</a>
                </h2>
                <p className="muted">
                  {[a.outlet ?? 'no outlet given', a.date ?? 'no date'].join(' · ')} · {citations.length}{' '}
                  citation
                  {citations.length === 1 ? '' : 's'}
                </p>
                <ol className="source-citations">
                  {citations.map((c) => (
                    <li
                      key={`${c.sentence}-${c.annotator}-${c.how}`}
                      data-testid="source-citation"
                      data-sentence={c.sentence}
                    >
                      <a
                        className="source-citation-text"
                        href={editorHref(c.article, c.sentence)}
                        title="Open the sentence in the editor"
                      >
                        {c.text}
                      </a>
                      <span className="source-citation-meta">
                        <LabelChips ids={c.labels} taxonomy={taxonomy} />{' '}
                        <span className="muted">
                          {HOW_WORDS[c.how]} · sentence {c.sentence + 1} · tagged by {c.annotator}
                        </span>
                      </span>
                    </li>
                  ))}
                </ol>
              </section>
            )
          })}
        </>
      )}
    </main>
  )
}
