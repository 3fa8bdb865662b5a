import { decisionCounts, type SourceDecision } from '@attrib/core'
import { useMemo } from 'react'
import type { Role } from '../session'
import { OtherRequestErrors, RequestErrorNote, SavedStatus, useDecisionRequests } from './decisionRequests'
import { mergeSource, splitSpelling, undoMerge, undoSplit } from './decisionsApi'
import {
  countsWords,
  type DecisionAction,
  decisionActions,
  decisionSubject,
  decisionWhat,
  nameOf,
  noActionWhy,
  type SourceNames,
  STATE_NAMES,
  sortDecisions,
  sourceNames,
  spellingId,
  stateLines,
} from './decisionWords'
import { DECISIONS_HREF, StateLines, sourcePageHref } from './SourceCorrections'
import './sources.css'
import { useSourceDecisions } from './useSourceDecisions'

// Every merge and split of the source index with its state, and what the person's role may do with each
// (apps/web SPEC UI23), read again whenever the server announces a change (UI24).

/** The Sources page's link to the decisions, saying how many there are and how many wait for a reviewer. */
export function DecisionsLink({ decisions }: { decisions: readonly SourceDecision[] | null }) {
  const disputed = decisions?.filter((d) => d.state === 'disputed').length ?? 0
  return (
    <a href={DECISIONS_HREF} data-testid="decisions-link">
      Merges and splits
      {decisions && decisions.length > 0
        ? ` (${decisions.length}${disputed > 0 ? ` · ${disputed} disputed` : ''})`
        : ''}
    </a>
  )
}

const ALL_ACTIONS = ['accept', 'reject', 'withdraw', 'dispute'] as const satisfies readonly DecisionAction[]

const ACTION_WORDS: Record<DecisionAction, string> = {
  accept: 'Accept',
  reject: 'Reject',
  withdraw: 'Withdraw',
  dispute: 'Dispute',
}

/** The request an action sends: accepting makes the merge or split again, the others ask for none. */
function actionRequest(decision: SourceDecision, action: DecisionAction) {
  if (action === 'accept')
    return decision.kind === 'split'
      ? () => splitSpelling(decision.spelling)
      : () => mergeSource(decision.from, decision.into!)
  return decision.kind === 'split' ? () => undoSplit(decision.spelling) : () => undoMerge(decision.from)
}

/** What a saved action did, for the status line. */
function savedWords(decision: SourceDecision, action: DecisionAction, names: SourceNames): string {
  const subject = decisionSubject(decision, names)
  switch (action) {
    case 'accept':
      return `Accepted: ${subject}.`
    case 'reject':
      return `Rejected: ${subject}.`
    case 'withdraw':
      return `Withdrawn: ${subject}.`
    case 'dispute':
      return `Disputed: ${subject}. A reviewer decides.`
  }
}

/** `#/sources/decisions`: every merge and split, disputed ones first, with the role's actions. */
export function DecisionsPage({ role, user }: { role: Role; user?: string }) {
  const { decisions, setDecisions, sources, error } = useSourceDecisions({ sources: true })
  const names = useMemo(() => sourceNames(sources ?? []), [sources])
  const requests = useDecisionRequests((change) => setDecisions(change.decisions))
  const sorted = useMemo(() => sortDecisions(decisions ?? []), [decisions])
  const disputed = sorted.filter((d) => d.state === 'disputed').length
  const shown = useMemo(
    () => new Set(sorted.flatMap((d) => ALL_ACTIONS.map((a) => `${a}:${d.key}`))),
    [sorted],
  )

  return (
    <main className="sources-page decisions-page">
      <p>
        <a href="#/sources">← All sources</a>
      </p>
      <div className="sources-head">
        <h1>Merges and splits</h1>
        <span className="muted">
          People’s corrections of the source index; a reviewer settles the disputed ones.
        </span>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <SavedStatus requests={requests} />
      <OtherRequestErrors requests={requests} shown={shown} />
      {!decisions && !error && <p>Loading…</p>}
      {decisions && (
        <>
          <p data-testid="decisions-count">
            {sorted.length} decision{sorted.length === 1 ? '' : 's'}
            {disputed > 0 ? ` · ${disputed} disputed, waiting for a reviewer` : ''}
          </p>
          {sorted.length === 0 ? (
            <p className="sources-empty" data-testid="decisions-empty">
              Nobody has merged or split a source yet: open a source from the list and use “Merge into…” or
              “Split off”.
            </p>
          ) : (
            <ul className="decisions" data-testid="decisions">
              {sorted.map((d) => (
                <DecisionRow
                  key={d.key}
                  decision={d}
                  names={names}
                  role={role}
                  user={user}
                  requests={requests}
                />
              ))}
            </ul>
          )}
        </>
      )}
    </main>
  )
}

function DecisionRow({
  decision,
  names,
  role,
  user,
  requests,
}: {
  decision: SourceDecision
  names: SourceNames
  role: Role
  user?: string
  requests: ReturnType<typeof useDecisionRequests>
}) {
  const actions = decisionActions(decision, role, user)
  const why = actions.length === 0 ? noActionWhy(decision, role) : null
  const subject = decisionSubject(decision, names)
  return (
    <li className="decision" data-testid="decision" data-key={decision.key} data-state={decision.state}>
      <p className="decision-head">
        <span className="decision-kind">{decision.kind === 'merge' ? 'Merge' : 'Split'}</span>{' '}
        <DecisionSubject decision={decision} names={names} />{' '}
        <span className={`decision-state decision-state-${decision.state}`} data-testid="decision-state">
          {STATE_NAMES[decision.state]}
        </span>{' '}
        <span className="muted">{countsWords(decision)}</span>
      </p>
      <p className="decision-history" data-testid="decision-lines">
        <StateLines lines={stateLines(decision, names)} />
      </p>
      {(actions.length > 0 || why) && (
        <p className="decision-actions">
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              aria-label={`${ACTION_WORDS[action]}: ${decision.kind} of ${subject}`}
              disabled={requests.busy !== null}
              onClick={() =>
                void requests.run(
                  `${action}:${decision.key}`,
                  `${action === 'accept' ? 'accepting' : action === 'reject' ? 'rejecting' : action === 'withdraw' ? 'withdrawing' : 'disputing'} ${decisionWhat(decision, names)}`,
                  actionRequest(decision, action),
                  savedWords(decision, action, names),
                )
              }
            >
              {ACTION_WORDS[action]}
            </button>
          ))}
          {why && <span className="muted">{why}</span>}
        </p>
      )}
      {/* Every action's refusal, also one whose button went with a change since (it is not lost). */}
      {ALL_ACTIONS.map((action) => (
        <RequestErrorNote key={action} requests={requests} actionKey={`${action}:${decision.key}`} />
      ))}
    </li>
  )
}

/** The subject with its sources as links to their pages. */
function DecisionSubject({ decision, names }: { decision: SourceDecision; names: SourceNames }) {
  if (decision.kind === 'split')
    return (
      <strong>
        {decisionCounts(decision) ? (
          <a href={sourcePageHref(spellingId(decision.spelling))}>“{decision.spelling}”</a>
        ) : (
          `“${decision.spelling}”`
        )}{' '}
        as a source of its own
      </strong>
    )
  const link = (id: string) => <a href={sourcePageHref(id)}>{nameOf(names, id)}</a>
  return (
    <strong>
      {link(decision.from)}
      {decision.into === null ? ': no merge' : <> into {link(decision.into)}</>}
    </strong>
  )
}
