import {
  addAnnotation,
  addAnnotationsAtOffsets,
  clearFinalDecision,
  createArticleDoc,
  deleteAnnotation,
  getAnnotationsMap,
  getMetaMap,
  Origin,
  paragraphElements,
  readAnnotations,
  readArticle,
  setAnnotationLabel,
  setFinalDecision,
  setReviewMode,
  toggleLabel,
  updateAnnotation,
} from '@attrib/core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { malformedEdit, reviewerOnlyEdit } from './editRules'
import { MALFORMED_EDITS, UNWRITABLE_EDITS } from './malformedEdits'

// The server's document before an edit: an article with one annotation of `ann`, one machine suggestion
// and one final (adjudicated) annotation of the reviewer `rita` on the first sentence.
function serverState(): { state: Uint8Array; own: string; final: string } {
  const doc = createArticleDoc({
    meta: { id: 'a1', title: 'Calls', review: 'open' },
    paragraphs: ['Peskov said there was one call. Officials declined to comment.', 'Musk confirmed it.'],
  })
  const [own] = addAnnotationsAtOffsets(
    doc,
    [{ kind: 'sentence', start: 32, end: 37, labels: ['quote'], annotator: 'ann' }],
    Origin.user,
  )
  const final = setFinalDecision(doc, 0, { labels: ['quote', 'claim'], source: 'Peskov' }, 'rita')
  const state = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return { state, own: own!, final }
}

const base = serverState()

/** A document loaded from `state` the way the server loads one: its top-level types still untyped. */
function load(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  return doc
}

/**
 * Makes `edit` in a client that is in sync with the server, applies the client's updates to the server's
 * document and returns what `rule` ({@link reviewerOnlyEdit} unless given) says about them (the first
 * refusal, or null).
 */
function verdict(
  edit: (client: Y.Doc) => void,
  server: Y.Doc = load(base.state),
  rule: (doc: Y.Doc, transaction: Y.Transaction) => string | null = reviewerOnlyEdit,
): string | null {
  const client = load(Y.encodeStateAsUpdate(server))
  const updates: Uint8Array[] = []
  client.on('update', (u: Uint8Array) => updates.push(u))
  edit(client)
  expect(updates.length).toBeGreaterThan(0)
  let reason: string | null = null
  const check = (transaction: Y.Transaction) => {
    reason ??= rule(server, transaction)
  }
  server.on('afterTransaction', check)
  for (const u of updates) Y.applyUpdate(server, u, 'client')
  server.off('afterTransaction', check)
  return reason
}

const annotation = (doc: Y.Doc, id: string) => getAnnotationsMap(doc).get(id)!
const firstText = (doc: Y.Doc) => paragraphElements(doc)[0]!.get(0) as Y.XmlText

describe('reviewerOnlyEdit', () => {
  it('[AC9] setting, changing or removing `final` is reviewer-only', () => {
    expect(verdict((c) => annotation(c, base.own).set('final', true))).toMatch(/final flag .*annotation/)
    expect(verdict((c) => annotation(c, base.own).set('final', false))).toMatch(/final flag/)
    expect(verdict((c) => annotation(c, base.final).delete('final'))).toMatch(/final flag/)
    expect(verdict((c) => annotation(c, base.final).set('final', 'yes'))).toMatch(/final flag/)
  })

  it('[AC9] creating a final annotation is reviewer-only', () => {
    expect(
      verdict((c) => {
        const [own] = readAnnotations(c).filter((a) => a.id === base.own)
        addAnnotation(c, { ...own!, id: undefined, labels: ['claim'], final: true })
      }),
    ).toMatch(/created the final annotation/)
    expect(verdict((c) => setFinalDecision(c, 1, { labels: ['quote'] }, 'ann'))).toMatch(
      /created the final annotation/,
    )
    // Replacing a sentence's decision deletes the old final annotation as well.
    expect(verdict((c) => setFinalDecision(c, 0, { labels: [] }, 'ann'))).toMatch(
      /(deleted|created) the final annotation/,
    )
  })

  it('[AC9] changing, relabelling or deleting a final annotation is reviewer-only', () => {
    expect(verdict((c) => updateAnnotation(c, base.final, { status: 'rejected' }))).toMatch(
      /changed the final annotation/,
    )
    expect(verdict((c) => updateAnnotation(c, base.final, { source: 'Musk' }))).toMatch(
      /changed the final annotation/,
    )
    expect(verdict((c) => setAnnotationLabel(c, base.final, 'denial', true))).toMatch(
      /changed the labels of the final annotation/,
    )
    expect(verdict((c) => setAnnotationLabel(c, base.final, 'claim', false))).toMatch(/labels of the final/)
    expect(verdict((c) => annotation(c, base.final).set('labels', new Y.Map()))).toMatch(
      /changed the final annotation/,
    )
    expect(verdict((c) => deleteAnnotation(c, base.final))).toBe(`deleted the final annotation ${base.final}`)
    expect(verdict((c) => clearFinalDecision(c, 0))).toBe(`deleted the final annotation ${base.final}`)
    // Taking the label off the sentence takes it off the final annotation too.
    expect(
      verdict((c) => {
        const a = readAnnotations(c).find((x) => x.id === base.final)!
        toggleLabel(c, { attached: [base.final, base.own], start: a.start, end: a.end }, 'quote', 'ann')
      }),
    ).toMatch(/final annotation/)
  })

  it('[AC9] replacing a final annotation under the same id is reviewer-only', () => {
    expect(
      verdict((c) => {
        const [own] = readAnnotations(c).filter((a) => a.id === base.own)
        addAnnotation(c, { ...own!, id: base.final, labels: ['claim'] })
      }),
    ).toBe(`replaced the final annotation ${base.final}`)
  })

  it('[AC9] the review mode and the schema version are reviewer-only settings', () => {
    expect(verdict((c) => setReviewMode(c, 'independent'))).toBe('changed the setting meta.review')
    expect(verdict((c) => getMetaMap(c).delete('review'))).toBe('changed the setting meta.review')
    expect(verdict((c) => getMetaMap(c).set('schemaVersion', 99))).toBe(
      'changed the setting meta.schemaVersion',
    )
  })

  it('[AC9] a forbidden change hidden among allowed ones is found', () => {
    expect(
      verdict((c) =>
        c.transact(() => {
          firstText(c).insert(0, 'Breaking: ')
          setAnnotationLabel(c, base.own, 'claim', true)
          annotation(c, base.own).set('final', true)
        }),
      ),
    ).toMatch(/final flag/)
  })

  it('[AC9] ordinary annotator edits pass', () => {
    const [own] = readAnnotations(load(base.state)).filter((a) => a.id === base.own)
    expect(verdict((c) => firstText(c).insert(0, 'Breaking: '))).toBeNull()
    expect(verdict((c) => firstText(c).delete(0, 6))).toBeNull()
    expect(verdict((c) => addAnnotation(c, { ...own!, id: undefined, labels: ['claim'] }))).toBeNull()
    expect(verdict((c) => setAnnotationLabel(c, base.own, 'claim', true))).toBeNull()
    expect(verdict((c) => setAnnotationLabel(c, base.own, 'quote', false))).toBeNull() // deletes it
    expect(verdict((c) => updateAnnotation(c, base.own, { status: 'rejected', source: 'Musk' }))).toBeNull()
    expect(verdict((c) => deleteAnnotation(c, base.own))).toBeNull()
    expect(
      verdict((c) =>
        toggleLabel(c, { attached: [base.own], start: own!.start, end: own!.end }, 'denial', 'ann'),
      ),
    ).toBeNull()
    // Descriptive metadata is not a setting.
    expect(verdict((c) => getMetaMap(c).set('title', 'Calls, corrected'))).toBeNull()
    // An annotation added and removed again, and one whose fields change, in one transaction.
    expect(
      verdict((c) =>
        c.transact(() => {
          const id = addAnnotation(c, { ...own!, id: undefined, labels: ['claim'] })
          deleteAnnotation(c, id)
          updateAnnotation(c, base.own, { source: 'Peskov' })
        }),
      ),
    ).toBeNull()
  })

  it('[AC9] works whether or not the server has typed its top-level maps', () => {
    const typed = load(base.state)
    getAnnotationsMap(typed)
    getMetaMap(typed)
    expect(verdict((c) => annotation(c, base.own).set('final', true), typed)).toMatch(/final flag/)
    expect(verdict((c) => deleteAnnotation(c, base.final), load(base.state))).toMatch(/deleted/)
    const typedAgain = load(base.state)
    getAnnotationsMap(typedAgain)
    expect(verdict((c) => deleteAnnotation(c, base.final), typedAgain)).toMatch(/deleted/)
    expect(verdict((c) => setReviewMode(c, 'independent'), typedAgain)).toMatch(/meta.review/)
  })

  it('[AC9] an annotation made final in an earlier update stays protected', () => {
    const server = load(base.state)
    // A reviewer's update (not refused by the server) makes a new final annotation; an annotator deletes it.
    expect(verdict((c) => setFinalDecision(c, 1, { labels: ['quote'] }, 'rita'), server)).toMatch(/created/)
    const later = readArticle(server).annotations.find((a) => a.final && a.id !== base.final)!
    expect(verdict((c) => updateAnnotation(c, later.id, { source: 'Musk' }), server)).toMatch(/changed/)
    expect(verdict((c) => deleteAnnotation(c, later.id), server)).toBe(
      `deleted the final annotation ${later.id}`,
    )
  })
})

/** What {@link malformedEdit} says about `edit`. */
const shape = (edit: (client: Y.Doc) => void, server: Y.Doc = load(base.state)) =>
  verdict(edit, server, malformedEdit)

describe('malformedEdit', () => {
  it('[WS17] every kind of malformed record or type is refused, named', () => {
    for (const { name, edit, problem } of MALFORMED_EDITS) {
      expect(
        shape((c) => edit(c, base.own)),
        name,
      ).toMatch(problem)
      // The same whether or not the server has typed its top-level types (a live room read by the API has).
      const typed = load(base.state)
      getAnnotationsMap(typed)
      getMetaMap(typed)
      typed.getXmlFragment('article')
      expect(
        shape((c) => edit(c, base.own), typed),
        `${name} (typed)`,
      ).toMatch(problem)
    }
  })

  it('[WS20] a source name longer than 300 characters or holding a control character is refused, named', () => {
    for (const { name, edit, problem } of UNWRITABLE_EDITS)
      expect(
        shape((c) => edit(c, base.own)),
        name,
      ).toMatch(problem)
    // Up to the limit, and markup, are fine: markup stays text.
    expect(shape((c) => updateAnnotation(c, base.own, { source: 'x'.repeat(300) }))).toBeNull()
    expect(shape((c) => updateAnnotation(c, base.own, { source: '<b>Peskov</b> & "friends"' }))).toBeNull()
  })

  it('[WS17] a malformed change hidden among good ones is found', () => {
    expect(
      shape((c) =>
        c.transact(() => {
          firstText(c).insert(0, 'Breaking: ')
          setAnnotationLabel(c, base.own, 'claim', true)
          annotation(c, base.own).set('status', 'maybe')
        }),
      ),
    ).toMatch(/status is not one of/)
  })

  it("[WS17] every edit the app makes passes, a reviewer's too", () => {
    const [own] = readAnnotations(load(base.state)).filter((a) => a.id === base.own)
    expect(shape((c) => firstText(c).insert(0, 'Breaking: '))).toBeNull()
    expect(shape((c) => firstText(c).delete(0, 6))).toBeNull()
    expect(shape((c) => addAnnotation(c, { ...own!, id: undefined, labels: ['claim'] }))).toBeNull()
    expect(shape((c) => setAnnotationLabel(c, base.own, 'claim', true))).toBeNull()
    expect(shape((c) => setAnnotationLabel(c, base.own, 'quote', false))).toBeNull()
    expect(shape((c) => updateAnnotation(c, base.own, { status: 'rejected', source: 'Musk' }))).toBeNull()
    expect(shape((c) => deleteAnnotation(c, base.own))).toBeNull()
    expect(
      shape((c) =>
        toggleLabel(c, { attached: [base.own], start: own!.start, end: own!.end }, 'denial', 'ann'),
      ),
    ).toBeNull()
    expect(shape((c) => setFinalDecision(c, 1, { labels: ['quote'] }, 'rita'))).toBeNull()
    expect(shape((c) => setFinalDecision(c, 0, { labels: [] }, 'rita'))).toBeNull()
    expect(shape((c) => clearFinalDecision(c, 0))).toBeNull()
    expect(shape((c) => setReviewMode(c, 'independent'))).toBeNull()
    expect(shape((c) => getMetaMap(c).set('title', 'Calls, corrected'))).toBeNull()
    expect(shape((c) => getMetaMap(c).delete('review'))).toBeNull()
    // Keys the readers do not know are kept for newer versions.
    expect(shape((c) => annotation(c, base.own).set('comment', 'check the date'))).toBeNull()
    expect(shape((c) => getMetaMap(c).set('language', 'en'))).toBeNull()
  })

  it('[WS17] undo and redo of the editor (deleting and restoring annotations) pass', () => {
    const [own] = readAnnotations(load(base.state)).filter((a) => a.id === base.own)
    const undoable = (steps: (c: Y.Doc, undo: Y.UndoManager) => void) =>
      shape((c) => {
        const undo = new Y.UndoManager([c.getXmlFragment('article'), getAnnotationsMap(c)], {
          trackedOrigins: new Set([Origin.user]),
          captureTimeout: 0,
        })
        steps(c, undo)
      })
    expect(
      undoable((c, undo) => {
        deleteAnnotation(c, base.own)
        undo.undo()
      }),
    ).toBeNull()
    expect(
      undoable((c, undo) => {
        setAnnotationLabel(c, base.own, 'quote', false) // the last label: deletes the annotation
        undo.undo()
        undo.redo()
        undo.undo()
      }),
    ).toBeNull()
    expect(
      undoable((c, undo) => {
        addAnnotation(c, { ...own!, id: undefined, labels: ['claim'] })
        undo.undo()
        undo.redo()
      }),
    ).toBeNull()
  })

  it('[WS17] a record malformed before the check stays editable in its good fields and deletable', () => {
    // An old server stored a record without `end` and a title that is a Y.Text.
    const old = load(base.state)
    const legacy = new Y.Map<unknown>()
    old.transact(() => {
      getAnnotationsMap(old).set('legacy', legacy)
      legacy.set('start', annotation(old, base.own).get('start'))
      legacy.set('labels', new Y.Map())
      getMetaMap(old).set('title', new Y.Text('Calls'))
    })
    const server = () => load(Y.encodeStateAsUpdate(old))
    expect(shape((c) => annotation(c, 'legacy').set('status', 'rejected'), server())).toBeNull()
    expect(shape((c) => deleteAnnotation(c, 'legacy'), server())).toBeNull()
    expect(shape((c) => getMetaMap(c).set('title', 'Calls'), server())).toBeNull()
    // Only whole: what goes on inside a malformed value is refused.
    expect(shape((c) => (getMetaMap(c).get('title') as Y.Text).insert(0, 'Two '), server())).toBe(
      'changed content inside meta.title',
    )
    expect(shape((c) => annotation(c, 'legacy').set('kind', 'word'), server())).toMatch(/kind is not one of/)
  })

  it('[WS17] reads only the changed records: a malformed record elsewhere does not refuse an edit', () => {
    const big = load(base.state)
    const [own] = readAnnotations(big).filter((a) => a.id === base.own)
    big.transact(() => {
      for (let i = 0; i < 1000; i++) addAnnotation(big, { ...own!, id: `n${i}`, labels: ['claim'] })
    })
    // A check that read every record would find this one (written without the check) on any edit.
    getAnnotationsMap(big).set('legacy' as string, 'x' as unknown as Y.Map<unknown>)
    expect(shape((c) => setAnnotationLabel(c, 'n5', 'quote', true), big)).toBeNull()
  })
})
