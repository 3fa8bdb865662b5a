import { ARTICLE_LIMITS } from '@attrib/core'
import { Slice } from 'prosemirror-model'
import { EditorState, TextSelection } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import { ySyncPluginKey } from 'y-prosemirror'
import { editLimitsPlugin, editProblem, pasteProblem } from './editLimits'
import { articleSchema as s } from './schema'
import { sectionDoc as doc } from './testDocs'

/** A paste of paragraphs, open at both ends (what ProseMirror makes of plain text). */
const paragraphs = (...texts: string[]) => new Slice(doc(...texts).content, 2, 2)
const line = (text: string) => paragraphs(text)

function at(d: ReturnType<typeof doc>, pos: number) {
  const state = EditorState.create({ schema: s, doc: d })
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos)))
}

const sentence = (i: number) =>
  `Officials said the ${i}th report was late again this week, the ministry added. `

describe('pastes in edit mode', () => {
  it('[UI16] a paste that fits is taken; one that makes a paragraph or the article too long is refused, saying why', () => {
    const state = at(doc('A first paragraph.', 'Second.'), 3)
    expect(pasteProblem(state, line('A few more words.'))).toBeNull()
    expect(pasteProblem(state, paragraphs('One.', 'Two.'))).toBeNull()
    const long = 'x'.repeat(ARTICLE_LIMITS.paragraphCharacters - 5)
    expect(pasteProblem(state, line(long))).toMatch(
      /^The paragraph would be 10,01\d characters long, more than the 10,000 a paragraph may have; it was not pasted\./,
    )
    expect(
      pasteProblem(state, paragraphs('Short.', 'y'.repeat(ARTICLE_LIMITS.paragraphCharacters + 1))),
    ).toMatch(/more than the 10,000/)
    const big = Array.from({ length: 250 }, () => 'z'.repeat(8000))
    expect(pasteProblem(state, paragraphs(...big))).toMatch(
      /^The pasted text \([\d,]+ characters\) would make the article longer than 2,000,000 characters/,
    )
  })

  it('[UI16] pasted plain text is cut as an import cuts it: a very long line becomes paragraphs of whole sentences', () => {
    const refused: string[] = []
    const plugin = editLimitsPlugin(
      (m) => refused.push(m),
      () => true,
    )
    const text = Array.from({ length: 300 }, (_, i) => sentence(i))
      .join('')
      .trim()
    const cut = plugin.props.transformPastedText!.call(
      plugin,
      `Short line.\n${text}`,
      true,
      undefined as never,
    )
    const lines = cut.split('\n')
    expect(lines[0]).toBe('Short line.')
    expect(lines.length).toBeGreaterThan(3)
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(ARTICLE_LIMITS.paragraphCharacters)
    expect(lines.slice(1).join(' ')).toBe(text)
  })

  it('[UI16] typing that makes a paragraph too long is refused, saying why; splitting a long one, deleting and others’ changes are not', () => {
    const full = 'w'.repeat(ARTICLE_LIMITS.paragraphCharacters)
    const refused: string[] = []
    const editing = { on: true }
    const plugin = editLimitsPlugin(
      (m) => refused.push(m),
      () => editing.on,
    )
    const create = (...texts: string[]) =>
      EditorState.create({ schema: s, doc: doc(...texts), plugins: [plugin] })
    // The second paragraph starts at 2 + 'Short.'.length + 2 = 10: its text from 11.
    const state = create('Short.', full)
    const typed = state.tr.insertText('x', 20)
    expect(editProblem(state, typed)).toMatch(/^A paragraph may have 10,000 characters at most; press Enter/)
    expect(state.applyTransaction(typed).state).toBe(state)
    expect(refused).toHaveLength(1)
    // Typing in a short paragraph, deleting in the full one, and splitting it go through.
    expect(editProblem(state, state.tr.insertText('More. ', 3))).toBeNull()
    expect(state.applyTransaction(state.tr.delete(20, 30)).state.doc.child(0).child(1).content.size).toBe(
      ARTICLE_LIMITS.paragraphCharacters - 10,
    )
    const over = create('z'.repeat(ARTICLE_LIMITS.paragraphCharacters + 5000))
    const split = over.applyTransaction(over.tr.split(3000))
    expect(split.state.doc.child(0).childCount).toBe(2)
    // Changes from Yjs (a collaborator, undo) and outside edit mode are not checked here.
    expect(state.applyTransaction(state.tr.insertText('x', 20).setMeta(ySyncPluginKey, {})).state).not.toBe(
      state,
    )
    editing.on = false
    expect(state.applyTransaction(state.tr.insertText('x', 20)).state).not.toBe(state)
    expect(refused).toHaveLength(1)
  })
})
