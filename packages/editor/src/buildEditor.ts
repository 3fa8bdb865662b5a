import { getAnnotationsMap, getArticleFragment } from '@attrib/core'
import type { Node as PMNode } from 'prosemirror-model'
import { initProseMirrorDoc } from 'y-prosemirror'
import type * as Y from 'yjs'
import { type AnnotationRecord, redrawAnnotations, resolveRecord, resolverFor } from './annotationPlugin'
import {
  type AttributionEditor,
  type AttributionEditorOptions,
  createAttributionEditor,
  type PreparedEditor,
} from './createEditor'
import { articleSchema } from './schema'
import { paragraphSentences } from './sentences'

/** Gives the page a turn (input, rendering, network): resolves in a later task. */
export type Pause = () => Promise<void>

/** Options of {@link buildAttributionEditor}. */
export interface BuildEditorOptions extends Omit<AttributionEditorOptions, 'prepared'> {
  /** Called between the steps of the build. */
  pause: Pause
  /** How long one step may run before it pauses (ms; default 30). */
  sliceMs?: number
  /** Stops the build: the promise then rejects with an `AbortError`, and nothing is left mounted. */
  signal?: AbortSignal
}

/** Sections drawn per step at most (50 paragraphs each). */
const MAX_SECTIONS_PER_STEP = 8

function aborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException('the editor build was stopped', 'AbortError')
}

/**
 * Creates the same editor as {@link createAttributionEditor}, in steps of at most `sliceMs` with a
 * `pause` between them, so that a large article does not hold the page in one long task: the document
 * is built from Yjs (y-prosemirror's `initProseMirrorDoc`, one step), its paragraphs split into sentences
 * and its annotations resolved (sliced), the view created without decorations (one step: its DOM is the
 * plain text), then the annotations drawn a few sections per step. The editor is returned once every
 * annotation is drawn, so a page can keep it out of sight until then.
 *
 * The document and annotations may change in Yjs meanwhile: annotations that changed are resolved again
 * when the view starts; if the text changed, the prepared document is stale and the editor starts the
 * classic way (y-prosemirror rebuilds the document, every annotation resolved at once).
 */
export async function buildAttributionEditor(options: BuildEditorOptions): Promise<AttributionEditor> {
  const { ydoc, pause, signal } = options
  const sliceMs = options.sliceMs ?? 30
  const fragment = getArticleFragment(ydoc)
  const annotations = getAnnotationsMap(ydoc)
  let textChanged = false
  const pending = new Set<string>()
  const onText = () => {
    textChanged = true
  }
  const onAnnotations = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    for (const e of events) {
      if (e.target === annotations)
        for (const key of (e as Y.YMapEvent<unknown>).keysChanged) pending.add(key)
      else if (typeof e.path[0] === 'string') pending.add(e.path[0])
    }
  }
  fragment.observeDeep(onText)
  annotations.observeDeep(onAnnotations)
  let slice = performance.now()
  // Reading the clock costs too: once every 32 items.
  let items = 0
  const due = () => (++items & 31) === 0 && performance.now() - slice >= sliceMs
  const step = async () => {
    await pause()
    aborted(signal)
    slice = performance.now()
  }
  let prepared: PreparedEditor | null = null
  try {
    aborted(signal)
    const { doc, mapping } = initProseMirrorDoc(fragment, articleSchema)
    await pause()
    aborted(signal)
    slice = performance.now()
    // Sentences per paragraph, cached by node: drawing and moving between sentences read them.
    const paragraphs: PMNode[] = []
    doc.forEach((section) => {
      section.forEach((p) => {
        paragraphs.push(p)
      })
    })
    for (const p of paragraphs) {
      paragraphSentences(p)
      if (due()) await step()
    }
    const resolve = resolverFor(doc, mapping, ydoc)
    const records: AnnotationRecord[] = []
    const filter = options.filter ?? null
    for (const [id, m] of annotations.entries()) {
      const r = resolveRecord(id, m as Y.Map<unknown>, resolve)
      if (r && (!filter || filter(r))) records.push(r)
      if (due()) await step()
    }
    if (!textChanged)
      prepared = { doc, mapping: mapping as PreparedEditor['mapping'], records, pending: new Set(pending) }
  } finally {
    fragment.unobserveDeep(onText)
    annotations.unobserveDeep(onAnnotations)
  }
  if (!prepared) return createAttributionEditor(options)
  await pause()
  aborted(signal)
  const editor = createAttributionEditor({ ...options, prepared })
  try {
    // A few sections per step: as many as fit in a slice at the pace of the steps so far (smoothed, as
    // the first steps run cold and a collection of garbage can fall in any); the first step draws one.
    let count = 1
    let perSection = 0
    for (let section = 0; ; section += count) {
      await pause()
      aborted(signal)
      const doc = editor.view.state.doc
      if (section >= doc.childCount) break
      if (perSection > 0)
        count = Math.max(1, Math.min(MAX_SECTIONS_PER_STEP, Math.floor(sliceMs / perSection)))
      count = Math.min(count, doc.childCount - section)
      let from = 0
      for (let i = 0; i < section; i++) from += doc.child(i).nodeSize
      let to = from
      for (let i = section; i < section + count; i++) to += doc.child(i).nodeSize
      const started = performance.now()
      redrawAnnotations(editor.view, [{ from, to }])
      const pace = (performance.now() - started) / count
      perSection = perSection === 0 ? pace : (perSection + pace) / 2
    }
  } catch (e) {
    editor.destroy()
    throw e
  }
  return editor
}
