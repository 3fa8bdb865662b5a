import {
  addAnnotationsAtOffsets,
  canEdit,
  getMetaMap,
  Origin,
  type ReviewMode,
  readArticle,
  readMeta,
  reviewMode,
  SCHEMA_VERSION,
  selectLayer,
  sentenceLabels,
  setReviewMode,
  type Taxonomy,
  visibleTo,
} from '@attrib/core'
import {
  type AttributionEditor,
  createAttributionEditor,
  currentSentence,
  type EditorMode,
  labelCounts,
  type SentenceDetails,
} from '@attrib/editor'
import { articleSuggestions, suggestionAnnotations } from '@attrib/review'
import { useEffect, useRef, useState } from 'react'
import { ExportMenu } from './ExportMenu'
import { Legend } from './Legend'
import { Presence } from './Presence'
import { SidePanel } from './SidePanel'
import { sessionExpired } from './session'
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
  focus = '',
  focusLabel = '',
  viewOnly = false,
}: {
  articleId: string
  user: User
  taxonomy: Taxonomy
  /** Sentence indexes to mark and go to, comma-separated (`#/a/<id>?s=3,7`). */
  focus?: string
  /** A label whose sentences to mark and go to (`#/a/<id>?label=quote`). */
  focusLabel?: string
  /** The person may only read (a viewer): no tagging, suggesting or review-mode changes. */
  viewOnly?: boolean
}) {
  const collab = useCollab(articleId, user)
  const mountRef = useRef<HTMLDivElement>(null)
  const editorRef = useRef<AttributionEditor | null>(null)
  const [details, setDetails] = useState<SentenceDetails | null>(null)
  const [counts, setCounts] = useState<ReturnType<typeof labelCounts> | null>(null)
  const [mode, setMode] = useState<EditorMode>('annotate')
  const [title, setTitle] = useState('')
  const [readOnly, setReadOnly] = useState(false)
  const [review, setReview] = useState<ReviewMode>('open')
  const [focused, setFocused] = useState<number[]>([])
  const [focusAt, setFocusAt] = useState(0)
  const [suggestNote, setSuggestNote] = useState('')
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
      readOnly: locked || viewOnly,
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
    // Independent mode: each annotator sees only their own labels (and suggestions) until review.
    const applyReviewMode = () => {
      const mode = reviewMode(doc)
      setReview(mode)
      const name = () => editorRef.current?.context.annotator ?? user.name
      editor.setFilter(mode === 'independent' ? (r) => visibleTo(r, name(), mode) : null)
    }
    applyReviewMode()
    const metaMap = getMetaMap(doc)
    const onMeta = (e: { keysChanged: Set<string> }) => {
      if (e.keysChanged.has('review')) applyReviewMode()
    }
    metaMap.observe(onMeta)
    return () => {
      metaMap.unobserve(onMeta)
      if (countsTimer) clearTimeout(countsTimer)
      editor.destroy()
      editorRef.current = null
    }
  }, [ready, doc])

  // Sentences a link asked to see: `?s=` indexes or `?label=` (the sentences carrying it).
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when the editor becomes ready
  useEffect(() => {
    const editor = editorRef.current
    if (!editor || !doc) return
    let indexes: number[] = []
    if (focus)
      indexes = focus
        .split(',')
        .map((x) => Number(x))
        .filter((x) => Number.isInteger(x) && x >= 0)
    else if (focusLabel) {
      const snapshot = readArticle(doc)
      const layer = review === 'independent' ? snapshot : selectLayer(snapshot)
      indexes = sentenceLabels(layer).flatMap((s, i) => (s.accepted.includes(focusLabel) ? [i] : []))
    }
    editor.focusSentences(indexes)
    setFocused(indexes)
    setFocusAt(0)
  }, [focus, focusLabel, ready, doc, editorRef.current])

  useEffect(() => {
    editorRef.current?.setAnnotator(user.name)
    collab?.provider.awareness.setLocalStateField('user', { name: user.name, color: user.color })
  }, [user.name, user.color, collab?.provider])

  useEffect(() => {
    editorRef.current?.setTaxonomy(taxonomy)
  }, [taxonomy])

  const editor = editorRef.current
  const connection = collab?.connection ?? 'connecting'
  const denied = collab?.denied ?? null

  return (
    <main className="article-view">
      <div className="article-toolbar">
        <a href="#/">← Articles</a>
        <h1 title={title}>{title}</h1>
        <span className={`connection connection-${connection}`} data-connection={connection}>
          {CONNECTION_TEXT[connection]}
        </span>
        {viewOnly && (
          <span
            className="badge view-only"
            data-testid="view-only"
            title="Your invite lets you read, not change"
          >
            View only
          </span>
        )}
        {collab && <Presence awareness={collab.provider.awareness} />}
        <a href={`#/adjudicate/${encodeURIComponent(articleId)}`} title="Compare the annotators' layers">
          Adjudicate
        </a>
        <ExportMenu articleId={articleId} />
      </div>
      <div className="article-body">
        <section className="article-main">
          <div className="editor-toolbar">
            <button
              type="button"
              disabled={viewOnly}
              onClick={() => editor?.undo()}
              title="Undo your last change (Ctrl+Z)"
            >
              Undo
            </button>
            <button
              type="button"
              disabled={viewOnly}
              onClick={() => editor?.redo()}
              title="Redo (Ctrl+Shift+Z)"
            >
              Redo
            </button>
            <button
              type="button"
              disabled={readOnly || viewOnly}
              className={mode === 'edit' ? 'active' : ''}
              onClick={() => {
                editor?.setMode(mode === 'edit' ? 'annotate' : 'edit')
                editor?.view.focus()
              }}
              title="Switch between tagging (keys are commands) and editing the text (e / Esc)"
            >
              {mode === 'edit' ? 'Editing text (Esc to tag)' : 'Edit text'}
            </button>
            {!viewOnly && (
              <button
                type="button"
                data-testid="suggest-all"
                disabled={readOnly || !doc || !ready}
                title="Pre-annotate: suggest source types for every sentence with attribution cues (a accepts, x rejects)"
                onClick={() => {
                  if (!doc) return
                  const name = editor?.context.annotator ?? user.name
                  const suggestions = articleSuggestions(readArticle(doc), (a) =>
                    visibleTo(a, name, reviewMode(doc)),
                  )
                  // One transaction, tracked as the user's: one Ctrl+Z takes all of them back.
                  addAnnotationsAtOffsets(doc, suggestionAnnotations(suggestions), Origin.user)
                  setSuggestNote(
                    suggestions.length === 0
                      ? 'No new suggestions.'
                      : `${suggestions.length} sentence${suggestions.length === 1 ? '' : 's'} suggested: a accepts, x rejects.`,
                  )
                  editor?.view.focus()
                }}
              >
                Suggest all
              </button>
            )}
            {suggestNote && (
              <span className="muted" data-testid="suggest-note">
                {suggestNote}
              </span>
            )}
            {!viewOnly && (
              <label
                className="review-mode"
                title="Independent: annotators see only their own labels until a reviewer adjudicates"
              >
                <input
                  type="checkbox"
                  data-testid="independent-mode"
                  checked={review === 'independent'}
                  disabled={readOnly || !doc}
                  onChange={(e) => doc && setReviewMode(doc, e.target.checked ? 'independent' : 'open')}
                />{' '}
                Independent
              </label>
            )}
            {!viewOnly && (
              <span className="hint">
                j/k next/previous sentence · key = toggle label · Shift+key = tag selection · a/x
                accept/reject
              </span>
            )}
          </div>
          {review === 'independent' && (
            <p className="notice" data-testid="independent-notice">
              Independent annotation: you see only your own labels and the suggestions until review.
            </p>
          )}
          {focused.length > 0 && (
            <p className="notice focus-bar" data-testid="focus-bar">
              {focused.length} sentence{focused.length === 1 ? '' : 's'}
              {focusLabel ? ` tagged ${focusLabel}` : ''} marked ·{' '}
              <button
                type="button"
                onClick={() => {
                  const next = (focusAt + 1) % focused.length
                  setFocusAt(next)
                  editor?.goToSentence(focused[next]!)
                }}
              >
                Next ({focusAt + 1}/{focused.length})
              </button>{' '}
              <button
                type="button"
                onClick={() => {
                  editor?.focusSentences([])
                  setFocused([])
                }}
              >
                Clear
              </button>
            </p>
          )}
          {denied === 'unauthorized' && (
            <p className="error" data-testid="denied">
              Your session has expired — sign in again.{' '}
              <button type="button" onClick={sessionExpired}>
                Sign in
              </button>
            </p>
          )}
          {denied === 'forbidden' && (
            <p className="error" data-testid="denied">
              You don't have access to this article.
            </p>
          )}
          {denied === 'refused' && (
            <p className="error" data-testid="denied">
              The server refused a change from this page
              {collab?.deniedReason ? ` (${collab.deniedReason})` : ''}. It was not saved, and this page no
              longer sends changes.{' '}
              <button type="button" onClick={() => location.reload()}>
                Reload
              </button>
            </p>
          )}
          {readOnly && (
            <p className="error">
              This article was saved by a newer version of the editor. It is shown read-only; reload to
              update.
            </p>
          )}
          {!ready && !denied && (
            <p className="loading">
              {collab?.connection === 'offline'
                ? 'Offline and not cached in this browser yet.'
                : 'Loading the article…'}
            </p>
          )}
          <div ref={mountRef} className="editor-mount" data-testid="editor" />
        </section>
        <aside className="article-side">
          <Legend
            taxonomy={taxonomy}
            counts={counts}
            onToggle={(id) => {
              if (!viewOnly) editor?.toggleLabel(id)
            }}
          />
          <SidePanel taxonomy={taxonomy} details={details} editor={editor} readOnly={viewOnly} />
        </aside>
      </div>
    </main>
  )
}
