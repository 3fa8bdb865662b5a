import type { SourceDecision } from '@attrib/core'
import { useId, useState } from 'react'
import type { SourceDetail, SourceSummary } from '../api'
import type { Role } from '../session'
import type { DecisionRequests } from './decisionRequests'
import { RequestErrorNote } from './decisionRequests'
import { mergeSource, splitSpelling, undoMerge, undoSplit } from './decisionsApi'
import {
  mergedInto,
  mergeOf,
  nameOf,
  type SourceNames,
  type StateLine,
  spellingId,
  splitOf,
  splittableSpellings,
  stateLines,
} from './decisionWords'
import { SourcePicker } from './SourcePicker'
import './decisions.css'

// A source's page's corrections of the index (apps/web SPEC UI22): merge it into another source, split a
// spelling off it, undo a merge into it or its own split, as the person's role allows.

/** The address of a source's page. */
export const sourcePageHref = (id: string) => `#/sources/${encodeURIComponent(id)}`
/** The address of every merge and split. */
export const DECISIONS_HREF = '#/sources/decisions'

/** The action keys a source's page draws its refusals beside (the others are said apart, never lost). */
export function correctionKeys(source: SourceDetail, decisions: readonly SourceDecision[]): Set<string> {
  const keys = new Set([`merge-into:${source.id}`])
  for (const from of source.mergedFrom ?? []) keys.add(`undo-merge:${from}`)
  for (const spelling of splittableSpellings(source)) keys.add(`split:${spelling}`)
  const split = splitOf(source.id, decisions)
  if (split?.kind === 'split') keys.add(`undo-split:${split.spelling}`)
  return keys
}

/** A decision's state lines, each with its time (the full date as its title). */
export function StateLines({ lines }: { lines: readonly StateLine[] }) {
  return (
    <span className="decision-lines">
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the lines are made afresh from the decision, in a fixed order
        <span key={i} className="decision-line">
          {i > 0 ? ' · ' : ''}
          {line.text}
          {line.time && (
            <>
              {' · '}
              <span title={line.time.full}>{line.time.short}</span>
            </>
          )}
        </span>
      ))}
    </span>
  )
}

/**
 * Whether `role` may ask to undo `decision` here, or why not: an annotator may not change a reviewer's
 * decision (the server would refuse it, 409), and leaves a disputed one to the reviewers.
 */
function undoAllowed(decision: SourceDecision | undefined, role: Role): { ok: boolean; why?: string } {
  if (role === 'viewer') return { ok: false }
  if (role === 'reviewer' || !decision) return { ok: true }
  if (decision.state === 'accepted' || decision.state === 'rejected')
    return {
      ok: false,
      why: `${decision.decidedBy ?? 'A reviewer'} ${decision.state} it; only a reviewer can change it.`,
    }
  if (decision.state === 'disputed') return { ok: false, why: 'It is disputed: a reviewer decides.' }
  return { ok: true }
}

/** What undoing another annotator's decision does, said before the person does it. */
function undoHint(decision: SourceDecision | undefined, role: Role, user?: string): string | null {
  if (role !== 'annotator' || !decision || decision.by === user) return null
  return `${decision.by} made it: your undo disputes it until a reviewer decides.`
}

/** The corrections part of a source's page. */
export function SourceCorrections({
  source,
  sources,
  decisions,
  names,
  role,
  user,
  requests,
}: {
  source: SourceDetail
  /** The index's sources (every date), to merge into; null while loading. */
  sources: readonly SourceSummary[] | null
  decisions: readonly SourceDecision[]
  names: SourceNames
  role: Role
  /** The signed-in person's name (none without sign-in, where everyone decides as a reviewer). */
  user?: string
  requests: DecisionRequests
}) {
  const mayChange = role !== 'viewer'
  const split = splitOf(source.id, decisions)
  const splittable = splittableSpellings(source)
  const mergedFrom = source.mergedFrom ?? []
  // A merged source's own name is among the aliases; the index's names otherwise.
  const mergedName = (id: string) => source.aliases.find((a) => spellingId(a) === id) ?? nameOf(names, id)
  const headingId = useId()

  return (
    <section className="source-corrections" aria-labelledby={headingId} data-testid="source-corrections">
      <h2 id={headingId}>Merges and splits</h2>
      {!mayChange && (
        <p className="muted">
          You are signed in as a viewer: you can read the merges and splits, not change them.
        </p>
      )}
      {split?.kind === 'split' && (
        <div className="source-correction" data-testid="source-split">
          <p>
            “{split.spelling}” is a source of its own, split off its source:{' '}
            <StateLines lines={stateLines(split, names)} />
          </p>
          <UndoButton
            decision={split}
            role={role}
            user={user}
            requests={requests}
            actionKey={`undo-split:${split.spelling}`}
            label="Undo split"
            what={`the split of “${split.spelling}”`}
            request={() => undoSplit(split.spelling)}
            savedWords={`“${split.spelling}” is no longer split off.`}
          />
        </div>
      )}
      {mergedFrom.length > 0 && (
        <>
          <h3>Merged into this source</h3>
          <ul className="source-merged" data-testid="source-merged-from">
            {mergedFrom.map((from) => {
              const decision = mergeOf(from, decisions)
              const name = mergedName(from)
              return (
                <li key={from} data-testid="merged-from" data-source={from}>
                  <strong>{name}</strong>
                  {decision && (
                    <>
                      {' — '}
                      <StateLines lines={stateLines(decision, names)} />
                    </>
                  )}{' '}
                  <UndoButton
                    decision={decision}
                    role={role}
                    user={user}
                    requests={requests}
                    actionKey={`undo-merge:${from}`}
                    label="Undo merge"
                    ariaLabel={`Undo merge: ${name} into ${source.name}`}
                    what={`the undo of the merge of ${name}`}
                    request={() => undoMerge(from)}
                    savedWords={`${name} is no longer merged into ${source.name}.`}
                  />
                </li>
              )
            })}
          </ul>
        </>
      )}
      {splittable.length > 0 && (
        <>
          <h3>Other spellings</h3>
          <ul className="source-spellings" data-testid="source-spellings">
            {splittable.map((spelling) => (
              <li key={spelling} data-testid="spelling" data-spelling={spelling}>
                “{spelling}”{' '}
                {mayChange && (
                  <SplitButton
                    spelling={spelling}
                    sourceName={source.name}
                    decisions={decisions}
                    role={role}
                    requests={requests}
                  />
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {mayChange && (
        <MergeInto
          source={source}
          sources={sources}
          decisions={decisions}
          names={names}
          role={role}
          requests={requests}
        />
      )}
      <p>
        <a href={DECISIONS_HREF} data-testid="decisions-link">
          Every merge and split
        </a>
      </p>
    </section>
  )
}

/** An undo of a merge or split, or why the person may not undo it; the refusal beside it. */
function UndoButton({
  decision,
  role,
  user,
  requests,
  actionKey,
  label,
  ariaLabel,
  what,
  request,
  savedWords,
}: {
  decision: SourceDecision | undefined
  role: Role
  user?: string
  requests: DecisionRequests
  actionKey: string
  label: string
  ariaLabel?: string
  what: string
  request: () => ReturnType<typeof undoMerge>
  savedWords: string
}) {
  const allowed = undoAllowed(decision, role)
  const hint = undoHint(decision, role, user)
  return (
    <>
      {allowed.ok ? (
        <button
          type="button"
          aria-label={ariaLabel}
          disabled={requests.busy !== null}
          onClick={() => void requests.run(actionKey, what, request, savedWords)}
        >
          {label}
        </button>
      ) : (
        allowed.why && <span className="muted">{allowed.why}</span>
      )}
      {allowed.ok && hint && <span className="muted"> {hint}</span>}
      <RequestErrorNote requests={requests} actionKey={actionKey} />
    </>
  )
}

/** _Split off_ for one spelling, or why an annotator may not (a reviewer rejected it, or it is disputed). */
function SplitButton({
  spelling,
  sourceName,
  decisions,
  role,
  requests,
}: {
  spelling: string
  sourceName: string
  decisions: readonly SourceDecision[]
  role: Role
  requests: DecisionRequests
}) {
  const id = spellingId(spelling)
  const decision = decisions.find((d) => d.kind === 'split' && spellingId(d.spelling) === id)
  const key = `split:${spelling}`
  if (role === 'annotator' && decision && decision.state !== 'applied')
    return (
      <span className="muted">
        {decision.state === 'disputed'
          ? 'Splitting it off is disputed: a reviewer decides.'
          : `${decision.decidedBy ?? 'A reviewer'} ${decision.state} splitting it off; only a reviewer can change it.`}
        <RequestErrorNote requests={requests} actionKey={key} />
      </span>
    )
  return (
    <>
      <button
        type="button"
        aria-label={`Split off “${spelling}” from ${sourceName}`}
        disabled={requests.busy !== null}
        onClick={() =>
          void requests.run(
            key,
            `the split of “${spelling}”`,
            () => splitSpelling(spelling),
            `“${spelling}” is now a source of its own.`,
          )
        }
      >
        Split off
      </button>
      <RequestErrorNote requests={requests} actionKey={key} />
    </>
  )
}

/** _Merge into…_: opens a searchable list of the index's sources; _Merge_ merges this source into the one picked. */
function MergeInto({
  source,
  sources,
  decisions,
  names,
  role,
  requests,
}: {
  source: SourceDetail
  sources: readonly SourceSummary[] | null
  decisions: readonly SourceDecision[]
  names: SourceNames
  role: Role
  requests: DecisionRequests
}) {
  const [open, setOpen] = useState(false)
  const [target, setTarget] = useState<SourceSummary | null>(null)
  const formId = useId()
  const inputId = useId()
  const hintId = useId()
  const key = `merge-into:${source.id}`
  const existing = mergeOf(source.id, decisions)
  // An annotator leaves a reviewer's decision and a disputed merge of this source to the reviewers.
  if (role === 'annotator' && existing && existing.state !== 'applied' && existing.kind === 'merge') {
    const into = existing.into === null ? 'another source' : nameOf(names, existing.into)
    return (
      <p className="muted" data-testid="merge-into-note">
        {existing.state === 'disputed'
          ? `Merging it into ${into} is disputed: a reviewer decides.`
          : `${existing.decidedBy ?? 'A reviewer'} ${existing.state === 'rejected' ? 'rejected merging it' : 'decided on merging it'}${existing.into === null ? '' : ` into ${into}`}; only a reviewer can change that.`}{' '}
        <RequestErrorNote requests={requests} actionKey={key} />
      </p>
    )
  }
  return (
    <div className="source-merge">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={formId}
        data-testid="merge-into"
        onClick={() => setOpen((o) => !o)}
      >
        Merge into…
      </button>
      <form
        id={formId}
        hidden={!open}
        className="source-merge-form"
        onSubmit={(e) => {
          e.preventDefault()
          if (!target) return
          void requests
            .run(
              key,
              `the merge of ${source.name} into ${target.name}`,
              () => mergeSource(source.id, target.id),
              `${source.name} is merged into ${target.name}.`,
            )
            .then((done) => {
              if (done) setOpen(false)
            })
        }}
      >
        <label htmlFor={inputId}>Merge “{source.name}” into</label>{' '}
        {open && (
          <SourcePicker
            sources={sources ?? []}
            exclude={source.id}
            picked={target}
            onPick={setTarget}
            inputId={inputId}
            describedBy={hintId}
            autoFocus
          />
        )}{' '}
        <button type="submit" disabled={!target || requests.busy !== null} data-testid="merge-submit">
          Merge
        </button>{' '}
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
        <p id={hintId} className="muted">
          {sources ? '' : 'Loading the sources… '}Its citations and spellings go to the source you pick; “Undo
          merge” there takes them back.
          {role === 'annotator' ? ' Another annotator may dispute it, and then a reviewer decides.' : ''}
        </p>
      </form>
      <RequestErrorNote requests={requests} actionKey={key} />
    </div>
  )
}

/**
 * The page of a source that was merged into another (no longer in the index): where it went, who merged it,
 * and _Undo merge_ as the role allows.
 */
export function MergedAway({
  id,
  decisions,
  names,
  role,
  user,
  requests,
}: {
  id: string
  decisions: readonly SourceDecision[]
  names: SourceNames
  role: Role
  user?: string
  requests: DecisionRequests
}) {
  const into = mergedInto(id, decisions)
  const decision = mergeOf(id, decisions)
  if (!into || !decision) return null
  const name = nameOf(names, id)
  return (
    <div className="source-correction" data-testid="source-merged-away">
      <p>
        {name} is merged into{' '}
        <a href={sourcePageHref(into)} data-testid="merged-into-link">
          {nameOf(names, into)}
        </a>
        : <StateLines lines={stateLines(decision, names)} />
      </p>
      <UndoButton
        decision={decision}
        role={role}
        user={user}
        requests={requests}
        actionKey={`undo-merge:${id}`}
        label="Undo merge"
        ariaLabel={`Undo merge: ${name}`}
        what={`the undo of the merge of ${name}`}
        request={() => undoMerge(id)}
        savedWords={`${name} is no longer merged.`}
      />
    </div>
  )
}
