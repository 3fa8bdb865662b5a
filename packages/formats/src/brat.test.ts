import { createTaxonomy } from '@attrib/core'
import { describe, expect, test } from 'vitest'
import { bratConfig, exportBrat, parseBrat } from './brat'
import { FormatError } from './record'
import { astralArticle, essentials, seedArticles } from './testArticles'

describe('exportBrat', () => {
  test('writes T, AnnotatorNotes and attribute lines with code-point offsets', () => {
    const { txt, ann } = exportBrat(astralArticle())
    expect(txt).toBe('🚀 Launch. 𝒳 said it.\n\nA "quoted, comma" line, said Bob.')
    expect(ann.split('\n')).toEqual([
      'T1\tmedia_report 0 9\t🚀 Launch.',
      'A1\tStatus T1 suggested',
      'A2\tKind T1 span',
      'T2\tnamed_source 10 11\t𝒳',
      '#1\tAnnotatorNotes T2\t𝒳',
      'A3\tStatus T2 accepted',
      'A4\tKind T2 span',
      'T3\tnamed_source 10 20\t𝒳 said it.',
      'A5\tStatus T3 accepted',
      'A6\tKind T3 sentence',
      'T4\tquote 10 20\t𝒳 said it.',
      'A7\tStatus T4 accepted',
      'A8\tKind T4 sentence',
      'T5\tquote 22 55\tA "quoted, comma" line, said Bob.',
      '#2\tAnnotatorNotes T5\tBob, "the, one"',
      'A9\tStatus T5 accepted',
      'A10\tKind T5 sentence',
      '',
    ])
  })

  test('round-trips spans, labels, sources and statuses', () => {
    for (const article of [astralArticle(), ...seedArticles()]) {
      const { txt, ann } = exportBrat(article)
      const back = parseBrat(txt, ann, `${article.meta.id}.ann`)
      expect(back.text).toBe(article.text)
      expect(back.id).toBe(article.meta.id)
      expect(essentials(back.annotations)).toEqual(essentials(article.annotations))
      expect(back.annotations.map((a) => a.kind).sort()).toEqual(
        article.annotations.map((a) => a.kind).sort(),
      )
    }
  })

  test('groups T lines of one span and status into one annotation', () => {
    const back = parseBrat(
      'ab cd',
      'T1\tquote 0 2\tab\nT2\tspokesperson 0 2\tab\nT3\tquote 3 5\tcd\nA1\tStatus T3 suggested\nT4\tquote 0 2\tab\nA2\tStatus T4 rejected\n',
    )
    expect(back.annotations.map((a) => [a.id, a.start, a.end, a.labels, a.status])).toEqual([
      ['T1', 0, 2, ['quote', 'spokesperson'], 'accepted'],
      ['T3', 3, 5, ['quote'], 'suggested'],
      ['T4', 0, 2, ['quote'], 'rejected'],
    ])
  })
})

describe('parseBrat errors name file, line and field', () => {
  const errorOf = (ann: string, txt = 'hello world') => {
    try {
      parseBrat(txt, ann, 'doc.ann')
    } catch (e) {
      expect(e).toBeInstanceOf(FormatError)
      return e as FormatError
    }
    throw new Error('expected a FormatError')
  }

  test('an offset past the text', () => {
    const e = errorOf('T1\tquote 0 5\thello\nT2\tquote 6 99\tworld\n')
    expect(e.message).toBe('doc.ann:2: T2.end: must be ≥ start and ≤ text length 11 (got 99)')
    expect([e.file, e.line, e.field]).toEqual(['doc.ann', 2, 'T2.end'])
  })

  test('text that does not match the span', () => {
    expect(errorOf('T1\tquote 0 5\tworld').message).toBe(
      'doc.ann:1: T1.text: "world" does not match the text at 0..5 ("hello")',
    )
  })

  test('an unknown status', () => {
    expect(errorOf('T1\tquote 0 5\thello\nA1\tStatus T1 maybe').message).toBe(
      'doc.ann:2: A1.Status: must be one of suggested, accepted, rejected (got "maybe")',
    )
  })

  test('a reference to a missing T line', () => {
    expect(errorOf('T1\tquote 0 5\thello\n\n#1\tAnnotatorNotes T7\tBob').message).toBe(
      'doc.ann:3: #1: refers to "T7", which is no T line',
    )
  })

  test('a malformed T line', () => {
    expect(errorOf('T1\tquote zero 5\thello').message).toBe(
      'doc.ann:1: T1: expected "<label> <start> <end>" (got "quote zero 5")',
    )
  })

  test('a discontinuous span', () => {
    expect(errorOf('T1\tquote 0 2;3 5\the lo').field).toBe('T1')
  })

  test('an unknown line kind', () => {
    expect(errorOf('X1\tfoo').message).toBe('doc.ann:1: unknown line kind "X1"')
  })
})

describe('bratConfig', () => {
  test('entities, Status attribute, colours and names from the taxonomy', () => {
    const taxonomy = createTaxonomy()
    const { annotationConf, visualConf } = bratConfig(taxonomy)
    const entities = annotationConf.split('\n[relations]')[0]!.split('\n').slice(1).filter(Boolean)
    expect(entities).toEqual(taxonomy.labels.map((l) => l.id))
    expect(annotationConf).toContain('Status\tArg:<ENTITY>, Value:suggested|accepted|rejected\n')
    expect(visualConf).toContain('quote | Direct quote\n')
    expect(visualConf).toContain('quote\tbgColor:#f28e2b\n')
    expect(visualConf.indexOf('[labels]')).toBeLessThan(visualConf.indexOf('[drawing]'))
  })
})
