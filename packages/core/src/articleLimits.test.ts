import { describe, expect, it } from 'vitest'
import type { ArticleInput } from './articleDoc'
import { ARTICLE_LIMITS, checkIsText, decodeArticleFile, fitArticle } from './articleLimits'
import { parseArticle } from './importArticle'
import { ArticleImportError } from './importError'
import { segmentArticle } from './snapshot'

function refusal(run: () => unknown): ArticleImportError {
  try {
    run()
  } catch (e) {
    expect(e).toBeInstanceOf(ArticleImportError)
    return e as ArticleImportError
  }
  throw new Error('expected a refusal')
}

/** `count` sentences of about 150 characters, different from one another. */
function sentences(count: number, from = 0): string[] {
  return Array.from(
    { length: count },
    (_, i) =>
      `The ministry's spokesperson said on Tuesday that the ${from + i}th review of the budget would be published before the end of the month, officials added.`,
  )
}

/** The text of code points [start, end) of `text`. */
function slice(text: string, start: number, end: number): string {
  return [...text].slice(start, end).join('')
}

describe('checkIsText', () => {
  it('[LIM1] a NUL byte refuses the file as not text, naming its line', () => {
    const e = refusal(() => parseArticle('Line one.\nLine\0two.', { fileName: 'bin.txt' }))
    expect(e.message).toMatch(/^bin\.txt:2: this is not text: it holds a NUL byte/)
    expect(e.kind).toBe('not-text')
  })

  it('[LIM1] a binary file without NUL bytes is refused by its content', () => {
    // Random bytes without a zero, read as UTF-8 the way the browser and the CLI read a file.
    let seed = 7
    const bytes = new Uint8Array(4000).map(() => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return 1 + (seed % 255)
    })
    const text = new TextDecoder().decode(bytes)
    const e = refusal(() => parseArticle(text, { fileName: 'story.txt' }))
    expect(e.message).toMatch(/^story\.txt: this is not readable text: [\d,]+ of its [\d,]+ characters/)
    expect(e.kind).toBe('not-text')
  })

  it('[LIM1] known file types are named', () => {
    const pdf = '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nSome text that reads fine.'
    expect(refusal(() => checkIsText(pdf, { file: 'a.txt' })).message).toBe(
      'a.txt: this is not text: it looks like a PDF document',
    )
    const zip = new TextDecoder().decode(new Uint8Array([0x50, 0x4b, 3, 4, 20, 6, 8, 65, 66, 67]))
    expect(refusal(() => checkIsText(zip, { file: 'b.docx' })).message).toMatch(/ZIP archive/)
    const png = new TextDecoder().decode(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 65]))
    expect(refusal(() => checkIsText(png)).message).toMatch(/PNG image/)
  })

  it('[LIM1] text with a few odd characters, and text in any script, is text', () => {
    const text = `Le ministre a déclaré: « Nous sommes prêts. » 他说。她走了。 Ελληνικά. ${'Fine text. '.repeat(30)}\u0007`
    expect(() => checkIsText(text)).not.toThrow()
    expect(parseArticle(text).paragraphs).toHaveLength(1)
  })
})

describe('decodeArticleFile', () => {
  it('[LIM1] a file’s bytes are read as UTF-8; another encoding is refused, not guessed, and a binary file is named as not text', () => {
    const utf8 = new TextEncoder().encode('\uFEFFLe ministre a déclaré « prêt ».')
    expect(decodeArticleFile(utf8)).toBe('Le ministre a déclaré « prêt ».')
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...'Déjà vu.'].flatMap((c) => [c.charCodeAt(0), 0])])
    expect(decodeArticleFile(utf16)).toBe('Déjà vu.')
    // “Café” with curly quotes, as Windows-1252 saves it.
    const cp1252 = new Uint8Array([
      0x93, 0x43, 0x61, 0x66, 0xe9, 0x94, 0x20, 0x6f, 0x70, 0x65, 0x6e, 0x73, 0x2e,
    ])
    const e = refusal(() => decodeArticleFile(cp1252, { file: 'old.txt' }))
    expect(e.message).toBe(
      'old.txt: this is not UTF-8 text (it was saved in another encoding, such as Windows-1252)',
    )
    expect(e.kind).toBe('not-text')
    const pdf = new TextEncoder().encode('%PDF-1.7\n')
    const binary = new Uint8Array([...pdf, 0xff, 0xfe, 0x80])
    expect(refusal(() => decodeArticleFile(binary, { file: 'a.txt' })).message).toMatch(/it looks like a PDF/)
  })
})

describe('fitArticle', () => {
  it('[LIM3] a very long line becomes paragraphs cut at sentence boundaries, none over the limit', () => {
    const all = sentences(400)
    const line = all.join(' ')
    expect(line.length).toBeGreaterThan(5 * ARTICLE_LIMITS.paragraphCharacters)
    const article = parseArticle(`Title: One long line\n\n${line}\n`, { fileName: 'long.txt' })
    expect(article.paragraphs.length).toBeGreaterThan(5)
    for (const p of article.paragraphs)
      expect(p.length).toBeLessThanOrEqual(ARTICLE_LIMITS.paragraphCharacters)
    // The same sentences, in order, none cut.
    const { text, sentences: spans } = segmentArticle(article.paragraphs)
    expect(spans.map((s) => slice(text, s.start, s.end))).toEqual(all)
  })

  it('[LIM3] an article within the limits is returned as it is', () => {
    const input: ArticleInput = { meta: { id: 'a', title: 'A' }, paragraphs: sentences(3) }
    expect(fitArticle(input)).toBe(input)
  })

  it('[LIM3] a corpus record’s annotations follow the text when its paragraph is cut', () => {
    const all = sentences(200)
    // Two spaces, and a sentence with an astral character, before and after cuts.
    const long = `  ${all.slice(0, 100).join('  ')} 𝒜 ${all.slice(100).join(' ')} `
    const paragraphs = ['A short first paragraph.', long, 'The end.']
    const { text, sentences: spans } = segmentArticle(paragraphs)
    const input: ArticleInput = {
      meta: { id: 'c', title: 'C' },
      paragraphs,
      annotations: [
        ...spans.map((s, i) => ({
          kind: 'sentence' as const,
          start: s.start,
          end: s.end,
          labels: ['direct_quote'],
          annotator: `a${i}`,
        })),
        // A span over two sentences, across where a cut will be.
        {
          kind: 'span' as const,
          start: spans[60]!.start,
          end: spans[80]!.end,
          labels: ['x'],
          annotator: 's',
        },
      ],
    }
    const fitted = fitArticle(input)
    expect(fitted.paragraphs.length).toBeGreaterThan(3)
    const after = segmentArticle(fitted.paragraphs).text
    for (const [i, a] of fitted.annotations!.entries()) {
      const was = input.annotations![i]!
      const before = slice(text, was.start, was.end)
      if (a.kind === 'sentence') expect(slice(after, a.start, a.end)).toBe(before)
      else expect(slice(after, a.start, a.end).replace(/\s+/g, ' ')).toBe(before.replace(/\s+/g, ' '))
    }
  })

  it('[LIM2] an article over the size limit is refused, saying its size and the limit', () => {
    const big = 'x'.repeat(ARTICLE_LIMITS.articleCharacters)
    const e = refusal(() =>
      fitArticle({ meta: { id: 'b', title: 'B' }, paragraphs: ['Hello.', big] }, { file: 'big.txt' }),
    )
    expect(e.message).toBe(
      'big.txt: the article has 2,000,006 characters of text; an article may have at most 2,000,000',
    )
    expect(e.kind).toBe('too-large')
  })

  it('[LIM2] an article with more sentences than the limit is refused', () => {
    const many = Array.from({ length: 1000 }, (_, p) =>
      Array.from({ length: 21 }, (_, i) => `Yes ${p}-${i}.`).join(' '),
    )
    const e = refusal(() => fitArticle({ meta: { id: 'm', title: 'M' }, paragraphs: many }))
    expect(e.message).toBe('input: the article has 21,000 sentences; an article may have at most 20,000')
  })

  it('[LIM4] a sentence over the limit is refused, naming its paragraph and beginning', () => {
    const endless = `It began ${'and went on '.repeat(400)}until it stopped.`
    const e = refusal(() => parseArticle(`A first line.\n\n${endless}`, { fileName: 'run-on.md' }))
    expect(e.message).toMatch(
      /^run-on\.md: paragraph 2 has a sentence of 4,\d{3} characters, beginning “It began and went on.*…”; a sentence may have at most 3,000$/,
    )
    expect(e.kind).toBe('too-large')
  })
})
