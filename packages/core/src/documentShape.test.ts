import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { getAnnotationsMap, readAnnotationRecords, readAnnotations } from './annotations'
import { createArticleDoc, getMetaMap } from './articleDoc'
import {
  checkAnnotationRecord,
  checkMetaField,
  checkSourceName,
  cleanSourceName,
  MAX_SOURCE_LENGTH,
  malformedRecords,
} from './documentShape'
import { addAnnotationsAtOffsets, buildArticleDoc, readArticle, taggedShare } from './snapshot'

function article(): { doc: Y.Doc; good: string } {
  const doc = createArticleDoc({
    meta: { id: 'a1', title: 'Calls' },
    paragraphs: ['Peskov said there was one call. Officials declined to comment.'],
  })
  const [good] = addAnnotationsAtOffsets(doc, [
    { kind: 'sentence', start: 0, end: 31, labels: ['quote'], annotator: 'ann' },
  ])
  return { doc, good: good! }
}

/** A copy of the good annotation `id` with `change` made to it, as a new record. */
function variant(doc: Y.Doc, id: string, change: (m: Y.Map<unknown>) => void): Y.Map<unknown> {
  const source = getAnnotationsMap(doc).get(id)!
  const m = new Y.Map<unknown>()
  for (const [k, v] of source.entries()) {
    if (v instanceof Y.Map) {
      const labels = new Y.Map<unknown>()
      for (const [l, on] of v.entries()) labels.set(l, on)
      m.set(k, labels)
    } else m.set(k, v)
  }
  change(m)
  return m
}

/** Every kind of malformed annotation record, as `[name, value]` for the annotations map. */
export function malformedAnnotations(doc: Y.Doc, good: string): [string, () => unknown, RegExp][] {
  const labels = (entries: [string, unknown][]) => {
    const l = new Y.Map<unknown>()
    for (const [k, v] of entries) l.set(k, v)
    return l
  }
  return [
    ['a string', () => 'not an annotation', /is a string, not a Y.Map/],
    ['a number', () => 42, /is a number/],
    ['null', () => null, /is null/],
    ['a Y.Array', () => Y.Array.from([1, 2]), /is a Y\w*Array/],
    ['a Y.Text', () => new Y.Text('x'), /is a Y\w*Text/],
    ['no start', () => variant(doc, good, (m) => m.delete('start')), /has no start/],
    ['no end', () => variant(doc, good, (m) => m.delete('end')), /has no end/],
    ['no labels', () => variant(doc, good, (m) => m.delete('labels')), /has no labels/],
    ['labels a string', () => variant(doc, good, (m) => m.set('labels', 'quote')), /labels is a string/],
    [
      'labels a Y.Array',
      () => variant(doc, good, (m) => m.set('labels', Y.Array.from(['quote']))),
      /labels is a Y\w*Array/,
    ],
    [
      'a label not true',
      () => variant(doc, good, (m) => m.set('labels', labels([['quote', 1]]))),
      /label "quote" is a number/,
    ],
    [
      'a label false',
      () => variant(doc, good, (m) => m.set('labels', labels([['quote', false]]))),
      /label "quote" is a boolean/,
    ],
    [
      'a label a Y.Map',
      () => variant(doc, good, (m) => m.set('labels', labels([['quote', new Y.Map()]]))),
      /label "quote" is a Y\w*Map/,
    ],
    [
      'start a string',
      () => variant(doc, good, (m) => m.set('start', 'here')),
      /start is a string, not a relative position/,
    ],
    [
      'start garbage bytes',
      () => variant(doc, good, (m) => m.set('start', new Uint8Array([255, 255, 255]))),
      /start is binary, not a relative/,
    ],
    [
      'end empty bytes',
      () => variant(doc, good, (m) => m.set('end', new Uint8Array())),
      /end is binary, not a relative/,
    ],
    [
      'start by top-level name',
      () =>
        variant(doc, good, (m) =>
          m.set('start', Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(getMetaMap(doc), 0))),
        ),
      /start is binary, not a relative position in the text/,
    ],
    ['a bad status', () => variant(doc, good, (m) => m.set('status', 'maybe')), /status is not one of/],
    ['a bad kind', () => variant(doc, good, (m) => m.set('kind', 'paragraph')), /kind is not one of/],
    [
      'source a number',
      () => variant(doc, good, (m) => m.set('source', 7)),
      /source is a number, not a string/,
    ],
    [
      'annotator a Y.Map',
      () => variant(doc, good, (m) => m.set('annotator', new Y.Map())),
      /annotator is a Y\w*Map/,
    ],
    ['created a number', () => variant(doc, good, (m) => m.set('created', 0)), /created is a number/],
    [
      'reason a Y.Text',
      () => variant(doc, good, (m) => m.set('reason', new Y.Text('why'))),
      /reason is a Y\w*Text/,
    ],
    [
      'final a string',
      () => variant(doc, good, (m) => m.set('final', 'yes')),
      /final is a string, not a boolean/,
    ],
  ]
}

describe('documentShape', () => {
  it('[WS17] a well-formed record passes; every kind of malformed record is named', () => {
    const { doc, good } = article()
    // Yjs types are read once they are in a document, as the server and the readers meet them.
    const scratch = new Y.Doc().getMap<unknown>('x')
    const check = (value: unknown) => {
      scratch.set('r', value)
      return checkAnnotationRecord(scratch.get('r'))
    }
    expect(checkAnnotationRecord(getAnnotationsMap(doc).get(good))).toBeNull()
    expect(check(variant(doc, good, () => {}))).toBeNull()
    // Optional fields may be absent (older documents), unknown keys are allowed.
    expect(check(variant(doc, good, (m) => m.delete('kind')))).toBeNull()
    expect(check(variant(doc, good, (m) => m.set('comment', { any: 1 })))).toBeNull()
    for (const [name, value, problem] of malformedAnnotations(doc, good))
      expect(check(value()), name).toMatch(problem)
    expect(checkAnnotationRecord('x')).toBe('is a string, not a Y.Map')
  })

  it('[WS17] meta fields have their types', () => {
    expect(checkMetaField('title', 'T')).toBeNull()
    expect(checkMetaField('title', undefined)).toBeNull()
    expect(checkMetaField('title', new Y.Map())).toMatch(/meta.title is a .*, not a string/)
    expect(checkMetaField('schemaVersion', 1)).toBeNull()
    expect(checkMetaField('schemaVersion', '1')).toMatch(/not a whole number/)
    expect(checkMetaField('schemaVersion', 1.5)).toMatch(/not a whole number/)
    expect(checkMetaField('custom', new Y.Map())).toBeNull()
  })

  it('[HTTP10] readers skip every malformed record and report it', () => {
    const { doc, good } = article()
    const cases = malformedAnnotations(doc, good)
    doc.transact(() => {
      for (const [name, value] of cases) getAnnotationsMap(doc).set(`bad ${name}`, value() as Y.Map<unknown>)
      getMetaMap(doc).set('title', new Y.Map())
      getMetaMap(doc).set('id', 7)
      getMetaMap(doc).set('schemaVersion', '1')
    })
    expect(readAnnotations(doc).map((a) => a.id)).toEqual([good])
    const { skipped } = readAnnotationRecords(doc)
    expect(skipped.map((s) => s.id).sort()).toEqual(cases.map(([name]) => `bad ${name}`).sort())
    const snapshot = readArticle(doc)
    expect(snapshot.annotations.map((a) => a.id)).toEqual([good])
    expect(snapshot.meta).toMatchObject({ id: doc.guid, title: '' })
    expect(snapshot.skipped).toHaveLength(cases.length + 3)
    expect(snapshot.skipped).toContainEqual({
      id: 'meta.title',
      problem: expect.stringMatching(/not a string/),
    })
    expect(taggedShare(snapshot)).toEqual({ sentences: 2, tagged: 1, share: 0.5 })
    expect(malformedRecords(doc)).toHaveLength(cases.length + 3)
    // A document without problems has no `skipped` key at all (snapshots compare equal as before).
    expect('skipped' in readArticle(article().doc)).toBe(false)
  })
})

describe('checkSourceName', () => {
  it('[WS20] names a source too long or with a control character; an import with one is refused, named', () => {
    expect(checkSourceName('Kremlin spokesman Dmitry Peskov')).toBeNull()
    expect(checkSourceName('<script>alert(1)</script>')).toBeNull()
    expect(checkSourceName('x'.repeat(MAX_SOURCE_LENGTH))).toBeNull()
    expect(checkSourceName('x'.repeat(10_000))).toBe('source is 10000 characters long; it may be at most 300')
    expect(checkSourceName('two\tofficials')).toBe('source holds a control character (U+0009) at position 4')
    expect(() =>
      buildArticleDoc({
        meta: { id: 'a1', title: 'A' },
        paragraphs: ['Peskov said so.'],
        annotations: [
          {
            kind: 'sentence',
            start: 0,
            end: 15,
            labels: ['quote'],
            annotator: 'ann',
            source: 'P\u0000eskov',
          },
        ],
      }),
    ).toThrow('article a1: annotation 0: source holds a control character (U+0000) at position 2')
  })
})

describe('cleanSourceName', () => {
  it('[WS20] what a person types or pastes becomes a name the server takes', () => {
    expect(cleanSourceName('  Dmitry\n\tPeskov ')).toBe('Dmitry Peskov')
    expect(cleanSourceName('<b>Peskov</b>')).toBe('<b>Peskov</b>')
    const long = cleanSourceName(`${'x'.repeat(299)}😀 tail`)
    expect(long).toBe('x'.repeat(299))
    expect(checkSourceName(long)).toBeNull()
    expect(checkSourceName(cleanSourceName('a\u0007b'.repeat(500)))).toBeNull()
  })
})
