import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createTaxonomy } from '@attrib/core'
import Ajv, { type ValidateFunction } from 'ajv-draft-04'
import { describe, expect, test } from 'vitest'
import { FormatError } from './record'
import { astralArticle, essentials, seedArticles } from './testArticles'
import { exportW3c, parseW3c } from './w3c'

const SCHEMAS = join(import.meta.dirname, '../schemas/web-annotation')
const readJson = (path: string) => JSON.parse(readFileSync(join(SCHEMAS, path), 'utf8'))

/** Every MUST assertion schema a manifest lists, compiled with the shared definitions. */
function musts(ajv: Ajv, manifest: string): { name: string; validate: ValidateFunction }[] {
  const paths: string[] = readJson(manifest).assertions
  return paths.map((path) => {
    // Two assertion files carry an id that differs from their file name (see the README):
    // drop it, the definitions are what $refs resolve against.
    const { id: _id, ...schema } = readJson(path)
    return { name: path, validate: ajv.compile(schema) }
  })
}

function makeAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true })
  // ajv-formats is not a dependency; these two are the formats the suite uses.
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]*$/i)
  ajv.addFormat(
    'date-time',
    (s: string) =>
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(s) && !Number.isNaN(Date.parse(s)),
  )
  for (const file of readdirSync(join(SCHEMAS, 'definitions'))) ajv.addSchema(readJson(`definitions/${file}`))
  return ajv
}

const ajv = makeAjv()
const annotationMusts = musts(ajv, 'annotations/annotationMusts.test')
const collectionMusts = musts(ajv, 'collections/collectionMusts.test')
// The partOf-embedded checks only apply when partOf is an object (README); our page has none.
const PART_OF_ONLY =
  /5\.2-page(Total|Label|First|Last)Validated|3\.3\.1-page(Created|Modified)Validated|3\.3\.6-pageRightsValidated/
const pageMusts = musts(ajv, 'collections/pages/pageMusts.test').filter((m) => !PART_OF_ONLY.test(m.name))

function failures(assertions: { name: string; validate: ValidateFunction }[], value: unknown): string[] {
  return assertions
    .filter((m) => !m.validate(value))
    .map((m) => `${m.name}: ${ajv.errorsText(m.validate.errors)}`)
}

const NO_TEXTS = new Map<string, string>()

interface Selector {
  type: string
  exact?: string
  prefix?: string
  suffix?: string
  start?: number
  end?: number
}
interface W3cAnnotation {
  id: string
  body: { type: string; purpose: string; value?: string; source?: string }[]
  target: { source: string | { id: string; [term: string]: unknown }; selector: Selector[] }
}
interface W3cCollection {
  '@context': string
  first: { items: W3cAnnotation[] }
}
/** The export, typed for the fields the tests read. */
const exported = (...args: Parameters<typeof exportW3c>) => exportW3c(...args) as unknown as W3cCollection

describe('exportW3c', () => {
  test('writes one annotation with classifying, identifying, assessing and tagging bodies', () => {
    const collection = exported([astralArticle()], { baseIri: 'https://news.example/' })
    expect(collection).toMatchObject({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'https://news.example/annotations',
      type: 'AnnotationCollection',
      total: 4,
      first: { type: 'AnnotationPage', id: 'https://news.example/annotations?page=0' },
    })
    const p1 = collection.first.items.find((a) => a.id.endsWith('/p1'))
    expect(p1).toEqual({
      id: 'https://news.example/articles/astral/annotations/p1',
      type: 'Annotation',
      motivation: 'classifying',
      creator: { type: 'Person', name: 'bob' },
      created: '2024-10-25T10:00:00.000Z',
      body: [
        { type: 'TextualBody', purpose: 'classifying', value: 'named_source' },
        { type: 'TextualBody', purpose: 'identifying', value: '𝒳' },
        { type: 'SpecificResource', purpose: 'identifying', source: 'https://news.example/sources/x' },
        { type: 'TextualBody', purpose: 'assessing', value: 'accepted' },
        { type: 'TextualBody', purpose: 'tagging', value: 'span' },
      ],
      target: {
        source: {
          id: 'https://news.example/articles/astral',
          type: 'Text',
          format: 'text/plain',
          'dcterms:title': 'Launch, "day"',
          'dcterms:publisher': 'Example News',
          'dcterms:issued': '2024-10-25',
        },
        selector: [
          {
            type: 'TextQuoteSelector',
            exact: '𝒳',
            prefix: '🚀 Launch. ',
            suffix: ' said it.\n\nA "quoted, comma" lin',
          },
          { type: 'TextPositionSelector', start: 10, end: 11 },
        ],
      },
    })
  })

  test('counts selector offsets and the 32-character context in code points', () => {
    const collection = exported([astralArticle()])
    const s2 = collection.first.items.find((a) => a.id.endsWith('/s2'))
    const [quote, position] = s2!.target.selector
    expect(position).toEqual({ type: 'TextPositionSelector', start: 22, end: 55 })
    expect(quote!.exact).toBe('A "quoted, comma" line, said Bob.')
    expect(quote!.prefix).toBe('🚀 Launch. 𝒳 said it.\n\n') // 22 code points, 24 UTF-16 units
    expect(quote!.suffix).toBe('')
    const p1 = collection.first.items.find((a) => a.id.endsWith('/p1'))
    expect([...(p1!.target.selector[0]!.suffix ?? '')]).toHaveLength(32)
  })

  test('the collection, its page and every annotation pass all MUST assertions of the W3C test suite', () => {
    const taxonomy = createTaxonomy()
    for (const baseIri of [undefined, 'https://news.example/corpus/']) {
      const collection = exported([astralArticle(), ...seedArticles()], { baseIri, taxonomy })
      expect(collection.first.items.length).toBeGreaterThan(4)
      expect(failures(collectionMusts, collection)).toEqual([])
      expect(failures(pageMusts, { '@context': collection['@context'], ...collection.first })).toEqual([])
      for (const a of collection.first.items)
        expect(failures(annotationMusts, { '@context': collection['@context'], ...a })).toEqual([])
    }
    expect(annotationMusts.length).toBeGreaterThan(40)
    expect(collectionMusts).toHaveLength(10)
  })

  test('the assertions reject broken annotations and collections', () => {
    const collection = exported([astralArticle()])
    const good = { '@context': collection['@context'], ...collection.first.items[0] }
    const { target: _t, ...noTarget } = good
    expect(failures(annotationMusts, noTarget).join()).toMatch(/3\.1-targetKeyFound/)
    expect(failures(annotationMusts, { ...good, '@context': 'http://example.org/ctx' }).join()).toMatch(
      /3\.1-annotationContextValidated/,
    )
    expect(failures(annotationMusts, { ...good, created: 'yesterday' }).join()).toMatch(
      /annotationCreatedValidated/,
    )
    expect(failures(annotationMusts, { ...good, bodyValue: 'x' }).join()).toMatch(/notBodyBodyValue/)
    expect(failures(collectionMusts, { ...collection, total: -1 }).join()).toMatch(/collectionTotalValidated/)
    expect(failures(collectionMusts, { ...collection, type: 'Collection' }).join()).toMatch(
      /collectionTypeValidated/,
    )
  })
})

describe('parseW3c', () => {
  const textsOf = (articles: ReturnType<typeof seedArticles>) =>
    new Map(articles.map((a) => [a.meta.id, a.text]))

  test('round-trips spans, labels, sources, statuses, kinds, annotators and created times', () => {
    const articles = [astralArticle(), ...seedArticles()]
    const json = JSON.stringify(exported(articles, { baseIri: 'https://news.example/' }))
    const back = parseW3c(json, textsOf(articles), 'corpus.jsonld')
    expect(back.map((r) => r.id)).toEqual(articles.map((a) => a.meta.id))
    back.forEach((record, i) => {
      const article = articles[i]!
      expect(record.text).toBe(article.text)
      expect(essentials(record.annotations)).toEqual(essentials(article.annotations))
      const pick = (a: { id: string; kind: string; annotator: string; created?: string }) => [
        a.id,
        a.kind,
        a.annotator,
        a.created,
      ]
      expect(record.annotations.map(pick).sort()).toEqual(article.annotations.map(pick).sort())
    })
  })

  test('keeps a reviewer\'s decisions, "no attribution" (no label) included', () => {
    const article = astralArticle()
    const s2 = article.annotations.find((a) => a.id === 's2')!
    const decided = {
      ...article,
      annotations: [
        ...article.annotations,
        { ...s2, id: 'f1', labels: ['quote'], annotator: 'rev', final: true },
        { ...s2, id: 'f2', labels: [], source: '', annotator: 'rev', final: true },
      ],
    }
    const collection = exported([decided])
    const f2 = collection.first.items.find((a) => a.id.endsWith('/f2'))!
    expect(f2.body.map((b) => [b.purpose, b.value])).toEqual([
      ['assessing', 'accepted'],
      ['tagging', 'sentence'],
      ['tagging', 'final'],
    ])
    expect(failures(annotationMusts, { '@context': collection['@context'], ...f2 })).toEqual([])
    const [back] = parseW3c(collection, textsOf([article]))
    expect(back!.annotations.filter((a) => a.final).map((a) => [a.id, a.labels])).toEqual([
      ['f1', ['quote']],
      ['f2', []],
    ])
    expect(back!.annotations.filter((a) => !a.final)).toHaveLength(article.annotations.length)
  })

  test('finds the offsets from the quote when there is no position selector', () => {
    const article = astralArticle()
    const collection = exported([article])
    for (const a of collection.first.items) a.target.selector = a.target.selector.slice(0, 1)
    const [back] = parseW3c(collection, textsOf([article]))
    expect(essentials(back!.annotations)).toEqual(essentials(article.annotations))
  })

  test('reports a position that disagrees with the quote, naming the annotation', () => {
    const article = astralArticle()
    const collection = exported([article])
    collection.first.items[1]!.target.selector[1]!.start = 9
    expect(() => parseW3c(collection, textsOf([article]), 'c.json')).toThrow(
      /^c\.json:1: first\.items\[1\]\.target\.selector \(annotation urn:attrib:articles\/astral\/annotations\/p1\): TextPositionSelector 9-11 selects " 𝒳" but TextQuoteSelector\.exact is "𝒳"$/,
    )
  })

  test('reports bad input with file and field', () => {
    const article = astralArticle()
    const collection = exported([article])
    const texts = textsOf([article])
    expect(() => parseW3c('{', texts, 'c.json')).toThrow(/^c\.json:1: not valid JSON/)
    expect(() => parseW3c(collection, NO_TEXTS, 'c.json')).toThrow(
      /first\.items\[0\]\.target\.source \(annotation .*\): no text given for article "astral"/,
    )
    collection.first.items[2]!.target.selector[1]!.end = 999
    expect(() => parseW3c(collection, texts, 'c.json')).toThrow(FormatError)
    expect(() => parseW3c(collection, texts, 'c.json')).toThrow(
      /first\.items\[2\]\.target\.selector\[1\]\.end/,
    )
    const other = exported([article])
    other.first.items[0]!.body = other.first.items[0]!.body.filter((b) => b.purpose !== 'classifying')
    expect(() => parseW3c(other, texts, 'c.json')).toThrow(
      /first\.items\[0\]\.body .*no TextualBody with purpose "classifying"/,
    )
    expect(() => parseW3c({ type: 'Thing' }, texts, 'c.json')).toThrow(/^c\.json:1: type: expected/)
  })
})

describe('[SRC6] W3C names each source by an IRI and keeps the articles’ details', () => {
  const sourceBodies = (collection: W3cCollection) =>
    collection.first.items.flatMap((a) =>
      a.body.filter((b) => b.type === 'SpecificResource').map((b) => [a.id.split('/').pop(), b.source]),
    )

  test('every spelling of one source points to one IRI built from its source id, in any article', () => {
    const [a, b] = [astralArticle(), { ...astralArticle(), meta: { ...astralArticle().meta, id: 'other' } }]
    const named = a.annotations.find((x) => x.id === 's2')!
    const first = { ...a, annotations: [{ ...named, id: 'n1', source: 'Kremlin spokesman Dmitry Peskov' }] }
    const second = {
      ...b,
      annotations: [
        { ...named, id: 'n2', source: 'Dmitry Peskov' },
        { ...named, id: 'n3', source: 'Peskov' },
        { ...named, id: 'n4', source: '' },
      ],
    }
    const collection = exported([first, second])
    expect(sourceBodies(collection)).toEqual([
      ['n1', 'urn:attrib:sources/dmitry-peskov'],
      ['n2', 'urn:attrib:sources/dmitry-peskov'],
      ['n3', 'urn:attrib:sources/dmitry-peskov'],
    ])
    expect(sourceBodies(exported([first], { baseIri: 'https://news.example/' }))).toEqual([
      ['n1', 'https://news.example/sources/dmitry-peskov'],
    ])
    // The identifying body sits beside the name as written, and the whole stays valid.
    for (const item of collection.first.items)
      expect(failures(annotationMusts, { '@context': collection['@context'], ...item })).toEqual([])
  })

  test("an import gets the article's title, outlet, date, author, URL and story back", () => {
    const article = astralArticle()
    const meta = {
      ...article.meta,
      author: 'Ana Ruiz',
      url: 'https://news.example/launch?day=1',
      story: 'launch week/1',
    }
    const collection = exported([{ ...article, meta }])
    expect(collection.first.items[0]!.target.source).toMatchObject({
      'dcterms:creator': 'Ana Ruiz',
      'dcterms:source': 'https://news.example/launch?day=1',
      'dcterms:isPartOf': { id: 'urn:attrib:stories/launch%20week%2F1' },
    })
    const [back] = parseW3c(JSON.stringify(collection), new Map([['astral', article.text]]))
    expect(back!.title).toBe('Launch, "day"')
    expect(back!.meta).toEqual({
      id: 'astral',
      title: 'Launch, "day"',
      outlet: 'Example News',
      date: '2024-10-25',
      author: 'Ana Ruiz',
      url: 'https://news.example/launch?day=1',
      story: 'launch week/1',
    })
  })

  test("a target that names its article by IRI alone (another tool's) is read with the id as title", () => {
    const article = astralArticle()
    const collection = exported([article])
    for (const a of collection.first.items) a.target.source = 'urn:attrib:articles/astral'
    const [back] = parseW3c(collection, new Map([['astral', article.text]]))
    expect(back!.meta).toEqual({ id: 'astral', title: 'astral' })
    expect(essentials(back!.annotations)).toEqual(essentials(article.annotations))
  })
})
