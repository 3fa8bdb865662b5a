import type { Node as PMNode } from 'prosemirror-model'
import { articleSchema as s } from './schema'

/** For tests: an article's ProseMirror document of one section holding `paragraphs` (an empty one for ''). */
export function sectionDoc(...paragraphs: string[]): PMNode {
  return s.node('doc', null, [
    s.node(
      'section',
      null,
      paragraphs.map((t) => s.node('paragraph', null, t ? [s.text(t)] : [])),
    ),
  ])
}
