import { ARTICLE_LIMITS, cutParagraph } from '@attrib/core'
import type { Slice } from 'prosemirror-model'
import { type EditorState, Plugin } from 'prosemirror-state'

// What a paste in edit mode may add (apps/web SPEC UI16): the import's limits (core LIM2–LIM4) hold for
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
 * Keeps pastes in edit mode within the limits: plain text is cut as an import cuts it (a line over
 * 10,000 characters becomes paragraphs of whole sentences), and a paste that still goes over is refused
 * and `onRefused` told why.
 */
export function pasteLimitsPlugin(
  onRefused: (message: string) => void,
  editing: (state: EditorState) => boolean,
): Plugin {
  return new Plugin({
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
