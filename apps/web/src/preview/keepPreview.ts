import { readMeta, reviewMode } from '@attrib/core'
import { type AttributionEditor, annotationsKey } from '@attrib/editor'
import type { EditorState } from 'prosemirror-state'
import type * as Y from 'yjs'
import type { PreviewHandover } from './ArticlePreview'
import { previewOfEditor } from './previewOfEditor'
import { savePreview } from './previewStore'

/** After the editor went live: soon, so that the next open of the article has it. */
const FIRST_SAVE_MS = 1000
/** After a change: once the changes have paused. */
const SAVE_AFTER_CHANGE_MS = 2000

function whenIdle(run: () => void): () => void {
  if ('requestIdleCallback' in window) {
    const id = requestIdleCallback(run, { timeout: 5000 })
    return () => cancelIdleCallback(id)
  }
  const id = setTimeout(run, 0)
  return () => clearTimeout(id)
}

/**
 * Keeps the article's preview in this browser (OPEN1) from what the live editor shows: once soon after
 * it went live, then after each change of its text or annotations, debounced and built when the page is
 * idle (a few milliseconds at 10,000 sentences, never in a key press's task), and at once when the page
 * is hidden. `changed` is for the editor's `onChange`; the returned `stop` ends it.
 */
export function keepPreview(
  articleId: string,
  editor: AttributionEditor,
  doc: Y.Doc,
): { changed(): void; stop(): void } {
  let keptDoc: EditorState['doc'] | null = null
  let keptVersion = -1
  let timer: ReturnType<typeof setTimeout> | null = null
  let cancelIdle: (() => void) | null = null
  const unsaved = () => {
    const state = editor.view.state
    return state.doc !== keptDoc || (annotationsKey.getState(state)?.version ?? 0) !== keptVersion
  }
  const save = () => {
    timer = null
    cancelIdle = null
    if (editor.view.isDestroyed || !unsaved()) return
    const state = editor.view.state
    keptDoc = state.doc
    keptVersion = annotationsKey.getState(state)?.version ?? 0
    void savePreview(previewOfEditor(articleId, state, readMeta(doc), reviewMode(doc))).then(() =>
      performance.mark('attrib:preview-saved'),
    )
  }
  const schedule = (ms: number) => {
    if (timer) clearTimeout(timer)
    cancelIdle?.()
    timer = setTimeout(() => {
      cancelIdle = whenIdle(save)
    }, ms)
  }
  const onHidden = () => {
    if (document.visibilityState === 'hidden' && (timer || cancelIdle)) {
      if (timer) clearTimeout(timer)
      cancelIdle?.()
      save()
    }
  }
  document.addEventListener('visibilitychange', onHidden)
  schedule(FIRST_SAVE_MS)
  return {
    changed() {
      if (unsaved()) schedule(SAVE_AFTER_CHANGE_MS)
    },
    stop() {
      document.removeEventListener('visibilitychange', onHidden)
      if (timer) clearTimeout(timer)
      cancelIdle?.()
    },
  }
}

/**
 * Hands the preview's place over to the live editor that replaced it (OPEN2): the same paragraph at the
 * top of the window, the cursor on the sentence the preview's was on, and every key pressed on the
 * preview pressed again on its sentence, in order (label keys, `a`, `x`: they act as if pressed now, each
 * its own step of undo).
 */
export function takeOver(editor: AttributionEditor, handover: PreviewHandover): void {
  const { view } = editor
  const { scrolled, sentence, keys } = handover
  if (scrolled && sentence === null && keys.length === 0) {
    const keepPlace = () => {
      const p = view.dom.getElementsByTagName('p')[scrolled.paragraph]
      if (p) window.scrollBy(0, p.getBoundingClientRect().top - scrolled.top)
    }
    keepPlace()
    // Sections above come into layout as they are shown (content-visibility): settle, then once more.
    requestAnimationFrame(keepPlace)
  }
  for (const key of keys) {
    if (key.sentence !== null) editor.goToSentence(key.sentence)
    view.dom.dispatchEvent(new KeyboardEvent('keydown', { key: key.key, code: key.code, bubbles: true }))
    // Pressed one by one, undone one by one (the undo manager would merge changes this close).
    editor.undoManager.stopCapturing()
  }
  if (sentence !== null) editor.goToSentence(sentence)
  handover.keys = []
}
