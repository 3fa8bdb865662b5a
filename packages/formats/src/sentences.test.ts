import { describe, expect, test } from 'vitest'
import { csvField, exportSentencesCsv, exportSentencesJsonl, SENTENCE_CSV_HEADER } from './sentences'
import { astralArticle, seedArticles } from './testArticles'

describe('exportSentencesCsv', () => {
  test('header first, then one row per sentence, accepted labels only', () => {
    const rows = [...exportSentencesCsv([astralArticle()])]
    expect(rows).toEqual([
      'article_id,sentence,start,end,text,labels,sources,annotators',
      'astral,0,0,9,🚀 Launch.,,,',
      'astral,1,10,20,𝒳 said it.,named_source;quote,𝒳,ann;bob',
      'astral,2,22,55,"A ""quoted, comma"" line, said Bob.",quote,"Bob, ""the, one""",ann',
    ])
  })

  test('quotes commas, quotes and newlines as RFC 4180 asks', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField(42)).toBe('42')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField('cr\rhere')).toBe('"cr\rhere"')
  })

  test('one row per sentence of every seed article', () => {
    const seeds = seedArticles()
    const rows = [...exportSentencesCsv(seeds)]
    expect(rows[0]).toBe(SENTENCE_CSV_HEADER.join(','))
    expect(rows).toHaveLength(1 + seeds.reduce((n, a) => n + a.sentences.length, 0))
    // The suggested tag on sentence 2 is not exported; the accepted ones on 0 and 1 are.
    expect(rows[1]).toMatch(/,quote,,ann$/)
    expect(rows[2]).toMatch(/,anonymous_official;quote,insiders,ann$/)
    expect(rows[3]).toMatch(/,,,$/)
  })
})

describe('exportSentencesJsonl', () => {
  test('one object per sentence with lists as arrays', () => {
    const rows = [...exportSentencesJsonl([astralArticle()])].map((l) => JSON.parse(l))
    expect(rows).toHaveLength(3)
    expect(rows[1]).toEqual({
      articleId: 'astral',
      sentence: 1,
      start: 10,
      end: 20,
      text: '𝒳 said it.',
      labels: ['named_source', 'quote'],
      sources: ['𝒳'],
      annotators: ['ann', 'bob'],
    })
    expect(rows[0].labels).toEqual([])
  })
})
