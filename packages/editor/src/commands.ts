import {
  type AnnotationStatus,
  acceptSuggestions,
  addAnnotation,
  cleanSourceName,
  deleteAnnotation,
  getAnnotationsMap,
  getArticleFragment,
  Origin,
  setAnnotationLabel,
  toggleLabel,
  updateAnnotation,
} from '@attrib/core'
import type { EditorState } from 'prosemirror-state'
import { TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import type * as Y from 'yjs'
import { type AnnotationRecord, annotationsKey, relativePositionAt } from './annotationPlugin'
import {
  adjacentSentence,
  type SentenceRange,
  sentenceAt,
  sentencesInRange,
  sentencesOfParagraph,
} from './sentences'

/** What commands need besides the view: the shared document and who is acting. */
export interface CommandContext {
  ydoc: Y.Doc
  annotator: string
}

/** The `sentence` annotations attached to a sentence (anchored inside it), rejected ones included. */
export function attachedAnnotations(state: EditorState, sentence: SentenceRange): AnnotationRecord[] {
  const records = annotationsKey.getState(state)?.records
  if (!records) return []
  const paragraph = state.doc.nodeAt(sentence.paragraphPos)
  if (!paragraph) return []
  const end = sentence.paragraphPos + paragraph.nodeSize
  const sentences = sentencesOfParagraph(paragraph, sentence.paragraphPos)
  const out: AnnotationRecord[] = []
  for (const r of records.values()) {
    if (r.kind !== 'sentence' || r.from <= sentence.paragraphPos || r.from >= end) continue
    // Same attachment rule as the decorations: the last sentence starting at or before the anchor.
    let owner = sentences[0]
    for (const s of sentences) if (s.from <= r.from) owner = s
    if (owner && owner.from === sentence.from) out.push(r)
  }
  return out
}

/** The `span` annotations inside a sentence. */
export function spansIn(state: EditorState, sentence: SentenceRange): AnnotationRecord[] {
  const records = annotationsKey.getState(state)?.records
  if (!records) return []
  return [...records.values()].filter(
    (r) => r.kind === 'span' && r.from >= sentence.from && r.from < sentence.to,
  )
}

/** The sentences a command acts on: every sentence the selection touches, or the one at the cursor. */
export function targetSentences(state: EditorState): SentenceRange[] {
  const { from, to } = state.selection
  return sentencesInRange(state.doc, from, to)
}

/**
 * Toggles a label on every sentence the selection touches, as one undoable step:
 * when all of them carry it (accepted), it is removed from all; otherwise it is added where missing,
 * and where only a suggestion proposes it, the suggestion is accepted (core's `toggleLabel`).
 */
export function toggleSentenceLabel(view: EditorView, ctx: CommandContext, label: string): boolean {
  const state = view.state
  const sentences = targetSentences(state)
  if (sentences.length === 0) return false
  const fragment = getArticleFragment(ctx.ydoc)
  const hasLabel = (s: SentenceRange) =>
    editable(attachedAnnotations(state, s)).some((r) => r.status === 'accepted' && r.labels.includes(label))
  const allHave = sentences.every(hasLabel)
  ctx.ydoc.transact(() => {
    for (const s of sentences) {
      if (hasLabel(s) !== allHave) continue
      const start = relativePositionAt(state, fragment, s.from, 0)
      const end = relativePositionAt(state, fragment, s.to, -1)
      if (!start || !end) continue
      const attached = editable(attachedAnnotations(state, s)).map((r) => r.id)
      toggleLabel(ctx.ydoc, { attached, start, end }, label, ctx.annotator, Origin.user)
    }
  }, Origin.user)
  return true
}

/**
 * Tags exactly the selected characters (a cue such as "said", a source's name) with a label,
 * or removes the label from a span annotation that covers exactly the selection.
 */
export function toggleSpanLabel(view: EditorView, ctx: CommandContext, label: string): boolean {
  const { from, to, $from, $to } = view.state.selection
  if (from === to || !$from.sameParent($to)) return false
  const existing = [...(annotationsKey.getState(view.state)?.records.values() ?? [])].find(
    (r) => r.kind === 'span' && r.from === from && r.to === to && r.status !== 'rejected' && !r.final,
  )
  if (existing?.labels.includes(label)) {
    setAnnotationLabel(ctx.ydoc, existing.id, label, false, Origin.user)
    return true
  }
  if (existing) {
    setAnnotationLabel(ctx.ydoc, existing.id, label, true, Origin.user)
    return true
  }
  const fragment = getArticleFragment(ctx.ydoc)
  const start = relativePositionAt(view.state, fragment, from, 0)
  const end = relativePositionAt(view.state, fragment, to, -1)
  if (!start || !end) return false
  addAnnotation(
    ctx.ydoc,
    { kind: 'span', start, end, labels: [label], annotator: ctx.annotator },
    Origin.user,
  )
  return true
}

/** Moves the cursor to the start of the next (1) or previous (-1) sentence. */
export function moveSentence(view: EditorView, dir: 1 | -1): boolean {
  const state = view.state
  const next = adjacentSentence(state.doc, state.selection.head, dir)
  if (!next) return false
  view.dispatch(state.tr.setSelection(TextSelection.create(state.doc, next.from)).scrollIntoView())
  return true
}

/** Sets the source name on the visible annotations of the sentences the selection touches. */
export function setSourceName(view: EditorView, ctx: CommandContext, source: string): boolean {
  const ids = targetSentences(view.state).flatMap((s) =>
    editable(attachedAnnotations(view.state, s))
      .filter((r) => r.status !== 'rejected')
      .map((r) => r.id),
  )
  if (ids.length === 0) return false
  const name = cleanSourceName(source)
  ctx.ydoc.transact(() => {
    for (const id of ids) updateAnnotation(ctx.ydoc, id, { source: name }, Origin.user)
  }, Origin.user)
  return true
}

/** Accepts or rejects annotations (suggestions) by id; accepting records who accepted it. */
export function setStatus(ctx: CommandContext, ids: string[], status: AnnotationStatus): boolean {
  const map = getAnnotationsMap(ctx.ydoc)
  const present = ids.filter((id) => map.has(id))
  if (present.length === 0) return false
  if (status === 'accepted') acceptSuggestions(ctx.ydoc, present, ctx.annotator, Origin.user)
  else
    ctx.ydoc.transact(() => {
      for (const id of present) updateAnnotation(ctx.ydoc, id, { status }, Origin.user)
    }, Origin.user)
  return true
}

/** Sets the status of every suggestion on the sentences the selection touches. */
export function reviewSuggestions(
  view: EditorView,
  ctx: CommandContext,
  status: 'accepted' | 'rejected',
): boolean {
  const ids = targetSentences(view.state).flatMap((s) =>
    [...attachedAnnotations(view.state, s), ...spansIn(view.state, s)]
      .filter((r) => r.status === 'suggested')
      .map((r) => r.id),
  )
  return setStatus(ctx, ids, status)
}

/** Deletes one annotation; final (adjudicated) ones are left alone. */
export function removeAnnotation(ctx: CommandContext, id: string): void {
  if (getAnnotationsMap(ctx.ydoc).get(id)?.get('final') === true) return
  deleteAnnotation(ctx.ydoc, id, Origin.user)
}

/**
 * The annotations the editor's commands may change: not the final (adjudicated) ones, which only the
 * adjudication page edits (and the server refuses from anyone but a reviewer).
 */
function editable(records: AnnotationRecord[]): AnnotationRecord[] {
  return records.filter((r) => !r.final)
}

/** The sentence at the cursor with its annotations, for side panels. */
export interface SentenceDetails {
  sentence: SentenceRange
  text: string
  annotations: AnnotationRecord[]
  spans: AnnotationRecord[]
}

/** Details of the sentence at the cursor, or null. */
export function currentSentence(state: EditorState): SentenceDetails | null {
  const sentence = sentenceAt(state.doc, state.selection.head)
  if (!sentence) return null
  return {
    sentence,
    text: state.doc.textBetween(sentence.from, sentence.to),
    annotations: attachedAnnotations(state, sentence),
    spans: spansIn(state, sentence),
  }
}

/** Sentences per label over the whole article (accepted and suggested), from the drawn decorations. */
export function labelCounts(state: EditorState): {
  accepted: Map<string, number>
  suggested: Map<string, number>
} {
  const accepted = new Map<string, number>()
  const suggested = new Map<string, number>()
  const set = annotationsKey.getState(state)?.decorations
  for (const d of set?.find() ?? []) {
    const spec = d.spec as { sentence?: boolean; labels?: string[]; suggested?: string[] }
    if (!spec.sentence) continue
    for (const l of spec.labels ?? []) accepted.set(l, (accepted.get(l) ?? 0) + 1)
    for (const l of spec.suggested ?? []) suggested.set(l, (suggested.get(l) ?? 0) + 1)
  }
  return { accepted, suggested }
}
