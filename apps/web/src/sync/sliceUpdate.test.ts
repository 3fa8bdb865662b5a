import { addAnnotationsAtOffsets, createArticleDoc, getAnnotationsMap, readArticle } from '@attrib/core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { sliceUpdate } from './sliceUpdate'

/** A small deterministic random number generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Peers editing one document: text typed and deleted, maps set and cleared, by several clients in turn. */
function editedDocument(seed: number): Y.Doc {
  const rand = random(seed)
  // Fixed client ids, so that a seed gives the same document every run.
  const peers = [1, 2, 3].map((id) => {
    const doc = new Y.Doc()
    doc.clientID = seed * 10 + id
    return doc
  })
  const sync = () => {
    for (const a of peers)
      for (const b of peers) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  }
  for (let round = 0; round < 40; round++) {
    for (const peer of peers) {
      const text = peer.getText('text')
      const map = peer.getMap<Y.Map<number>>('map')
      const op = rand()
      if (op < 0.4) text.insert(Math.floor(rand() * (text.length + 1)), `w${Math.floor(rand() * 100)} `)
      else if (op < 0.55 && text.length > 2) text.delete(Math.floor(rand() * (text.length - 1)), 2)
      else if (op < 0.8) {
        const key = `k${Math.floor(rand() * 12)}`
        let inner = map.get(key)
        if (!inner) {
          inner = new Y.Map<number>()
          map.set(key, inner)
        }
        inner.set(`v${Math.floor(rand() * 5)}`, round)
      } else map.delete(`k${Math.floor(rand() * 12)}`)
    }
    if (rand() < 0.5) sync()
  }
  sync()
  return peers[0]!
}

const content = (doc: Y.Doc) => ({ text: doc.getText('text').toString(), map: doc.getMap('map').toJSON() })

describe('sliceUpdate', () => {
  it('[OPEN3] slices applied in order, one transaction each, give the same document as the update (seeded edits by three clients)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const source = editedDocument(seed)
      const update = Y.encodeStateAsUpdate(source)
      const slices = sliceUpdate([update], 7)
      expect(slices.length).toBeGreaterThan(2)
      const doc = new Y.Doc()
      for (const slice of slices) Y.applyUpdate(doc, slice)
      expect(content(doc)).toEqual(content(source))
      expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(source))
      // Nothing is left pending: the document has every struct and every deletion.
      expect(doc.store.pendingStructs).toBeNull()
      expect(
        Y.equalDeleteSets(
          Y.createDeleteSetFromStructStore(doc.store),
          Y.createDeleteSetFromStructStore(source.store),
        ),
      ).toBe(true)
    }
  })

  it('[OPEN3] an article with its annotations, stored as several updates, reads back the same', () => {
    const doc = createArticleDoc({
      meta: { id: 'a', title: 'A' },
      paragraphs: Array.from(
        { length: 120 },
        (_, i) => `Paragraph ${i} says one thing. It adds another, an official said.`,
      ),
    })
    const rows = [Y.encodeStateAsUpdate(doc)]
    doc.on('update', (u: Uint8Array) => rows.push(u))
    const snapshot = readArticle(doc)
    addAnnotationsAtOffsets(
      doc,
      snapshot.sentences
        .slice(0, 150)
        .map((s) => ({ kind: 'sentence', start: s.start, end: s.end, labels: ['quote'], annotator: 'Ana' })),
    )
    // Another client's annotations and a deletion.
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    addAnnotationsAtOffsets(other, [
      { kind: 'sentence', start: 0, end: 10, labels: ['spokesperson'], annotator: 'Ben' },
    ])
    getAnnotationsMap(other).delete(readArticle(other).annotations[5]!.id)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)))
    const slices = sliceUpdate(rows, 200)
    expect(slices.length).toBeGreaterThan(3)
    const copy = new Y.Doc()
    for (const slice of slices) Y.applyUpdate(copy, slice)
    expect(readArticle(copy)).toEqual(readArticle(doc))
  })

  it('[OPEN3] a small update stays one slice', () => {
    const doc = new Y.Doc()
    doc.getText('text').insert(0, 'short')
    const update = Y.encodeStateAsUpdate(doc)
    expect(sliceUpdate([update])).toEqual([update])
  })
})
