import { useCallback, useEffect, useRef, useState } from 'react'
import { type DecisionChange, refusalWords } from './decisionsApi'

/** A refused request's words, kept under the key of the action that made it until it succeeds or is dismissed. */
export interface RequestError {
  text: string
}

/** What {@link useDecisionRequests} gives a page. */
export interface DecisionRequests {
  /** The refusals per action key (`undo-merge:pentagon`, `split:Peskov`, …), kept until dismissed or redone. */
  errors: ReadonlyMap<string, RequestError>
  /** The key of the action waiting for the server, if any. */
  busy: string | null
  /** What the last saved action did, for the page's status line. */
  saved: string
  /**
   * Sends `request` as the action `key` (`what` names the change for messages, `savedWords` says it was
   * done); on success hands the server's answer to the page's `onSaved`, on refusal keeps the words.
   */
  run(key: string, what: string, request: () => Promise<DecisionChange>, savedWords: string): Promise<boolean>
  dismiss(key: string): void
}

/**
 * The merges and splits a page sends, one at a time: the answer updates the page (`onSaved`), a refusal is
 * kept beside its action in plain words (UI22) and never replaced by a later refresh of the page.
 */
export function useDecisionRequests(onSaved: (change: DecisionChange) => void): DecisionRequests {
  const [errors, setErrors] = useState<ReadonlyMap<string, RequestError>>(new Map())
  const [busy, setBusy] = useState<string | null>(null)
  const [saved, setSaved] = useState('')
  const dismiss = useCallback(
    (key: string) =>
      setErrors((all) => {
        if (!all.has(key)) return all
        const next = new Map(all)
        next.delete(key)
        return next
      }),
    [],
  )
  const run = async (
    key: string,
    what: string,
    request: () => Promise<DecisionChange>,
    savedWords: string,
  ): Promise<boolean> => {
    setBusy(key)
    setSaved('')
    try {
      const change = await request()
      dismiss(key)
      setSaved(savedWords)
      onSaved(change)
      return true
    } catch (e) {
      setErrors((all) => new Map(all).set(key, { text: refusalWords(e, what) }))
      return false
    } finally {
      setBusy(null)
    }
  }
  return { errors, busy, saved, run, dismiss }
}

/** A refusal beside its action (role="alert"), with a button to dismiss it. */
export function RequestErrorNote({
  requests,
  actionKey,
}: {
  requests: Pick<DecisionRequests, 'errors' | 'dismiss'>
  actionKey: string
}) {
  const error = requests.errors.get(actionKey)
  if (!error) return null
  return (
    // A span (shown as a block): it may stand inside a paragraph or a list item.
    <span className="error decision-error" role="alert" data-testid="decision-error">
      {error.text}{' '}
      <button type="button" className="link" onClick={() => requests.dismiss(actionKey)}>
        Dismiss
      </button>
    </span>
  )
}

/**
 * The refusals whose action is no longer on the page (its row went with someone else's change meanwhile):
 * said here rather than lost.
 */
export function OtherRequestErrors({
  requests,
  shown,
}: {
  requests: Pick<DecisionRequests, 'errors' | 'dismiss'>
  /** The action keys the page draws beside their actions. */
  shown: ReadonlySet<string>
}) {
  const keys = [...requests.errors.keys()].filter((key) => !shown.has(key))
  if (keys.length === 0) return null
  return (
    <div className="decision-other-errors">
      {keys.map((key) => (
        <RequestErrorNote key={key} requests={requests} actionKey={key} />
      ))}
    </div>
  )
}

/**
 * The page's status line: what the last saved action did. When the action's button went with it (a merge
 * undone, a source merged away), the focus would fall to the page's start; it comes here instead.
 */
export function SavedStatus({ requests }: { requests: Pick<DecisionRequests, 'saved'> }) {
  const ref = useRef<HTMLParagraphElement>(null)
  useEffect(() => {
    if (requests.saved && (document.activeElement === document.body || document.activeElement === null))
      ref.current?.focus()
  }, [requests.saved])
  return (
    <p
      ref={ref}
      tabIndex={-1}
      className="muted decisions-status"
      role="status"
      data-testid="decisions-status"
    >
      {requests.saved}
    </p>
  )
}
