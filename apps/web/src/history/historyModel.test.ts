import {
  type AnnotationState,
  type AuditEntry,
  addAnnotationsAtOffsets,
  annotationState,
  buildArticleDoc,
  createTaxonomy,
  deleteAnnotation,
  getAnnotationsMap,
  type HistoryEntry,
  Origin,
  readAnnotations,
  readHistory,
  restoreAnnotation,
  setAnnotationLabel,
  updateAnnotation,
} from '@attrib/core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  articleLayout,
  changeLine,
  changeTime,
  entryVisible,
  type LoadedHistory,
  markCounts,
  restoreRefusal,
  sentenceHistory,
  sentenceMarks,
  stepThrough,
  timelineFrame,
  visibleHistory,
} from './historyModel'

const taxonomy = createTaxonomy()
const PARAGRAPHS = [
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
function recorder(doc: Y.Doc) {
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
function story() {
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

const state = (labels: string[], extra: Partial<AnnotationState> = {}): AnnotationState => ({
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

describe('[UI12] a sentence history in people’s words', () => {
  it('says each change with the taxonomy’s names, not ids', () => {
    const c = (before: AnnotationState | null, after: AnnotationState | null) =>
      changeLine({ annotation: 'a', before, after }, taxonomy)
    expect(c(null, state(['anonymous_official']))).toBe('+ Anonymous official')
    expect(c(state(['spokesperson']), null)).toBe('− Spokesperson')
    expect(c(state(['anonymous_official']), state(['spokesperson']))).toBe(
      'Anonymous official → Spokesperson',
    )
    expect(c(state(['quote']), state([]))).toBe('Direct quote → (no label)')
    expect(c(state(['quote']), state(['quote'], { source: 'Peskov' }))).toBe('source (none) → “Peskov”')
    expect(c(state(['quote'], { status: 'suggested' }), state(['quote']))).toBe('suggested → accepted')
    expect(c(null, state(['quote'], { status: 'suggested' }))).toBe('+ Direct quote (suggested)')
    expect(c(state(['quote']), state(['quote'], { final: true }))).toBe('adjudicated')
    expect(c(null, state(['made_up']))).toBe('+ made_up')
  })

  it('gives the time of day for today and the date otherwise, the full date for the title', () => {
    const now = new Date('2026-12-06T15:00:00')
    const today = changeTime(new Date('2026-12-06T10:42:00').toISOString(), now)
    expect(today.short).toMatch(/10.42/)
    expect(today.short).not.toMatch(/Dec|2026/)
    expect(today.full).toMatch(/2026/)
    const earlier = changeTime(new Date('2026-11-30T09:05:00').toISOString(), now)
    expect(earlier.short).toMatch(/30/)
    expect(earlier.short).toMatch(/09.05/)
    expect(changeTime(new Date('2025-01-02T09:05:00').toISOString(), now).short).toMatch(/2025/)
  })

  it('lists a sentence’s changes newest first, removed annotations included', () => {
    const { history, imported, anas } = story()
    const lines = (i: number) =>
      sentenceHistory(history.entries, i).map((e) => `${e.user}: ${changeLine(e, taxonomy)}`)
    expect(lines(1)).toEqual([
      'Ana: source (none) → “an official”',
      'Ben: Anonymous official → Spokesperson',
      'Ana: + Anonymous official',
    ])
    expect(lines(0)).toEqual(['Ben: − Named source'])
    expect(sentenceHistory(history.entries, 0)[0]!.annotation).toBe(imported)
    expect(sentenceHistory(history.entries, 1).every((e) => e.annotation === anas)).toBe(true)
    expect(lines(3)).toEqual([])
  })

  it('shows in independent mode only one’s own changes and the suggester’s, as the editor does', () => {
    const mine = { annotation: 'a', before: null, after: state(['quote'], { annotator: 'Ana' }) }
    const bens = { annotation: 'b', before: state(['quote'], { annotator: 'Ben' }), after: null }
    const machine = {
      annotation: 'c',
      before: null,
      after: state(['quote'], { annotator: 'attrib-suggest' }),
    }
    expect([mine, bens, machine].map((e) => entryVisible(e, 'Ana', 'independent'))).toEqual([
      true,
      false,
      true,
    ])
    expect([mine, bens, machine].map((e) => entryVisible(e, 'Ana', 'open'))).toEqual([true, true, true])
  })

  it('keeps in independent mode only one’s own starting annotations and changes', () => {
    const { loaded } = story()
    expect(visibleHistory(loaded, 'Ana', 'open')).toBe(loaded)
    const bens = visibleHistory(loaded, 'Ben', 'independent')
    // Ben changed Ana's annotations only: nothing of them is his to see, in the editor or its history.
    expect(bens.entries).toEqual([])
    expect(bens.start.size).toBe(0)
    const anas = visibleHistory(loaded, 'Ana', 'independent')
    expect(anas.entries).toEqual(loaded.entries)
    expect(anas.start).toEqual(loaded.start)
  })
})

describe('[UI13] the timeline', () => {
  it('shows the annotations where the trail starts at step 0 and as they are now at the last step', () => {
    const { doc, history, loaded } = story()
    const layout = articleLayout(doc)
    expect(layout.sentences).toHaveLength(4)
    expect(layout.paragraphOf).toEqual([0, 0, 1, 1])
    // Step 0: the import's tag, nothing on sentence 1 yet.
    const start = timelineFrame(layout, loaded, 0).marks
    expect([...start.keys()]).toEqual([0])
    expect(start.get(0)!.accepted).toEqual(['named_source'])
    // Step 1: Ana's tag; step 2: Ben's change; step 3: the import's tag removed.
    expect(timelineFrame(layout, loaded, 1).marks.get(1)!.accepted).toEqual(['anonymous_official'])
    expect(timelineFrame(layout, loaded, 2).marks.get(1)!.accepted).toEqual(['spokesperson'])
    expect(timelineFrame(layout, loaded, 3).marks.has(0)).toBe(false)
    // The last step is the article as it is.
    const last = timelineFrame(layout, loaded, history.entries.length)
    const now = new Map(readAnnotations(doc).map((a) => [a.id, annotationState(a)]))
    expect(last.states).toEqual(now)
    expect(stepThrough(loaded.entries, 0)).toBe(0)
    expect(stepThrough(loaded.entries, 99)).toBe(loaded.entries.at(-1)!.n)
  })

  it('draws suggestions apart from tags, leaves rejected ones out and marks decided sentences', () => {
    const { doc } = story()
    const layout = articleLayout(doc)
    const anchors = (i: number) => {
      const a = readAnnotations(doc).find((x) => layout.place(annotationState(x)).sentence === i)!
      return annotationState(a)
    }
    const on1 = anchors(1)
    const states = new Map<string, AnnotationState>([
      ['t', { ...on1, labels: ['quote'] }],
      ['s', { ...on1, labels: ['quote', 'spokesperson'], status: 'suggested' }],
      ['r', { ...on1, labels: ['media_report'], status: 'rejected' }],
      ['f', { ...on1, labels: ['quote'], final: true, annotator: 'Rev' }],
    ])
    const marks = sentenceMarks(layout, states).get(1)!
    expect(marks).toMatchObject({ accepted: ['quote'], suggested: ['spokesperson'], final: true, spans: [] })
    // A span is listed on its sentence by its words.
    const text = PARAGRAPHS.join('\n\n')
    const from = text.indexOf('Dmitry Peskov')
    const [span] = addAnnotationsAtOffsets(doc, [
      { kind: 'span', start: from, end: from + 13, labels: ['named_source'], annotator: 'Ana' },
    ])
    const spanState = annotationState(readAnnotations(doc).find((x) => x.id === span)!)
    expect(sentenceMarks(layout, new Map([['p', spanState]])).get(2)).toEqual({
      accepted: [],
      suggested: [],
      final: false,
      spans: [{ labels: ['named_source'], words: 'Dmitry Peskov', suggested: false }],
    })
    // The legend counts sentences per label at the step, tags and suggestions apart.
    const counts = markCounts(sentenceMarks(layout, states))
    expect([...counts.accepted]).toEqual([['quote', 1]])
    expect([...counts.suggested]).toEqual([['spokesperson', 1]])
  })
})

describe('[UI14] who may restore what', () => {
  it('lets reviewers restore anything, annotators what is not final, viewers nothing', () => {
    const plain = state(['quote'])
    const final = state(['quote'], { final: true })
    expect(restoreRefusal('reviewer', final, plain)).toBeNull()
    expect(restoreRefusal('reviewer', null, final)).toBeNull()
    expect(restoreRefusal('annotator', plain, null)).toBeNull()
    expect(restoreRefusal('annotator', null, plain)).toBeNull()
    expect(restoreRefusal('annotator', final, plain)).toMatch(/Only a reviewer/)
    expect(restoreRefusal('annotator', plain, final)).toMatch(/Only a reviewer/)
    expect(restoreRefusal('viewer', plain, null)).toMatch(/Viewers/)
    expect(restoreRefusal('reviewer', plain, { ...plain })).toMatch(/like this now/)
  })

  it('a restored state is the annotation again, a removed one with its id and anchors', () => {
    const { doc, imported, anas, loaded } = story()
    const removal = loaded.entries.find((e) => e.annotation === imported && e.after === null)!
    restoreAnnotation(doc, imported, removal.before, Origin.user)
    const back = readAnnotations(doc).find((a) => a.id === imported)!
    expect(annotationState(back)).toEqual(removal.before)
    const first: HistoryEntry = loaded.entries.find((e) => e.annotation === anas)!
    restoreAnnotation(doc, anas, first.after, Origin.user)
    const anasNow = annotationState(readAnnotations(doc).find((a) => a.id === anas)!)
    expect(anasNow.labels).toEqual(['anonymous_official'])
    expect(articleLayout(doc).place(anasNow).sentence).toBe(1)
    // As the person's change, tracked like their key presses: one undo takes it back.
    const undo = new Y.UndoManager(getAnnotationsMap(doc), { trackedOrigins: new Set([Origin.user]) })
    restoreAnnotation(doc, anas, null, Origin.user)
    expect(readAnnotations(doc).some((a) => a.id === anas)).toBe(false)
    undo.undo()
    expect(annotationState(readAnnotations(doc).find((a) => a.id === anas)!)).toEqual(anasNow)
  })
})
