import { canEdit, readMeta, SCHEMA_VERSION, type Taxonomy } from '@attrib/core'
import {
  type AttributionEditor,
  createAttributionEditor,
  currentSentence,
  type EditorMode,
  labelCounts,
  type SentenceDetails,
} from '@attrib/editor'
import { useEffect, useRef, useState } from 'react'
import { ExportMenu } from './ExportMenu'
import { Legend } from './Legend'
import { Presence } from './Presence'
import { SidePanel } from './SidePanel'
import { type Connection, useCollab } from './useCollab'
import type { User } from './user'

const CONNECTION_TEXT: Record<Connection, string> = {
  connecting: 'Connecting…',
  syncing: 'Syncing…',
  connected: 'Connected',
  offline: 'Offline — changes are kept in this browser',
}

/** One article: the editor, the legend with counts, the side panel and who else is here. */
export function ArticleView({
  articleId,
  user,
  taxonomy,
}: {
  articleId: string
  user: User
  taxonomy: Taxonomy
}) {
  const collab = useCollab(articleId, user)
  const mountRef = useRef<HTMLDivElement>(null)
  const editorRef = useRef<AttributionEditor | null>(null)
  const [details, setDetails] = useState<SentenceDetails | null>(null)
  const [counts, setCounts] = useState<ReturnType<typeof labelCounts> | null>(null)
  const [mode, setMode] = useState<EditorMode>('annotate')
  const [title, setTitle] = useState('')
  const [readOnly, setReadOnly] = useState(false)
  const ready = collab?.ready ?? false
  const doc = collab?.doc

  // biome-ignore lint/correctness/useExhaustiveDependencies: the editor is created once per document; name and taxonomy changes go through its setters
  useEffect(() => {
    if (!ready || !doc || !mountRef.current || !collab) return
    performance.mark('attrib:synced')
    const meta = readMeta(doc)
    setTitle(meta.title || meta.id)
    const locked = !canEdit(doc, SCHEMA_VERSION)
    setReadOnly(locked)
    let countsTimer: ReturnType<typeof setTimeout> | null = null
    const editor = createAttributionEditor({
      mount: mountRef.current,
      ydoc: doc,
      awareness: collab.provider.awareness,
      taxonomy,
      annotator: user.name,
      readOnly: locked,
      onChange: (state) => {
        setDetails(currentSentence(state))
        setMode(editorRef.current?.mode() ?? 'annotate')
        // Counting walks every decoration: at most a few times a second.
        countsTimer ??= setTimeout(() => {
          countsTimer = null
          setCounts(labelCounts(editor.view.state))
        }, 200)
      },
    })
    performance.mark('attrib:editor')
    editorRef.current = editor
    ;(window as unknown as { attribEditor?: AttributionEditor }).attribEditor = editor
    setCounts(labelCounts(editor.view.state))
    setDetails(currentSentence(editor.view.state))
    editor.view.focus()
    return () => {
      if (countsTimer) clearTimeout(countsTimer)
      editor.destroy()
      editorRef.current = null
    }
  }, [ready, doc])

  useEffect(() => {
    editorRef.current?.setAnnotator(user.name)
    collab?.provider.awareness.setLocalStateField('user', { name: user.name, color: user.color })
  }, [user.name, user.color, collab?.provider])

  useEffect(() => {
    editorRef.current?.setTaxonomy(taxonomy)
  }, [taxonomy])

  const editor = editorRef.current
  const connection = collab?.connection ?? 'connecting'

  return (
    <main className="article-view">
      <div className="article-toolbar">
        <a href="#/">← Articles</a>
        <h1 title={title}>{title}</h1>
        <span className={`connection connection-${connection}`} data-connection={connection}>
          {CONNECTION_TEXT[connection]}
        </span>
        {collab && <Presence awareness={collab.provider.awareness} />}
        <ExportMenu articleId={articleId} />
      </div>
      <div className="article-body">
        <section className="article-main">
          <div className="editor-toolbar">
            <button type="button" onClick={() => editor?.undo()} title="Undo your last change (Ctrl+Z)">
              Undo
            </button>
            <button type="button" onClick={() => editor?.redo()} title="Redo (Ctrl+Shift+Z)">
              Redo
            </button>
            <button
              type="button"
              disabled={readOnly}
              className={mode === 'edit' ? 'active' : ''}
              onClick={() => {
                editor?.setMode(mode === 'edit' ? 'annotate' : 'edit')
                editor?.view.focus()
              }}
              title="Switch between tagging (keys are commands) and editing the text (e / Esc)"
            >
              {mode === 'edit' ? 'Editing text (Esc to tag)' : 'Edit text'}
            </button>
            <span className="hint">
              j/k next/previous sentence · key = toggle label · Shift+key = tag selection · a/x accept/reject
            </span>
          </div>
          {readOnly && (
            <p className="error">
              This article was saved by a newer version of the editor. It is shown read-only; reload to
              update.
            </p>
          )}
          {!ready && (
            <p className="loading">
              {collab?.connection === 'offline'
                ? 'Offline and not cached in this browser yet.'
                : 'Loading the article…'}
            </p>
          )}
          <div ref={mountRef} className="editor-mount" data-testid="editor" />
        </section>
        <aside className="article-side">
          <Legend taxonomy={taxonomy} counts={counts} onToggle={(id) => editor?.toggleLabel(id)} />
          <SidePanel taxonomy={taxonomy} details={details} editor={editor} />
        </aside>
      </div>
    </main>
  )
}
