import * as Y from 'yjs'

/**
 * The shared document of one article (one Y.Doc per article, one room per Y.Doc):
 *
 * - `article` (Y.XmlFragment): the text in y-prosemirror's layout,
 *   `section` elements of up to {@link SECTION_SIZE} `paragraph` elements, each holding one Y.XmlText.
 * - `meta` (Y.Map): id, title, outlet, date, ... and `schemaVersion`.
 * - `annotations` (Y.Map of Y.Map): stand-off annotations anchored by Yjs relative positions
 *   (see annotations.ts).
 */
export const SCHEMA_VERSION = 1

/** y-prosemirror node names; the editor's ProseMirror schema uses the same. */
export const NodeName = { section: 'section', paragraph: 'paragraph' } as const

/**
 * Paragraphs per section. ProseMirror and y-prosemirror costs grow with the number of
 * top-level children; sections of ~50 keep each keystroke under 1.5 ms on a
 * 10,000-sentence article (see shared/editor-performance.md).
 */
export const SECTION_SIZE = 50

/** Typed transaction origins, so observers and undo managers can tell local writes from others. */
export const Origin = {
  /** A person's action in this client. */
  user: 'attrib:user',
  /** Content created by an import. */
  import: 'attrib:import',
  /** Pre-annotation by the suggestion engine. */
  suggest: 'attrib:suggest',
  /** The server itself (migrations, maintenance). */
  server: 'attrib:server',
} as const
export type Origin = (typeof Origin)[keyof typeof Origin]

/** What is known about an article besides its text. */
export interface ArticleMeta {
  id: string
  title: string
  outlet?: string
  /** ISO date, `YYYY-MM-DD`. */
  date?: string
  url?: string
  author?: string
  /** The file it was imported from, if any. */
  sourceFile?: string
  /** Groups articles on the same story. */
  story?: string
  /** When it was imported, ISO time. */
  importedAt?: string
  /**
   * `independent`: annotators do not see each other's labels until review (see adjudication.ts);
   * absent or `open`: everyone sees everything as it is made.
   */
  review?: string
}

/** An annotation given by code-point offsets of the article's text (paragraphs joined by a blank line). */
export interface ArticleInputAnnotation {
  id?: string
  kind: 'sentence' | 'span'
  start: number
  end: number
  labels: string[]
  source?: string
  annotator: string
  created?: string
  status?: 'suggested' | 'accepted' | 'rejected'
  reason?: string
  /** Part of the adjudicated layer. */
  final?: boolean
}

/** An article ready to become a document: metadata, plain-text paragraphs and, from a corpus import, annotations. */
export interface ArticleInput {
  meta: ArticleMeta
  paragraphs: string[]
  annotations?: ArticleInputAnnotation[]
}

/** The `meta` keys of an article that hold strings (what `readMeta` reads and the shape check allows). */
export const META_KEYS = [
  'id',
  'title',
  'outlet',
  'date',
  'url',
  'author',
  'sourceFile',
  'story',
  'importedAt',
  'review',
] as const

/** The article's text fragment. */
export function getArticleFragment(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment('article')
}

/** The article's metadata map. */
export function getMetaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('meta')
}

/**
 * Fills an empty Y.Doc with an article. Throws a `RangeError` when the doc already has content.
 * @example
 * const doc = createArticleDoc({ meta: { id: 'a1', title: 'T' }, paragraphs: ['One. Two.'] })
 */
export function createArticleDoc(
  input: ArticleInput,
  // The article id as the document's guid: Yjs would otherwise draw a random UUID, 31 random numbers from
  // the system's source, which was an eighth of an import's time.
  doc: Y.Doc = new Y.Doc({ guid: input.meta.id }),
): Y.Doc {
  const fragment = getArticleFragment(doc)
  if (fragment.length > 0) throw new RangeError('createArticleDoc: the document already has content')
  doc.transact(() => {
    const meta = getMetaMap(doc)
    meta.set('schemaVersion', SCHEMA_VERSION)
    for (const key of META_KEYS) {
      const value = input.meta[key]
      if (value !== undefined) meta.set(key, value)
    }
    const paragraphs = input.paragraphs.length > 0 ? input.paragraphs : ['']
    const sections: Y.XmlElement[] = []
    for (let i = 0; i < paragraphs.length; i += SECTION_SIZE) {
      const section = new Y.XmlElement(NodeName.section)
      section.insert(
        0,
        paragraphs.slice(i, i + SECTION_SIZE).map((text) => {
          const p = new Y.XmlElement(NodeName.paragraph)
          p.insert(0, [new Y.XmlText(text)])
          return p
        }),
      )
      sections.push(section)
    }
    fragment.insert(0, sections)
  }, Origin.import)
  return doc
}

/** Reads the metadata of an article document. */
export function readMeta(doc: Y.Doc): ArticleMeta {
  const map = getMetaMap(doc)
  const meta: ArticleMeta = { id: String(map.get('id') ?? doc.guid), title: String(map.get('title') ?? '') }
  for (const key of META_KEYS) {
    const value = map.get(key)
    if (typeof value === 'string' && key !== 'id' && key !== 'title') meta[key] = value
  }
  return meta
}

/** The schema version a document was written with (0 when it has none yet). */
export function docSchemaVersion(doc: Y.Doc): number {
  const v = getMetaMap(doc).get('schemaVersion')
  return typeof v === 'number' ? v : 0
}

/**
 * Whether a client that knows `clientVersion` may edit this document.
 * A client on an older schema would have y-prosemirror delete every node it cannot build,
 * so it must stay read-only (the server enforces the same rule).
 */
export function canEdit(doc: Y.Doc, clientVersion: number = SCHEMA_VERSION): boolean {
  return docSchemaVersion(doc) <= clientVersion
}

/** The plain text of one paragraph element. */
export function paragraphText(paragraph: Y.XmlElement): string {
  let text = ''
  for (const child of paragraph.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const d of child.toDelta() as { insert: unknown }[])
        if (typeof d.insert === 'string') text += d.insert
    }
  }
  return text
}

/** Every paragraph element of the article, in order, across sections. */
export function paragraphElements(doc: Y.Doc): Y.XmlElement[] {
  const out: Y.XmlElement[] = []
  for (const section of getArticleFragment(doc).toArray()) {
    if (!(section instanceof Y.XmlElement)) continue
    if (section.nodeName === NodeName.paragraph) out.push(section)
    else for (const p of section.toArray()) if (p instanceof Y.XmlElement) out.push(p)
  }
  return out
}

/** The separator between paragraphs in the article's plain text. */
export const PARAGRAPH_SEPARATOR = '\n\n'
