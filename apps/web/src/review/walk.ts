import { type ArticleSnapshot, selectLayer, sentenceLabels } from '@attrib/core'

/**
 * Which sentences of an article a dashboard figure stands for: those carrying a label, those with any
 * label, those given a source name, the listed indexes, or none (the article itself).
 */
export type WalkMark =
  | { kind: 'label'; label: string }
  | { kind: 'any' }
  | { kind: 'source' }
  | { kind: 'indexes'; indexes: number[] }
  | { kind: 'none' }

/** One article of a walk. */
export interface WalkStep {
  id: string
  title: string
  mark: WalkMark
}

/**
 * A set of sentences over several articles that a dashboard total stands for (e.g. every quote of the
 * filtered articles), walked with next / previous in the editor, and the dashboard view to go back to.
 */
export interface Walk {
  /** What is walked, in words: "quotes", "unattributed sentences". */
  title: string
  steps: WalkStep[]
}

/** Where the dashboard was when a link was followed: its address (filters) and scroll position. */
export interface ReviewReturn {
  hash: string
  scrollY: number
  /** The address the link led to: the editor offers the way back only there. */
  to: string
}

const WALK_KEY = 'attrib:walk'
const RETURN_KEY = 'attrib:review-return'

// Kept in the tab's sessionStorage, not the address: a walk over thousands of articles would not fit.
function read<T>(key: string): T | null {
  try {
    const raw = sessionStorage.getItem(key)
    return raw ? (JSON.parse(raw) as T) : null
  } catch {
    return null
  }
}

/** Stores a walk for the editor to follow (`#/a/<id>?walk=<step>`). */
export function saveWalk(walk: Walk): void {
  sessionStorage.setItem(WALK_KEY, JSON.stringify(walk))
}

/** The walk stored in this tab, if any. */
export function loadWalk(): Walk | null {
  return read<Walk>(WALK_KEY)
}

/** The editor address of step `index` of the stored walk; `at: 'last'` starts on its last sentence. */
export function walkHref(walk: Walk, index: number, at: 'first' | 'last' = 'first'): string {
  const step = walk.steps[index]!
  return `#/a/${encodeURIComponent(step.id)}?walk=${index}${at === 'last' ? '&at=last' : ''}&from=review`
}

/** Remembers the dashboard's address and scroll position before following one of its links (to `to`). */
export function saveReviewReturn(to: string): void {
  const value: ReviewReturn = { hash: location.hash || '#/review', scrollY: Math.round(window.scrollY), to }
  sessionStorage.setItem(RETURN_KEY, JSON.stringify(value))
}

/** Where to go back to on the dashboard, if a dashboard link led here. */
export function loadReviewReturn(): ReviewReturn | null {
  return read<ReviewReturn>(RETURN_KEY)
}

/** The sentence indexes of `snapshot` a mark stands for, in order. */
export function markedSentences(snapshot: ArticleSnapshot, mark: WalkMark, independent = false): number[] {
  const layer = independent ? snapshot : selectLayer(snapshot)
  switch (mark.kind) {
    case 'none':
      return []
    case 'indexes':
      return mark.indexes.filter((i) => Number.isInteger(i) && i >= 0 && i < snapshot.sentences.length)
    case 'label':
    case 'any':
      return sentenceLabels(layer).flatMap((s, i) =>
        (mark.kind === 'any' ? s.accepted.length > 0 : s.accepted.includes(mark.label)) ? [i] : [],
      )
    case 'source': {
      const with_ = new Set<number>()
      for (const a of layer.annotations)
        if (a.status === 'accepted' && a.source.trim() && a.sentence !== null) with_.add(a.sentence)
      return [...with_].sort((x, y) => x - y)
    }
  }
}

/** The `?walk=`, `at` and `from` parameters of an editor address (`#/a/<id>?…`). */
export function walkParams(hash: string): { walk: number | null; at: 'first' | 'last'; fromReview: boolean } {
  const query = new URLSearchParams(hash.split('?')[1] ?? '')
  const walk = query.get('walk')
  const n = walk === null ? Number.NaN : Number(walk)
  return {
    walk: Number.isInteger(n) && n >= 0 ? n : null,
    at: query.get('at') === 'last' ? 'last' : 'first',
    fromReview: query.get('from') === 'review',
  }
}
