import { shortLabelName, type Taxonomy, textColorOn } from '@attrib/core'
import type { labelCounts } from '@attrib/editor'

/** The labels with their colours, keys and how many sentences carry each; a click toggles the label. */
export function Legend({
  taxonomy,
  counts,
  onToggle,
}: {
  taxonomy: Taxonomy
  counts: ReturnType<typeof labelCounts> | null
  onToggle: (labelId: string) => void
}) {
  const sample = taxonomy.labels[0]
  return (
    <div className="legend">
      <h2>Source types</h2>
      <ul>
        {taxonomy.labels.map((l) => (
          <li key={l.id}>
            <button
              type="button"
              className="legend-item"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => onToggle(l.id)}
              title={`${l.description} — press ${l.key} to toggle on the current sentence`}
              data-label={l.id}
            >
              <span className="swatch" style={{ background: l.color }} />
              <kbd>{l.key}</kbd>
              <span className="legend-name">{l.name}</span>
              <span className="count" data-count={counts?.accepted.get(l.id) ?? 0}>
                {counts?.accepted.get(l.id) ?? 0}
                {(counts?.suggested.get(l.id) ?? 0) > 0 && (
                  <span className="suggested-count"> +{counts?.suggested.get(l.id)} suggested</span>
                )}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <p className="legend-note">
        A tagged sentence starts with its labels' keys and names
        {sample && (
          <>
            {' '}
            <span
              className="attrib-badge-label legend-sample"
              style={{ background: sample.color, color: textColorOn(sample.color) }}
            >
              {sample.key} {shortLabelName(sample.name)}
            </span>
          </>
        )}
        ; a suggestion is outlined, dashed{' '}
        <span className="attrib-badge-label attrib-badge-suggested legend-sample">suggested</span>: its
        label's key or <kbd>a</kbd> accepts it, <kbd>x</kbd> rejects it.
      </p>
    </div>
  )
}
