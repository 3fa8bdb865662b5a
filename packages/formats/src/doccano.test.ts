import { describe, expect, test } from 'vitest'
import { exportDoccano, parseDoccano } from './doccano'
import { FormatError } from './record'
import { astralArticle, CREATED, essentials, seedArticles } from './testArticles'

describe('exportDoccano', () => {
  test('writes one line per article, one triple per label, offsets in UTF-16 units', () => {
    const [line] = [...exportDoccano([astralArticle()])]
    const json = JSON.parse(line!)
    expect(json.id).toBe('astral')
    expect(json.text).toBe('🚀 Launch. 𝒳 said it.\n\nA "quoted, comma" line, said Bob.')
    // 🚀 and 𝒳 are two UTF-16 units each: code points 10..11 are units 11..13.
    expect(json.label).toEqual([
      [0, 10, 'media_report'],
      [11, 13, 'named_source'],
      [11, 22, 'named_source'],
      [11, 22, 'quote'],
      [24, 57, 'quote'],
    ])
    expect(json.label.map(([s, e]: number[]) => json.text.slice(s, e))).toEqual([
      '🚀 Launch.',
      '𝒳',
      '𝒳 said it.',
      '𝒳 said it.',
      'A "quoted, comma" line, said Bob.',
    ])
    expect(json.attrib[1]).toEqual({
      id: 'p1',
      source: '𝒳',
      annotator: 'bob',
      status: 'accepted',
      kind: 'span',
      created: CREATED,
    })
  })
})

describe('parseDoccano', () => {
  test('round-trips text, spans, labels, sources, statuses, annotators and kinds', () => {
    const articles = [astralArticle(), ...seedArticles()]
    const back = parseDoccano([...exportDoccano(articles)].join('\n'), 'corpus.jsonl')
    expect(back.map((r) => r.id)).toEqual(articles.map((a) => a.meta.id))
    back.forEach((record, i) => {
      const article = articles[i]!
      expect(record.text).toBe(article.text)
      expect(essentials(record.annotations)).toEqual(essentials(article.annotations))
      const pick = (a: { id: string; kind: string; annotator: string; created?: string }) =>
        [a.id, a.kind, a.annotator, a.created].join('|')
      expect(record.annotations.map(pick).sort()).toEqual(article.annotations.map(pick).sort())
    })
  })

  test('reads a file labeled in doccano: triples on one span make one annotation', () => {
    const line = JSON.stringify({
      text: '🚀 Launch. 𝒳 said it.',
      label: [
        [11, 13, 'named_source'],
        [11, 22, 'quote'],
        [11, 13, 'anonymous_official'],
      ],
    })
    const [record] = parseDoccano(`\n${line}\n`, 'd.jsonl')
    expect(record!.id).toBe('d.jsonl-2')
    expect(record!.annotations.map((a) => [a.id, a.start, a.end, a.labels, a.status])).toEqual([
      ['d.jsonl-2-1', 10, 11, ['named_source', 'anonymous_official'], 'accepted'],
      ['d.jsonl-2-2', 10, 20, ['quote'], 'accepted'],
    ])
  })

  test('reports bad input with file, line and field', () => {
    const good = JSON.stringify({ text: 'Bob said it.', label: [[0, 3, 'quote']] })
    expect(() => parseDoccano(`${good}\n{"text": 1}`, 'd.jsonl')).toThrow(FormatError)
    expect(() => parseDoccano(`${good}\n{"text": 1}`, 'd.jsonl')).toThrow(/^d\.jsonl:2: text: /)
    expect(() => parseDoccano(`${good}\n{oops`, 'd.jsonl')).toThrow(/^d\.jsonl:2: not valid JSON/)
    expect(() =>
      parseDoccano(JSON.stringify({ text: 'Bob', label: [[0, 'x', 'quote']] }), 'd.jsonl'),
    ).toThrow(/^d\.jsonl:1: label\[0\]\[1\]: /)
    expect(() => parseDoccano(JSON.stringify({ text: 'Bob', label: [[0, 9, 'quote']] }), 'd.jsonl')).toThrow(
      /^d\.jsonl:1: label\[0\]\[1\]: must be ≥ start and ≤ text length 3 \(got 9\)$/,
    )
    // Code-point offsets (as Python writes them) can land inside a surrogate pair.
    expect(() =>
      parseDoccano(JSON.stringify({ text: '𝒳 said', label: [[1, 7, 'quote']] }), 'd.jsonl'),
    ).toThrow(/^d\.jsonl:1: label\[0\]: offset splits a character/)
    expect(() =>
      parseDoccano(JSON.stringify({ text: 'Bob', label: [[0, 3, 'quote']], attrib: [] }), 'd.jsonl'),
    ).toThrow(/^d\.jsonl:1: attrib: has 0 entries for 1 labels$/)
  })
})
