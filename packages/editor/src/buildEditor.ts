import { getAnnotationsMap, getArticleFragment } from '@attrib/core'
import { Fragment, type Node as PMNode } from 'prosemirror-model'
import { EditorState } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
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

/**
 * Paragraphs drawn per step at most: steps of 200–375 paragraphs, sized from faster ones, took 57–117 ms
 * (10,857 sentences); of 120, 3–29 ms.
 */
const MAX_PARAGRAPHS_PER_STEP = 120
/** Paragraphs the view is created with, before the pace of its steps is known. */
const FIRST_PARAGRAPHS = 50

/** `doc` with its first `count` paragraphs only (the same nodes, in as many sections as they fill). */
function firstParagraphs(doc: PMNode, count: number): PMNode {
  const sections: PMNode[] = []
  let left = count
  for (let s = 0; s < doc.childCount && left > 0; s++) {
    const section = doc.child(s)
    if (section.childCount <= left) {
      sections.push(section)
      left -= section.childCount
    } else {
      const kept: PMNode[] = []
      for (let i = 0; i < left; i++) kept.push(section.child(i))
      sections.push(section.copy(Fragment.fromArray(kept)))
      left = 0
    }
  }
  return doc.copy(Fragment.fromArray(sections))
}

/**
 * How many paragraphs a step takes, from what the steps so far cost: as many as fit in `sliceMs` at the
 * cost per paragraph seen (which goes up at once after a slow step and down slowly after fast ones, as
 * paragraphs differ and a collection of garbage can fall in any step), at most twice the last step's and
 * {@link MAX_PARAGRAPHS_PER_STEP}.
 */
function pacer(sliceMs: number, first: number) {
  let perParagraph = 0
  let last = first
  return {
    next(): number {
      if (perParagraph > 0)
        last = Math.max(1, Math.min(MAX_PARAGRAPHS_PER_STEP, 2 * last, Math.floor(sliceMs / perParagraph)))
      return last
    },
    took(paragraphs: number, ms: number): void {
      last = paragraphs
      perParagraph = Math.max(ms / paragraphs, perParagraph * 0.75)
    },
  }
}

function aborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException('the editor build was stopped', 'AbortError')
}

/**
 * Creates the same editor as {@link createAttributionEditor}, in steps of at most `sliceMs` with a
 * `pause` between them, so that a large article does not hold the page in one long task: the document
 * is built from Yjs (y-prosemirror's `initProseMirrorDoc`, one step, not in the caller's task), its
 * paragraphs split into sentences and its annotations resolved (sliced), the view created with the
 * document's first paragraphs and given the rest a few paragraphs per step (plain text, no plugins yet),
 * then the editor started on that view and its annotations drawn a few paragraphs per step. The editor is
 * returned once every annotation is drawn, so a page can keep it out of sight until then.
 *
 * The document and annotations may change in Yjs meanwhile: annotations that changed are resolved again
 * when the editor starts; if the text changed, the prepared document is stale and the editor starts the
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
  let view: EditorView | null = null
  try {
    // Not in the caller's task (a page's effect, say): building the document is a step of its own.
    await pause()
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
    // The view, a few paragraphs per step: creating the DOM of a whole large article is a long task. Its
    // nodes are the document's own, so each step creates only the paragraphs it adds.
    let shown = 0
    const viewPace = pacer(sliceMs, FIRST_PARAGRAPHS)
    while (!textChanged && shown < paragraphs.length) {
      await pause()
      aborted(signal)
      const next = Math.min(paragraphs.length, shown + viewPace.next())
      const started = performance.now()
      const state = EditorState.create({ schema: articleSchema, doc: firstParagraphs(doc, next) })
      if (view) view.updateState(state)
      else view = new EditorView(options.mount, { state, editable: () => false })
      viewPace.took(next - shown, performance.now() - started)
      shown = next
    }
    // The editor starts in a step of its own, right after the document and annotations were last seen
    // unchanged (or with the ids of those that changed).
    await pause()
    aborted(signal)
    if (!textChanged && view)
      prepared = {
        doc,
        mapping: mapping as PreparedEditor['mapping'],
        records,
        pending: new Set(pending),
        view,
      }
  } catch (e) {
    view?.destroy()
    throw e
  } finally {
    fragment.unobserveDeep(onText)
    annotations.unobserveDeep(onAnnotations)
  }
  if (!prepared) {
    view?.destroy()
    return createAttributionEditor(options)
  }
  const editor = createAttributionEditor({ ...options, prepared })
  try {
    // A few paragraphs per step, in order, as many as fit in a slice at the pace of the steps so far
    // (`pacer`); the first step draws one. Paragraphs, not sections: a section of the largest articles
    // (50 paragraphs of up to 10,000 characters) takes a quarter of a second to draw.
    const drawPace = pacer(sliceMs, 1)
    let count = 0
    for (let paragraph = 0; ; paragraph += count) {
      await pause()
      aborted(signal)
      const doc = editor.view.state.doc
      // The paragraph's place, counted again each step: the document may have changed meanwhile.
      let from = 0
      let index = paragraph
      let section = 0
      while (section < doc.childCount && index >= doc.child(section).childCount) {
        index -= doc.child(section).childCount
        from += doc.child(section).nodeSize
        section++
      }
      if (section >= doc.childCount) break
      const want = drawPace.next()
      const ranges: { from: number; to: number }[] = []
      let drawn = 0
      for (let s = section; s < doc.childCount && drawn < want; s++, index = 0) {
        const node = doc.child(s)
        let pos = from + 1
        for (let i = 0; i < index; i++) pos += node.child(i).nodeSize
        const first = pos
        for (let i = index; i < node.childCount && drawn < want; i++, drawn++) pos += node.child(i).nodeSize
        ranges.push({ from: first, to: pos })
        from += node.nodeSize
      }
      count = drawn
      const started = performance.now()
      redrawAnnotations(editor.view, ranges)
      drawPace.took(count, performance.now() - started)
    }
  } catch (e) {
    editor.destroy()
    throw e
  }
  return editor
}
