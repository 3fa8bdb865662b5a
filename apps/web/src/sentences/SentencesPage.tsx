import { SUGGESTER, type Taxonomy } from '@attrib/core'
import { useEffect, useMemo, useRef, useState } from 'react'
import { type ArticleRow, listArticles } from '../api'
import { SentenceFiltersForm } from './SentenceFiltersForm'
import { SentenceResult } from './SentenceResult'
import {
  csvHref,
  type FoundSentence,
  filterParams,
  isFiltered,
  parseFilters,
  SearchError,
  type SentenceFilters,
  searchSentences,
  sentencesHref,
} from './sentenceSearch'
import './sentences.css'

/** What the results show: the sentences found so far and the `after` of the next page. */
interface Results {
  sentences: FoundSentence[]
  next: string | null
}

/**
 * The corpus's sentences found by label, annotator, status, source, text, layer, outlet, story and period
 * (`#/sentences?…`, `GET /api/sentences`, server SQ1–SQ3): each with its article and labels, a page at a
 * time, and the CSV of the same search.
 */
export function SentencesPage({ taxonomy, query }: { taxonomy: Taxonomy; query: string }) {
  const filters = useMemo(() => parseFilters(query), [query])
  // The search as the server gets it: a new one only when it changes.
  const searchKey = filterParams(filters).toString()
  const [results, setResults] = useState<Results | null>(null)
  const [error, setError] = useState<Error | null>(null)
  const [searching, setSearching] = useState(false)
  // Counts searches asked for again with the same filters.
  const [round, setRound] = useState(0)
  const [loadingMore, setLoadingMore] = useState(false)
  const [articles, setArticles] = useState<ArticleRow[] | null>(null)
  // Annotators seen in any answer, offered as the annotator filter's choices.
  const [annotators, setAnnotators] = useState<string[]>([])
  const list = useRef<HTMLOListElement>(null)
  const focusAt = useRef<number | null>(null)
  const more = useRef<AbortController | null>(null)

  useEffect(() => {
    void listArticles()
      .then(setArticles)
      .catch(() => setArticles([]))
  }, [])

  const learnAnnotators = (found: readonly FoundSentence[]) =>
    setAnnotators((known) => {
      const all = new Set([...known, ...found.flatMap((s) => s.labels.map((l) => l.annotator))])
      all.delete('')
      if (all.size === known.length) return known
      return [...all].sort((a, b) =>
        a === SUGGESTER ? 1 : b === SUGGESTER ? -1 : a.localeCompare(b, undefined, { sensitivity: 'base' }),
      )
    })

  // biome-ignore lint/correctness/useExhaustiveDependencies: `searchKey` is `filters` as the server reads them; `round` a search asked again
  useEffect(() => {
    const controller = new AbortController()
    more.current?.abort()
    setSearching(true)
    setLoadingMore(false)
    searchSentences(filters, null, controller.signal)
      .then((page) => {
        setResults(page)
        setError(null)
        learnAnnotators(page.sentences)
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return
        setResults(null)
        setError(e as Error)
      })
      .finally(() => {
        if (!controller.signal.aborted) setSearching(false)
      })
    return () => controller.abort()
  }, [searchKey, round])

  const loadMore = () => {
    if (!results?.next) return
    const controller = new AbortController()
    more.current = controller
    setLoadingMore(true)
    searchSentences(filters, results.next, controller.signal)
      .then((page) => {
        focusAt.current = results.sentences.length
        setResults({ sentences: [...results.sentences, ...page.sentences], next: page.next })
        setError(null)
        learnAnnotators(page.sentences)
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(e as Error)
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoadingMore(false)
      })
  }

  // After "Load more", the keyboard goes on from the first sentence it added.
  // biome-ignore lint/correctness/useExhaustiveDependencies: run once the added sentences are drawn
  useEffect(() => {
    const at = focusAt.current
    if (at === null) return
    focusAt.current = null
    list.current?.querySelectorAll<HTMLAnchorElement>('.sentence-result-title')[at]?.focus()
  }, [results])

  const onSearch = (next: SentenceFilters) => {
    const href = sentencesHref(next)
    // The same search again reads again: what collaborators tagged since is found.
    if (location.hash === href) setRound((r) => r + 1)
    else location.hash = href
  }

  const refused = error instanceof SearchError ? error : null
  const filtered = isFiltered(filters)
  const count = results?.sentences.length ?? 0

  return (
    <main className="sentences-page">
      <div className="sentences-head">
        <h1>Sentences</h1>
        <span className="muted">
          Every sentence of the corpus with the labels, annotators and sources you look for.
        </span>
      </div>
      <SentenceFiltersForm
        filters={filters}
        taxonomy={taxonomy}
        articles={articles}
        annotators={annotators}
        refused={refused?.status === 400 ? refused : null}
        onSearch={onSearch}
      />
      {error && !(refused?.status === 400 && refused.filter) && (
        <p className="error" role="alert" data-testid="sentences-error">
          {refused?.status === 403
            ? 'Your invite opens one article only: searching the whole corpus is not open to it.'
            : `Could not search the sentences: ${error.message}`}
        </p>
      )}
      <div className="sentences-summary">
        <p className="muted" role="status" data-testid="sentences-count">
          {searching
            ? 'Searching…'
            : results
              ? `${count === 0 ? 'No' : count} sentence${count === 1 ? '' : 's'}${
                  results.next ? ' shown, more to load' : filtered ? ' match these filters' : ' in the corpus'
                }`
              : ''}
        </p>
        {results && count > 0 && (
          <a
            className="button"
            href={csvHref(filters)}
            download="sentences.csv"
            data-testid="sentences-csv"
            title="Every sentence of these filters as a spreadsheet (CSV)"
          >
            Download CSV
          </a>
        )}
      </div>
      {results && count === 0 && (
        <div className="sentences-empty" data-testid="sentences-empty">
          {filtered ? (
            <>
              <p>No sentence matches these filters.</p>
              <p className="muted">
                Search a shorter part of the text or of the source’s name, check fewer outlets, widen the
                period, or choose “Everyone’s labels” under Whose labels to include labels a reviewer’s
                decision replaced.
              </p>
            </>
          ) : (
            <p>No sentences yet: import articles from the article list.</p>
          )}
        </div>
      )}
      {results && count > 0 && (
        <ol
          className="sentences-results"
          ref={list}
          aria-busy={searching || undefined}
          data-testid="sentences-results"
        >
          {results.sentences.map((s) => (
            <SentenceResult key={`${s.article}:${s.sentence}`} found={s} q={filters.q} taxonomy={taxonomy} />
          ))}
        </ol>
      )}
      {results?.next && (
        <button
          type="button"
          className="sentences-more"
          data-testid="sentences-more"
          // The next page of the search shown, not of one on its way.
          disabled={loadingMore || searching}
          onClick={loadMore}
        >
          {loadingMore ? 'Loading…' : 'Load more'}
        </button>
      )}
    </main>
  )
}
