import { type ArticleMeta, getMetaMap, Origin } from '@attrib/core'
import { useEffect, useRef, useState } from 'react'
import type * as Y from 'yjs'

/** The fields of an article's details that people edit (they live in the Y.Doc's `meta` map). */
export type EditableField = 'title' | 'outlet' | 'date' | 'story'

const DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * Writes an article's details into its `meta` map in one transaction (`Origin.user`), so every
 * collaborator sees them and the server's catalog picks them up. An empty outlet, date or story is
 * removed; the title may not be empty. Returns the problem in words, or null when written.
 */
export function saveArticleDetails(doc: Y.Doc, details: Record<EditableField, string>): string | null {
  const title = details.title.trim()
  if (!title) return 'The title may not be empty.'
  const date = details.date.trim()
  if (date && (!DATE.test(date) || Number.isNaN(Date.parse(date))))
    return 'The date must be a real date, written YYYY-MM-DD.'
  const meta = getMetaMap(doc)
  doc.transact(() => {
    const set = (key: EditableField, value: string) => {
      if (value === '') {
        if (meta.has(key)) meta.delete(key)
      } else if (meta.get(key) !== value) meta.set(key, value)
    }
    set('title', title)
    set('outlet', details.outlet.trim())
    set('date', date)
    set('story', details.story.trim())
  }, Origin.user)
  return null
}

/**
 * The article's details dialog: title, outlet, date and story, editable by annotators and reviewers
 * (UI5). `suggestions` fills the outlet and story fields' lists with the values other articles use.
 */
export function ArticleDetails({
  doc,
  meta,
  readOnly,
  focusField,
  suggestions,
  onClose,
}: {
  doc: Y.Doc
  meta: ArticleMeta
  readOnly: boolean
  /** The field to put the cursor in when the dialog opens. */
  focusField: EditableField
  suggestions: { outlets: string[]; stories: string[] }
  onClose: () => void
}) {
  const [draft, setDraft] = useState<Record<EditableField, string>>({
    title: meta.title,
    outlet: meta.outlet ?? '',
    date: meta.date ?? '',
    story: meta.story ?? '',
  })
  const [problem, setProblem] = useState<string | null>(null)
  const formRef = useRef<HTMLFormElement>(null)
  useEffect(() => {
    formRef.current?.querySelector<HTMLInputElement>(`[name="${focusField}"]`)?.focus()
  }, [focusField])

  const field = (key: EditableField, label: string, extra: Record<string, string> = {}) => (
    <label>
      {label}
      <input
        name={key}
        value={draft[key]}
        readOnly={readOnly}
        onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value }))}
        {...extra}
      />
    </label>
  )

  return (
    <div
      className="modal-backdrop"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose()
      }}
    >
      <form
        ref={formRef}
        className="modal article-details"
        data-testid="article-details"
        role="dialog"
        aria-modal="true"
        aria-label="Article details"
        onSubmit={(e) => {
          e.preventDefault()
          if (readOnly) return onClose()
          const p = saveArticleDetails(doc, draft)
          setProblem(p)
          if (!p) onClose()
        }}
      >
        <h2>Article details</h2>
        {field('title', 'Title')}
        {field('outlet', 'Outlet', { list: 'known-outlets', placeholder: 'e.g. The Wall Street Journal' })}
        {field('date', 'Date', { type: 'date' })}
        {field('story', 'Story', { list: 'known-stories', placeholder: 'groups articles on the same story' })}
        <datalist id="known-outlets">
          {suggestions.outlets.map((o) => (
            <option key={o} value={o} />
          ))}
        </datalist>
        <datalist id="known-stories">
          {suggestions.stories.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <p className="muted">
          Article id <code>{meta.id}</code>
          {meta.sourceFile ? ` · imported from ${meta.sourceFile}` : ''}
          {meta.author ? ` · by ${meta.author}` : ''}
        </p>
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            {readOnly ? 'Close' : 'Cancel'}
          </button>
          {!readOnly && <button type="submit">Save</button>}
        </div>
      </form>
    </div>
  )
}
