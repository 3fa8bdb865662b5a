import {
  type AnnotationKind,
  type AnnotationStatus,
  getAnnotationsMap,
  NodeName,
  readAnnotation,
  type Taxonomy,
} from '@attrib/core'
import type { Node as PMNode } from 'prosemirror-model'
import { type EditorState, Plugin, PluginKey, TextSelection, type Transaction } from 'prosemirror-state'
import { Mapping, StepMap } from 'prosemirror-transform'
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'
import * as Y from 'yjs'
import {
  badgeKey,
  badgeLabels,
  type LabelStyle,
  labelStyles,
  sentenceClass,
  sentenceStyle,
  spanLook,
  stylesGeneration,
} from './annotationStyle'
import { forEachParagraph, type SentenceRange, sentencesOfParagraph } from './sentences'

/** An annotation as the editor sees it: resolved to positions of the current ProseMirror document. */
export interface AnnotationRecord {
  id: string
  kind: AnnotationKind
  /** Position of the annotation's start (for a sentence annotation: any position inside its sentence). */
  from: number
  to: number
  labels: string[]
  status: AnnotationStatus
  annotator: string
  source: string
  created: string
  reason?: string
  /** Part of the adjudicated layer. */
  final?: boolean
}

/** Which annotations the editor draws and acts on (e.g. only one's own in independent mode). */
export type AnnotationFilter = (r: AnnotationRecord) => boolean

/** Plugin state: every annotation's position and the decorations that draw them. */
export interface AnnotationsState {
  records: Map<string, AnnotationRecord>
  decorations: DecorationSet
  /** How each label is drawn, by label id. */
  colors: ReadonlyMap<string, LabelStyle>
  /** Bumped on every change, so UIs can tell when to re-read. */
  version: number
  /** A remote change moved text the mapping could not follow: the view re-resolves from Yjs. */
  needsResolve: boolean
}

type AnnotationsMeta =
  | { type: 'reset'; records: AnnotationRecord[] }
  | { type: 'redraw'; ranges: { from: number; to: number }[] }
  | { type: 'upsert'; records: AnnotationRecord[]; removed: string[] }
  | { type: 'colors'; colors: ReadonlyMap<string, LabelStyle> }

/** Key of the annotation plugin; `annotationsKey.getState(state)` gives {@link AnnotationsState}. */
export const annotationsKey = new PluginKey<AnnotationsState>('annotations')

/** Label id → colour map of a taxonomy. */
export function labelColors(taxonomy: Taxonomy): Map<string, string> {
  return new Map(taxonomy.labels.map((l) => [l.id, l.color]))
}

/** Badges drawn so far per label styles, by their labels: a new badge is a copy of its template. */
const badgeTemplates = new WeakMap<ReadonlyMap<string, LabelStyle>, Map<string, HTMLElement>>()

/**
 * The badge drawn before a tagged or suggested sentence ({@link badgeLabels}: key and short name of each
 * label; suggestions dashed, with the word "suggested"). Copied from a template per combination of labels:
 * a large article draws thousands, and copying is cheaper than building each.
 */
function badgeDOM(
  accepted: readonly string[],
  suggested: readonly string[],
  styles: ReadonlyMap<string, LabelStyle>,
): HTMLElement {
  const key = badgeKey(accepted, suggested)
  let templates = badgeTemplates.get(styles)
  if (!templates) {
    templates = new Map()
    badgeTemplates.set(styles, templates)
  }
  let template = templates.get(key)
  if (!template) {
    template = document.createElement('span')
    template.className = 'attrib-badge'
    template.contentEditable = 'false'
    template.dataset.badge = key
    for (const label of badgeLabels(accepted, suggested, styles)) {
      const el = document.createElement('span')
      el.className = label.className
      el.title = label.title
      el.setAttribute('style', label.style)
      el.textContent = label.text
      template.append(el)
    }
    templates.set(key, template)
  }
  return template.cloneNode(true) as HTMLElement
}

/** The sentence a sentence-annotation anchored at `pos` belongs to, among a paragraph's sentences. */
function attachIndex(sentences: SentenceRange[], pos: number): number {
  let found = 0
  for (let i = 0; i < sentences.length; i++) {
    if (sentences[i]!.from <= pos) found = i
    else break
  }
  return found
}

/** Decorations of one paragraph from the records anchored in it. */
function paragraphDecorations(
  paragraph: PMNode,
  pos: number,
  records: AnnotationRecord[],
  colors: ReadonlyMap<string, LabelStyle>,
): Decoration[] {
  if (records.length === 0) return []
  const sentences = sentencesOfParagraph(paragraph, pos)
  const out: Decoration[] = []
  const groups = new Map<number, AnnotationRecord[]>()
  for (const r of records) {
    if (r.status === 'rejected') continue
    if (r.kind === 'span') {
      if (r.to > r.from) {
        const look = spanLook(r.status, r.labels, colors)
        out.push(
          Decoration.inline(
            r.from,
            r.to,
            { class: look.className, style: look.style, 'data-span-labels': r.labels.join(' ') },
            { span: r.id },
          ),
        )
      }
      continue
    }
    if (sentences.length === 0) continue
    const i = attachIndex(sentences, r.from)
    const g = groups.get(i)
    if (g) g.push(r)
    else groups.set(i, [r])
  }
  for (const [i, group] of groups) {
    const s = sentences[i]!
    const accepted = new Set<string>()
    const suggested = new Set<string>()
    for (const r of group) for (const l of r.labels) (r.status === 'accepted' ? accepted : suggested).add(l)
    for (const l of accepted) suggested.delete(l)
    if (accepted.size === 0 && suggested.size === 0) continue
    const a = [...accepted].sort()
    const sg = [...suggested].sort()
    out.push(
      Decoration.inline(
        s.from,
        s.to,
        {
          class: sentenceClass(a, sg),
          style: sentenceStyle(a, sg, colors),
          'data-labels': a.join(' '),
          'data-suggested': sg.join(' '),
        },
        { sentence: true, labels: a, suggested: sg },
      ),
    )
    // The key lets the view keep the badge's DOM when the paragraph is redrawn with the same labels.
    const key = `b${stylesGeneration(colors)}:${a.join(',')}|${sg.join(',')}`
    out.push(
      Decoration.widget(s.from, () => badgeDOM(a, sg, colors), {
        side: -1,
        key,
        ignoreSelection: true,
        badge: true,
      }),
    )
  }
  return out
}

/** Rebuilds the decorations of every paragraph overlapping the given document ranges. */
function redraw(
  doc: PMNode,
  set: DecorationSet,
  records: Map<string, AnnotationRecord>,
  ranges: { from: number; to: number }[],
  colors: ReadonlyMap<string, LabelStyle>,
): DecorationSet {
  const paragraphs = new Map<number, PMNode>()
  for (const r of ranges) forEachParagraph(doc, r.from, r.to, (node, pos) => paragraphs.set(pos, node))
  if (paragraphs.size === 0) return set
  const remove: Decoration[] = []
  const add: Decoration[] = []
  const buckets = new Map<number, AnnotationRecord[]>()
  const bounds = [...paragraphs.entries()]
    .map(([pos, node]) => ({ pos, end: pos + node.nodeSize }))
    .sort((a, b) => a.pos - b.pos)
  // Each record into the paragraph it starts in: a binary search, since a redraw may cover thousands.
  for (const r of records.values()) {
    let lo = 0
    let hi = bounds.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (bounds[mid]!.pos < r.from) lo = mid
      else hi = mid - 1
    }
    const b = bounds[lo]!
    if (r.from > b.pos && r.from < b.end) {
      const list = buckets.get(b.pos)
      if (list) list.push(r)
      else buckets.set(b.pos, [r])
    }
  }
  for (const [pos, node] of paragraphs) {
    const end = pos + node.nodeSize
    for (const d of set.find(pos, end)) if (d.from >= pos && d.to <= end) remove.push(d)
    add.push(...paragraphDecorations(node, pos, buckets.get(pos) ?? [], colors))
  }
  return set.remove(remove).add(doc, add)
}

/** Builds all decorations from scratch (open, reset, recolour). */
function drawAll(
  doc: PMNode,
  records: Map<string, AnnotationRecord>,
  colors: ReadonlyMap<string, LabelStyle>,
): DecorationSet {
  const sorted = [...records.values()].sort((a, b) => a.from - b.from)
  const decorations: Decoration[] = []
  let i = 0
  forEachParagraph(doc, 0, doc.content.size, (node, pos) => {
    const end = pos + node.nodeSize
    while (i < sorted.length && sorted[i]!.from <= pos) i++
    const inside: AnnotationRecord[] = []
    while (i < sorted.length && sorted[i]!.from < end) inside.push(sorted[i++]!)
    decorations.push(...paragraphDecorations(node, pos, inside, colors))
  })
  return DecorationSet.create(doc, decorations)
}

/** The changed range between two documents, as old and new end positions. */
function diffRange(before: PMNode, after: PMNode): { start: number; endA: number; endB: number } | null {
  const start = before.content.findDiffStart(after.content)
  if (start == null) return null
  const end = before.content.findDiffEnd(after.content)!
  let endA = end.a
  let endB = end.b
  const overlap = start - Math.min(endA, endB)
  if (overlap > 0) {
    endA += overlap
    endB += overlap
  }
  return { start, endA, endB }
}

function applyDocChange(tr: Transaction, value: AnnotationsState): AnnotationsState {
  const diff = diffRange(tr.before, tr.doc)
  if (!diff) return value
  // y-prosemirror applies every remote change as one ReplaceStep over the whole document, so its
  // tr.mapping would drop every decoration; the document difference maps them faithfully.
  const remote = tr.getMeta(ySyncPluginKey)?.isChangeOrigin === true
  const mapping = remote
    ? new Mapping([new StepMap([diff.start, diff.endA - diff.start, diff.endB - diff.start])])
    : tr.mapping
  let needsResolve = value.needsResolve
  const records = new Map<string, AnnotationRecord>()
  for (const [id, r] of value.records) {
    if (remote && r.from > diff.start && r.from < diff.endA && diff.endB - diff.start > 0) {
      // Replaced content: the mapping cannot say where the anchor went; Yjs can.
      needsResolve = true
    }
    const from = mapping.map(r.from, 1)
    const to = Math.max(from, mapping.map(r.to, -1))
    records.set(id, from === r.from && to === r.to ? r : { ...r, from, to })
  }
  const decorations = redraw(
    tr.doc,
    value.decorations.map(mapping, tr.doc),
    records,
    [{ from: diff.start, to: diff.endB }],
    value.colors,
  )
  return { ...value, records, decorations, version: value.version + 1, needsResolve }
}

function applyMeta(meta: AnnotationsMeta, doc: PMNode, value: AnnotationsState): AnnotationsState {
  switch (meta.type) {
    case 'reset': {
      const records = new Map(meta.records.map((r) => [r.id, r]))
      return {
        ...value,
        records,
        decorations: drawAll(doc, records, value.colors),
        version: value.version + 1,
        needsResolve: false,
      }
    }
    case 'redraw':
      return {
        ...value,
        decorations: redraw(doc, value.decorations, value.records, meta.ranges, value.colors),
        version: value.version + 1,
      }
    case 'colors':
      return {
        ...value,
        colors: meta.colors,
        decorations: drawAll(doc, value.records, meta.colors),
        version: value.version + 1,
      }
    case 'upsert': {
      const records = new Map(value.records)
      const ranges: { from: number; to: number }[] = []
      for (const id of meta.removed) {
        const old = records.get(id)
        if (old) ranges.push({ from: old.from, to: old.from })
        records.delete(id)
      }
      for (const r of meta.records) {
        const old = records.get(r.id)
        if (old) ranges.push({ from: old.from, to: old.from })
        ranges.push({ from: r.from, to: r.from })
        records.set(r.id, r)
      }
      return {
        ...value,
        records,
        decorations: redraw(doc, value.decorations, records, ranges, value.colors),
        version: value.version + 1,
      }
    }
  }
}

/** Options of {@link annotationsPlugin}. */
export interface AnnotationsPluginOptions {
  ydoc: Y.Doc
  taxonomy: Taxonomy
  /** Read on every resolve: annotations it refuses are neither drawn nor toggled. */
  filter?: () => AnnotationFilter | null
  /**
   * Annotations already resolved against the state's document (by `buildAttributionEditor`), so the
   * plugin starts with them instead of resolving every one: not yet drawn (see {@link redrawAnnotations}),
   * and `pending` the ids that changed in Yjs since they were resolved.
   */
  initial?: { records: readonly AnnotationRecord[]; pending: ReadonlySet<string> }
}

/**
 * Draws the stand-off annotations of the Y.Doc as decorations and keeps them current:
 * - an annotation change in Yjs re-resolves only the changed annotations (a few µs each);
 * - a text change maps positions through the document difference and redraws the changed paragraphs.
 */
export function annotationsPlugin(options: AnnotationsPluginOptions): Plugin<AnnotationsState> {
  const { ydoc } = options
  const filter = options.filter ?? (() => null)
  return new Plugin<AnnotationsState>({
    key: annotationsKey,
    state: {
      init: () => ({
        records: new Map(options.initial?.records.map((r) => [r.id, r])),
        decorations: DecorationSet.empty,
        colors: labelStyles(options.taxonomy),
        version: 0,
        needsResolve: false,
      }),
      apply(tr, value) {
        let next = value
        if (tr.docChanged) next = applyDocChange(tr, next)
        const meta = tr.getMeta(annotationsKey) as AnnotationsMeta | undefined
        if (meta) next = applyMeta(meta, tr.doc, next)
        return next
      },
    },
    props: {
      decorations: (state) => annotationsKey.getState(state)?.decorations,
      handleDOMEvents: {
        // A click on a badge (not editable) would leave the cursor where it was: put it on the sentence.
        mousedown(view, event) {
          const badge = (event.target as Element | null)?.closest?.('.attrib-badge')
          if (!badge || !view.dom.contains(badge)) return false
          const pos = view.posAtDOM(badge, 0)
          event.preventDefault()
          view.focus()
          view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, pos)))
          return true
        },
      },
    },
    view(view) {
      const map = getAnnotationsMap(ydoc)
      let pending = new Set<string>()
      let scheduled = false
      let destroyed = false
      const flush = () => {
        scheduled = false
        if (destroyed) return
        const ids = pending
        pending = new Set()
        const resolve = createResolver(view.state, ydoc)
        const visible = filter()
        const records: AnnotationRecord[] = []
        const removed: string[] = []
        for (const id of ids) {
          const m = map.get(id)
          const r = m ? resolveRecord(id, m, resolve) : null
          if (r && (!visible || visible(r))) records.push(r)
          else removed.push(id)
        }
        view.dispatch(view.state.tr.setMeta(annotationsKey, { type: 'upsert', records, removed }))
      }
      const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
        for (const e of events) {
          if (e.target === map) for (const key of (e as Y.YMapEvent<unknown>).keysChanged) pending.add(key)
          else if (typeof e.path[0] === 'string') pending.add(e.path[0])
        }
        if (pending.size > 0 && !scheduled) {
          scheduled = true
          // After y-prosemirror's own observer has rendered text changes of the same transaction.
          queueMicrotask(flush)
        }
      }
      map.observeDeep(observer)
      const resolveAll = () => {
        view.dispatch(
          view.state.tr.setMeta(annotationsKey, {
            type: 'reset',
            records: resolveAllRecords(view.state, ydoc, filter()),
          }),
        )
      }
      refreshers.set(view, resolveAll)
      if (!options.initial) resolveAll()
      else if (options.initial.pending.size > 0) {
        pending = new Set(options.initial.pending)
        scheduled = true
        queueMicrotask(flush)
      }
      return {
        update(v) {
          if (annotationsKey.getState(v.state)?.needsResolve) queueMicrotask(() => !destroyed && resolveAll())
        },
        destroy() {
          destroyed = true
          refreshers.delete(view)
          map.unobserveDeep(observer)
        },
      }
    },
  })
}

const refreshers = new WeakMap<EditorView, () => void>()

/**
 * Draws the annotations of the paragraphs in `ranges` afresh from the plugin's records (what was drawn
 * there is replaced): how `buildAttributionEditor` draws a large article a few paragraphs at a time.
 */
export function redrawAnnotations(view: EditorView, ranges: { from: number; to: number }[]): void {
  view.dispatch(view.state.tr.setMeta(annotationsKey, { type: 'redraw', ranges }))
}

/** Re-resolves and redraws every annotation, e.g. after the filter changed. */
export function refreshAnnotations(view: EditorView): void {
  refreshers.get(view)?.()
}

/** Changes the label colours (after the taxonomy changed). */
export function setLabelColors(view: EditorView, taxonomy: Taxonomy): void {
  view.dispatch(view.state.tr.setMeta(annotationsKey, { type: 'colors', colors: labelStyles(taxonomy) }))
}

/** Yjs relative position → position of the current ProseMirror document (null: not in it). */
export type Resolver = (rel: Y.RelativePosition) => number | null

const positionCache = new WeakMap<PMNode, Map<PMNode, number>>()

function paragraphPositions(doc: PMNode): Map<PMNode, number> {
  let m = positionCache.get(doc)
  if (!m) {
    const positions = new Map<PMNode, number>()
    forEachParagraph(doc, 0, doc.content.size, (node, pos) => {
      positions.set(node, pos)
    })
    m = positions
    positionCache.set(doc, m)
  }
  return m
}

/**
 * Resolves Yjs relative positions to positions of the current ProseMirror document through
 * y-prosemirror's type→node mapping: O(1) per position after one pass over the paragraphs.
 * (y-prosemirror's relativePositionToAbsolutePosition walks all preceding paragraphs per call.)
 */
export function createResolver(state: EditorState, ydoc: Y.Doc): Resolver {
  const mapping = ySyncPluginKey.getState(state)?.binding?.mapping as Map<unknown, PMNode> | undefined
  return resolverFor(state.doc, mapping, ydoc)
}

/**
 * {@link createResolver} for a document and y-prosemirror's mapping of it (Yjs type → node), before
 * there is a state: e.g. the mapping of y-prosemirror's `initProseMirrorDoc`.
 */
export function resolverFor(doc: PMNode, mapping: Map<unknown, unknown> | undefined, ydoc: Y.Doc): Resolver {
  let positions: Map<PMNode, number> | undefined
  return (rel) => {
    if (!mapping) return null
    const abs = Y.createAbsolutePositionFromRelativePosition(rel, ydoc)
    if (!abs) return null
    let paragraph: unknown
    let offset = abs.index
    if (abs.type instanceof Y.XmlText) {
      paragraph = abs.type.parent
      // Text before this Y.XmlText in the same paragraph (only with several text nodes).
      let item = abs.type._item?.left ?? null
      while (item) {
        if (!item.deleted && item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlText)
          offset += item.content.type.length
        item = item.left
      }
    } else if (abs.type instanceof Y.XmlElement && abs.type.nodeName === NodeName.paragraph) {
      paragraph = abs.type
      offset = 0
    } else return null
    if (!paragraph) return null
    const node = mapping.get(paragraph) as PMNode | PMNode[] | undefined
    if (!node || Array.isArray(node)) return null
    positions ??= paragraphPositions(doc)
    const pos = positions.get(node)
    if (pos === undefined) return null
    return pos + 1 + Math.min(offset, node.content.size)
  }
}

/** One annotation of the Yjs map resolved to document positions; null when it cannot be. */
export function resolveRecord(id: string, m: Y.Map<unknown>, resolve: Resolver): AnnotationRecord | null {
  const a = readAnnotation(id, m)
  if (!a) return null
  const from = resolve(a.start)
  const to = resolve(a.end)
  if (from === null || to === null) return null
  const r: AnnotationRecord = {
    id,
    kind: a.kind,
    from,
    to: Math.max(from, to),
    labels: a.labels,
    status: a.status,
    annotator: a.annotator,
    source: a.source,
    created: a.created,
  }
  if (a.reason) r.reason = a.reason
  if (a.final) r.final = true
  return r
}

/** Resolves every annotation of the document (used on open and after large remote changes). */
export function resolveAllRecords(
  state: EditorState,
  ydoc: Y.Doc,
  visible: AnnotationFilter | null = null,
): AnnotationRecord[] {
  const resolve = createResolver(state, ydoc)
  const out: AnnotationRecord[] = []
  getAnnotationsMap(ydoc).forEach((m, id) => {
    const r = resolveRecord(id, m, resolve)
    if (r && (!visible || visible(r))) out.push(r)
  })
  return out
}

/**
 * The Yjs relative position of a ProseMirror position inside a paragraph, found by the
 * section and paragraph indexes (the Y.XmlFragment has the same shape as the document).
 */
export function relativePositionAt(
  state: EditorState,
  fragment: Y.XmlFragment,
  pos: number,
  assoc: 0 | -1,
): Y.RelativePosition | null {
  const $pos = state.doc.resolve(pos)
  if (!$pos.parent.isTextblock || $pos.depth !== 2) return null
  const section = fragment.get($pos.index(0))
  if (!(section instanceof Y.XmlElement)) return null
  const paragraph = section.get($pos.index(1))
  if (!(paragraph instanceof Y.XmlElement)) return null
  let offset = $pos.parentOffset
  for (const child of paragraph.toArray()) {
    if (!(child instanceof Y.XmlText)) continue
    if (offset <= child.length) return Y.createRelativePositionFromTypeIndex(child, offset, assoc)
    offset -= child.length
  }
  return null
}
