import { type Label, RESERVED_KEYS, type Taxonomy, validateTaxonomy } from '@attrib/core'
import { useState } from 'react'
import { saveTaxonomy } from './api'

const EMPTY: Label = { id: '', name: '', color: '#777777', key: '', description: '' }

/**
 * The project's source types: rename, recolour, rebind keys and add labels. Labels are never removed
 * here, because annotations refer to them by id.
 */
export function LabelsPage({
  taxonomy,
  onSaved,
  readOnly = false,
}: {
  taxonomy: Taxonomy
  onSaved: (t: Taxonomy) => void
  /** Shows the labels without editing them (a viewer). */
  readOnly?: boolean
}) {
  const [labels, setLabels] = useState<Label[]>(() => taxonomy.labels.map((l) => ({ ...l })))
  const [draft, setDraft] = useState<Label>(EMPTY)
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)

  const change = (i: number, patch: Partial<Label>) => {
    setSaved(false)
    setLabels((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)))
  }

  const save = async (next: Label[]) => {
    try {
      validateTaxonomy({ labels: next })
      const result = await saveTaxonomy({ labels: next })
      setLabels(result.labels.map((l) => ({ ...l })))
      setError(null)
      setSaved(true)
      onSaved(result)
      return true
    } catch (e) {
      setError((e as Error).message)
      return false
    }
  }

  return (
    <main className="list labels-page">
      <h1>Source types</h1>
      <p className="muted">
        Every article of the project uses these labels. Keys {RESERVED_KEYS.join(' ')} are kept for navigation
        and review.
      </p>
      {error && <p className="error">{error}</p>}
      {saved && <p className="note">Saved.</p>}
      {readOnly && (
        <p className="notice" data-testid="view-only">
          View only: your role cannot change the source types.
        </p>
      )}
      <fieldset className="bare" disabled={readOnly}>
        <table className="articles">
          <thead>
            <tr>
              <th>Id</th>
              <th>Name</th>
              <th>Colour</th>
              <th>Key</th>
              <th>When to use it</th>
            </tr>
          </thead>
          <tbody>
            {labels.map((l, i) => (
              <tr key={l.id} data-label={l.id}>
                <td>
                  <code>{l.id}</code>
                </td>
                <td>
                  <input
                    aria-label={`${l.id} name`}
                    value={l.name}
                    onChange={(e) => change(i, { name: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    aria-label={`${l.id} colour`}
                    type="color"
                    value={l.color}
                    onChange={(e) => change(i, { color: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    aria-label={`${l.id} key`}
                    className="key-input"
                    value={l.key}
                    maxLength={1}
                    onChange={(e) => change(i, { key: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    aria-label={`${l.id} description`}
                    className="wide"
                    value={l.description}
                    onChange={(e) => change(i, { description: e.target.value })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      {!readOnly && (
        <>
          <p>
            <button type="button" onClick={() => void save(labels)}>
              Save changes
            </button>
          </p>
          <h2>Add a source type</h2>
          <form
            className="add-label"
            onSubmit={async (e) => {
              e.preventDefault()
              if (await save([...labels, draft])) setDraft(EMPTY)
            }}
          >
            <input
              aria-label="new label id"
              placeholder="id, e.g. document"
              value={draft.id}
              onChange={(e) => setDraft({ ...draft, id: e.target.value.trim() })}
            />
            <input
              aria-label="new label name"
              placeholder="Name"
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            />
            <input
              aria-label="new label colour"
              type="color"
              value={draft.color}
              onChange={(e) => setDraft({ ...draft, color: e.target.value })}
            />
            <input
              aria-label="new label key"
              className="key-input"
              placeholder="key"
              maxLength={1}
              value={draft.key}
              onChange={(e) => setDraft({ ...draft, key: e.target.value })}
            />
            <input
              aria-label="new label description"
              className="wide"
              placeholder="When to use it"
              value={draft.description}
              onChange={(e) => setDraft({ ...draft, description: e.target.value })}
            />
            <button type="submit">Add</button>
          </form>
        </>
      )}
    </main>
  )
}
