import {
  type AnnotationChange,
  addAnnotationsAtOffsets,
  changeKinds,
  createArticleDoc,
  deleteAnnotation,
  describeChange,
  getAnnotationsMap,
  Origin,
  paragraphElements,
  restoreAnnotation,
  setAnnotationLabel,
  setFinalDecision,
  updateAnnotation,
} from '@attrib/core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Authors, annotationChanges } from './audit'

// The server's document: one annotation of `ann` on the first sentence.
function serverState(): { state: Uint8Array; own: string } {
  const doc = createArticleDoc({
    meta: { id: 'a1', title: 'Calls' },
    paragraphs: ['Peskov said there was one call. Officials declined to comment.', 'Musk confirmed it.'],
  })
  const [own] = addAnnotationsAtOffsets(
    doc,
    [{ kind: 'sentence', start: 0, end: 31, labels: ['anonymous'], annotator: 'ann' }],
    Origin.user,
  )
  return { state: Y.encodeStateAsUpdate(doc), own: own! }
}

const base = serverState()

function load(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  return doc
}

/** Makes `edit` in a client in sync with the server and returns what the server records of its update. */
function changesOf(edit: (client: Y.Doc) => void, server: Y.Doc = load(base.state)): AnnotationChange[] {
  const client = load(Y.encodeStateAsUpdate(server))
  const updates: Uint8Array[] = []
  client.on('update', (u: Uint8Array) => updates.push(u))
  edit(client)
  const out: AnnotationChange[] = []
  const record = (transaction: Y.Transaction) => out.push(...annotationChanges(server, transaction))
  server.on('afterTransaction', record)
  server.transact(() => {
    for (const u of updates) Y.applyUpdate(server, u, 'client')
  }, 'client')
  server.off('afterTransaction', record)
  return out
}

describe('annotationChanges', () => {
  it('[AU1] records an added annotation with its state after, and none before', () => {
    const changes = changesOf((c) =>
      addAnnotationsAtOffsets(
        c,
        [{ id: 'n1', kind: 'sentence', start: 32, end: 62, labels: ['official'], annotator: 'ben' }],
        Origin.user,
      ),
    )
    expect(changes).toHaveLength(1)
    expect(changes[0]).toMatchObject({
      annotation: 'n1',
      before: null,
      after: { labels: ['official'], annotator: 'ben', status: 'accepted', final: false, kind: 'sentence' },
    })
    expect(changeKinds(changes[0]!)).toEqual(['added'])
    expect(describeChange(changes[0]!)).toBe('+ official')
  })

  it('[AU1] records a label change, a source change and a status change with before and after', () => {
    const [labels] = changesOf((c) => {
      c.transact(() => {
        setAnnotationLabel(c, base.own, 'spokesperson', true)
        setAnnotationLabel(c, base.own, 'anonymous', false)
      })
    })
    expect(labels!.before!.labels).toEqual(['anonymous'])
    expect(labels!.after!.labels).toEqual(['spokesperson'])
    expect(describeChange(labels!)).toBe('anonymous → spokesperson')
    const [source] = changesOf((c) => updateAnnotation(c, base.own, { source: 'Dmitry Peskov' }))
    expect(changeKinds(source!)).toEqual(['source'])
    expect(describeChange(source!)).toBe('source (none) → “Dmitry Peskov”')
    const [status] = changesOf((c) => updateAnnotation(c, base.own, { status: 'rejected' }))
    expect(describeChange(status!)).toBe('accepted → rejected')
  })

  it('[AU1] records a removed annotation with what it held, and a reviewer decision as adjudicated', () => {
    const [removed] = changesOf((c) => deleteAnnotation(c, base.own))
    expect(removed).toMatchObject({ annotation: base.own, before: { labels: ['anonymous'] }, after: null })
    expect(changeKinds(removed!)).toEqual(['removed'])
    const decided = changesOf((c) => setFinalDecision(c, 0, { labels: ['named'], source: 'Peskov' }, 'rita'))
    expect(decided.some((c) => c.after?.final === true && changeKinds(c).includes('added'))).toBe(true)
  })

  it('[AU1] leaves out changes the trail does not follow and edits of the text', () => {
    expect(changesOf((c) => updateAnnotation(c, base.own, { reason: 'because' }))).toEqual([])
    expect(
      changesOf((c) => {
        ;(paragraphElements(c)[0]!.get(0) as Y.XmlText).insert(0, 'Moscow: ')
      }),
    ).toEqual([])
  })

  it('[AU1] a restore is a new change that brings the earlier state back', () => {
    const server = load(base.state)
    const [removed] = changesOf((c) => deleteAnnotation(c, base.own), server)
    const restored = changesOf((c) => restoreAnnotation(c, base.own, removed!.before), server)
    expect(restored).toEqual([{ annotation: base.own, before: null, after: removed!.before }])
    expect(getAnnotationsMap(server).get(base.own)?.get('annotator')).toBe('ann')
    const [relabelled] = changesOf((c) => setAnnotationLabel(c, base.own, 'quote', true), server)
    const back = changesOf((c) => restoreAnnotation(c, base.own, relabelled!.before), server)
    expect(back[0]!.after).toEqual(removed!.before)
  })
})

describe('Authors', () => {
  it('[AU3] several users’ updates applied in one transaction: each change is credited to its user', () => {
    const server = load(base.state)
    const ana = load(base.state)
    const ben = load(base.state)
    const frames: { user: string; update: Uint8Array }[] = []
    ana.on('update', (u: Uint8Array) => frames.push({ user: 'ana', update: u }))
    ben.on('update', (u: Uint8Array) => frames.push({ user: 'ben', update: u }))
    addAnnotationsAtOffsets(
      ana,
      [{ id: 'from-ana', kind: 'sentence', start: 32, end: 62, labels: ['official'], annotator: 'ana' }],
      Origin.user,
    )
    setAnnotationLabel(ben, base.own, 'quote', true)
    deleteAnnotation(ben, base.own)
    const authors = new Authors(server)
    const changes: AnnotationChange[] = []
    const record = (tr: Y.Transaction) => changes.push(...annotationChanges(server, tr))
    server.on('afterTransaction', record)
    server.transact(() => {
      for (const { user, update } of frames) {
        Y.applyUpdate(server, update, 'batch')
        authors.credit(user)
      }
    }, 'batch')
    server.off('afterTransaction', record)
    const credited = new Map(changes.map((c) => [c.annotation, authors.of(c.annotation)]))
    expect(credited).toEqual(
      new Map([
        ['from-ana', 'ana'],
        [base.own, 'ben'],
      ]),
    )
  })
})
