import { ARTICLE_LIMITS, cutParagraph } from '@attrib/core'
import type { Slice } from 'prosemirror-model'
import { type EditorState, Plugin, type Transaction } from 'prosemirror-state'
import { ySyncPluginKey } from 'y-prosemirror'

// What an edit in edit mode may add (apps/web SPEC UI16): the import's limits (core LIM2–LIM4) hold for
// text typed or pasted too, so an article edited stays as fluid as one imported.

const count = (n: number) => n.toLocaleString('en')

/**
 * Why pasting `slice` over the selection of `state` would take the article over the limits, in words for
 * the person pasting; null when it fits. Checks the article's size, each pasted paragraph and the
 * paragraph pasted into.
 */
export function pasteProblem(state: EditorState, slice: Slice): string | null {
  const { from, to } = state.selection
  const pasted = slice.content.size
  const after = state.doc.content.size - (to - from) + pasted
  if (after > ARTICLE_LIMITS.articleCharacters)
    return `The pasted text (${count(pasted)} characters) would make the article longer than ${count(ARTICLE_LIMITS.articleCharacters)} characters; it was not pasted.`
  // The pasted paragraphs' sizes (inline content at the top counts as one).
  const blocks: number[] = []
  let inline = 0
  slice.content.forEach((node) => {
    if (node.isInline) inline += node.nodeSize
  })
  if (inline > 0) blocks.push(inline)
  slice.content.descendants((node) => {
    if (node.isTextblock) blocks.push(node.content.size)
    return !node.isTextblock
  })
  const longest = Math.max(0, ...blocks)
  // One paragraph's worth pasted into a paragraph joins it.
  const $from = state.selection.$from
  const joins = $from.parent.isTextblock && blocks.length === 1 && (inline > 0 || slice.openStart > 0)
  const total = joins ? $from.parent.content.size - (to - from) + longest : longest
  if (total > ARTICLE_LIMITS.paragraphCharacters)
    return `The paragraph would be ${count(total)} characters long, more than the ${count(ARTICLE_LIMITS.paragraphCharacters)} a paragraph may have; it was not pasted. Paste it as several paragraphs.`
  return null
}

/**
 * Why `tr` (a change typed, dropped or pasted in edit mode) would take the article over the limits, in
 * words for the person editing; null when it fits. Checks the article's size and the paragraphs it changed
 * (found by comparing the documents, which share every node the change did not touch).
 */
export function editProblem(state: EditorState, tr: Transaction): string | null {
  const before = state.doc
  const after = tr.doc
  if (after.content.size > before.content.size && after.content.size > ARTICLE_LIMITS.articleCharacters)
    return `The article would be longer than ${count(ARTICLE_LIMITS.articleCharacters)} characters; nothing more can be added to it.`
  const start = before.content.findDiffStart(after.content)
  if (start === null) return null
  const end = before.content.findDiffEnd(after.content)
  const to = Math.max(start, end?.b ?? after.content.size)
  const back = tr.mapping.invert()
  let problem: string | null = null
  after.nodesBetween(start, Math.min(to, after.content.size), (node, pos) => {
    if (problem !== null) return false
    if (!node.isTextblock) return true
    const length = node.content.size
    // Only a paragraph the change made longer: one that was too long already may still be shortened.
    const old = before.resolve(Math.min(back.map(pos + 1), before.content.size)).parent
    if (length > ARTICLE_LIMITS.paragraphCharacters && length > old.content.size)
      problem = `A paragraph may have ${count(ARTICLE_LIMITS.paragraphCharacters)} characters at most; press Enter to start a new one.`
    return false
  })
  return problem
}

/**
 * Keeps edits in edit mode within the limits: pasted plain text is cut as an import cuts it (a line over
 * 10,000 characters becomes paragraphs of whole sentences), a paste that still goes over is refused, and so
 * is any other change of one's own (typing, dropping) that would; `onRefused` is told why. Changes from
 * Yjs (collaborators, undo) are not checked: they were checked where they were made.
 */
export function editLimitsPlugin(
  onRefused: (message: string) => void,
  editing: (state: EditorState) => boolean,
): Plugin {
  return new Plugin({
    filterTransaction(tr, state) {
      if (!tr.docChanged || !editing(state) || tr.getMeta(ySyncPluginKey) !== undefined) return true
      const problem = editProblem(state, tr)
      if (problem === null) return true
      onRefused(problem)
      return false
    },
    props: {
      transformPastedText: (text) =>
        text
          .split(/\r\n?|\n/)
          .flatMap((line) => cutParagraph(line))
          .join('\n'),
      handlePaste(view, _event, slice) {
        if (!editing(view.state)) return false
        const problem = pasteProblem(view.state, slice)
        if (problem === null) return false
        onRefused(problem)
        return true
      },
    },
  })
}
