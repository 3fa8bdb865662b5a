import { getAnnotationsMap, getArticleFragment, labelForKey, Origin, type Taxonomy } from '@attrib/core'
import type { Node as PMNode } from 'prosemirror-model'
import { EditorState, Plugin, PluginKey, TextSelection, type Transaction } from 'prosemirror-state'
import { Decoration, DecorationSet, EditorView } from 'prosemirror-view'
import {
  defaultDeleteFilter,
  redo,
  undo,
  yCursorPlugin,
  ySyncPlugin,
  ySyncPluginKey,
  yUndoPlugin,
} from 'y-prosemirror'
import type { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import {
  type AnnotationFilter,
  type AnnotationRecord,
  annotationsKey,
  annotationsPlugin,
  refreshAnnotations,
  setLabelColors,
} from './annotationPlugin'
import {
  type CommandContext,
  moveSentence,
  reviewSuggestions,
  toggleSentenceLabel,
  toggleSpanLabel,
} from './commands'
import { editLimitsPlugin } from './editLimits'
import { articleSchema } from './schema'
import { allSentences, sentenceAt } from './sentences'

/** `annotate`: keys are commands and the text is protected; `edit`: the text can be changed. */
export type EditorMode = 'annotate' | 'edit'

/** Options of {@link createAttributionEditor}. */
export interface AttributionEditorOptions {
  /** Element the editor is rendered into. */
  mount: HTMLElement
  /** The article's shared document, already synced (binding an empty one would write an empty article). */
  ydoc: Y.Doc
  /** Presence of the people in the article; cursors are drawn from its `cursor` and `user` fields. */
  awareness?: Awareness
  taxonomy: Taxonomy
  /** Recorded as the annotator of new annotations. */
  annotator: string
  /** Whether the text may be edited at all (false for a document on a newer schema). */
  readOnly?: boolean
  /** Called after every state change. */
  onChange?: (state: EditorState) => void
  /** Which annotations are drawn and toggled; all when absent (see {@link AttributionEditor.setFilter}). */
  filter?: AnnotationFilter | null
  /**
   * The start `buildAttributionEditor` prepared in steps: the ProseMirror document with y-prosemirror's
   * mapping of the fragment, and the annotations resolved against it (drawn afterwards).
   */
  prepared?: PreparedEditor
  /** Told why a paste or an edit in edit mode was refused (it would take the article over the limits, UI16). */
  onEditRefused?: (message: string) => void
}

/** What {@link createAttributionEditor} starts from when the work was done beforehand, in steps. */
export interface PreparedEditor {
  /** The article's document, built from the Y.XmlFragment (y-prosemirror's `initProseMirrorDoc`). */
  doc: PMNode
  /** y-prosemirror's mapping of the fragment's types to `doc`'s nodes. */
  mapping: Map<Y.AbstractType<unknown>, PMNode | PMNode[]>
  /** The annotations resolved against `doc`, through the filter. */
  records: readonly AnnotationRecord[]
  /** Ids of annotations that changed in Yjs after they were resolved. */
  pending: ReadonlySet<string>
  /**
   * A view already showing `doc` in `mount` (created in steps, without plugins): the editor takes it over
   * instead of creating its DOM again.
   */
  view?: EditorView
}

/** A running editor with its commands bound to the document and the annotator. */
export interface AttributionEditor {
  view: EditorView
  undoManager: Y.UndoManager
  context: CommandContext
  mode(): EditorMode
  setMode(mode: EditorMode): void
  setTaxonomy(taxonomy: Taxonomy): void
  setAnnotator(name: string): void
  toggleLabel(label: string): boolean
  tagSpan(label: string): boolean
  next(): boolean
  previous(): boolean
  undo(): boolean
  redo(): boolean
  /** Draws and toggles only the annotations `filter` accepts (null: all), e.g. one's own in independent mode. */
  setFilter(filter: AnnotationFilter | null): void
  /**
   * Marks the sentences with these article indexes (as in snapshots and the API) and puts the cursor on
   * the first of them, scrolled into view. An empty list clears the marks. Returns how many exist.
   */
  focusSentences(indexes: readonly number[]): number
  /** Puts the cursor on sentence `index` of the article and scrolls to it; false when there is none. */
  goToSentence(index: number): boolean
  /**
   * Scrolls the collaborator's cursor (awareness client id) to the middle of the screen and flashes it;
   * false when they have no cursor in the article.
   */
  scrollToCollaborator(clientId: number): boolean
  /** Removes the editor and all its listeners. */
  destroy(): void
}

const modeKey = new PluginKey<EditorMode>('mode')
interface FocusState {
  indexes: readonly number[]
  set: DecorationSet
}
const focusKey = new PluginKey<FocusState>('focus')

function focusDecorations(doc: EditorState['doc'], indexes: readonly number[]): DecorationSet {
  if (indexes.length === 0) return DecorationSet.empty
  const sentences = allSentences(doc)
  const decorations: Decoration[] = []
  for (const i of indexes) {
    const s = sentences[i]
    if (s) decorations.push(Decoration.inline(s.from, s.to, { class: 'attrib-focus' }))
  }
  return DecorationSet.create(doc, decorations)
}

/** Marks the sentences a reviewer came to see (from the dashboard, a comparison, a disagreement). */
function focusPlugin(): Plugin<FocusState> {
  return new Plugin<FocusState>({
    key: focusKey,
    state: {
      init: () => ({ indexes: [], set: DecorationSet.empty }),
      apply(tr, value, _old, state) {
        const indexes = tr.getMeta(focusKey) as readonly number[] | undefined
        if (indexes) return { indexes, set: focusDecorations(state.doc, indexes) }
        // Remote changes replace the whole document: recompute from the indexes, not by mapping.
        if (tr.docChanged && value.indexes.length > 0)
          return { indexes: value.indexes, set: focusDecorations(state.doc, value.indexes) }
        return value
      },
    },
    props: { decorations: (state) => focusKey.getState(state)?.set },
  })
}
const currentKey = new PluginKey<DecorationSet>('currentSentence')

/** Marks the sentence at the cursor, the one keys act on. */
function currentSentencePlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: currentKey,
    state: {
      init: () => DecorationSet.empty,
      apply(tr, set, _old, state) {
        if (!tr.docChanged && !tr.selectionSet) return set
        const s = sentenceAt(state.doc, state.selection.head)
        return s
          ? DecorationSet.create(state.doc, [Decoration.inline(s.from, s.to, { class: 'attrib-current' })])
          : DecorationSet.empty
      },
    },
    props: { decorations: (state) => currentKey.getState(state) },
  })
}

/** Keeps the text unchanged in annotate mode, letting remote and undo changes through. */
function modePlugin(initial: EditorMode): Plugin<EditorMode> {
  return new Plugin<EditorMode>({
    key: modeKey,
    state: {
      init: () => initial,
      apply: (tr, mode) => (tr.getMeta(modeKey) as EditorMode | undefined) ?? mode,
    },
    filterTransaction(tr: Transaction, state) {
      if (!tr.docChanged || modeKey.getState(state) === 'edit') return true
      return tr.getMeta(ySyncPluginKey) !== undefined
    },
    props: {
      handleTextInput: (view) => modeKey.getState(view.state) !== 'edit',
      attributes: (state) => ({ class: `attrib-editor attrib-mode-${modeKey.getState(state)}` }),
    },
  })
}

/**
 * A remote cursor: a coloured caret whose name label is drawn by CSS (`::after { content: attr(data-name) }`),
 * so the name never becomes part of the paragraph's text (copying, find, text matching).
 */
function cursorBuilder(user: { name?: string; color?: string }, clientId?: number): HTMLElement {
  const cursor = document.createElement('span')
  cursor.className = 'ProseMirror-yjs-cursor'
  // Found by `scrollToCollaborator` when someone clicks this person's avatar.
  if (clientId !== undefined) cursor.dataset.client = String(clientId)
  cursor.style.borderColor = user.color ?? '#888'
  cursor.style.setProperty('--cursor-color', user.color ?? '#888')
  cursor.dataset.name = user.name ?? ''
  return cursor
}

/** The label key of a key event: digits and letters by physical key, so Shift+1 still means `1`. */
function keyOf(event: KeyboardEvent): string {
  if (event.code.startsWith('Digit')) return event.code.slice(5)
  if (event.code.startsWith('Key')) return event.code.slice(3).toLowerCase()
  return event.key
}

/**
 * Creates the collaborative attribution editor: y-prosemirror binding, remote cursors,
 * per-user undo over text and annotations, stand-off annotation decorations and keys.
 *
 * Keys in annotate mode: j/k next/previous sentence; a label's key toggles it on every sentence the
 * selection touches; Shift+key tags exactly the selection as a span; a/x accept/reject suggestions;
 * e switches to text editing and Escape back; Mod-z / Mod-Shift-z / Mod-y undo and redo.
 */
export function createAttributionEditor(options: AttributionEditorOptions): AttributionEditor {
  const { ydoc } = options
  let taxonomy = options.taxonomy
  const context: CommandContext = { ydoc, annotator: options.annotator }
  let filter: AnnotationFilter | null = options.filter ?? null
  const fragment = getArticleFragment(ydoc)
  // One undo manager over text and annotations that tracks only this client's own origins.
  const undoManager = new Y.UndoManager([fragment, getAnnotationsMap(ydoc)], {
    trackedOrigins: new Set<unknown>([ySyncPluginKey, Origin.user]),
    deleteFilter: (item) => defaultDeleteFilter(item, new Set(['paragraph'])),
    captureTransaction: (tr) => tr.meta.get('addToHistory') !== false,
  })

  const keys = new Plugin({
    props: {
      handleKeyDown(v, event) {
        const mod = event.ctrlKey || event.metaKey
        if (mod && !event.altKey) {
          const k = event.key.toLowerCase()
          if (k === 'z' && !event.shiftKey) return undo(v.state)
          if ((k === 'z' && event.shiftKey) || k === 'y') return redo(v.state)
          return false
        }
        const mode = modeKey.getState(v.state)
        if (mode === 'edit') {
          if (event.key === 'Escape') {
            api.setMode('annotate')
            return true
          }
          return false
        }
        if (event.altKey || options.readOnly)
          return false
          // A key pressed right after a click can arrive before the browser's selectionchange, while
          // ProseMirror still holds the old selection: read the DOM selection first (internal API).
        ;(v as unknown as { domObserver?: { flush(): void } }).domObserver?.flush()
        const key = keyOf(event)
        if (event.key === 'j' || event.key === 'ArrowDown')
          return event.key === 'j' ? moveSentence(v, 1) : false
        if (event.key === 'k') return moveSentence(v, -1)
        if (event.key === 'a') return reviewSuggestions(v, context, 'accepted')
        if (event.key === 'x') return reviewSuggestions(v, context, 'rejected')
        if (event.key === 'e') {
          api.setMode('edit')
          return true
        }
        const label = labelForKey(taxonomy, key)
        if (label) {
          if (event.shiftKey) return toggleSpanLabel(v, context, label.id)
          return toggleSentenceLabel(v, context, label.id)
        }
        return false
      },
    },
  })

  const { prepared } = options
  const plugins: Plugin[] = [
    // With a prepared document and its mapping, y-prosemirror does not build the document again.
    ySyncPlugin(fragment, prepared ? { mapping: prepared.mapping } : {}),
    yUndoPlugin({ undoManager }),
    annotationsPlugin({
      ydoc,
      taxonomy,
      filter: () => filter,
      ...(prepared && { initial: { records: prepared.records, pending: prepared.pending } }),
    }),
    currentSentencePlugin(),
    focusPlugin(),
    modePlugin('annotate'),
    editLimitsPlugin(
      (message) => options.onEditRefused?.(message),
      (state) => modeKey.getState(state) === 'edit',
    ),
    keys,
  ]
  if (options.awareness) plugins.splice(1, 0, yCursorPlugin(options.awareness, { cursorBuilder }))

  const props = {
    state: EditorState.create({ schema: articleSchema, plugins, ...(prepared && { doc: prepared.doc }) }),
    editable: () => !options.readOnly,
    // `this`, not `view`: y-prosemirror dispatches while the view is still being constructed.
    dispatchTransaction(this: EditorView, tr: Transaction) {
      // Timers of y-prosemirror and the providers can fire after the article was closed.
      if (this.isDestroyed) return
      this.updateState(this.state.apply(tr))
      options.onChange?.(this.state)
    },
  }
  // A prepared view shows the same nodes: taking the state over keeps its DOM, and starts the plugins.
  const view: EditorView = prepared?.view ?? new EditorView(options.mount, props)
  if (prepared?.view) view.update(props)

  const api: AttributionEditor = {
    view,
    undoManager,
    context,
    mode: () => modeKey.getState(view.state) ?? 'annotate',
    setMode(mode) {
      view.dispatch(view.state.tr.setMeta(modeKey, mode))
    },
    setTaxonomy(t) {
      taxonomy = t
      setLabelColors(view, t)
    },
    setAnnotator(name) {
      context.annotator = name
    },
    toggleLabel: (label) => toggleSentenceLabel(view, context, label),
    tagSpan: (label) => toggleSpanLabel(view, context, label),
    next: () => moveSentence(view, 1),
    previous: () => moveSentence(view, -1),
    undo: () => undo(view.state),
    redo: () => redo(view.state),
    setFilter(f) {
      filter = f
      refreshAnnotations(view)
    },
    goToSentence(index) {
      const s = allSentences(view.state.doc)[index]
      if (!s) return false
      view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, s.from)).scrollIntoView())
      // Scroll the sentence to the middle, not the edge, so its context shows.
      const dom = view.domAtPos(s.from).node
      const element = dom instanceof Element ? dom : dom.parentElement
      element?.scrollIntoView?.({ block: 'center' })
      return true
    },
    focusSentences(indexes) {
      view.dispatch(view.state.tr.setMeta(focusKey, [...indexes]))
      const existing = indexes.filter((i) => allSentences(view.state.doc)[i] !== undefined)
      if (existing.length > 0) api.goToSentence(existing[0]!)
      return existing.length
    },
    scrollToCollaborator(clientId) {
      const cursor = view.dom.querySelector<HTMLElement>(`.ProseMirror-yjs-cursor[data-client="${clientId}"]`)
      if (!cursor) return false
      cursor.scrollIntoView({ block: 'center' })
      // Sections off screen are laid out only when shown (content-visibility): settle, then once more.
      requestAnimationFrame(() => cursor.isConnected && cursor.scrollIntoView({ block: 'center' }))
      cursor.classList.remove('attrib-cursor-flash')
      void cursor.offsetWidth
      cursor.classList.add('attrib-cursor-flash')
      return true
    },
    destroy() {
      view.destroy()
      undoManager.destroy()
    },
  }
  return api
}

export { annotationsKey }
