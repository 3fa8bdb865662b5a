import {
  type AnnotationState,
  type AuditEntry,
  addAnnotationsAtOffsets,
  annotationState,
  buildArticleDoc,
  createTaxonomy,
  deleteAnnotation,
  Origin,
  readAnnotations,
  readHistory,
  restoreAnnotation,
  setAnnotationLabel,
  updateAnnotation,
} from '@attrib/core'
import type * as Y from 'yjs'
import type { LoadedHistory } from './historyModel'
import { articleLayout } from './timelineModel'

// Test fixtures of the history's unit tests: a small article and trails recorded as the server records them.

/** The default taxonomy. */
export const taxonomy = createTaxonomy()
/** The article's text: four sentences in two paragraphs. */
export const PARAGRAPHS = [
  'The minister resigned on Monday. An official said talks had failed.',
  'Dmitry Peskov told reporters the report was false. Nobody else spoke.',
]

/** An article imported with one of Ana's tags (sentence 0): what the trail starts with. */
function article(): Y.Doc {
  return buildArticleDoc({
    meta: { id: 'a1', title: 'Test' },
    paragraphs: PARAGRAPHS,
    annotations: [{ kind: 'sentence', start: 0, end: 32, labels: ['named_source'], annotator: 'Ana' }],
  })
}

/**
 * The server's audit trail in miniature: `change` runs on `doc` as `user`'s update, and every annotation
 * whose state it changed is recorded with its state before and after (packages/sync's audit.ts reads
 * the same from the transaction).
 */
export function recorder(doc: Y.Doc) {
  const entries: AuditEntry[] = []
  const states = () => new Map(readAnnotations(doc).map((a) => [a.id, annotationState(a)]))
  let at = Date.parse('2026-12-06T10:00:00Z')
  return {
    entries,
    as(user: string, change: () => void) {
      const before = states()
      change()
      const after = states()
      at += 60_000
      for (const id of new Set([...before.keys(), ...after.keys()])) {
        const b = before.get(id) ?? null
        const a = after.get(id) ?? null
        if (JSON.stringify(a) === JSON.stringify(b)) continue
        entries.push({
          n: entries.length + 1,
          seq: entries.length + 1,
          at: new Date(at).toISOString(),
          user,
          annotation: id,
          before: b,
          after: a,
        })
      }
    },
  }
}

/** Ana tags sentence 1, Ben changes her tag, Ben removes Ana's imported tag, Ana gives a source. */
export function story() {
  const doc = article()
  const trail = recorder(doc)
  const imported = readAnnotations(doc)[0]!.id
  let anas = ''
  trail.as('Ana', () => {
    const layout = articleLayout(doc)
    const s = layout.sentences[1]!
    ;[anas] = addAt(doc, s.start, s.end, ['anonymous_official'], 'Ana')
  })
  trail.as('Ben', () => {
    doc.transact(() => {
      setAnnotationLabel(doc, anas, 'spokesperson', true)
      setAnnotationLabel(doc, anas, 'anonymous_official', false)
    })
  })
  trail.as('Ben', () => deleteAnnotation(doc, imported))
  trail.as('Ana', () => updateAnnotation(doc, anas, { source: 'an official' }))
  const history = readHistory(doc, trail.entries)
  const loaded: LoadedHistory = { entries: history.entries, start: new Map(Object.entries(history.start)) }
  return { doc, trail, imported, anas, history, loaded }
}

/** Adds one sentence annotation by offsets of the article text (ASCII here: code points are UTF-16 units). */
function addAt(doc: Y.Doc, start: number, end: number, labels: string[], annotator: string): string[] {
  return addAnnotationsAtOffsets(doc, [{ kind: 'sentence', start, end, labels, annotator }], Origin.user)
}

/** A state with `labels` and made-up anchors. */
export const state = (labels: string[], extra: Partial<AnnotationState> = {}): AnnotationState => ({
  kind: 'sentence',
  labels,
  source: '',
  status: 'accepted',
  final: false,
  annotator: 'Ana',
  start: 'AA==',
  end: 'AA==',
  ...extra,
})

/** A small deterministic random generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * `changes` random edits of three people on the article: tags added, labels on and off, sources, statuses,
 * final flags, annotations removed and restored, several at once now and then; recorded as a trail.
 */
export function randomStory(seed: number, changes: number) {
  const doc = article()
  const trail = recorder(doc)
  const next = random(seed)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!
  const labels = taxonomy.labels.map((l) => l.id)
  const removed = new Map<string, AnnotationState>()
  const sentences = articleLayout(doc).sentences
  while (trail.entries.length < changes) {
    trail.as(pick(['Ana', 'Ben', 'Cy']), () => {
      for (let k = next() < 0.2 ? 3 : 1; k > 0; k--) {
        const all = readAnnotations(doc)
        const a = all.length > 0 ? pick(all) : undefined
        const roll = next()
        if (!a || roll < 0.2) {
          const s = pick(sentences)
          const span = next() < 0.3
          addAnnotationsAtOffsets(
            doc,
            [
              {
                kind: span ? 'span' : 'sentence',
                start: s.start,
                end: span ? s.start + 6 : s.end,
                labels: [pick(labels)],
                annotator: 'x',
              },
            ],
            Origin.user,
          )
        } else if (roll < 0.5) setAnnotationLabel(doc, a.id, pick(labels), next() < 0.6)
        else if (roll < 0.6) updateAnnotation(doc, a.id, { source: pick(['', 'Peskov', 'an official']) })
        else if (roll < 0.7)
          updateAnnotation(doc, a.id, { status: pick(['accepted', 'suggested', 'rejected'] as const) })
        else if (roll < 0.75) restoreAnnotation(doc, a.id, { ...annotationState(a), final: !a.final })
        else if (roll < 0.85) {
          removed.set(a.id, annotationState(a))
          deleteAnnotation(doc, a.id)
        } else if (removed.size > 0) {
          const [id, back] = pick([...removed])
          removed.delete(id)
          restoreAnnotation(doc, id, back)
        }
      }
    })
  }
  const history = readHistory(doc, trail.entries)
  const loaded: LoadedHistory = { entries: history.entries, start: new Map(Object.entries(history.start)) }
  return { doc, loaded }
}
