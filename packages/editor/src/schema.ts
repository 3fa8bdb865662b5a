import { NodeName } from '@attrib/core'
import { Schema } from 'prosemirror-model'

/**
 * The article schema: `doc > section+ > paragraph+ > text*`. Node names match the Y.XmlFragment
 * layout written by `@attrib/core` (y-prosemirror maps node names one to one). Sections group
 * ~50 paragraphs so per-keystroke costs stay flat on long articles.
 * No marks: attribution lives in stand-off annotations, not in the text.
 */
export const articleSchema = new Schema({
  nodes: {
    doc: { content: `${NodeName.section}+` },
    [NodeName.section]: {
      content: `${NodeName.paragraph}+`,
      toDOM: () => ['div', { class: 'attrib-section' }, 0],
      parseDOM: [{ tag: 'div.attrib-section' }],
    },
    [NodeName.paragraph]: {
      content: 'text*',
      toDOM: () => ['p', 0],
      parseDOM: [{ tag: 'p' }],
    },
    text: {},
  },
})
