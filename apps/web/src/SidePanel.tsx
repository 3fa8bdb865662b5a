import { labelById, MAX_SOURCE_LENGTH, SUGGESTER, type Taxonomy, textColorOn } from '@attrib/core'
import type { AttributionEditor, SentenceDetails, setSourceName, setStatus } from '@attrib/editor'
import { type ReactNode, useEffect, useState } from 'react'

/** The sentence at the cursor: its labels, source name, annotators, and accept/reject for suggestions. */
export function SidePanel({
  taxonomy,
  details,
  editor,
  commands,
  readOnly = false,
  children,
}: {
  taxonomy: Taxonomy
  details: SentenceDetails | null
  editor: AttributionEditor | null
  /** The editor's commands the panel uses: they come with the editor's code (OPEN4), as the editor does. */
  commands: { setSourceName: typeof setSourceName; setStatus: typeof setStatus } | null
  /** Shows the sentence without the controls that change it (a viewer). */
  readOnly?: boolean
  /** Shown below the sentence's annotations (its history). */
  children?: ReactNode
}) {
  const visible = details?.annotations.filter((a) => a.status !== 'rejected') ?? []
  const currentSource = visible.find((a) => a.source)?.source ?? ''
  const [source, setSource] = useState(currentSource)
  useEffect(() => setSource(currentSource), [currentSource])

  if (!details || !editor || !commands)
    return <div className="side-panel">Click a sentence or press j to start.</div>
  const labelsOn = new Set(visible.filter((a) => a.status === 'accepted').flatMap((a) => a.labels))
  const labelName = (id: string) => labelById(taxonomy, id)?.name ?? id
  const all = [...details.annotations, ...details.spans]

  return (
    <div className="side-panel" data-testid="side-panel">
      <h2>Current sentence</h2>
      <blockquote className="sentence-text">{details.text}</blockquote>
      <fieldset className="bare" disabled={readOnly}>
        <div className="chips">
          {taxonomy.labels.map((l) => (
            <button
              key={l.id}
              type="button"
              className={`chip${labelsOn.has(l.id) ? ' on' : ''}`}
              style={
                labelsOn.has(l.id)
                  ? { background: l.color, borderColor: l.color, color: textColorOn(l.color) }
                  : { borderColor: l.color }
              }
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => editor.toggleLabel(l.id)}
              aria-pressed={labelsOn.has(l.id)}
            >
              <kbd>{l.key}</kbd> {l.name}
            </button>
          ))}
        </div>
        <form
          className="source-form"
          onSubmit={(e) => {
            e.preventDefault()
            commands.setSourceName(editor.view, editor.context, source.trim())
            editor.view.focus()
          }}
        >
          <label>
            Source name
            <input
              value={source}
              maxLength={MAX_SOURCE_LENGTH}
              onChange={(e) => setSource(e.target.value)}
              placeholder={visible.length ? 'e.g. Dmitry Peskov' : 'Tag the sentence first'}
              disabled={visible.length === 0}
            />
          </label>
          <button type="submit" disabled={visible.length === 0}>
            Set
          </button>
          <button
            type="button"
            disabled={visible.length === 0 || editor.view.state.selection.empty}
            title="Use the selected words as the source name"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              const { from, to } = editor.view.state.selection
              const text = editor.view.state.doc.textBetween(from, to).trim()
              setSource(text)
              commands.setSourceName(editor.view, editor.context, text)
            }}
          >
            From selection
          </button>
        </form>
      </fieldset>
      <h3>Annotations</h3>
      {all.length === 0 && <p className="muted">None yet.</p>}
      <ul className="annotations">
        {all.map((a) => (
          <li key={a.id} className={`annotation status-${a.status}`}>
            <div>
              <strong>{a.labels.map(labelName).join(', ')}</strong>
              {a.kind === 'span' && (
                <span className="muted"> on “{editor.view.state.doc.textBetween(a.from, a.to)}”</span>
              )}
            </div>
            <div className="muted">
              {a.annotator === SUGGESTER ? 'automatic suggestion' : a.annotator || 'unknown'} · {a.status}
              {a.source ? ` · source: ${a.source}` : ''}
              {a.created ? ` · ${new Date(a.created).toLocaleString()}` : ''}
            </div>
            {a.reason && <div className="muted">why: {a.reason}</div>}
            {a.status === 'suggested' && (
              <div className="review">
                <button
                  type="button"
                  disabled={readOnly}
                  onClick={() => commands.setStatus(editor.context, [a.id], 'accepted')}
                >
                  Accept (a)
                </button>
                <button
                  type="button"
                  disabled={readOnly}
                  onClick={() => commands.setStatus(editor.context, [a.id], 'rejected')}
                >
                  Reject (x)
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {children}
    </div>
  )
}
