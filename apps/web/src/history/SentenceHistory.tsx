import type { AnnotationState, HistoryEntry, Taxonomy } from '@attrib/core'
import { useMemo, useState } from 'react'
import type { Role } from '../session'
import { HistoryLine, type OnRestore } from './HistoryLine'
import { type LoadedHistory, sentenceHistory } from './historyModel'
import './history.css'

/** Shows at most this many changes at first; "Show all" shows the rest. */
const FIRST = 20

/**
 * The side panel's history of one sentence (SPEC UI12): every change of an annotation on it, removed
 * annotations included, newest first, with restore buttons for those who may (UI14). Give it a `key` per
 * sentence, so that "Show all" starts folded on each.
 */
export function SentenceHistory({
  sentence,
  history,
  error,
  taxonomy,
  role,
  currentState,
  onRestore,
  notice,
  title = 'History of this sentence',
}: {
  /** The sentence's index in the article. */
  sentence: number
  history: LoadedHistory | null
  error: string | null
  taxonomy: Taxonomy
  role: Role
  currentState: (annotation: string) => AnnotationState | null
  onRestore: OnRestore
  /** What became of the last restore (done, or refused by the server). */
  notice?: { text: string; refused: boolean } | null
  title?: string
}) {
  const [showAll, setShowAll] = useState(false)
  const entries: HistoryEntry[] = useMemo(
    () => (history ? sentenceHistory(history.entries, sentence) : []),
    [history, sentence],
  )
  const shown = showAll ? entries : entries.slice(0, FIRST)
  return (
    <section
      className="sentence-history"
      aria-labelledby="sentence-history-title"
      data-testid="sentence-history"
    >
      <h3 id="sentence-history-title">{title}</h3>
      {notice && (
        <p className={notice.refused ? 'error' : 'muted'} role={notice.refused ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
      {error && <p className="muted">{error}</p>}
      {!history && !error && <p className="muted">Reading the history…</p>}
      {history && entries.length === 0 && (
        <p className="muted">
          No changes since the history began
          {history.entries.length === 0 ? '' : ' on this sentence'}.
        </p>
      )}
      {shown.length > 0 && (
        <ol className="history-list">
          {shown.map((e) => (
            <li key={e.n} className="history-entry" data-n={e.n}>
              <HistoryLine
                entry={e}
                taxonomy={taxonomy}
                role={role}
                current={currentState(e.annotation)}
                onRestore={onRestore}
              />
            </li>
          ))}
        </ol>
      )}
      {shown.length < entries.length && (
        <button type="button" className="link" onClick={() => setShowAll(true)}>
          Show all {entries.length} changes
        </button>
      )}
    </section>
  )
}
