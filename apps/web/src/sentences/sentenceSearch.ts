import {
  type FoundLabel,
  type FoundSentence,
  SENTENCE_FILTERS,
  type SentenceFilter,
  type SentenceSearch,
} from '@attrib/core'
import { sessionExpired } from '../session'

export type { FoundLabel, FoundSentence }

/** Whose labels a search looks at (server SQ1's `layer`): the reviewer's decision where there is one, only decisions, or everyone's. */
export type SearchLayer = 'auto' | 'final' | 'all'

/** Which labels count (server SQ1's `status`); empty: accepted or suggested, not rejected. */
export type SearchStatus = '' | 'accepted' | 'suggested' | 'rejected'

/**
 * What the Sentences page searches for, kept in its address (`#/sentences?label=…&outlet=A,B&…`). Empty
 * strings and lists stand for "any".
 */
export interface SentenceFilters {
  /** A label id of the taxonomy. */
  label: string
  /** An annotator's name, exactly. */
  annotator: string
  status: SearchStatus
  /** Part of the source's name, any case. */
  source: string
  /** Part of the sentence's text, any case. */
  q: string
  layer: SearchLayer
  outlets: string[]
  /** A story's id. */
  story: string
  /** The period of article dates, `YYYY-MM-DD`. */
  from: string
  to: string
}

/** No filter: every sentence of the corpus, the reviewer's decision where there is one. */
export const NO_FILTERS: SentenceFilters = {
  label: '',
  annotator: '',
  status: '',
  source: '',
  q: '',
  layer: 'auto',
  outlets: [],
  story: '',
  from: '',
  to: '',
}

/** The filters' names as the server's `where` gives them (`query.from`) and as the address writes them. */
export type FilterName = SentenceFilter

const LAYERS: readonly SearchLayer[] = ['auto', 'final', 'all']
const STATUSES: readonly SearchStatus[] = ['', 'accepted', 'suggested', 'rejected']

/** How many sentences a page of results asks for; "Load more" asks for as many again. */
export const PAGE_SIZE = 50

/**
 * Reads the filters from the query part of the page's address. A layer or status the page does not know
 * is kept as given, so that the server says what is wrong with it.
 */
export function parseFilters(query: string): SentenceFilters {
  const p = new URLSearchParams(query)
  const text = (name: string) => p.get(name) ?? ''
  return {
    label: text('label'),
    annotator: text('annotator'),
    status: text('status') as SearchStatus,
    source: text('source'),
    q: text('q'),
    layer: (p.get('layer') || 'auto') as SearchLayer,
    outlets: text('outlet')
      .split(',')
      .filter((o) => o !== ''),
    story: text('story'),
    from: text('from'),
    to: text('to'),
  }
}

/** The search's parameters as the server takes them (`label=…&outlet=A,B`), the defaults left out. */
export function filterParams(filters: SentenceFilters): URLSearchParams {
  const params = new URLSearchParams()
  const set = (name: FilterName, value: string) => {
    if (value.trim() !== '') params.set(name, value.trim())
  }
  set('label', filters.label)
  set('annotator', filters.annotator)
  set('status', filters.status)
  set('source', filters.source)
  set('q', filters.q)
  if (filters.layer !== 'auto') set('layer', filters.layer)
  set('outlet', filters.outlets.join(','))
  set('story', filters.story)
  set('from', filters.from)
  set('to', filters.to)
  return params
}

/** The page's address for `filters`: `#/sentences`, then what is filtered. */
export function sentencesHref(filters: Partial<SentenceFilters> = {}): string {
  const query = filterParams({ ...NO_FILTERS, ...filters })
    .toString()
    .replaceAll('%2C', ',')
  return `#/sentences${query ? `?${query}` : ''}`
}

/** Whether any filter is set (the empty state then says to widen them). */
export function isFiltered(filters: SentenceFilters): boolean {
  return filterParams(filters).toString() !== ''
}

/** Whether the layer and status are ones the form offers (an edited address may hold others). */
export function knownChoices(filters: SentenceFilters): boolean {
  return LAYERS.includes(filters.layer) && STATUSES.includes(filters.status)
}

/** The address of the CSV of every sentence the current filters find (the server's `all=true`, SQ4). */
export function csvHref(filters: SentenceFilters): string {
  const params = filterParams(filters)
  params.set('format', 'csv')
  params.set('all', 'true')
  return `/api/sentences?${params.toString().replaceAll('%2C', ',')}`
}

/**
 * The editor's address of an article on one sentence, marked: `#/a/<id>?s=<n>`, as `editorHref(id,
 * { sentences: [n] })` of @attrib/charts writes it (the dashboard's links; a unit test holds them equal).
 * Not imported from there, which would bring the charts into this page's code.
 */
export function sentenceHref(article: string, sentence: number): string {
  return `#/a/${encodeURIComponent(article)}?s=${sentence}`
}

/** A page of results and the `after` of the next page (null on the last): the server's answer. */
export type SentencePage = SentenceSearch

/**
 * A search the server refused: `status` (400 for a bad parameter, 403 for an invite limited to one
 * article), the filter `where` names when it names one, and the server's message.
 */
export class SearchError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly filter: FilterName | null,
  ) {
    super(message)
    this.name = 'SearchError'
  }
}

/** The filter a 400's `where` names (`query.from` → `from`), or null for another part of the request. */
export function filterOf(where: string | undefined): FilterName | null {
  const field = /^query\.([a-z]+)/.exec(where ?? '')?.[1]
  return SENTENCE_FILTERS.find((f) => f === field) ?? null
}

/** Asks the server for a page of the search (`after`: the previous page's `next`). */
export async function searchSentences(
  filters: SentenceFilters,
  after: string | null,
  signal?: AbortSignal,
): Promise<SentencePage> {
  const params = filterParams(filters)
  if (after) params.set('after', after)
  params.set('limit', String(PAGE_SIZE))
  const res = await fetch(`/api/sentences?${params}`, { signal })
  if (res.status === 401) sessionExpired()
  if (!res.ok) {
    let body: { error?: string; where?: string } = {}
    try {
      body = (await res.json()) as typeof body
    } catch {}
    throw new SearchError(res.status, body.error ?? `${res.status} ${res.statusText}`, filterOf(body.where))
  }
  return (await res.json()) as SentencePage
}

/** A piece of a sentence's text: `match` when it is the searched text. */
export interface TextPart {
  text: string
  match: boolean
}

/**
 * The sentence's text cut where `q` occurs, any case (as the server matches it), so each match can be
 * highlighted.
 * @example
 * highlightParts('Officials said', 'said') // [{ text: 'Officials ', match: false }, { text: 'said', match: true }]
 */
export function highlightParts(text: string, q: string): TextPart[] {
  const needle = q.trim()
  if (needle === '') return [{ text, match: false }]
  const pattern = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'giu')
  const parts: TextPart[] = []
  let at = 0
  for (const m of text.matchAll(pattern)) {
    if (m.index > at) parts.push({ text: text.slice(at, m.index), match: false })
    parts.push({ text: m[0], match: true })
    at = m.index + m[0].length
  }
  if (at < text.length) parts.push({ text: text.slice(at), match: false })
  return parts
}

/** The label rows of one sentence that say the same (label, status, decision, source), with who gave them. */
export interface LabelGroup {
  label: string | null
  status: string
  final: boolean
  source: string
  annotators: string[]
}

/** Groups a sentence's label rows: one badge per label and status, however many annotators gave it. */
export function groupLabels(labels: readonly FoundLabel[]): LabelGroup[] {
  const groups = new Map<string, LabelGroup>()
  for (const l of labels) {
    const key = JSON.stringify([l.label, l.status, l.final, l.source])
    const group = groups.get(key)
    if (group) {
      if (!group.annotators.includes(l.annotator)) group.annotators.push(l.annotator)
    } else
      groups.set(key, {
        label: l.label,
        status: l.status,
        final: l.final,
        source: l.source,
        annotators: [l.annotator],
      })
  }
  // Decisions first, then accepted labels, suggestions, rejected ones.
  const rank = (g: LabelGroup) =>
    (g.final ? 0 : 1) * 10 + ['accepted', 'suggested', 'rejected'].indexOf(g.status)
  return [...groups.values()].sort((a, b) => rank(a) - rank(b))
}

/** Whether `value` is a day of the calendar written `YYYY-MM-DD` (2024-02-30 is not). */
function isCalendarDate(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`)
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(time) && new Date(time).toISOString().startsWith(value)
  )
}

/** The filters as a person names them on the page. */
export const FILTER_WORDS: Record<FilterName, string> = {
  label: 'The label',
  annotator: 'The annotator',
  status: 'The status',
  source: 'The source’s name',
  q: 'The text',
  layer: 'Whose labels',
  outlet: 'The outlets',
  story: 'The story',
  from: 'The From date',
  to: 'The To date',
}

/**
 * What to tell a person of a filter the server refused (a 400 whose `where` names it), in plain words.
 * What is wrong is worked out from the filter's value where the page can (a date that is no day, a period
 * that ends before it starts, a choice the form does not offer); otherwise the server's reason is given.
 * @example
 * refusalWords('from', { ...NO_FILTERS, from: '2024-11-10', to: '2024-11-01' }, 'query.from: …')
 * // 'The period starts after it ends: choose a From date on or before the To date (2024-11-01).'
 */
export function refusalWords(filter: FilterName, filters: SentenceFilters, serverMessage: string): string {
  if (filter === 'from' || filter === 'to') {
    const name = filter === 'from' ? 'From' : 'To'
    const value = filters[filter]
    if (!isCalendarDate(value))
      return `The ${name} date “${value}” is not a day of the calendar (YYYY-MM-DD): choose it again.`
    if (filters.from && filters.to && filters.from > filters.to)
      return `The period starts after it ends: choose a From date on or before the To date (${filters.to}).`
  }
  if (filter === 'layer' && !LAYERS.includes(filters.layer))
    return `Whose labels “${filters.layer}” is not a choice of the search: choose one from the list.`
  if (filter === 'status' && !STATUSES.includes(filters.status))
    return `The status “${filters.status}” is not a choice of the search: choose one from the list.`
  const value = filter === 'outlet' ? filters.outlets.join(', ') : filters[filter]
  const reason = serverMessage.replace(/^query\.[a-z]+:\s*/, '')
  return `${FILTER_WORDS[filter]}${value ? ` “${value}”` : ''} cannot be searched: ${reason}. Change it and search again.`
}

/**
 * What to search the sources' names for to find every sentence citing a source written several ways: the
 * shortest spelling that every other contains ("Peskov" for "Dmitry Peskov" and "Peskov"), else its name.
 */
export function sourceSearchTerm(name: string, spellings: readonly string[]): string {
  const all = [name, ...spellings].filter((s) => s.trim() !== '')
  const lower = all.map((s) => s.toLowerCase())
  const common = all
    .filter((s) => lower.every((other) => other.includes(s.toLowerCase())))
    .sort((a, b) => a.length - b.length)
  return common[0] ?? name
}
