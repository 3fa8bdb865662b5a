import {
  type ArticleMeta,
  addAnnotationsAtOffsets,
  canEdit,
  getMetaMap,
  labelById,
  Origin,
  type ReviewMode,
  readArticle,
  readMeta,
  reviewMode,
  SCHEMA_VERSION,
  setReviewMode,
  type Taxonomy,
  visibleTo,
} from '@attrib/core'
import {
  type AnnotationFilter,
  type AttributionEditor,
  type EditorMode,
  type labelCounts,
  labelStyles,
  type SentenceDetails,
} from '@attrib/editor'
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { ArticleDetails, type EditableField } from './ArticleDetails'
import { listArticles } from './api'
import { ExportMenu } from './ExportMenu'
import { visibleHistory } from './history/historyModel'
import { SentenceHistory } from './history/SentenceHistory'
import { Timeline, type TimelineFrameInfo } from './history/Timeline'
import { useArticleHistory } from './history/useArticleHistory'
import { useRestore } from './history/useRestore'
import { Legend } from './Legend'
import { type EditorCode, loadEditorCode } from './loadEditorCode'
import { Presence } from './Presence'
import { ArticlePreview, emptyHandover } from './preview/ArticlePreview'
import type { keepPreview } from './preview/keepPreview'
import { shieldSelectionFromReact } from './reactSelection'
import { loadReviewReturn, loadWalk, markedSentences, type Walk, walkHref, walkParams } from './review/walk'
import { SidePanel } from './SidePanel'
import { type Role, sessionExpired } from './session'
import { type Connection, preopenedPreview, useCollab } from './useCollab'
import type { User } from './user'
import { yieldToPage } from './yieldToPage'

/** How often a failed load of the editor's code is tried again while the page is online. */
const CODE_RETRY_MS = 3000

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
  role = viewOnly ? 'viewer' : 'reviewer',
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
  /** What the person may do; without sign-in everyone may do everything (a reviewer). */
  role?: Role
}) {
  const collab = useCollab(articleId, user, { withPreview: true })
  const mountRef = useRef<HTMLDivElement>(null)
  const statusRef = useRef<HTMLDivElement>(null)
  const editorRef = useRef<AttributionEditor | null>(null)
  const [details, setDetails] = useState<SentenceDetails | null>(null)
  const [counts, setCounts] = useState<ReturnType<typeof labelCounts> | null>(null)
  const [mode, setMode] = useState<EditorMode>('annotate')
  const [meta, setMeta] = useState<ArticleMeta | null>(null)
  const [detailsField, setDetailsOpen] = useState<EditableField | null>(null)
  const [known, setKnown] = useState<{ outlets: string[]; stories: string[] }>({ outlets: [], stories: [] })
  const [readOnly, setReadOnly] = useState(false)
  const [review, setReview] = useState<ReviewMode>('open')
  const [focused, setFocused] = useState<number[]>([])
  const [focusAt, setFocusAt] = useState(0)
  // A dashboard total followed here: the articles to walk and this one's place among them (UI4).
  const [walk, setWalk] = useState<{ walk: Walk; step: number } | null>(null)
  const [backToReview, setBackToReview] = useState<string | null>(null)
  const [suggestNote, setSuggestNote] = useState('')
  // The audit trail: the current sentence's history in the side panel, the timeline (UI12–UI14).
  const [timeline, setTimeline] = useState(false)
  const [pastFrame, setPastFrame] = useState<TimelineFrameInfo | null>(null)
  const ready = collab?.ready ?? false
  const doc = collab?.doc
  // The editor is built out of sight (while the preview shows, OPEN1–OPEN3) and shown once complete.
  const [live, setLive] = useState(false)
  // The preview is hidden when the editor goes live and taken out of the page a task later: removing tens
  // of thousands of elements in the same task as the swap would make it a long one.
  const [previewGone, setPreviewGone] = useState(false)
  useEffect(() => {
    if (!live) return
    const timer = setTimeout(() => setPreviewGone(true), 0)
    return () => clearTimeout(timer)
  }, [live])
  const handover = useRef(emptyHandover())
  // The editor's code comes in its own chunk, asked for once the preview is painted (or when there is
  // none, or the document is ready first): the page's first script holds only what draws the preview (OPEN4).
  const [code, setCode] = useState<EditorCode | null>(null)
  const [codeFailed, setCodeFailed] = useState(false)
  // Why the last paste or edit in edit mode was refused (UI16), until dismissed.
  const [editRefused, setEditRefused] = useState<string | null>(null)
  const [previewDrawn, setPreviewDrawn] = useState(false)
  // The preview read as the page started is drawn in the first render, before the document is opened
  // here (OPEN5); it is the same one the document's opening gives.
  const [earlyPreview] = useState(() => preopenedPreview(articleId))
  const preview = collab?.preview ?? earlyPreview
  const wantCode = previewDrawn || ready || collab?.preview === null
  // Drawn (and painted): the document's loading goes on (OPEN3), once it is opened here.
  const previewPainted = collab?.previewDrawn
  useEffect(() => {
    if (previewDrawn) previewPainted?.()
  }, [previewDrawn, previewPainted])
  useEffect(() => {
    if (!wantCode || code) return
    let stopped = false
    let failed = false
    const load = () =>
      loadEditorCode().then(
        (loaded) => {
          if (stopped) return
          setCode(loaded)
          setCodeFailed(false)
        },
        () => {
          failed = true
          if (!stopped) setCodeFailed(true)
        },
      )
    void load()
    // A load that failed (the network went before the code came, with no service worker yet to keep it)
    // is tried again when the network is back and every few seconds, so the editor comes without a reload.
    const retry = () => {
      if (!failed || !navigator.onLine) return
      failed = false
      void load()
    }
    window.addEventListener('online', retry)
    const timer = setInterval(retry, CODE_RETRY_MS)
    return () => {
      stopped = true
      window.removeEventListener('online', retry)
      clearInterval(timer)
    }
  }, [wantCode, code])
  const styles = useMemo(() => labelStyles(taxonomy), [taxonomy])
  const taxonomyRef = useRef(taxonomy)
  taxonomyRef.current = taxonomy
  // Read once the editor is live (or the timeline asked for it): an article's whole trail is megabytes of
  // JSON at 10,000 annotations, and opening the article does not need it.
  const trail = useArticleHistory(articleId, doc, ready && (live || timeline))
  const { currentState, restore, notice } = useRestore(
    doc,
    taxonomy,
    collab?.denied ?? null,
    collab?.deniedReason ?? null,
  )

  // biome-ignore lint/correctness/useExhaustiveDependencies: the editor is created once per document; name and taxonomy changes go through its setters
  useEffect(() => {
    if (!ready || !doc || !mountRef.current || !collab || !code) return
    const { buildAttributionEditor, currentSentence, keepPreview, labelCounts } = code
    performance.mark('attrib:synced')
    const locked = !canEdit(doc, SCHEMA_VERSION)
    const abort = new AbortController()
    // Built out of the document: the page (and its tests) find `.ProseMirror` only once it is live.
    const stage = document.createElement('div')
    let built: AttributionEditor | null = null
    let kept: ReturnType<typeof keepPreview> | null = null
    let countsTimer: ReturnType<typeof setTimeout> | null = null
    // Independent mode: each annotator sees only their own labels (and suggestions) until review.
    const name = () => editorRef.current?.context.annotator ?? user.name
    const filterFor = (mode: ReviewMode): AnnotationFilter | null =>
      mode === 'independent' ? (r) => visibleTo(r, name(), mode) : null
    let builtMode = reviewMode(doc)
    const metaMap = getMetaMap(doc)
    const applyReviewMode = () => {
      const mode = reviewMode(doc)
      setReview(mode)
      if (mode !== builtMode) built?.setFilter(filterFor(mode))
      builtMode = mode
    }
    const onMeta = (e: { keysChanged: Set<string> }) => {
      if (e.keysChanged.has('review')) applyReviewMode()
      // Details edited here or by a collaborator.
      setMeta(readMeta(doc))
    }
    // The side panel writes dates in the person's locale; the first date written loads the locale's data
    // (some 20 ms): done now, in a task of its own, not in the render that shows the live editor.
    const warmDates = setTimeout(() => new Date(0).toLocaleString(), 0)
    buildAttributionEditor({
      mount: stage,
      ydoc: doc,
      awareness: collab.provider.awareness,
      taxonomy,
      annotator: user.name,
      readOnly: locked || viewOnly,
      filter: filterFor(builtMode),
      // In steps with the page's turns between them: no long task holds the preview (OPEN3).
      pause: yieldToPage,
      signal: abort.signal,
      onEditRefused: setEditRefused,
      onChange: (state) => {
        // While it is being built out of sight, nothing on the page follows it.
        if (!built) return
        kept?.changed()
        setDetails(currentSentence(state))
        setMode(editorRef.current?.mode() ?? 'annotate')
        // Counting walks every decoration: at most a few times a second.
        countsTimer ??= setTimeout(() => {
          countsTimer = null
          setCounts(labelCounts(state))
        }, 200)
      },
    }).then(
      (editor) => {
        if (abort.signal.aborted) {
          editor.destroy()
          return
        }
        built = editor
        performance.mark('attrib:editor')
        setMeta(readMeta(doc))
        setReadOnly(locked)
        if (taxonomyRef.current !== taxonomy) editor.setTaxonomy(taxonomyRef.current)
        editorRef.current = editor
        setCounts(labelCounts(editor.view.state))
        setDetails(currentSentence(editor.view.state))
        applyReviewMode()
        metaMap.observe(onMeta)
        kept = keepPreview(articleId, editor, doc)
        setLive(true)
      },
      (e: Error) => {
        if (e.name !== 'AbortError') throw e
      },
    )
    return () => {
      abort.abort()
      clearTimeout(warmDates)
      metaMap.unobserve(onMeta)
      kept?.stop()
      if (countsTimer) clearTimeout(countsTimer)
      built?.destroy()
      editorRef.current = null
      setLive(false)
    }
  }, [ready, doc, code])

  // The editor, complete, takes the preview's place: shown, then the preview's cursor, keys and scroll
  // position handed over (before this frame is painted), and the focus.
  useLayoutEffect(() => {
    const editor = editorRef.current
    if (!live || !editor || !code) return
    shieldSelectionFromReact(editor.view.dom)
    mountRef.current?.append(editor.view.dom)
    ;(window as unknown as { attribEditor?: AttributionEditor }).attribEditor = editor
    // The focus goes to the editor unless the person put it elsewhere (the preview hands it over).
    const active = document.activeElement
    if (!active || active === document.body || !active.isConnected || active.closest('.article-preview'))
      editor.view.focus()
    code.takeOver(editor, handover.current)
  }, [live, code])

  // Sentences a link asked to see: `?s=` indexes or `?label=` (the sentences carrying it).
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when the editor becomes live
  useEffect(() => {
    const editor = editorRef.current
    if (!editor || !doc || !live) return
    const params = walkParams(location.hash)
    // `?details=outlet` (the list's "Set outlet"): open the details there.
    const ask = new URLSearchParams(location.hash.split('?')[1] ?? '').get('details')
    if ((ask === 'outlet' || ask === 'title') && !viewOnly) openDetails(ask)
    const stored = params.walk === null ? null : loadWalk()
    const step = stored?.steps[params.walk ?? -1]
    const here = step?.id === articleId ? { walk: stored!, step: params.walk! } : null
    setWalk(here)
    const back = loadReviewReturn()
    setBackToReview(params.fromReview || back?.to === location.hash ? (back?.hash ?? '#/review') : null)
    let indexes: number[] = []
    const independent = review === 'independent'
    if (here) indexes = markedSentences(readArticle(doc), here.walk.steps[here.step]!.mark, independent)
    else if (focus)
      indexes = focus
        .split(',')
        .map((x) => Number(x))
        .filter((x) => Number.isInteger(x) && x >= 0)
    else if (focusLabel)
      indexes = markedSentences(readArticle(doc), { kind: 'label', label: focusLabel }, independent)
    const at = here && params.at === 'last' ? Math.max(0, indexes.length - 1) : 0
    editor.focusSentences(indexes)
    if (at > 0) editor.goToSentence(indexes[at]!)
    setFocused(indexes)
    setFocusAt(at)
  }, [focus, focusLabel, live, doc, editorRef.current])

  /** Goes `dir` marked sentences on; past the first or last, to the previous or next article of a walk. */
  const stepFocus = (dir: 1 | -1) => {
    const next = focusAt + dir
    if (next >= 0 && next < focused.length) {
      setFocusAt(next)
      editorRef.current?.goToSentence(focused[next]!)
      return
    }
    if (walk) {
      const step = walk.step + dir
      if (step >= 0 && step < walk.walk.steps.length) {
        location.hash = walkHref(walk.walk, step, dir === 1 ? 'first' : 'last')
        return
      }
    }
    // Without a walk (or at its ends): round the article's own marks.
    if (focused.length === 0) return
    const wrapped = (next + focused.length) % focused.length
    setFocusAt(wrapped)
    editorRef.current?.goToSentence(focused[wrapped]!)
  }

  useEffect(() => {
    editorRef.current?.setAnnotator(user.name)
    collab?.provider.awareness.setLocalStateField('user', { name: user.name, color: user.color })
  }, [user.name, user.color, collab?.provider])

  useEffect(() => {
    editorRef.current?.setTaxonomy(taxonomy)
  }, [taxonomy])

  // The status bar stays in view (sticky); what sticks below it, and the editor's scrolling to the
  // cursor, keep clear of its height, which changes as it wraps (UI6).
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-measured when the editor appears
  useEffect(() => {
    const bar = statusRef.current
    if (!bar) return
    const measure = () => {
      const height = Math.ceil(bar.getBoundingClientRect().height)
      document.documentElement.style.setProperty('--status-bar-height', `${height}px`)
      const tools = bar.parentElement?.querySelector('.editor-toolbar')?.getBoundingClientRect().height ?? 0
      editorRef.current?.view.setProps({
        scrollMargin: { top: height + Math.ceil(tools) + 8, bottom: 8, left: 5, right: 5 },
      })
    }
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(bar)
    return () => {
      observer.disconnect()
      document.documentElement.style.removeProperty('--status-bar-height')
    }
  }, [live])

  // Until the editor is live, the title and details the preview was kept with.
  const shownMeta = meta ?? preview?.meta ?? null
  const title = shownMeta ? shownMeta.title || shownMeta.id : ''
  const mayEditDetails = !viewOnly && !readOnly && live
  const openDetails = (field: EditableField) => {
    setDetailsOpen(field)
    // The values other articles use, offered in the outlet and story fields.
    listArticles()
      .then((rows) => {
        const distinct = (values: (string | null | undefined)[]) =>
          [...new Set(values.filter((v): v is string => !!v))].sort()
        setKnown({
          outlets: distinct(rows.map((r) => r.outlet)),
          stories: distinct(rows.map((r) => r.story)),
        })
      })
      .catch(() => {})
  }

  const editor = editorRef.current
  const connection = collab?.connection ?? 'connecting'
  // biome-ignore lint/correctness/useExhaustiveDependencies: the sentence's place changes with its start
  const sentenceIndex = useMemo(() => {
    if (!details || !editor || !code) return null
    const i = code.allSentences(editor.view.state.doc).findIndex((s) => s.from === details.sentence.from)
    return i < 0 ? null : i
  }, [details?.sentence.from, details?.text, editor])
  const history = useMemo(
    () => trail.history && visibleHistory(trail.history, editor?.context.annotator ?? user.name, review),
    [trail.history, review, user.name, editor],
  )
  const suggestAll = async () => {
    if (!doc) return
    // The suggester is loaded when first asked for: opening an article does not need it.
    const { articleSuggestions, suggestionAnnotations } = await import('@attrib/review')
    // The editor may have been built or swapped in while the suggester loaded (on a busy machine the
    // click was then lost): the suggestions go to the article's document whichever editor shows it now,
    // unless the article was left meanwhile.
    if (doc.isDestroyed) return
    const current = editorRef.current
    const name = current?.context.annotator ?? user.name
    const suggestions = articleSuggestions(readArticle(doc), (a) => visibleTo(a, name, reviewMode(doc)))
    // One transaction, tracked as the user's: one Ctrl+Z takes all of them back.
    addAnnotationsAtOffsets(doc, suggestionAnnotations(suggestions), Origin.user)
    setSuggestNote(
      suggestions.length === 0
        ? 'No new suggestions.'
        : `${suggestions.length} sentence${suggestions.length === 1 ? '' : 's'} suggested: a accepts, x rejects.`,
    )
    current?.view.focus()
  }
  const closeTimeline = useCallback(() => {
    setTimeline(false)
    setPastFrame(null)
  }, [])
  // Back to live: the cursor goes back into the editor once it is shown again.
  const wasTimeline = useRef(false)
  useEffect(() => {
    if (wasTimeline.current && !timeline) editorRef.current?.view.focus()
    wasTimeline.current = timeline
  }, [timeline])
  // A document of a newer schema is read-only here: its history, too.
  const restoreRole: Role = readOnly ? 'viewer' : role
  const historyPanel = (sentence: number, title?: string) => (
    <SentenceHistory
      key={sentence}
      sentence={sentence}
      history={history}
      error={trail.error}
      taxonomy={taxonomy}
      role={restoreRole}
      currentState={currentState}
      onRestore={restore}
      // In the timeline its own step line says what became of a restore.
      notice={timeline ? null : notice}
      title={title}
    />
  )
  const denied = collab?.denied ?? null
  const showPreview = !live && !denied && !timeline && !!preview
  const previewInPage = !previewGone && !denied && !!preview

  return (
    <main className="article-view">
      <div className="article-toolbar status-bar" ref={statusRef} data-testid="status-bar">
        <a href="#/">← Articles</a>
        <div className="article-heading">
          <h1 title={title}>{title}</h1>
          {shownMeta && (
            <p className="article-meta" data-testid="article-meta">
              {shownMeta.outlet ? (
                <span data-testid="article-outlet">{shownMeta.outlet}</span>
              ) : mayEditDetails ? (
                <button
                  type="button"
                  className="link set-outlet"
                  data-testid="set-outlet"
                  onClick={() => openDetails('outlet')}
                >
                  + Set the outlet
                </button>
              ) : live || viewOnly ? (
                <span className="muted">outlet not given</span>
              ) : null}
              {shownMeta.date && <span> · {shownMeta.date}</span>}
              {shownMeta.story && <span className="muted"> · story {shownMeta.story}</span>}{' '}
              <button
                type="button"
                className="link"
                data-testid="details-button"
                disabled={!meta}
                onClick={() => openDetails('title')}
                title="Title, outlet, date and story of the article"
              >
                {mayEditDetails ? 'Edit details' : 'Details'}
              </button>
            </p>
          )}
        </div>
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
        {collab && (
          <Presence
            awareness={collab.provider.awareness}
            onJump={(clientId) => editorRef.current?.scrollToCollaborator(clientId) ?? false}
          />
        )}
        <a href={`#/adjudicate/${encodeURIComponent(articleId)}`} title="Compare the annotators' layers">
          Adjudicate
        </a>
        <ExportMenu articleId={articleId} />
      </div>
      {detailsField && meta && doc && (
        <ArticleDetails
          doc={doc}
          meta={meta}
          readOnly={!mayEditDetails}
          focusField={detailsField}
          suggestions={known}
          onClose={() => {
            setDetailsOpen(null)
            editorRef.current?.view.focus()
          }}
        />
      )}
      <div className="article-body">
        <section className="article-main">
          <div className="editor-toolbar" hidden={timeline}>
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
              data-testid="open-timeline"
              disabled={!doc || !ready}
              onClick={() => setTimeline(true)}
              title="The article's annotations as they were at each change, read-only (Esc returns)"
            >
              History
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
                onClick={() => void suggestAll()}
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
          {(focused.length > 0 || walk || backToReview) && (
            <p className="notice focus-bar" data-testid="focus-bar">
              {walk && (
                <span data-testid="walk-place">
                  {walk.walk.title}: article {walk.step + 1} of {walk.walk.steps.length} ·{' '}
                </span>
              )}
              {focused.length > 0 && (
                <>
                  {focused.length} sentence{focused.length === 1 ? '' : 's'}
                  {focusLabel && !walk
                    ? ` tagged ${labelById(taxonomy, focusLabel)?.name ?? focusLabel}`
                    : ''}{' '}
                  marked ({focusAt + 1}/{focused.length}) ·{' '}
                </>
              )}
              {(focused.length > 1 || walk) && (
                <>
                  <button
                    type="button"
                    disabled={!walk && focused.length < 2}
                    onClick={() => stepFocus(-1)}
                    title="The previous marked sentence (or article)"
                  >
                    ◂ Previous
                  </button>{' '}
                  <button
                    type="button"
                    onClick={() => stepFocus(1)}
                    title="The next marked sentence (or article)"
                  >
                    Next ▸
                  </button>{' '}
                </>
              )}
              {focused.length > 0 && (
                <button
                  type="button"
                  onClick={() => {
                    editor?.focusSentences([])
                    setFocused([])
                  }}
                >
                  Clear marks
                </button>
              )}{' '}
              {backToReview && (
                <a href={backToReview} data-testid="back-to-review">
                  ← Back to the review
                </a>
              )}
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
          {denied === 'missing' && (
            <p className="error" role="alert" data-testid="denied">
              {ready
                ? 'This article was deleted: changes made here are no longer saved.'
                : `There is no article “${articleId}”: it was deleted, or never existed.`}{' '}
              <a href="#/">Back to the articles</a>
            </p>
          )}
          {readOnly && (
            <p className="error">
              This article was saved by a newer version of the editor. It is shown read-only; reload to
              update.
            </p>
          )}
          {editRefused && (
            <p className="error" role="alert" data-testid="edit-refused">
              {editRefused}{' '}
              <button type="button" onClick={() => setEditRefused(null)}>
                Dismiss
              </button>
            </p>
          )}
          {codeFailed && (
            <p className="error" role="alert" data-testid="editor-not-loaded">
              The editor could not be loaded: the article is shown read-only, and the editor comes by itself
              once the network is back.{' '}
              <button type="button" onClick={() => location.reload()}>
                Reload
              </button>
            </p>
          )}
          {!live && !denied && !showPreview && (
            <p className="loading">
              {ready
                ? 'Loading the editor…'
                : collab?.connection === 'offline'
                  ? 'Offline and not cached in this browser yet.'
                  : 'Loading the article…'}
            </p>
          )}
          {previewInPage && preview && (
            <ArticlePreview
              hidden={!showPreview}
              preview={preview}
              taxonomy={taxonomy}
              styles={styles}
              annotator={user.name}
              viewOnly={viewOnly}
              handover={handover.current}
              onDrawn={() => setPreviewDrawn(true)}
            />
          )}
          {timeline && doc && (
            <Timeline
              doc={doc}
              history={history}
              error={trail.error}
              taxonomy={taxonomy}
              role={restoreRole}
              currentState={currentState}
              onRestore={restore}
              onClose={closeTimeline}
              onFrame={setPastFrame}
              notice={notice}
            />
          )}
          {/* Kept while the timeline shows the past, so that going back to live is instant. */}
          <div ref={mountRef} className="editor-mount" data-testid="editor" hidden={timeline || !live} />
        </section>
        <aside className="article-side">
          <Legend
            taxonomy={taxonomy}
            counts={timeline ? (pastFrame?.counts ?? null) : counts}
            onToggle={(id) => {
              if (!viewOnly && !timeline) editor?.toggleLabel(id)
            }}
          />
          {!timeline && (
            <SidePanel
              taxonomy={taxonomy}
              details={details}
              editor={editor}
              commands={code}
              readOnly={viewOnly}
            >
              {sentenceIndex !== null && historyPanel(sentenceIndex)}
            </SidePanel>
          )}
          {timeline && pastFrame && pastFrame.sentence !== null && (
            <div className="side-panel">
              {historyPanel(pastFrame.sentence, 'History of the sentence of this change')}
            </div>
          )}
        </aside>
      </div>
    </main>
  )
}
