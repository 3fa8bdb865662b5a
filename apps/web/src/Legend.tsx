import type { Taxonomy } from '@attrib/core'
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
    </div>
  )
}
