import {
  addAnnotationsAtOffsets,
  createArticleDoc,
  createTaxonomy,
  getArticleFragment,
  readArticle,
  readMeta,
  SUGGESTER,
} from '@attrib/core'
import {
  annotationsKey,
  annotationsPlugin,
  articleSchema,
  labelStyles,
  resolveAllRecords,
} from '@attrib/editor'
import { EditorState } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import { initProseMirrorDoc, ySyncPlugin } from 'y-prosemirror'
import type * as Y from 'yjs'
import { isPreview, previewDrawing, previewFromSnapshot, previewHtml, sentenceIndex } from './articlePreview'
import { previewOfEditor } from './previewOfEditor'

const styles = labelStyles(createTaxonomy())

/** An article with accepted, suggested, rejected, final and span annotations, by two people and the suggester. */
function article(): Y.Doc {
  const doc = createArticleDoc({
    meta: { id: 'p1', title: 'Preview test', outlet: 'The Paper' },
    paragraphs: [
      'Officials said the plan was ready. A spokesman denied it. The mayor 🙂 spoke “at length”.',
      '',
      'Text that looks like markup stays text: <script>alert(1)</script> & more. Second sentence here.',
      ...Array.from({ length: 60 }, (_, i) => `Paragraph ${i} opens. It closes, an aide said.`),
    ],
  })
  const { sentences, text } = readArticle(doc)
  // Offsets in code points: the emoji before some needles is one, not two.
  const at = (needle: string) => [...text.slice(0, text.indexOf(needle))].length
  addAnnotationsAtOffsets(doc, [
    { kind: 'sentence', ...sentences[0]!, labels: ['anonymous_official'], annotator: 'Ana' },
    { kind: 'sentence', ...sentences[0]!, labels: ['quote'], annotator: 'Ben' },
    {
      kind: 'sentence',
      ...sentences[1]!,
      labels: ['spokesperson'],
      annotator: SUGGESTER,
      status: 'suggested',
    },
    { kind: 'sentence', ...sentences[2]!, labels: ['quote'], annotator: 'Ben', status: 'rejected' },
    { kind: 'sentence', ...sentences[3]!, labels: ['named_source'], annotator: 'Rita', final: true },
    {
      kind: 'span',
      start: at('A spokesman'),
      end: at('A spokesman') + 11,
      labels: ['spokesperson'],
      annotator: 'Ana',
    },
    {
      kind: 'span',
      start: at('Second'),
      end: at('Second') + 6,
      labels: ['quote'],
      annotator: 'Ana',
      status: 'suggested',
    },
    { kind: 'sentence', ...sentences[20]!, labels: ['anonymous_official'], annotator: 'Ana' },
  ])
  return doc
}

/** The text of the drawn HTML, without the badges (what the editor's text is). */
function drawnText(html: string): string[] {
  return [...html.matchAll(/<p>(.*?)<\/p>/g)].map((m) =>
    m[1]!
      .replace(/<span class="attrib-badge"[^>]*>(<span[^>]*>[^<]*<\/span>)+<\/span>/g, '')
      .replace(/<br>/g, '')
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&'),
  )
}

describe('the article preview (OPEN1)', () => {
  it('[OPEN1] built from a snapshot, read back as stored, drawn: the same paragraphs, sentences and labels', () => {
    const doc = article()
    const snapshot = readArticle(doc)
    const preview = previewFromSnapshot(JSON.parse(JSON.stringify(snapshot)))
    // Stored in IndexedDB by structured clone: read back, it is still a preview of this article.
    const stored = structuredClone(preview)
    expect(isPreview(stored, 'p1')).toBe(true)
    expect(isPreview(stored, 'another')).toBe(false)
    expect(isPreview({ ...stored, format: 0 }, 'p1')).toBe(false)

    expect(stored.paragraphs.join('\n\n')).toBe(snapshot.text)
    expect(sentenceIndex(stored).count).toBe(snapshot.sentences.length)
    // Sentence offsets are UTF-16 within their paragraph: the emoji is two code units.
    const [first] = stored.sentences
    expect(stored.paragraphs[0]!.slice(first![4], first![5])).toBe('The mayor 🙂 spoke “at length”.')
    expect(stored.annotations.some((a) => a.status === ('rejected' as string))).toBe(false)
    expect(stored.annotations.find((a) => a.annotator === 'Rita')?.final).toBe(true)

    const html = previewHtml(stored, { styles, annotator: 'Ana' })
    expect(drawnText(html)).toEqual(stored.paragraphs)
    // Labels of both annotators on sentence 0, sorted, with the editor's classes, data and badge.
    expect(html).toContain(
      'data-badge="anonymous_official quote"><span class="attrib-badge-label" title="Anonymous official" style="background-color: #882255; color: #ffffff">1 Anon. official</span>',
    )
    expect(html).toMatch(
      /<span class="attrib-sentence attrib-tagged" style="background-color: #8822552e; box-shadow: inset 0 -3px 0 #882255, inset 0 -6px 0 #f28e2b" data-labels="anonymous_official quote" data-suggested="">Officials said the plan was ready\.<\/span>/,
    )
    // The suggestion: dashed, no fill, "suggested" on its badge; the span underlined inside it.
    expect(html).toContain('data-labels="" data-suggested="spokesperson">')
    expect(html).toContain('suggested 2 Spokesperson</span>')
    expect(html).toContain(
      '<span class="attrib-span attrib-accepted" style="border-bottom: 3px solid #332288" data-span-labels="spokesperson">A spokesman</span>',
    )
    // A span after the emoji and two paragraphs, where UTF-16 and code points differ.
    expect(html).toContain(
      '<span class="attrib-span attrib-suggested" style="border-bottom: 3px dashed #f28e2b" data-span-labels="quote">Second</span> sentence here.',
    )
    // The rejected tag is not drawn; markup in the text stays text; an empty paragraph keeps its line.
    expect(html).not.toContain('data-labels="quote"')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more.')
    expect(html).not.toContain('<script>')
    expect(html).toContain('<p><br></p>')
    // Sections of 50 paragraphs, as the editor groups them.
    expect(html.match(/<div class="attrib-section">/g)).toHaveLength(2)
  })

  it('[OPEN1] drawn in steps, the paragraphs add up to the whole, in the editor’s sections', () => {
    const preview = previewFromSnapshot(readArticle(article()))
    const drawing = previewDrawing(preview, { styles, annotator: 'Ana' })
    const n = drawing.paragraphs
    expect(n).toBeGreaterThan(50)
    expect(drawing.length(0)).toBe(preview.paragraphs[0]!.length)
    expect(
      `<div class="attrib-section">${drawing.html(0, 7)}${drawing.html(7, 50)}</div>` +
        `<div class="attrib-section">${drawing.html(50, 51)}${drawing.html(51, n)}</div>`,
    ).toBe(previewHtml(preview, { styles, annotator: 'Ana' }))
  })

  it('[OPEN1] in independent mode, the reader sees only their own labels and the suggester’s', () => {
    const doc = article()
    const snapshot = readArticle(doc)
    snapshot.meta.review = 'independent'
    const preview = previewFromSnapshot(snapshot)
    const ana = previewHtml(preview, { styles, annotator: 'Ana' })
    expect(ana).toContain('data-labels="anonymous_official" data-suggested=""')
    expect(ana).not.toContain('data-labels="anonymous_official quote"')
    expect(ana).toContain('data-suggested="spokesperson"')
    const ben = previewHtml(preview, { styles, annotator: 'Ben' })
    expect(ben).toContain('data-labels="quote" data-suggested=""')
    expect(ben).not.toContain('data-span-labels')
  })

  it('[OPEN1] the editor’s preview (kept in the browser) equals the server’s (from the read model)', () => {
    const doc = article()
    const { doc: pmDoc, mapping } = initProseMirrorDoc(getArticleFragment(doc), articleSchema)
    const plugins = [
      ySyncPlugin(getArticleFragment(doc), { mapping }),
      annotationsPlugin({ ydoc: doc, taxonomy: createTaxonomy() }),
    ]
    let state = EditorState.create({ schema: articleSchema, doc: pmDoc, plugins })
    state = state.apply(
      state.tr.setMeta(annotationsKey, { type: 'reset', records: resolveAllRecords(state, doc) }),
    )
    const fromEditor = previewOfEditor('p1', state, readMeta(doc), 'open')
    const fromServer = previewFromSnapshot(readArticle(doc))
    const sorted = (p: typeof fromEditor) =>
      [...p.annotations].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
    expect(fromEditor.paragraphs).toEqual(fromServer.paragraphs)
    expect(fromEditor.sentences).toEqual(fromServer.sentences)
    expect(sorted(fromEditor)).toEqual(sorted(fromServer))
    expect(previewHtml(fromEditor, { styles, annotator: 'Ana' })).toBe(
      previewHtml(fromServer, { styles, annotator: 'Ana' }),
    )
  })
})
