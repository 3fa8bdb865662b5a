import {
  type AnnotationState,
  type ApiError,
  getAnnotationsMap,
  getArticleFragment,
  type HistoryEntry,
} from '@attrib/core'
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { readJsonLines } from '../readJsonLines'
import { sessionExpired } from '../session'
import { yieldToPage } from '../yieldToPage'
import type { LoadedHistory } from './historyModel'

/** What `GET /api/articles/:id/history` answers (server rule AU5). */
export interface HistoryResponse {
  article: string
  entries: HistoryEntry[]
  start: Record<string, AnnotationState>
}

/** A line of the trail as JSON Lines (server rule AU5). */
type HistoryLine =
  | { type: 'start'; annotation: string; state: AnnotationState }
  | ({ type: 'change' } & HistoryEntry)

/**
 * An article's audit trail from the server; with `after`, only the changes numbered above it (their
 * `start` then describes those changes alone and is not used). Read as JSON Lines, a line at a time with the
 * page's turns between steps: at 10,000 annotations the trail is megabytes, which one `JSON.parse` could
 * hold the page for a tenth of a second and more.
 */
export async function fetchHistory(
  id: string,
  after?: number,
  signal?: AbortSignal,
): Promise<HistoryResponse> {
  const query = after === undefined ? '' : `&after=${after}`
  const res = await fetch(`/api/articles/${encodeURIComponent(id)}/history?format=jsonl${query}`, { signal })
  if (res.status === 401) sessionExpired()
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`
    try {
      message = ((await res.json()) as ApiError).error || message
    } catch {}
    throw new Error(message)
  }
  const entries: HistoryEntry[] = []
  const start: Record<string, AnnotationState> = {}
  await readJsonLines(
    res.body,
    (value) => {
      const line = value as HistoryLine
      if (line.type === 'start') start[line.annotation] = line.state
      else if (line.type === 'change') {
        const { type: _, ...entry } = line
        entries.push(entry)
      }
    },
    yieldToPage,
  )
  return { article: id, entries, start }
}

/** How long the document stays unchanged before the history is asked again. */
export const REFRESH_DELAY_MS = 600
/** The first read waits for the page to be idle, this long at most (ms). */
const FIRST_READ_WITHIN_MS = 1000

/** An article's history as the page holds it, and why it could not be read (offline, say). */
export interface ArticleHistoryState {
  history: LoadedHistory | null
  error: string | null
}

/**
 * Holds an article's audit trail in memory and keeps it current: read once `doc` is ready (when the page is
 * next idle, within a second), then again
 * once the document has stayed unchanged for {@link REFRESH_DELAY_MS} after a change, whoever made it (the
 * server records a change before it sends it to anyone, AU4). An annotation change asks only for the newer
 * changes (`?after=`); a change of the text asks for everything, since the changes are placed in it anew.
 * One request at a time; changes meanwhile make one more. No timer runs while nothing changes.
 */
export function useArticleHistory(
  articleId: string,
  doc: Y.Doc | undefined,
  ready: boolean,
): ArticleHistoryState {
  const [state, setState] = useState<ArticleHistoryState>({ history: null, error: null })

  useEffect(() => {
    if (!doc || !ready) return
    let history: LoadedHistory | null = null
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | null = null
    let running = false
    let wanted: 'more' | 'all' | null = 'all'
    const controller = new AbortController()

    const run = async () => {
      if (running || stopped || wanted === null) return
      running = true
      const all = wanted === 'all' || history === null
      wanted = null
      try {
        const last = history?.entries.at(-1)?.n ?? 0
        const answer = await fetchHistory(articleId, all ? undefined : last, controller.signal)
        if (stopped) return
        if (all || history === null)
          history = { entries: answer.entries, start: new Map(Object.entries(answer.start)) }
        else if (answer.entries.length > 0) {
          // Only what is newer than what is held, should an answer overlap an earlier one.
          const newer = answer.entries.filter((e) => e.n > last)
          history = { entries: [...history.entries, ...newer], start: history.start }
        }
        setState({ history, error: null })
      } catch (e) {
        if (stopped) return
        const offline = typeof navigator !== 'undefined' && !navigator.onLine
        setState((s) => ({
          history: s.history,
          error: offline
            ? 'The history comes from the server: it cannot be read offline.'
            : `The history could not be read: ${(e as Error).message}`,
        }))
      } finally {
        running = false
        if (!stopped && wanted !== null) schedule(wanted)
      }
    }
    const schedule = (what: 'more' | 'all') => {
      wanted = wanted === 'all' || what === 'all' ? 'all' : 'more'
      if (timer) clearTimeout(timer)
      timer = setTimeout(() => {
        timer = null
        void run()
      }, REFRESH_DELAY_MS)
    }
    const onAnnotations = () => schedule('more')
    const onText = () => schedule('all')
    const onOnline = () => schedule('all')
    const annotations = getAnnotationsMap(doc)
    const fragment = getArticleFragment(doc)
    annotations.observeDeep(onAnnotations)
    fragment.observeDeep(onText)
    window.addEventListener('online', onOnline)
    // The first read when the page is idle: reading and parsing a large trail is not for the moment the
    // article appears.
    const idle = typeof requestIdleCallback === 'function'
    const first = idle
      ? requestIdleCallback(() => void run(), { timeout: FIRST_READ_WITHIN_MS })
      : setTimeout(() => void run(), 0)
    return () => {
      stopped = true
      controller.abort()
      if (idle) cancelIdleCallback(first as number)
      else clearTimeout(first)
      if (timer) clearTimeout(timer)
      annotations.unobserveDeep(onAnnotations)
      fragment.unobserveDeep(onText)
      window.removeEventListener('online', onOnline)
    }
  }, [articleId, doc, ready])

  return state
}
