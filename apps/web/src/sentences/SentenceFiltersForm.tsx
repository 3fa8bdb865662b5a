import { SUGGESTER, shortLabelName, type Taxonomy } from '@attrib/core'
import { type ReactNode, useEffect, useMemo, useState } from 'react'
import type { ArticleRow } from '../api'
import {
  type FilterName,
  filterParams,
  NO_FILTERS,
  refusalWords,
  type SearchError,
  type SearchLayer,
  type SearchStatus,
  type SentenceFilters,
} from './sentenceSearch'

/** The layers in plain words (server SQ1's `layer`). */
const LAYER_WORDS: Record<SearchLayer, string> = {
  auto: 'The reviewer’s decision where there is one',
  final: 'Only the reviewer’s decisions',
  all: 'Everyone’s labels, decided or not',
}

const STATUS_WORDS: Record<SearchStatus, string> = {
  '': 'Accepted or suggested',
  accepted: 'Accepted',
  suggested: 'Suggested',
  rejected: 'Rejected',
}

/** A story's name for people: the titles of its articles, not its id (as the dashboard names it). */
function storyName(story: string, articles: readonly ArticleRow[]): string {
  const titles = articles.filter((a) => a.story === story).map((a) => a.title || a.id)
  if (titles.length === 0) return story
  return titles.length === 1 ? titles[0]! : `${titles[0]} (+${titles.length - 1} more)`
}

/**
 * The Sentences page's filters. They change a draft; _Search_ (or Enter) puts them in the address, which
 * the page searches. What the server refused (a 400 naming a filter) is said beside that filter.
 */
export function SentenceFiltersForm({
  filters,
  taxonomy,
  articles,
  annotators,
  refused,
  onSearch,
}: {
  filters: SentenceFilters
  taxonomy: Taxonomy
  /** The article list (for the outlets and stories), null while it loads. */
  articles: readonly ArticleRow[] | null
  /** Annotators seen so far, offered as choices. */
  annotators: readonly string[]
  /** A 400 of the current search. */
  refused: SearchError | null
  onSearch: (filters: SentenceFilters) => void
}) {
  const [draft, setDraft] = useState(filters)
  const addressKey = filterParams(filters).toString()
  // An address followed meanwhile (Back, a link): the form shows what it searches.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `addressKey` is `filters` as the address writes them
  useEffect(() => setDraft(filters), [addressKey])

  const outlets = useMemo(() => {
    const all = new Set([
      ...(articles ?? []).flatMap((a) => (a.outlet ? [a.outlet] : [])),
      ...filters.outlets,
    ])
    return [...all].sort((a, b) => a.localeCompare(b))
  }, [articles, filters.outlets])
  const stories = useMemo(() => {
    const all = new Set((articles ?? []).flatMap((a) => (a.story ? [a.story] : [])))
    if (filters.story) all.add(filters.story)
    return [...all]
      .map((id) => ({ id, name: storyName(id, articles ?? []) }))
      .sort((a, b) => a.name.localeCompare(b.name))
  }, [articles, filters.story])

  const set = <K extends keyof SentenceFilters>(key: K, value: SentenceFilters[K]) =>
    setDraft((d) => ({ ...d, [key]: value }))

  /** A field's attributes and the message beside it when the server refused it. */
  const problem = (filter: FilterName) => {
    const on = refused?.filter === filter
    const id = `sentences-problem-${filter}`
    return {
      attributes: { 'aria-invalid': on || undefined, 'aria-describedby': on ? id : undefined },
      message:
        on && refused ? (
          <span className="error sentences-problem" id={id} role="alert" data-testid={id}>
            {refusalWords(filter, filters, refused.message)}
          </span>
        ) : null,
    }
  }
  const p = {
    label: problem('label'),
    annotator: problem('annotator'),
    status: problem('status'),
    source: problem('source'),
    q: problem('q'),
    layer: problem('layer'),
    outlet: problem('outlet'),
    story: problem('story'),
    from: problem('from'),
    to: problem('to'),
  }

  // `control` carries the id `sentences-<id>` that its label names.
  const field = (label: string, id: string, control: ReactNode, message: ReactNode, className = '') => (
    <div className={`sentences-field ${className}`}>
      <label htmlFor={`sentences-${id}`} className="sentences-field-name">
        {label}
      </label>
      {control}
      {message}
    </div>
  )

  // A select among the keys of `words`, each shown as its words (status, layer).
  const choice = <K extends 'status' | 'layer'>(
    label: string,
    key: K,
    words: Record<SentenceFilters[K], string>,
  ) =>
    field(
      label,
      key,
      <select
        id={`sentences-${key}`}
        data-testid={`sentences-${key}`}
        value={draft[key]}
        onChange={(e) => set(key, e.target.value as SentenceFilters[K])}
        {...p[key].attributes}
      >
        {(Object.keys(words) as SentenceFilters[K][]).map((w) => (
          <option key={w} value={w}>
            {words[w]}
          </option>
        ))}
      </select>,
      p[key].message,
    )

  return (
    <form
      className="sentences-filters"
      data-testid="sentences-filters"
      aria-label="Find sentences"
      onSubmit={(e) => {
        e.preventDefault()
        onSearch(draft)
      }}
    >
      <div className="sentences-row">
        {field(
          'Text contains',
          'q',
          <input
            type="search"
            id="sentences-q"
            data-testid="sentences-q"
            maxLength={200}
            placeholder="e.g. ministry"
            value={draft.q}
            onChange={(e) => set('q', e.target.value)}
            {...p.q.attributes}
          />,
          p.q.message,
          'sentences-wide',
        )}
        {field(
          'Label',
          'label',
          <select
            id="sentences-label"
            data-testid="sentences-label"
            value={draft.label}
            onChange={(e) => set('label', e.target.value)}
            {...p.label.attributes}
          >
            <option value="">Any label</option>
            {taxonomy.labels.map((l) => {
              const short = shortLabelName(l.name)
              return (
                <option key={l.id} value={l.id}>
                  {l.key} {short}
                  {short === l.name ? '' : ` — ${l.name}`}
                </option>
              )
            })}
            {draft.label && !taxonomy.labels.some((l) => l.id === draft.label) && (
              <option value={draft.label}>{draft.label} (not in the taxonomy)</option>
            )}
          </select>,
          p.label.message,
        )}
        {choice('Status', 'status', STATUS_WORDS)}
        {choice('Whose labels', 'layer', LAYER_WORDS)}
      </div>
      <div className="sentences-row">
        {field(
          'Source’s name contains',
          'source',
          <input
            type="search"
            id="sentences-source"
            data-testid="sentences-source"
            maxLength={300}
            placeholder="e.g. Peskov, two officials"
            value={draft.source}
            onChange={(e) => set('source', e.target.value)}
            {...p.source.attributes}
          />,
          p.source.message,
          'sentences-wide',
        )}
        {field(
          'Annotator',
          'annotator',
          <>
            <input
              type="text"
              list="sentences-annotators"
              id="sentences-annotator"
              data-testid="sentences-annotator"
              maxLength={200}
              placeholder="anyone"
              value={draft.annotator}
              onChange={(e) => set('annotator', e.target.value)}
              {...p.annotator.attributes}
            />
            <datalist id="sentences-annotators">
              {annotators.map((a) => (
                <option key={a} value={a}>
                  {a === SUGGESTER ? 'automatic suggestion' : a}
                </option>
              ))}
            </datalist>
          </>,
          p.annotator.message,
        )}
        {field(
          'Story',
          'story',
          <select
            id="sentences-story"
            data-testid="sentences-story"
            value={draft.story}
            onChange={(e) => set('story', e.target.value)}
            {...p.story.attributes}
          >
            <option value="">Any story</option>
            {stories.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>,
          p.story.message,
          'sentences-story',
        )}
      </div>
      <div className="sentences-row">
        <fieldset data-testid="sentences-outlets" aria-describedby={p.outlet.attributes['aria-describedby']}>
          <legend>Outlets</legend>
          {articles && outlets.length === 0 && (
            <span className="muted">No outlets yet: give an article its outlet in its details.</span>
          )}
          {outlets.map((o) => (
            <label key={o}>
              <input
                type="checkbox"
                checked={draft.outlets.includes(o)}
                onChange={() =>
                  set(
                    'outlets',
                    draft.outlets.includes(o) ? draft.outlets.filter((x) => x !== o) : [...draft.outlets, o],
                  )
                }
              />{' '}
              {o}
            </label>
          ))}
          {p.outlet.message}
        </fieldset>
        <fieldset data-testid="sentences-dates">
          <legend>Article dates</legend>
          {field(
            'From',
            'from',
            <input
              type="date"
              id="sentences-from"
              data-testid="sentences-from"
              value={draft.from}
              onChange={(e) => set('from', e.target.value)}
              {...p.from.attributes}
            />,
            null,
          )}
          {field(
            'To',
            'to',
            <input
              type="date"
              id="sentences-to"
              data-testid="sentences-to"
              value={draft.to}
              onChange={(e) => set('to', e.target.value)}
              {...p.to.attributes}
            />,
            null,
          )}
          {p.from.message}
          {p.to.message}
        </fieldset>
        <div className="sentences-actions">
          <button type="submit" className="sentences-search" data-testid="sentences-search">
            Search
          </button>
          <button
            type="button"
            className="link"
            onClick={() => {
              setDraft(NO_FILTERS)
              onSearch(NO_FILTERS)
            }}
          >
            Clear filters
          </button>
        </div>
      </div>
    </form>
  )
}
