import { describe, expect, test } from 'vitest'
import { exportJsonl, parseJsonl } from './jsonl'
import { FormatError } from './record'
import { astralArticle, CREATED, essentials, seedArticles } from './testArticles'

describe('exportJsonl', () => {
  test('writes one line per article with code-point offsets', () => {
    const lines = [...exportJsonl([astralArticle(), astralArticle()])]
    expect(lines).toHaveLength(2)
    const rec = JSON.parse(lines[0]!)
    expect(Object.keys(rec)).toEqual(['id', 'title', 'meta', 'text', 'sentences', 'annotations'])
    expect(rec.id).toBe('astral')
    expect(rec.meta).toEqual({
      id: 'astral',
      title: 'Launch, "day"',
      outlet: 'Example News',
      date: '2024-10-25',
    })
    expect(rec.sentences).toEqual([
      { start: 0, end: 9 },
      { start: 10, end: 20 },
      { start: 22, end: 55 },
    ])
    expect(rec.annotations[1]).toEqual({
      id: 'p1',
      start: 10,
      end: 11,
      labels: ['named_source'],
      source: '𝒳',
      sourceId: 'x',
      annotator: 'bob',
      status: 'accepted',
      created: CREATED,
      kind: 'span',
    })
    expect(lines[0]).not.toContain('\n')
  })

  test('round-trips text, sentences and annotations', () => {
    const articles = [astralArticle(), ...seedArticles()]
    const back = parseJsonl(`${[...exportJsonl(articles)].join('\n')}\n`, 'corpus.jsonl')
    expect(back).toHaveLength(3)
    for (const [i, a] of articles.entries()) {
      const r = back[i]!
      expect(r.id).toBe(a.meta.id)
      expect(r.meta).toEqual(a.meta)
      expect(r.text).toBe(a.text)
      expect(r.sentences).toEqual(a.sentences)
      expect(r.annotations).toEqual(a.annotations.map(({ sentence: _, ...rest }) => rest))
    }
  })
})

test('round-trips the review mode and the adjudicated layer', () => {
  const a = astralArticle()
  const adjudicated = {
    ...a,
    meta: { ...a.meta, review: 'independent' },
    annotations: [...a.annotations, { ...a.annotations[0]!, id: 'f1', annotator: 'rev', final: true }],
  }
  const [back] = parseJsonl([...exportJsonl([adjudicated])][0]!, 'c.jsonl')
  expect(back!.meta.review).toBe('independent')
  expect(back!.annotations.filter((x) => x.final).map((x) => x.id)).toEqual(['f1'])
  expect(back!.annotations.filter((x) => !x.final)).toHaveLength(a.annotations.length)
})

describe("[SRC4] JSONL names each annotation's source by the source index's id", () => {
  test('one id for every spelling of a source in an article; none without a source', () => {
    const article = astralArticle()
    const named = article.annotations.find((a) => a.source)!
    const annotations = [
      { ...named, id: 'n1', source: 'Kremlin spokesman Dmitry Peskov' },
      { ...named, id: 'n2', source: 'Peskov' },
      { ...named, id: 'n3', source: '' },
    ]
    const [line] = [...exportJsonl([{ ...article, annotations }])]
    const written = JSON.parse(line!).annotations as { id: string; sourceId?: string }[]
    expect(written.map((a) => [a.id, a.sourceId])).toEqual([
      ['n1', 'dmitry-peskov'],
      ['n2', 'dmitry-peskov'],
      ['n3', undefined],
    ])
    // Read back, the records keep their source names, from which the index gives the same ids again.
    expect(parseJsonl(`${line}\n`)[0]!.annotations.map((a) => a.source)).toEqual([
      'Kremlin spokesman Dmitry Peskov',
      'Peskov',
      '',
    ])
  })

  test("only accepted annotations lend a bare surname their full name, as in the index's", () => {
    const article = astralArticle()
    const named = article.annotations.find((a) => a.source)!
    const annotations = [
      { ...named, id: 's1', source: 'Dmitry Peskov', status: 'suggested' as const },
      { ...named, id: 'n1', source: 'Peskov' },
    ]
    const [line] = [...exportJsonl([{ ...article, annotations }])]
    const written = JSON.parse(line!).annotations as { id: string; sourceId?: string }[]
    expect(written.map((a) => [a.id, a.sourceId])).toEqual([
      ['s1', 'dmitry-peskov'],
      ['n1', 'peskov'],
    ])
  })
})

describe('parseJsonl errors name file, line and field', () => {
  const good = [...exportJsonl([astralArticle()])][0]!
  const withLine3 = (bad: unknown) => `${good}\n\n${typeof bad === 'string' ? bad : JSON.stringify(bad)}\n`
  const errorOf = (text: string) => {
    try {
      parseJsonl(text, 'corpus.jsonl')
    } catch (e) {
      expect(e).toBeInstanceOf(FormatError)
      return e as FormatError
    }
    throw new Error('expected a FormatError')
  }
  const rec = () => JSON.parse(good)

  test('an end past the text', () => {
    const r = rec()
    r.annotations[2].end = 9001
    const e = errorOf(withLine3(r))
    expect(e.message).toBe('corpus.jsonl:3: annotations[2].end: must be ≥ start and ≤ text length (got 9001)')
    expect([e.file, e.line, e.field]).toEqual(['corpus.jsonl', 3, 'annotations[2].end'])
  })

  test('an end before the start', () => {
    const r = rec()
    r.sentences[1].end = 5
    expect(errorOf(withLine3(r)).message).toBe(
      'corpus.jsonl:3: sentences[1].end: must be ≥ start and ≤ text length (got 5)',
    )
  })

  test('a line that is not JSON', () => {
    const e = errorOf(withLine3('{"id": "x",'))
    expect(e.message).toMatch(/^corpus\.jsonl:3: not valid JSON/)
    expect(e.field).toBeUndefined()
  })

  test('a wrong type', () => {
    const r = rec()
    r.annotations[0].start = '4'
    expect(errorOf(withLine3(r)).message).toMatch(/^corpus\.jsonl:3: annotations\[0\]\.start: /)
  })

  test('an unknown status', () => {
    const r = rec()
    r.annotations[1].status = 'maybe'
    const e = errorOf(withLine3(r))
    expect(e.field).toBe('annotations[1].status')
    expect(e.message).toMatch(/^corpus\.jsonl:3: annotations\[1\]\.status: .*suggested/)
  })

  test('a missing text', () => {
    const r = rec()
    delete r.text
    expect(errorOf(withLine3(r)).field).toBe('text')
  })

  test('a duplicate annotation id', () => {
    const r = rec()
    r.annotations[1].id = r.annotations[0].id
    expect(errorOf(withLine3(r)).message).toBe('corpus.jsonl:3: annotations[1].id: duplicate id "g1"')
  })

  test('without a file name', () => {
    expect(() => parseJsonl('nope')).toThrow(/^<input>:1: not valid JSON/)
  })

  test('essentials of a parsed record match the snapshot', () => {
    expect(essentials(parseJsonl(good)[0]!.annotations)).toEqual(essentials(astralArticle().annotations))
  })
})
