import { type KeyboardEvent, useId, useMemo, useState } from 'react'
import type { SourceSummary } from '../api'
import { matchSources } from './decisionWords'

/**
 * A searchable list of the index's sources to pick one from (the ARIA combobox pattern with a list popup):
 * typing narrows it by name or spelling, ↓ ↑ move through it, Enter picks, Escape closes it (again: clears
 * the text). `exclude` (the source being merged) is never offered.
 */
export function SourcePicker({
  sources,
  exclude,
  picked,
  onPick,
  inputId,
  describedBy,
  autoFocus,
}: {
  sources: readonly SourceSummary[]
  exclude: string
  picked: SourceSummary | null
  onPick: (source: SourceSummary | null) => void
  /** The input's id, for the label outside. */
  inputId: string
  describedBy?: string
  autoFocus?: boolean
}) {
  const listId = useId()
  const [text, setText] = useState(picked?.name ?? '')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(-1)
  const { matches, more } = useMemo(() => matchSources(sources, text, exclude), [sources, text, exclude])
  const optionId = (i: number) => `${listId}-option-${i}`

  const pick = (source: SourceSummary) => {
    setText(source.name)
    onPick(source)
    setOpen(false)
    setActive(-1)
  }
  const move = (by: number) => {
    if (matches.length === 0) return
    setOpen(true)
    setActive((i) => (i < 0 ? (by > 0 ? 0 : matches.length - 1) : (i + by + matches.length) % matches.length))
  }
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault()
      if (!open) {
        setOpen(true)
        setActive(e.altKey ? -1 : 0)
      } else move(1)
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      move(-1)
    } else if (e.key === 'Enter' && open && active >= 0 && matches[active]) {
      // The list's choice, not the form's submit.
      e.preventDefault()
      pick(matches[active]!)
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault()
        e.stopPropagation()
        setOpen(false)
        setActive(-1)
      } else if (text !== '') {
        e.preventDefault()
        setText('')
        onPick(null)
      }
    }
  }

  const expanded = open && matches.length > 0
  return (
    <div className="source-picker">
      <input
        id={inputId}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        // biome-ignore lint/a11y/noAutofocus: the picker opens on a click of "Merge into…", which asks for it
        autoFocus={autoFocus}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        aria-describedby={describedBy}
        data-testid="source-picker"
        placeholder="Type a name"
        value={text}
        onChange={(e) => {
          setText(e.target.value)
          setOpen(true)
          setActive(e.target.value.trim() ? 0 : -1)
          if (picked && e.target.value !== picked.name) onPick(null)
        }}
        onClick={() => setOpen(true)}
        onKeyDown={onKeyDown}
        onBlur={() => {
          setOpen(false)
          setActive(-1)
        }}
      />
      <div id={listId} role="listbox" aria-label="Sources" className="source-picker-list" hidden={!expanded}>
        {matches.map((s, i) => (
          <div
            key={s.id}
            id={optionId(i)}
            role="option"
            // Focus stays in the input (aria-activedescendant); -1 only makes the option focusable by script.
            tabIndex={-1}
            aria-selected={i === active}
            data-source={s.id}
            className={i === active ? 'active' : undefined}
            // Keeps the focus in the input, so its blur does not close the list before the click.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => pick(s)}
          >
            {s.name}{' '}
            <span className="muted">
              · {s.citations} citation{s.citations === 1 ? '' : 's'}
              {s.aliases.length > 0 ? ` · also ${s.aliases.join(', ')}` : ''}
            </span>
          </div>
        ))}
      </div>
      {expanded && more > 0 && (
        <span className="muted source-picker-more">{more} more: type to narrow the list</span>
      )}
      <span className="visually-hidden" role="status">
        {open ? (matches.length === 0 ? 'No source matches' : `${matches.length + more} sources match`) : ''}
      </span>
    </div>
  )
}
