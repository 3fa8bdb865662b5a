import { describe, expect, test } from 'vitest'
import { exportJsonl } from './jsonl'
import { csvField, exportSentencesCsv, exportSentencesJsonl, SENTENCE_CSV_HEADER } from './sentences'
import { astralArticle, seedArticles } from './testArticles'

describe('exportSentencesCsv', () => {
  test('header first, then one row per sentence, accepted labels only', () => {
    const rows = [...exportSentencesCsv([astralArticle()])]
    expect(rows).toEqual([
      'article_id,sentence,start,end,text,labels,sources,annotators,source_ids',
      'astral,0,0,9,🚀 Launch.,,,,',
      'astral,1,10,20,𝒳 said it.,named_source;quote,𝒳,ann;bob,x',
      'astral,2,22,55,"A ""quoted, comma"" line, said Bob.",quote,"Bob, ""the, one""",ann,bob-the-one',
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
    expect(rows[1]).toMatch(/,quote,,ann,$/)
    expect(rows[2]).toMatch(/,anonymous_official;quote,insiders,ann,insiders$/)
    expect(rows[3]).toMatch(/,,,,$/)
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
      sourceIds: ['x'],
      annotators: ['ann', 'bob'],
    })
    expect(rows[0].labels).toEqual([])
  })
})

describe("[SRC5] the sentence exports name each source by the source index's id", () => {
  test('one id per source name, in the order of the names; spellings of one source share it', () => {
    const article = astralArticle()
    const named = article.annotations.find((a) => a.id === 's2')!
    const annotations = [
      { ...named, id: 'n1', source: 'Kremlin spokesman Dmitry Peskov' },
      { ...named, id: 'n2', source: 'Peskov', annotator: 'bob' },
      { ...named, id: 'n3', source: 'Ursula von der Leyen', annotator: 'cy' },
      // Only accepted annotations are exported, as before; a blank name is none.
      { ...named, id: 'n4', source: 'Someone Else', status: 'suggested' as const },
      { ...named, id: 'n5', source: '  ', annotator: 'dee' },
    ]
    const snapshot = { ...article, annotations }
    const [, , , row] = [...exportSentencesCsv([snapshot])]
    expect(row).toBe(
      'astral,2,22,55,"A ""quoted, comma"" line, said Bob.",quote,Kremlin spokesman Dmitry Peskov;Peskov;Ursula von der Leyen,ann;bob;cy;dee,dmitry-peskov;dmitry-peskov;ursula-von-der-leyen',
    )
    const json = JSON.parse([...exportSentencesJsonl([snapshot])][2]!)
    expect([json.sources, json.sourceIds]).toEqual([
      ['Kremlin spokesman Dmitry Peskov', 'Peskov', 'Ursula von der Leyen'],
      ['dmitry-peskov', 'dmitry-peskov', 'ursula-von-der-leyen'],
    ])
    // The ids are those JSONL gives the same annotations.
    const jsonl = JSON.parse([...exportJsonl([snapshot])][0]!).annotations as {
      id: string
      sourceId?: string
    }[]
    expect(jsonl.filter((a) => ['n1', 'n2', 'n3'].includes(a.id)).map((a) => a.sourceId)).toEqual(
      json.sourceIds,
    )
  })
})
