import {
  clearFinalDecision,
  labelById,
  type ReviewMode,
  readArticle,
  readMeta,
  reviewMode,
  setFinalDecision,
  setFinalDecisions,
  setReviewMode,
  type Taxonomy,
  textColorOn,
} from '@attrib/core'
import {
  type ArticleAgreement,
  type ArticleLayers,
  articleAgreement,
  articleLayers,
  firstSource,
  mergedLabels,
  type SentenceLayers,
} from '@attrib/review'
import { useEffect, useState } from 'react'
import { useCollab } from '../useCollab'
import type { User } from '../user'
import './adjudicate.css'

const fmt = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(2))

/** Cohen's kappa per pair and label, Krippendorff's alpha per label across everyone. */
function AgreementTable({ agreement, taxonomy }: { agreement: ArticleAgreement; taxonomy: Taxonomy }) {
  if (agreement.annotators.length < 2)
    return <p className="muted">Agreement needs two annotators; {agreement.annotators.length} so far.</p>
  const labels = Object.keys(agreement.alpha)
  const name = (id: string) => labelById(taxonomy, id)?.name ?? id
  return (
    <table className="adj-table adj-agreement" data-testid="agreement">
      <thead>
        <tr>
          <th>Measure</th>
          {labels.map((l) => (
            <th key={l} className="num">
              {name(l)}
            </th>
          ))}
          <th className="num">Mean / label sets</th>
        </tr>
      </thead>
      <tbody>
        {agreement.pairs.map((p) => (
          <tr key={`${p.a}|${p.b}`}>
            <th scope="row">
              κ {p.a} · {p.b}
            </th>
            {labels.map((l) => (
              <td key={l} className="num">
                {fmt(p.perLabel[l] ?? Number.NaN)}
              </td>
            ))}
            <td className="num">{fmt(p.meanKappa)}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">α all annotators</th>
          {labels.map((l) => (
            <td key={l} className="num">
              {fmt(agreement.alpha[l] ?? Number.NaN)}
            </td>
          ))}
          <td className="num" data-testid="alpha-label-set">
            {fmt(agreement.alphaLabelSet)}
          </td>
        </tr>
      </tbody>
    </table>
  )
}

function Chips({ labels, taxonomy }: { labels: readonly string[]; taxonomy: Taxonomy }) {
  if (labels.length === 0) return <span className="muted">none</span>
  return (
    <span className="chips">
      {labels.map((id) => {
        const label = labelById(taxonomy, id)
        return (
          <span
            key={id}
            className="chip on small"
            style={
              label && { background: label.color, borderColor: label.color, color: textColorOn(label.color) }
            }
          >
            {label?.name ?? id}
          </span>
        )
      })}
    </span>
  )
}

/** The reviewer's own label set for a sentence: toggles chips, then saves. */
function SetLabels({
  initial,
  taxonomy,
  onSave,
}: {
  initial: readonly string[]
  taxonomy: Taxonomy
  onSave: (labels: string[]) => void
}) {
  const [labels, setLabels] = useState<string[]>([...initial])
  return (
    <span className="set-labels">
      {taxonomy.labels.map((l) => {
        const on = labels.includes(l.id)
        return (
          <button
            key={l.id}
            type="button"
            className={`chip small${on ? ' on' : ''}`}
            style={
              on
                ? { background: l.color, borderColor: l.color, color: textColorOn(l.color) }
                : { borderColor: l.color }
            }
            aria-pressed={on}
            onClick={() => setLabels(on ? labels.filter((x) => x !== l.id) : [...labels, l.id])}
          >
            {l.name}
          </button>
        )
      })}
      <button type="button" onClick={() => onSave(labels)}>
        Save
      </button>
    </span>
  )
}

function SentenceRow({
  sentence,
  annotators,
  taxonomy,
  articleId,
  decide,
  clear,
  readOnly,
}: {
  sentence: SentenceLayers
  annotators: string[]
  taxonomy: Taxonomy
  articleId: string
  decide: (labels: string[], source: string) => void
  clear: () => void
  readOnly: boolean
}) {
  const [setting, setSetting] = useState(false)
  const merged = mergedLabels(sentence)
  return (
    <tr
      className={`adj-row adj-${sentence.agreement}${sentence.final ? ' adj-resolved' : ''}`}
      data-sentence={sentence.index}
    >
      <td className="num">
        <a href={`#/a/${encodeURIComponent(articleId)}?s=${sentence.index}`} title="Open in the editor">
          {sentence.index + 1}
        </a>
      </td>
      <td className="adj-text">{sentence.text}</td>
      {annotators.map((name) => {
        const cell = sentence.layers[name]!
        return (
          <td key={name}>
            <Chips labels={cell.labels} taxonomy={taxonomy} />
            {cell.sources.length > 0 && <div className="muted">source: {cell.sources.join(', ')}</div>}
          </td>
        )
      })}
      <td className="adj-final" data-testid={`final-${sentence.index}`}>
        {sentence.final ? (
          <>
            <Chips labels={sentence.final.labels} taxonomy={taxonomy} />
            {sentence.final.source && <div className="muted">source: {sentence.final.source}</div>}
            <div className="muted">by {sentence.final.reviewer}</div>
          </>
        ) : (
          <span className="muted">{sentence.agreement === 'disagreed' ? 'to decide' : '—'}</span>
        )}
      </td>
      <td className="adj-actions">
        <fieldset className="bare" disabled={readOnly}>
          {annotators.map((name) => (
            <button
              key={name}
              type="button"
              onClick={() => decide(sentence.layers[name]!.labels, sentence.layers[name]!.sources[0] ?? '')}
              title={`Take ${name}'s labels`}
            >
              Take {name}
            </button>
          ))}
          {merged.length > 0 && (
            <button
              type="button"
              onClick={() => decide(merged, firstSource(sentence))}
              title="Union of all labels"
            >
              Merge
            </button>
          )}
          <button type="button" onClick={() => setSetting(!setting)}>
            Set…
          </button>
          {sentence.final && (
            <button type="button" onClick={clear} title="Undo the decision">
              Reopen
            </button>
          )}
          {setting && (
            <SetLabels
              initial={sentence.final?.labels ?? merged}
              taxonomy={taxonomy}
              onSave={(labels) => {
                decide(labels, sentence.final?.source ?? firstSource(sentence))
                setSetting(false)
              }}
            />
          )}
        </fieldset>
      </td>
    </tr>
  )
}

/**
 * Adjudication of one article: every annotator's layer side by side, sentence by sentence; the reviewer
 * takes one layer, merges them or sets the labels, which writes the final layer that exports use.
 */
export function AdjudicatePage({
  articleId,
  user,
  taxonomy,
  readOnly = false,
}: {
  articleId: string
  user: User
  taxonomy: Taxonomy
  /** Shows the layers without the decision buttons (a viewer). */
  readOnly?: boolean
}) {
  const collab = useCollab(articleId, user)
  const [layers, setLayers] = useState<ArticleLayers | null>(null)
  const [agreement, setAgreement] = useState<ArticleAgreement | null>(null)
  const [title, setTitle] = useState('')
  const [mode, setMode] = useState<ReviewMode>('open')
  const [show, setShow] = useState<'disagreed' | 'tagged' | 'all'>('disagreed')
  const doc = collab?.ready ? collab.doc : null

  useEffect(() => {
    if (!doc) return
    let timer: ReturnType<typeof setTimeout> | null = null
    const refresh = () => {
      timer = null
      const snapshot = readArticle(doc)
      setLayers(articleLayers(snapshot))
      setAgreement(articleAgreement(snapshot, { labels: taxonomy.labels.map((l) => l.id) }))
      const meta = readMeta(doc)
      setTitle(meta.title || meta.id)
      setMode(reviewMode(doc))
    }
    refresh()
    const onUpdate = () => {
      timer ??= setTimeout(refresh, 150)
    }
    doc.on('update', onUpdate)
    return () => {
      doc.off('update', onUpdate)
      if (timer) clearTimeout(timer)
    }
  }, [doc, taxonomy])

  if (collab?.denied)
    return (
      <main className="adjudicate">
        <p className="error" data-testid="denied">
          {collab.denied === 'forbidden'
            ? "You don't have access to this article."
            : collab.denied === 'refused'
              ? `The server refused a change from this page${collab.deniedReason ? ` (${collab.deniedReason})` : ''}; reload the page.`
              : collab.denied === 'missing'
                ? 'This article was deleted, or never existed.'
                : 'Your session has expired — sign in again.'}
        </p>
      </main>
    )
  if (!doc || !layers) return <main className="adjudicate">Loading the article…</main>

  const rows = layers.sentences.filter((s) =>
    show === 'all'
      ? true
      : show === 'tagged'
        ? s.agreement !== 'untagged' || s.final
        : s.agreement === 'disagreed',
  )
  const agreed = layers.sentences.filter((s) => s.agreement === 'agreed' && !s.final)
  const { counts } = layers

  return (
    <main className="adjudicate">
      <div className="article-toolbar">
        <a href={`#/a/${encodeURIComponent(articleId)}`}>← Editor</a>
        <h1 title={title}>Adjudicate: {title}</h1>
      </div>
      <p className="adj-summary" data-testid="adj-summary">
        {counts.sentences} sentences · {layers.annotators.length} annotators (
        {layers.annotators.join(', ') || 'none yet'}) ·{' '}
        <strong data-testid="adj-agreed">{counts.agreed}</strong> agreed ·{' '}
        <strong data-testid="adj-disagreed">{counts.disagreed}</strong> disagreed ·{' '}
        <strong data-testid="adj-open">{counts.open}</strong> to decide · {counts.resolved} decided
      </p>
      {agreement && (
        <details className="adj-agreement-box" open>
          <summary>
            Agreement (Cohen's κ per pair, Krippendorff's α across all; 1 = perfect, 0 = chance)
          </summary>
          <AgreementTable agreement={agreement} taxonomy={taxonomy} />
        </details>
      )}
      <div className="adj-controls">
        <label>
          <input
            type="checkbox"
            checked={mode === 'independent'}
            disabled={readOnly}
            onChange={(e) => setReviewMode(doc, e.target.checked ? 'independent' : 'open')}
          />{' '}
          Independent annotation (annotators do not see each other's labels)
        </label>
        <label>
          Show{' '}
          <select value={show} onChange={(e) => setShow(e.target.value as typeof show)}>
            <option value="disagreed">disagreements</option>
            <option value="tagged">tagged sentences</option>
            <option value="all">all sentences</option>
          </select>
        </label>
        <button
          type="button"
          disabled={readOnly || agreed.length === 0}
          onClick={() =>
            setFinalDecisions(
              doc,
              agreed.map((s) => ({ sentence: s.index, labels: mergedLabels(s), source: firstSource(s) })),
              user.name,
            )
          }
          title="Write the agreed labels of every agreed sentence into the final layer"
        >
          Accept all agreed ({agreed.length})
        </button>
      </div>
      {rows.length === 0 ? (
        <p className="muted">Nothing to show here.</p>
      ) : (
        <table className="adj-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Sentence</th>
              {layers.annotators.map((a) => (
                <th key={a}>{a}</th>
              ))}
              <th>Final</th>
              <th>Decide</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <SentenceRow
                key={s.index}
                sentence={s}
                annotators={layers.annotators}
                taxonomy={taxonomy}
                articleId={articleId}
                decide={(labels, source) => setFinalDecision(doc, s.index, { labels, source }, user.name)}
                clear={() => clearFinalDecision(doc, s.index)}
                readOnly={readOnly}
              />
            ))}
          </tbody>
        </table>
      )}
    </main>
  )
}
