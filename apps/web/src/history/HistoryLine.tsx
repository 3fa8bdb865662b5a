import type { AnnotationState, HistoryEntry, Taxonomy } from '@attrib/core'
import type { Role } from '../session'
import { changedBy, changeLine, changeTime, labelNames, ownerNote, restoreRefusal } from './historyModel'

/** Brings annotation `entry.annotation` back to `state` (null: removes it) as a new change. */
export type OnRestore = (entry: HistoryEntry, state: AnnotationState | null) => void

/** How a state reads in a button's title: "Anonymous official", "no annotation". */
function stateWords(state: AnnotationState | null, taxonomy: Taxonomy): string {
  if (state === null) return 'no annotation (removed)'
  return `${labelNames(state.labels, taxonomy)}${state.source ? `, source “${state.source}”` : ''}${
    state.status === 'accepted' ? '' : ` (${state.status})`
  }${state.final ? ', final' : ''}`
}

/**
 * One change as a line, "Ana: + Anonymous official · 10:42" (the full date in the time's title; whose tag
 * it was when not the author's: "Ben: − Anonymous official (Ana’s tag) · 11:03"), with
 * "Restore this" (the annotation as this change left it) and "Undo this" (as it was before the change)
 * for people who may change it; a button whose state is the annotation's state now is left out.
 */
export function HistoryLine({
  entry,
  taxonomy,
  role,
  current,
  onRestore,
  showQuote = false,
}: {
  entry: HistoryEntry
  taxonomy: Taxonomy
  role: Role
  /** The annotation's state now (null: it does not exist). */
  current: AnnotationState | null
  onRestore: OnRestore
  /** Also give the words the change is on (the timeline, where the sentence is not shown beside it). */
  showQuote?: boolean
}) {
  const time = changeTime(entry.at)
  const owner = ownerNote(entry)
  const lineId = `history-line-${entry.n}`
  const choices = [
    { text: 'Restore this', state: entry.after, what: 'as this change left it' },
    { text: 'Undo this', state: entry.before, what: 'as it was before this change' },
  ]
  const refusals = choices.map((c) => restoreRefusal(role, c.state, current))
  // Said once rather than on each button: why this person may not restore this annotation.
  const blocked = refusals.find((r) => r !== null && !/like this now/.test(r))
  return (
    <>
      <p className="history-line" id={lineId}>
        <strong className="history-who">{changedBy(entry.user)}</strong>: {changeLine(entry, taxonomy)}
        {owner && <span className="history-owner"> ({owner})</span>}
        {' · '}
        <time dateTime={entry.at} title={time.full}>
          {time.short}
        </time>
        {showQuote && entry.quote && <span className="history-quote muted"> · on “{entry.quote}”</span>}
      </p>
      {role !== 'viewer' &&
        (blocked ? (
          <p className="history-blocked muted">{blocked}</p>
        ) : (
          <div className="history-restore">
            {choices.map((c, i) =>
              refusals[i] === null ? (
                <button
                  key={c.text}
                  type="button"
                  aria-describedby={lineId}
                  title={`Make the annotation ${c.what}: ${stateWords(c.state, taxonomy)}`}
                  onClick={() => onRestore(entry, c.state)}
                >
                  {c.text}
                </button>
              ) : null,
            )}
          </div>
        ))}
    </>
  )
}
