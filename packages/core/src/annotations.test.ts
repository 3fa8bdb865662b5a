import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import {
  acceptSuggestions,
  addAnnotation,
  getAnnotationsMap,
  readAnnotations,
  SUGGESTER,
  setAnnotationLabel,
  toggleLabel,
} from './annotations'
import { canEdit, createArticleDoc, Origin, SCHEMA_VERSION } from './articleDoc'
import { PeerNetwork } from './PeerNetwork'
import { addAnnotationsAtOffsets, readArticle, segmentArticle, sentenceLabels, taggedShare } from './snapshot'
import { buildTextIndex, offsetToRelative } from './textIndex'

const ARTICLE = {
  meta: { id: 'a1', title: 'Test', date: '2024-10-25' },
  paragraphs: [
    'Peskov said there was one call. Officials declined to comment.',
    'Musk confirmed it in 2022.',
  ],
}

function seeded(peers: number): PeerNetwork {
  return new PeerNetwork(peers, createArticleDoc(ARTICLE))
}

/** Toggle target for sentence `i`, computed on `doc` the way the editor does. */
function target(doc: Y.Doc, i: number) {
  const snap = readArticle(doc)
  const s = snap.sentences[i]!
  const index = buildTextIndex(doc)
  return {
    attached: snap.annotations.filter((a) => a.sentence === i).map((a) => a.id),
    start: offsetToRelative(index, s.start, 0),
    end: offsetToRelative(index, s.end, -1),
  }
}

describe('article document', () => {
  it('holds paragraphs in sections and metadata with the schema version', () => {
    const doc = createArticleDoc(ARTICLE)
    const snap = readArticle(doc)
    expect(snap.text).toBe(`${ARTICLE.paragraphs[0]}\n\n${ARTICLE.paragraphs[1]}`)
    expect(snap.meta).toMatchObject({ id: 'a1', title: 'Test', date: '2024-10-25' })
    expect(snap.schemaVersion).toBe(SCHEMA_VERSION)
    expect(snap.sentences.map((s) => snap.text.slice(s.start, s.end))).toEqual([
      'Peskov said there was one call.',
      'Officials declined to comment.',
      'Musk confirmed it in 2022.',
    ])
  })

  it('refuses to fill a document twice', () => {
    const doc = createArticleDoc(ARTICLE)
    expect(() => createArticleDoc(ARTICLE, doc)).toThrow(RangeError)
  })

  it('lets only clients on the same or a newer schema edit', () => {
    const doc = createArticleDoc(ARTICLE)
    expect(canEdit(doc, SCHEMA_VERSION)).toBe(true)
    expect(canEdit(doc, SCHEMA_VERSION - 1)).toBe(false)
  })
})

describe('annotations', () => {
  it('toggling a label on and off adds and then deletes the annotation', () => {
    const doc = createArticleDoc(ARTICLE)
    expect(toggleLabel(doc, target(doc, 0), 'spokesperson', 'ann')).toBe(true)
    expect(sentenceLabels(readArticle(doc))[0]!.accepted).toEqual(['spokesperson'])
    expect(toggleLabel(doc, target(doc, 0), 'quote', 'ann')).toBe(true)
    expect(readAnnotations(doc)).toHaveLength(1)
    expect(readAnnotations(doc)[0]!.labels).toEqual(['quote', 'spokesperson'])
    toggleLabel(doc, target(doc, 0), 'quote', 'ann')
    toggleLabel(doc, target(doc, 0), 'spokesperson', 'ann')
    expect(readAnnotations(doc)).toHaveLength(0)
  })

  it('the key of the label a suggestion proposes accepts the suggestion, as the accept key does', () => {
    const doc = createArticleDoc(ARTICLE)
    const t = target(doc, 0)
    const id = addAnnotation(doc, {
      kind: 'sentence',
      start: t.start,
      end: t.end,
      labels: ['spokesperson', 'quote'],
      annotator: SUGGESTER,
      status: 'suggested',
      reason: 'reporting verb',
    })
    expect(toggleLabel(doc, target(doc, 0), 'spokesperson', 'ann')).toBe(true)
    expect(readAnnotations(doc)).toEqual([
      expect.objectContaining({
        id,
        status: 'accepted',
        annotator: 'ann',
        labels: ['quote', 'spokesperson'],
      }),
    ])
    expect(sentenceLabels(readArticle(doc))[0]!.accepted).toEqual(['quote', 'spokesperson'])
    // Once accepted, the same key takes the label off again.
    expect(toggleLabel(doc, target(doc, 0), 'spokesperson', 'ann')).toBe(false)
    expect(readAnnotations(doc)[0]!.labels).toEqual(['quote'])
  })

  it('another label on a suggested sentence leaves the suggestion as it is', () => {
    const doc = createArticleDoc(ARTICLE)
    const t = target(doc, 0)
    addAnnotation(doc, {
      ...t,
      kind: 'sentence',
      labels: ['spokesperson'],
      annotator: SUGGESTER,
      status: 'suggested',
    })
    expect(toggleLabel(doc, target(doc, 0), 'quote', 'ann')).toBe(true)
    const byStatus = readAnnotations(doc).map((a) => [a.status, a.annotator, a.labels.join()])
    expect(byStatus.sort()).toEqual([
      ['accepted', 'ann', 'quote'],
      ['suggested', SUGGESTER, 'spokesperson'],
    ])
  })

  it('acceptSuggestions keeps a human suggester as the annotator and skips unknown ids', () => {
    const doc = createArticleDoc(ARTICLE)
    const t = target(doc, 1)
    const id = addAnnotation(doc, {
      ...t,
      kind: 'sentence',
      labels: ['quote'],
      annotator: 'model-x',
      status: 'suggested',
    })
    expect(acceptSuggestions(doc, [id, 'missing'], 'ann')).toBe(1)
    expect(readAnnotations(doc)[0]).toEqual(
      expect.objectContaining({ status: 'accepted', annotator: 'model-x' }),
    )
  })

  it('two people tagging the same sentence at once with different labels keep both', () => {
    const net = seeded(2)
    const [a, b] = net.docs as [Y.Doc, Y.Doc]
    toggleLabel(a, target(a, 1), 'anonymous_official', 'alice')
    toggleLabel(b, target(b, 1), 'named_source', 'bob')
    net.flush()
    expect(net.converged()).toBe(true)
    for (const doc of net.docs) {
      expect(sentenceLabels(readArticle(doc))[1]!.accepted).toEqual(['anonymous_official', 'named_source'])
    }
    const annotators = readArticle(a)
      .annotations.map((x) => x.annotator)
      .sort()
    expect(annotators).toEqual(['alice', 'bob'])
  })

  it('concurrent label changes on one annotation merge label by label', () => {
    const net = seeded(2)
    const [a, b] = net.docs as [Y.Doc, Y.Doc]
    toggleLabel(a, target(a, 0), 'spokesperson', 'alice')
    net.flush()
    const id = readAnnotations(b)[0]!.id
    setAnnotationLabel(a, id, 'quote', true)
    setAnnotationLabel(b, id, 'named_source', true)
    net.flush()
    expect(readAnnotations(a)[0]!.labels).toEqual(['named_source', 'quote', 'spokesperson'])
    expect(readAnnotations(b)[0]!.labels).toEqual(['named_source', 'quote', 'spokesperson'])
  })

  it('annotations stay on their sentence while someone else edits the text', () => {
    const net = seeded(2)
    const [a, b] = net.docs as [Y.Doc, Y.Doc]
    toggleLabel(a, target(a, 1), 'anonymous_official', 'alice')
    toggleLabel(a, target(a, 2), 'named_source', 'alice')
    net.flush()
    // Bob inserts text at the start of the first paragraph and deletes a word inside sentence 0.
    const index = buildTextIndex(b)
    const yText = index.paragraphs[0]!.text!
    b.transact(() => {
      yText.delete(7, 5) // "Peskov said" -> "Peskov"
      yText.insert(0, 'Kremlin spokesman ')
    }, Origin.user)
    net.flush()
    for (const doc of net.docs) {
      const snap = readArticle(doc)
      const byLabel = Object.fromEntries(
        snap.annotations.map((x) => [x.labels[0], snap.text.slice(x.start, x.end)] as const),
      )
      expect(byLabel.anonymous_official).toBe('Officials declined to comment.')
      expect(byLabel.named_source).toBe('Musk confirmed it in 2022.')
    }
  })

  it('annotations may overlap, and spans keep their exact characters', () => {
    const doc = createArticleDoc(ARTICLE)
    addAnnotationsAtOffsets(doc, [
      { kind: 'sentence', start: 0, end: 31, labels: ['spokesperson'], annotator: 'x' },
      { kind: 'span', start: 0, end: 6, labels: ['named_source'], annotator: 'x', source: 'Dmitry Peskov' },
      { kind: 'span', start: 7, end: 11, labels: ['quote'], annotator: 'y' },
    ])
    const snap = readArticle(doc)
    expect(snap.annotations.map((a) => [snap.text.slice(a.start, a.end), a.labels[0], a.source])).toEqual([
      ['Peskov', 'named_source', 'Dmitry Peskov'],
      ['Peskov said there was one call.', 'spokesperson', ''],
      ['said', 'quote', ''],
    ])
  })

  it('counts offsets in code points on text with emoji', () => {
    const doc = createArticleDoc({
      meta: { id: 'e', title: 'E' },
      paragraphs: ['🚀 Launch went fine. 🛰️ Orbit next.'],
    })
    addAnnotationsAtOffsets(doc, [{ kind: 'span', start: 2, end: 8, labels: ['quote'], annotator: 'x' }])
    const snap = readArticle(doc)
    expect([...snap.text].slice(2, 8).join('')).toBe('Launch')
    expect(snap.annotations[0]).toMatchObject({ start: 2, end: 8 })
    expect(snap.sentences[1]).toMatchObject({ start: 20 }) // 🛰️ is two code points (U+1F6F0 U+FE0F)
  })

  it('rejects offsets outside the text and adds nothing', () => {
    const doc = createArticleDoc(ARTICLE)
    expect(() =>
      addAnnotationsAtOffsets(doc, [
        { kind: 'span', start: 0, end: 3, labels: ['quote'], annotator: 'x' },
        { kind: 'span', start: 5, end: 5000, labels: ['quote'], annotator: 'x' },
      ]),
    ).toThrow(/annotation 1: .*5000/)
    expect(getAnnotationsMap(doc).size).toBe(0)
  })

  it('seeded random concurrent edits and tags converge across three peers', () => {
    let seed = 42
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const net = seeded(3)
    for (let round = 0; round < 30; round++) {
      for (const doc of net.docs) {
        const op = rand(3)
        const snap = readArticle(doc)
        if (op === 0) {
          const i = rand(snap.sentences.length)
          toggleLabel(
            doc,
            target(doc, i),
            ['quote', 'spokesperson', 'named_source'][rand(3)]!,
            `u${doc.clientID}`,
          )
        } else if (op === 1) {
          const p = buildTextIndex(doc).paragraphs[rand(2)]!
          p.text!.insert(rand(p.end - p.start), 'word ')
        } else {
          const p = buildTextIndex(doc).paragraphs[rand(2)]!
          if (p.end - p.start > 10) p.text!.delete(rand(p.end - p.start - 3), 2)
        }
      }
      if (rand(3) === 0) net.flush()
    }
    net.flush()
    expect(net.converged()).toBe(true)
    const snaps = net.docs.map((d) => JSON.stringify(readArticle(d)))
    expect(new Set(snaps).size).toBe(1)
  })

  it('keeps both annotations when the same id is never reused', () => {
    const doc = createArticleDoc(ARTICLE)
    const index = buildTextIndex(doc)
    const r = { start: offsetToRelative(index, 0, 0), end: offsetToRelative(index, 5, -1) }
    const ids = new Set([
      addAnnotation(doc, { kind: 'span', ...r, labels: ['quote'], annotator: 'a' }),
      addAnnotation(doc, { kind: 'span', ...r, labels: ['quote'], annotator: 'a' }),
    ])
    expect(ids.size).toBe(2)
  })
})

describe('tagged share', () => {
  it('counts sentences with an accepted label only', () => {
    const doc = createArticleDoc(ARTICLE)
    toggleLabel(doc, target(doc, 0), 'quote', 'a')
    addAnnotationsAtOffsets(doc, [
      { kind: 'sentence', start: 32, end: 62, labels: ['quote'], annotator: 'bot', status: 'suggested' },
    ])
    expect(taggedShare(readArticle(doc))).toEqual({ sentences: 3, tagged: 1, share: 1 / 3 })
  })
})

describe('segmentArticle', () => {
  it('gives code-point offsets into the paragraphs joined by a blank line', () => {
    const { text, sentences } = segmentArticle(['🚀 One. Two.', 'Three.'])
    expect(text).toBe('🚀 One. Two.\n\nThree.')
    expect(sentences).toEqual([
      { start: 0, end: 6 },
      { start: 7, end: 11 },
      { start: 13, end: 19 },
    ])
    const chars = [...text]
    expect(chars.slice(13, 19).join('')).toBe('Three.')
  })
})
