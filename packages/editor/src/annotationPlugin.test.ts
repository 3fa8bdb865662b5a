import { createTaxonomy } from '@attrib/core'
import type { Node as PMNode } from 'prosemirror-model'
import { EditorState } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import { ySyncPluginKey } from 'y-prosemirror'
import * as Y from 'yjs'
import { type AnnotationRecord, annotationsKey, annotationsPlugin } from './annotationPlugin'
import { labelCounts } from './commands'
import { articleSchema } from './schema'
import { sectionDoc as doc } from './testDocs'

const s = articleSchema

function setup(d: PMNode, records: AnnotationRecord[]) {
  const plugin = annotationsPlugin({ ydoc: new Y.Doc(), taxonomy: createTaxonomy() })
  let state = EditorState.create({ schema: s, doc: d, plugins: [plugin] })
  state = state.apply(state.tr.setMeta(annotationsKey, { type: 'reset', records }))
  return state
}

const rec = (id: string, from: number, to: number, labels: string[], extra: Partial<AnnotationRecord> = {}) =>
  ({
    id,
    kind: 'sentence',
    from,
    to,
    labels,
    status: 'accepted',
    annotator: 'a',
    source: '',
    created: '',
    ...extra,
  }) as AnnotationRecord

/** The text each sentence decoration covers, with its labels (badges left out). */
function drawn(state: EditorState) {
  return highlights(state).map((d) => [
    state.doc.textBetween(d.from, d.to),
    (d.spec as { labels?: string[] }).labels?.join('+'),
  ])
}

/** The highlight decorations (sentences and spans), without the badges. */
function highlights(state: EditorState) {
  return annotationsKey
    .getState(state)!
    .decorations.find()
    .filter((d) => !(d.spec as { badge?: boolean }).badge)
}

/** The badges: position and key of each (`b<generation>:<accepted>|<suggested>`), generation left out. */
function badges(state: EditorState) {
  return annotationsKey
    .getState(state)!
    .decorations.find()
    .filter((d) => (d.spec as { badge?: boolean }).badge)
    .map((d) => [d.from, String((d.spec as { key: string }).key).replace(/^b\d+:/, '')])
}

// Paragraph 1 starts at 2 (doc > section > paragraph), so "One." spans 2..6.
const TWO = doc('One. Two two.', 'Three is here.')

describe('annotations plugin', () => {
  it('draws one decoration per tagged sentence with all its labels', () => {
    const state = setup(TWO, [
      rec('x', 2, 6, ['quote']),
      rec('y', 3, 6, ['spokesperson']),
      rec('z', 7, 15, ['quote']),
    ])
    expect(drawn(state)).toEqual([
      ['One.', 'quote+spokesperson'],
      ['Two two.', 'quote'],
    ])
    expect(Object.fromEntries(labelCounts(state).accepted)).toEqual({ quote: 2, spokesperson: 1 })
  })

  it('[UI2] puts a badge with the labels and the suggestions at the start of each drawn sentence', () => {
    const state = setup(TWO, [
      rec('x', 2, 6, ['quote']),
      rec('y', 3, 6, ['spokesperson'], { status: 'suggested' }),
      rec('z', 18, 32, ['media_report'], { status: 'suggested' }),
      rec('r', 7, 15, ['quote'], { status: 'rejected' }),
    ])
    expect(badges(state)).toEqual([
      [2, 'quote|spokesperson'],
      [17, '|media_report'],
    ])
    // A suggestion is outlined, dashed, with no fill; a tag is filled.
    const styles = highlights(state).map(
      (d) => (d as unknown as { type: { attrs: { style: string } } }).type.attrs.style,
    )
    expect(styles[0]).toMatch(/background-color/)
    expect(styles[1]).toMatch(/dashed/)
    expect(styles[1]).not.toMatch(/background-color/)
  })

  it('keeps decorations through a y-prosemirror style whole-document replace', () => {
    let state = setup(TWO, [rec('x', 2, 6, ['quote']), rec('z', 18, 32, ['named_source'])])
    // A remote edit arrives: y-prosemirror replaces the whole document with a new one.
    const next = doc('One. Two two.', 'Now three is here.')
    const tr = state.tr.replaceWith(0, state.doc.content.size, next.content)
    tr.setMeta(ySyncPluginKey, { isChangeOrigin: true })
    state = state.apply(tr)
    expect(drawn(state)).toEqual([
      ['One.', 'quote'],
      ['Now three is here.', 'named_source'],
    ])
    expect(annotationsKey.getState(state)!.needsResolve).toBe(false)
  })

  it('redraws a sentence that a remote edit splits in two', () => {
    let state = setup(TWO, [rec('z', 7, 15, ['quote'])])
    const next = doc('One. Two. Two.', 'Three is here.')
    const tr = state.tr.replaceWith(0, state.doc.content.size, next.content)
    tr.setMeta(ySyncPluginKey, { isChangeOrigin: true })
    state = state.apply(tr)
    expect(drawn(state)).toEqual([['Two.', 'quote']])
  })

  it('asks for a re-resolve when the mapping cannot follow an anchor', () => {
    let state = setup(TWO, [rec('z', 18, 32, ['quote'])])
    const next = doc('Replaced entirely.')
    const tr = state.tr.replaceWith(0, state.doc.content.size, next.content)
    tr.setMeta(ySyncPluginKey, { isChangeOrigin: true })
    state = state.apply(tr)
    expect(annotationsKey.getState(state)!.needsResolve).toBe(true)
  })

  it('upserts and removes single annotations', () => {
    let state = setup(TWO, [rec('x', 2, 6, ['quote'])])
    state = state.apply(
      state.tr.setMeta(annotationsKey, {
        type: 'upsert',
        records: [rec('z', 18, 32, ['media_report'], { status: 'suggested' })],
        removed: ['x'],
      }),
    )
    const d = highlights(state)
    expect(d).toHaveLength(1)
    expect((d[0]!.spec as { suggested: string[] }).suggested).toEqual(['media_report'])
  })
})
