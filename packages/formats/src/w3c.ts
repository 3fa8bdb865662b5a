import {
  ANNOTATION_STATUSES,
  type AnnotationStatus,
  type ArticleMeta,
  type ArticleSnapshot,
  articleSourceIds,
  type Taxonomy,
} from '@attrib/core'
import { type CorpusFormat, collect } from './corpusFormat'
import { type ArticleRecord, FormatError, type RecordAnnotation } from './record'

/**
 * W3C Web Annotation export and import (https://www.w3.org/TR/annotation-model/).
 *
 * Mapping, one W3C Annotation per annotation:
 * - `id`: `<baseIri>articles/<article id>/annotations/<annotation id>` (ids percent-encoded).
 * - target: its `source` is the article, an External Web Resource `{id: <baseIri>articles/<article id>,
 *   type: "Text", format: "text/plain"}` described with Dublin Core terms (which the `anno.jsonld` context
 *   names by their `dcterms:` prefix): `dcterms:title`, `dcterms:publisher` (the outlet), `dcterms:issued`
 *   (the date), `dcterms:creator` (the author), `dcterms:source` (the URL it was taken from) and
 *   `dcterms:isPartOf` (`<baseIri>stories/<story>`), so an import gets the article's details back.
 * - bodies: `TextualBody`s: one `purpose: "classifying"` per label id; `identifying` = the source name
 *   as written; `assessing` = the review status; `tagging` = the kind (`sentence` or `span`), and a
 *   second `tagging` body `final` on a reviewer's decision (the adjudicated layer, whose "no attribution"
 *   has no `classifying` body);
 *   `commenting` = the reason of a suggestion. An annotation that names its source also has a
 *   `SpecificResource` body with `purpose: "identifying"` whose `source` is the source's IRI,
 *   `<baseIri>sources/<source id>` (the source index's id, JSONL's `sourceId`): every spelling of one
 *   source in the corpus points to the same IRI.
 * - selectors: a `TextQuoteSelector` (prefix and suffix of at most 32 code points) and a
 *   `TextPositionSelector`, both counted in code points as the model counts characters.
 *
 * The article text is not part of a W3C annotation (it lives at the target's source), so
 * {@link parseW3c} takes the texts from the caller, keyed by article id.
 */

/** The JSON-LD context of every exported collection. */
export const W3C_CONTEXT = 'http://www.w3.org/ns/anno.jsonld'

/** The `tagging` body of an annotation of the adjudicated (final) layer. */
const FINAL_TAG = 'final'

/** The IRI prefix used when no `baseIri` is given. */
export const DEFAULT_BASE_IRI = 'urn:attrib:'

/** Options of {@link exportW3c}. */
export interface W3cExportOptions {
  /** Prefix of every IRI written, e.g. `https://news.example/`; default {@link DEFAULT_BASE_IRI}. */
  baseIri?: string
  /** When given, the collection's label lists the taxonomy's label names. */
  taxonomy?: Taxonomy
}

const CONTEXT_CHARS = 32

/** The IRI of an article: `<baseIri>articles/<id>`. */
export function articleIri(articleId: string, baseIri: string = DEFAULT_BASE_IRI): string {
  return `${baseIri}articles/${encodeURIComponent(articleId)}`
}

/**
 * The IRI of a source of the source index: `<baseIri>sources/<source id>` (`urn:attrib:sources/dmitry-peskov`
 * by default), stable for as long as the source's normalised name is.
 */
export function sourceIri(sourceId: string, baseIri: string = DEFAULT_BASE_IRI): string {
  return `${baseIri}sources/${encodeURIComponent(sourceId)}`
}

/** The IRI of a story: `<baseIri>stories/<story>`. */
function storyIri(story: string, baseIri: string): string {
  return `${baseIri}stories/${encodeURIComponent(story)}`
}

/** The article a target points to, with its details as Dublin Core terms (see the mapping above). */
function articleResource(meta: ArticleMeta, baseIri: string): Record<string, unknown> {
  const details: [string, string | undefined][] = [
    ['dcterms:title', meta.title],
    ['dcterms:publisher', meta.outlet],
    ['dcterms:issued', meta.date],
    ['dcterms:creator', meta.author],
    ['dcterms:source', meta.url],
  ]
  return {
    id: articleIri(meta.id, baseIri),
    type: 'Text',
    format: 'text/plain',
    ...Object.fromEntries(details.filter(([, value]) => value?.trim())),
    ...(meta.story?.trim() ? { 'dcterms:isPartOf': { id: storyIri(meta.story, baseIri) } } : {}),
  }
}

/**
 * Writes articles as one W3C AnnotationCollection with a single embedded page (`first`).
 * @example JSON.stringify(exportW3c(snapshots, { baseIri: 'https://news.example/' }), null, 2)
 */
export function exportW3c(
  articles: ArticleSnapshot[],
  options: W3cExportOptions = {},
): Record<string, unknown> {
  const baseIri = options.baseIri ?? DEFAULT_BASE_IRI
  const items: Record<string, unknown>[] = []
  for (const article of articles) {
    const source = articleIri(article.meta.id, baseIri)
    const resource = articleResource(article.meta, baseIri)
    const sourceIds = articleSourceIds(article.annotations)
    const chars = [...article.text]
    for (const a of article.annotations) {
      const body: Record<string, string>[] = a.labels.map((l) => textualBody('classifying', l))
      if (a.source) body.push(textualBody('identifying', a.source))
      const id = sourceIds.get(a.id)
      if (id) body.push({ type: 'SpecificResource', purpose: 'identifying', source: sourceIri(id, baseIri) })
      body.push(textualBody('assessing', a.status))
      body.push(textualBody('tagging', a.kind))
      if (a.final) body.push(textualBody('tagging', FINAL_TAG))
      if (a.reason) body.push(textualBody('commenting', a.reason))
      items.push({
        id: `${source}/annotations/${encodeURIComponent(a.id)}`,
        type: 'Annotation',
        motivation: 'classifying',
        ...(a.annotator ? { creator: { type: 'Person', name: a.annotator } } : {}),
        ...(a.created ? { created: a.created } : {}),
        body,
        target: {
          source: resource,
          selector: [
            {
              type: 'TextQuoteSelector',
              exact: chars.slice(a.start, a.end).join(''),
              prefix: chars.slice(Math.max(0, a.start - CONTEXT_CHARS), a.start).join(''),
              suffix: chars.slice(a.end, a.end + CONTEXT_CHARS).join(''),
            },
            { type: 'TextPositionSelector', start: a.start, end: a.end },
          ],
        },
      })
    }
  }
  const names = options.taxonomy ? ` (labels: ${options.taxonomy.labels.map((l) => l.name).join(', ')})` : ''
  const id = `${baseIri}annotations`
  return {
    '@context': W3C_CONTEXT,
    id,
    type: 'AnnotationCollection',
    label: `Source attribution annotations of ${articles.length} article${articles.length === 1 ? '' : 's'}${names}`,
    total: items.length,
    first: { id: `${id}?page=0`, type: 'AnnotationPage', startIndex: 0, items },
  }
}

function textualBody(purpose: string, value: string): Record<string, string> {
  return { type: 'TextualBody', purpose, value }
}

/** The article id of a target source IRI: the part after `articles/`, decoded; else the IRI itself. */
export function articleIdOfIri(iri: string): string {
  return lastSegment(iri, 'articles/')
}

type Json = Record<string, unknown>

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x)
const asArray = (x: unknown): unknown[] => (x === undefined ? [] : Array.isArray(x) ? x : [x])

/**
 * Reads W3C annotations back into one record per target source, in order of first appearance.
 * `json` is an AnnotationCollection (its `first` page embedded), an AnnotationPage, an array of
 * Annotations, or the same as JSON text. `texts` maps article ids (see {@link articleIdOfIri}; the
 * full source IRI works too) to the article text, since W3C annotations do not carry it.
 * The TextPositionSelector gives the offsets; when a TextQuoteSelector is present its `exact`
 * must equal the text there. Without a position selector, the quote (with prefix and suffix
 * when needed) is looked up in the text.
 * Throws a {@link FormatError} naming the file, the field path and the annotation id.
 */
export function parseW3c(
  json: unknown,
  texts: ReadonlyMap<string, string>,
  fileName = '<input>',
): ArticleRecord[] {
  const fail = (field: string | undefined, problem: string): never => {
    throw new FormatError(fileName, 1, field, problem)
  }
  let doc = json
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc)
    } catch (e) {
      fail(undefined, `not valid JSON (${(e as Error).message})`)
    }
  }
  let items: unknown[]
  let path: string
  if (Array.isArray(doc)) {
    items = doc
    path = ''
  } else if (isObject(doc) && doc.type === 'AnnotationCollection') {
    const first = doc.first
    if (!isObject(first))
      return fail('first', 'must be an embedded AnnotationPage (a link cannot be followed here)')
    if (!Array.isArray(first.items)) return fail('first.items', 'must be an array of annotations')
    items = first.items
    path = 'first.items'
  } else if (isObject(doc) && doc.type === 'AnnotationPage') {
    if (!Array.isArray(doc.items)) return fail('items', 'must be an array of annotations')
    items = doc.items
    path = 'items'
  } else if (isObject(doc) && doc.type === 'Annotation') {
    items = [doc]
    path = ''
  } else {
    return fail(
      'type',
      'expected an AnnotationCollection, an AnnotationPage, an Annotation or an array of them',
    )
  }

  const records = new Map<string, ArticleRecord>()
  const seen = new Set<string>()
  for (const [i, item] of items.entries()) {
    const at = `${path}[${i}]`
    if (!isObject(item)) return fail(at, 'must be an annotation object')
    const iri = typeof item.id === 'string' ? item.id : fail(`${at}.id`, 'must be an IRI string')
    const where = (field: string) => `${at}.${field} (annotation ${iri})`
    if (item.type !== 'Annotation') fail(where('type'), 'must be "Annotation"')
    const target = asArray(item.target)[0]
    if (!isObject(target)) return fail(where('target'), 'must be an object with source and selector')
    // The article: its IRI, or (as exported) a resource with its IRI as `id` and its details.
    const resource = isObject(target.source) ? target.source : undefined
    const source =
      typeof target.source === 'string'
        ? target.source
        : typeof resource?.id === 'string'
          ? resource.id
          : fail(where('target.source'), 'must be an IRI or a resource with an IRI id')
    const articleId = articleIdOfIri(source)
    const text = texts.get(articleId) ?? texts.get(source)
    if (text === undefined) return fail(where('target.source'), `no text given for article "${articleId}"`)
    const chars = [...text]

    let position: { start: number; end: number } | undefined
    let quote: Json | undefined
    asArray(target.selector).forEach((s, j) => {
      if (!isObject(s)) return
      if (s.type === 'TextPositionSelector') {
        const { start, end } = s
        if (!Number.isInteger(start) || !Number.isInteger(end) || (start as number) < 0)
          fail(where(`target.selector[${j}]`), 'start and end must be non-negative integers')
        if ((end as number) < (start as number) || (end as number) > chars.length)
          fail(
            where(`target.selector[${j}].end`),
            `must be ≥ start and ≤ text length ${chars.length} (got ${end})`,
          )
        position = { start: start as number, end: end as number }
      } else if (s.type === 'TextQuoteSelector') {
        if (typeof s.exact !== 'string') fail(where(`target.selector[${j}].exact`), 'must be a string')
        quote = s
      }
    })
    if (position && quote) {
      const found = chars.slice(position.start, position.end).join('')
      if (found !== quote.exact)
        fail(
          where('target.selector'),
          `TextPositionSelector ${position.start}-${position.end} selects ${JSON.stringify(found)} but TextQuoteSelector.exact is ${JSON.stringify(quote.exact)}`,
        )
    }
    if (!position && quote) position = findQuote(text, quote)
    if (!position)
      return fail(
        where('target.selector'),
        'needs a TextPositionSelector or a TextQuoteSelector found in the text',
      )

    const labels: string[] = []
    let sourceName = ''
    let status: AnnotationStatus = 'accepted'
    let kind: RecordAnnotation['kind'] = 'span'
    let reason: string | undefined
    let final = false
    for (const [j, b] of asArray(item.body).entries()) {
      if (!isObject(b) || b.type !== 'TextualBody') continue
      if (typeof b.value !== 'string') return fail(where(`body[${j}].value`), 'must be a string')
      const value = b.value
      if (b.purpose === 'classifying') labels.push(value)
      else if (b.purpose === 'identifying' || b.purpose === 'describing') sourceName = value
      else if (b.purpose === 'assessing') {
        if (!(ANNOTATION_STATUSES as readonly string[]).includes(value))
          fail(where(`body[${j}].value`), `status must be one of ${ANNOTATION_STATUSES.join(', ')}`)
        status = value as AnnotationStatus
      } else if (b.purpose === 'tagging' && (value === 'sentence' || value === 'span')) kind = value
      else if (b.purpose === 'tagging' && value === FINAL_TAG) final = true
      else if (b.purpose === 'commenting') reason = value
    }
    if (labels.length === 0 && !final)
      fail(where('body'), 'has no TextualBody with purpose "classifying" (a label)')
    const id = annotationIdOfIri(iri)
    if (seen.has(`${articleId}\n${id}`)) fail(where('id'), 'duplicate annotation id')
    seen.add(`${articleId}\n${id}`)
    const creator = asArray(item.creator)[0]
    const annotator = isObject(creator) && typeof creator.name === 'string' ? creator.name : ''

    let record = records.get(articleId)
    if (!record) {
      const meta = resource ? articleMeta(articleId, resource) : { id: articleId, title: articleId }
      record = { id: articleId, title: meta.title, meta, text, annotations: [] }
      records.set(articleId, record)
    }
    record.annotations.push({
      id,
      kind,
      start: position.start,
      end: position.end,
      labels,
      source: sourceName,
      annotator,
      status,
      ...(typeof item.created === 'string' ? { created: item.created } : {}),
      ...(reason !== undefined ? { reason } : {}),
      ...(final ? { final: true } : {}),
    })
  }
  return [...records.values()]
}

/** An article's details from its target resource's Dublin Core terms (see the mapping above). */
function articleMeta(id: string, resource: Json): ArticleMeta {
  const text = (key: string) => {
    const value = resource[key]
    return typeof value === 'string' && value.trim() !== '' ? value : undefined
  }
  const story = resource['dcterms:isPartOf']
  const storyId = isObject(story) ? story.id : story
  const details: Omit<ArticleMeta, 'id' | 'title'> = {
    outlet: text('dcterms:publisher'),
    date: text('dcterms:issued'),
    author: text('dcterms:creator'),
    url: text('dcterms:source'),
    story: typeof storyId === 'string' ? lastSegment(storyId, 'stories/') : undefined,
  }
  return {
    id,
    title: text('dcterms:title') ?? id,
    ...Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined)),
  }
}

/** The decoded part of `iri` after `marker`; the IRI itself when it has none. */
function lastSegment(iri: string, marker: string): string {
  const at = iri.lastIndexOf(marker)
  if (at < 0) return iri
  try {
    return decodeURIComponent(iri.slice(at + marker.length))
  } catch {
    return iri
  }
}

function annotationIdOfIri(iri: string): string {
  return lastSegment(iri, '/annotations/')
}

/** Finds a quote (with its prefix and suffix when they match) in the text; offsets in code points. */
function findQuote(text: string, quote: Json): { start: number; end: number } | undefined {
  const exact = quote.exact as string
  const prefix = typeof quote.prefix === 'string' ? quote.prefix : ''
  const suffix = typeof quote.suffix === 'string' ? quote.suffix : ''
  let best: number | undefined
  for (let i = text.indexOf(exact); i >= 0; i = text.indexOf(exact, i + 1)) {
    if (best === undefined) best = i
    if (text.slice(0, i).endsWith(prefix) && text.slice(i + exact.length).startsWith(suffix)) {
      best = i
      break
    }
  }
  if (best === undefined) return undefined
  const start = [...text.slice(0, best)].length
  return { start, end: start + [...exact].length }
}

/** Folder, beside a W3C export, of the articles' texts (`<id>.txt`), which the W3C import reads. */
export const W3C_TEXTS_FOLDER = 'texts'

/** A W3C Web Annotation collection (JSON-LD) and the articles' texts beside it. */
export const w3cFormat: CorpusFormat<'w3c'> = {
  id: 'w3c',
  name: 'W3C Web Annotation',
  description:
    'one JSON-LD AnnotationCollection (validated against the W3C schemas; each source an IRI) and the texts it points to (texts/ID.txt)',
  mediaType: 'application/zip',
  singleFile: false,
  async *write(articles, options) {
    // The collection needs its total before its items, so it is built whole.
    const all = await collect(articles)
    yield {
      path: `${options.name}.w3c.jsonld`,
      chunks: [`${JSON.stringify(exportW3c(all, options), null, 2)}\n`],
    }
    for (const a of all) yield { path: `${W3C_TEXTS_FOLDER}/${a.meta.id}.txt`, chunks: [a.text] }
  },
}
