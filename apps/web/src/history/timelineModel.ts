import {
  type AnnotationState,
  type AnnotationStates,
  type AuditEntry,
  articleSentences,
  buildTextIndex,
  decodePosition,
  relativeToOffset,
  type SentenceSpan,
  sentenceAt,
  statesAt,
} from '@attrib/core'
import * as Y from 'yjs'
import type { LoadedHistory } from './historyModel'

// The timeline's drawing (apps/web SPEC UI13): the article's annotations at any step of its trail, placed in
// its current text, sentence by sentence. Pure apart from reading the live document's anchors; no DOM.

/** The trail's number of the change at step `step` of the timeline (0: where the trail starts). */
export function stepThrough(entries: readonly AuditEntry[], step: number): number {
  return step <= 0 ? 0 : (entries[Math.min(step, entries.length) - 1]?.n ?? 0)
}

/** Where an annotation's state falls in the article's current text (UTF-16 offsets of `text`). */
export interface Placement {
  /** The sentence it is in (by where it starts); null when its text is gone. */
  sentence: number | null
  from: number | null
  to: number | null
}

/**
 * The article's current text cut into paragraphs and sentences, with a placer for annotation states:
 * anchors resolve against the live document (their text may have moved since), once per distinct anchor.
 */
export interface ArticleLayout {
  text: string
  /** Each paragraph's UTF-16 range in `text`. */
  paragraphs: SentenceSpan[]
  sentences: SentenceSpan[]
  /** The paragraph of each sentence. */
  paragraphOf: number[]
  place(state: AnnotationState): Placement
}

/** Lays out the article `doc` as it is now (O(text)); build it again when the text changes. */
export function articleLayout(doc: Y.Doc): ArticleLayout {
  const index = buildTextIndex(doc)
  const sentences = articleSentences(index)
  const paragraphs = index.paragraphs.map((p) => ({ start: p.start, end: p.end }))
  const paragraphOf: number[] = []
  let p = 0
  for (const s of sentences) {
    while (p < paragraphs.length - 1 && s.start >= paragraphs[p]!.end) p++
    paragraphOf.push(p)
  }
  const cache = new Map<string, Placement>()
  const offset = (anchor: string) =>
    relativeToOffset(index, doc, Y.decodeRelativePosition(decodePosition(anchor)))
  return {
    text: index.text,
    paragraphs,
    sentences,
    paragraphOf,
    place(state) {
      const key = `${state.start}|${state.end}`
      let found = cache.get(key)
      if (!found) {
        const from = offset(state.start)
        const to = offset(state.end)
        found = { sentence: from === null ? null : sentenceAt(sentences, from), from, to }
        cache.set(key, found)
      }
      return found
    },
  }
}

/** A span annotation's words and labels, as the timeline lists them on its sentence. */
export interface SpanMark {
  labels: string[]
  words: string
  suggested: boolean
}

/** What the timeline draws on one sentence: as the editor does, rejected annotations are not drawn. */
export interface SentenceMarks {
  /** Labels of accepted sentence annotations, sorted. */
  accepted: string[]
  /** Labels that only suggestions carry, sorted. */
  suggested: string[]
  /** A reviewer decided the sentence (a final annotation is on it). */
  final: boolean
  spans: SpanMark[]
}

/** The marks of the annotations `states` of one sentence; null when they draw nothing. */
function marksOf(layout: ArticleLayout, states: Iterable<AnnotationState>): SentenceMarks | null {
  const accepted = new Set<string>()
  const suggested = new Set<string>()
  const spans: SpanMark[] = []
  let final = false
  for (const state of states) {
    if (state.status === 'rejected') continue
    if (state.final) final = true
    if (state.kind === 'span') {
      const { from, to } = layout.place(state)
      const words = from !== null && to !== null && to > from ? layout.text.slice(from, to) : ''
      spans.push({ labels: state.labels, words, suggested: state.status === 'suggested' })
      continue
    }
    for (const l of state.labels) (state.status === 'accepted' ? accepted : suggested).add(l)
  }
  for (const l of accepted) suggested.delete(l)
  if (accepted.size === 0 && suggested.size === 0 && spans.length === 0 && !final) return null
  // A total order, so that the same annotations draw the same whatever order they came in.
  spans.sort(
    (a, b) =>
      a.words.localeCompare(b.words) ||
      a.labels.join().localeCompare(b.labels.join()) ||
      Number(a.suggested) - Number(b.suggested),
  )
  return { accepted: [...accepted].sort(), suggested: [...suggested].sort(), final, spans }
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i])

/** Whether two marks draw the same. */
export function sameMarks(a: SentenceMarks | null | undefined, b: SentenceMarks | null | undefined): boolean {
  if (!a || !b) return !a === !b
  return (
    a.final === b.final &&
    sameList(a.accepted, b.accepted) &&
    sameList(a.suggested, b.suggested) &&
    a.spans.length === b.spans.length &&
    a.spans.every(
      (s, i) =>
        s.words === b.spans[i]!.words &&
        s.suggested === b.spans[i]!.suggested &&
        sameList(s.labels, b.spans[i]!.labels),
    )
  )
}

/** The annotations of `states` by the sentence they are in (those whose text is gone left out). */
function bySentence(
  layout: ArticleLayout,
  states: AnnotationStates,
): Map<number, Map<string, AnnotationState>> {
  const out = new Map<number, Map<string, AnnotationState>>()
  for (const [id, state] of states) {
    const s = layout.place(state).sentence
    if (s === null) continue
    const here = out.get(s) ?? new Map<string, AnnotationState>()
    out.set(s, here)
    here.set(id, state)
  }
  return out
}

/** The marks of every sentence that has any, for the annotations `states`. */
export function sentenceMarks(layout: ArticleLayout, states: AnnotationStates): Map<number, SentenceMarks> {
  const out = new Map<number, SentenceMarks>()
  for (const [s, here] of bySentence(layout, states)) {
    const marks = marksOf(layout, here.values())
    if (marks) out.set(s, marks)
  }
  return out
}

/** Sentences per label in `marks`, tagged and suggested apart: the legend's counts at a step of the timeline. */
export function markCounts(marks: ReadonlyMap<number, SentenceMarks>): {
  accepted: Map<string, number>
  suggested: Map<string, number>
} {
  const accepted = new Map<string, number>()
  const suggested = new Map<string, number>()
  for (const m of marks.values()) {
    for (const l of m.accepted) accepted.set(l, (accepted.get(l) ?? 0) + 1)
    for (const l of m.suggested) suggested.set(l, (suggested.get(l) ?? 0) + 1)
  }
  return { accepted, suggested }
}

/** One step of the timeline as {@link timelineFrames} draws it. */
export interface TimelineFrame {
  step: number
  /** The annotations after the step's change (core's `statesAt`). */
  states: AnnotationStates
  /** Each sentence's marks, the sentences without any left out. */
  marks: ReadonlyMap<number, SentenceMarks>
  /**
   * The marks by paragraph. A paragraph none of whose sentences changed since the frame drawn before keeps
   * the same map object, so a view redraws only the paragraphs whose map is another one.
   */
  paragraphs: ReadonlyMap<number, ReadonlyMap<number, SentenceMarks>>
}

/**
 * Draws the steps of `history`'s timeline over `layout`, one after another: each step's annotations come from
 * core's `statesAt` over the trail in memory, and only the sentences whose annotations differ from the step
 * drawn before are marked again (found by identity: `statesAt` keeps the state objects of the trail, so an
 * annotation no change touched between the two steps is the same object), and a sentence whose marks come
 * out the same keeps its marks object. Moving one step on an article of 9,000 sentences then costs a few
 * milliseconds instead of marking every sentence again (bench/timeline.bench.ts).
 * @example
 * const frameAt = timelineFrames(articleLayout(doc), history)
 * frameAt(0).marks // the article where its history starts
 */
export function timelineFrames(
  layout: ArticleLayout,
  history: LoadedHistory,
): (step: number) => TimelineFrame {
  let last: TimelineFrame | null = null
  // The annotations of `last.states` by sentence, kept in step with it.
  let sentences = new Map<number, Map<string, AnnotationState>>()
  return (step) => {
    if (last?.step === step) return last
    const states = statesAt(history.entries, history.start, stepThrough(history.entries, step))
    if (last === null) {
      sentences = bySentence(layout, states)
      const marks = sentenceMarks(layout, states)
      const paragraphs = new Map<number, Map<number, SentenceMarks>>()
      for (const [s, m] of marks) {
        const p = layout.paragraphOf[s]!
        const here = paragraphs.get(p) ?? new Map<number, SentenceMarks>()
        paragraphs.set(p, here)
        here.set(s, m)
      }
      last = { step, states, marks, paragraphs }
      return last
    }
    const before = last.states
    const dirty = new Set<number>()
    const move = (id: string, from: AnnotationState | undefined, to: AnnotationState | undefined) => {
      const a = from && layout.place(from).sentence
      const b = to && layout.place(to).sentence
      if (a != null) {
        dirty.add(a)
        sentences.get(a)?.delete(id)
      }
      if (b != null) {
        dirty.add(b)
        const here = sentences.get(b) ?? new Map<string, AnnotationState>()
        sentences.set(b, here)
        here.set(id, to!)
      }
    }
    for (const [id, state] of states) {
      const old = before.get(id)
      if (old !== state) move(id, old, state)
    }
    for (const [id, old] of before) if (!states.has(id)) move(id, old, undefined)
    const marks = new Map(last.marks)
    const paragraphs = new Map(last.paragraphs)
    for (const s of dirty) {
      const m = marksOf(layout, sentences.get(s)?.values() ?? [])
      // A change that draws nothing new (a source, say) leaves the sentence's marks, and its paragraph, as they were.
      if (sameMarks(m, marks.get(s))) continue
      if (m) marks.set(s, m)
      else marks.delete(s)
      const p = layout.paragraphOf[s]!
      const here = new Map(paragraphs.get(p))
      if (m) here.set(s, m)
      else here.delete(s)
      if (here.size > 0) paragraphs.set(p, here)
      else paragraphs.delete(p)
    }
    last = { step, states, marks, paragraphs }
    return last
  }
}
