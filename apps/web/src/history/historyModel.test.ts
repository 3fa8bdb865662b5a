import {
  type AnnotationState,
  annotationState,
  getAnnotationsMap,
  type HistoryEntry,
  Origin,
  readAnnotations,
  restoreAnnotation,
} from '@attrib/core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  changeLine,
  changeTime,
  entryVisible,
  ownerNote,
  restoreRefusal,
  sentenceHistory,
  visibleHistory,
} from './historyModel'
import { articleLayout } from './timelineModel'
import { state, story, taxonomy } from './trailFixture'

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

  it('says whose annotation a change touched when it is not the author’s', () => {
    const change = (user: string, annotator: string, extra: Partial<AnnotationState> = {}) =>
      ownerNote({ user, annotation: 'a', before: null, after: state(['quote'], { annotator, ...extra }) })
    expect(change('Ben', 'Ana')).toBe('Ana’s tag')
    expect(change('Ben', 'Rev', { final: true })).toBe('Rev’s tag')
    expect(change('anonymous', 'attrib-suggest')).toBe('an automatic suggestion')
    expect(change('Ana', 'Ana')).toBe('')
    expect(change('Ana', '')).toBe('')
    expect(ownerNote({ user: 'Ben', annotation: 'a', before: state(['quote']), after: null })).toBe(
      'Ana’s tag',
    )
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
