import { getAnnotationsMap, getMetaMap } from '@attrib/core'
import * as Y from 'yjs'

// Test helper: every kind of edit that leaves an article's document malformed (SPEC WS17), as a client
// would make it. Used by editRules.test.ts (the rule) and documentShape.test.ts (through a real websocket).

/** One malformed edit: made on a client's copy of an article holding the well-formed annotation `own`. */
export interface MalformedEdit {
  name: string
  edit: (doc: Y.Doc, own: string) => void
  /** What the server's refusal names. */
  problem: RegExp
}

/** A new annotation record copied from `own`, changed by `change`, stored under `id`. */
function copyOf(doc: Y.Doc, own: string, change: (m: Y.Map<unknown>) => void, id = 'bad'): void {
  const source = getAnnotationsMap(doc).get(own)!
  const m = new Y.Map<unknown>()
  for (const [k, v] of source.entries()) {
    if (v instanceof Y.Map) {
      const labels = new Y.Map<unknown>()
      for (const [l, on] of v.entries()) labels.set(l, on)
      m.set(k, labels)
    } else m.set(k, v)
  }
  change(m)
  doc.transact(() => getAnnotationsMap(doc).set(id, m as Y.Map<unknown>))
}

const annotations = (doc: Y.Doc) => getAnnotationsMap(doc) as unknown as Y.Map<unknown>
const record = (doc: Y.Doc, id: string) => getAnnotationsMap(doc).get(id)!
const labelsOf = (doc: Y.Doc, id: string) => record(doc, id).get('labels') as Y.Map<unknown>

/** Every kind of malformed record and type, as edits. */
export const MALFORMED_EDITS: readonly MalformedEdit[] = [
  {
    name: 'a string as an annotation',
    edit: (d) => annotations(d).set('bad', 'x'),
    problem: /bad is a string/,
  },
  {
    name: 'a number as an annotation',
    edit: (d) => annotations(d).set('bad', 42),
    problem: /bad is a number/,
  },
  { name: 'null as an annotation', edit: (d) => annotations(d).set('bad', null), problem: /bad is null/ },
  {
    name: 'a Y.Array as an annotation',
    edit: (d) => annotations(d).set('bad', Y.Array.from([1])),
    problem: /bad is a Y\w*Array, not a Y.Map/,
  },
  {
    name: 'an annotation without start',
    edit: (d, own) => copyOf(d, own, (m) => m.delete('start')),
    problem: /has no start/,
  },
  {
    name: 'an annotation without end',
    edit: (d, own) => copyOf(d, own, (m) => m.delete('end')),
    problem: /has no end/,
  },
  {
    name: 'an annotation without labels',
    edit: (d, own) => copyOf(d, own, (m) => m.delete('labels')),
    problem: /has no labels/,
  },
  {
    name: 'labels that are not a Y.Map',
    edit: (d, own) => copyOf(d, own, (m) => m.set('labels', ['quote'])),
    problem: /labels is an array, not a Y.Map/,
  },
  {
    name: 'labels replaced by a string',
    edit: (d, own) => record(d, own).set('labels', 'quote'),
    problem: /labels is a string/,
  },
  {
    name: 'a label that is not true',
    edit: (d, own) => labelsOf(d, own).set('claim', 'yes'),
    problem: /label "claim" is a string, not true/,
  },
  {
    name: 'a label set to false',
    edit: (d, own) => labelsOf(d, own).set('quote', false),
    problem: /label "quote" is a boolean/,
  },
  {
    name: 'start that is not a relative position',
    edit: (d, own) => record(d, own).set('start', 'sentence 1'),
    problem: /start is a string, not a relative position/,
  },
  {
    name: 'end of garbage bytes',
    edit: (d, own) => copyOf(d, own, (m) => m.set('end', new Uint8Array([255, 255, 255]))),
    problem: /end is binary, not a relative position/,
  },
  {
    name: 'start removed from an annotation',
    edit: (d, own) => record(d, own).delete('start'),
    problem: /has no start/,
  },
  {
    name: 'a bad status',
    edit: (d, own) => record(d, own).set('status', 'maybe'),
    problem: /status is not one of/,
  },
  {
    name: 'a bad kind',
    edit: (d, own) => copyOf(d, own, (m) => m.set('kind', 'word')),
    problem: /kind is not one of/,
  },
  {
    name: 'a source that is not a string',
    edit: (d, own) => record(d, own).set('source', { name: 'Peskov' }),
    problem: /source is an object, not a string/,
  },
  {
    name: 'a final flag that is not a boolean',
    edit: (d, own) => copyOf(d, own, (m) => m.set('final', 'yes')),
    problem: /final is a string, not a boolean/,
  },
  {
    name: 'a type nested inside an annotation field',
    edit: (d, own) => record(d, own).set('annotator', new Y.Text('ann')),
    problem: /annotator is a Y\w*Text, not a string/,
  },
  {
    name: 'list content inside an annotation',
    edit: (d, own) => {
      // A Y.Array's content written under the annotation's own item: a client that typed it as an array.
      const copy = new Y.Doc()
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(d))
      copy.getMap('annotations')
      const typed = record(copy, own)
      Y.Array.prototype.insert.call(typed as unknown as Y.Array<unknown>, 0, ['x'])
      Y.applyUpdate(d, Y.encodeStateAsUpdate(copy, Y.encodeStateVector(d)))
    },
    problem: /list content into annotation/,
  },
  {
    name: 'meta.title as a Y.Map',
    edit: (d) => getMetaMap(d).set('title', new Y.Map()),
    problem: /meta.title is a Y\w*Map, not a string/,
  },
  {
    name: 'meta.schemaVersion as a string',
    edit: (d) => getMetaMap(d).set('schemaVersion', '1'),
    problem: /meta.schemaVersion is a string, not a whole number/,
  },
  { name: 'meta.id as a number', edit: (d) => getMetaMap(d).set('id', 7), problem: /meta.id is a number/ },
  {
    name: 'annotations as a Y.Array',
    edit: (d) => {
      const copy = new Y.Doc()
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(d))
      copy.getArray('annotations').insert(0, ['x'])
      Y.applyUpdate(d, Y.encodeStateAsUpdate(copy, Y.encodeStateVector(d)))
    },
    problem: /list content into the annotations map/,
  },
  {
    name: 'article as a Y.Map',
    edit: (d) => {
      const copy = new Y.Doc()
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(d))
      copy.getMap('article').set('title', 'x')
      Y.applyUpdate(d, Y.encodeStateAsUpdate(copy, Y.encodeStateVector(d)))
    },
    problem: /wrote the key title into article/,
  },
]

/**
 * Edits that write what a client may not write though readers take it when stored (SPEC WS20): a source
 * name too long, or with control characters. Refused like the malformed ones.
 */
export const UNWRITABLE_EDITS: readonly MalformedEdit[] = [
  {
    name: 'a source name of 10,000 characters',
    edit: (d, own) => record(d, own).set('source', 'x'.repeat(10_000)),
    problem: /source is 10000 characters long; it may be at most 300/,
  },
  {
    name: 'a source name with a control character',
    edit: (d, own) => record(d, own).set('source', 'Dmitry\u0007Peskov'),
    problem: /source holds a control character \(U\+0007\) at position 7/,
  },
  {
    name: 'a new annotation whose source name has a line break',
    edit: (d, own) => copyOf(d, own, (m) => m.set('source', 'Dmitry\nPeskov')),
    problem: /bad source holds a control character \(U\+000A\)/,
  },
]
