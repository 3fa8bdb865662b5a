import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createTaxonomy } from '@attrib/core'
import { describe, expect, it } from 'vitest'
import { CORPUS_FORMATS, corpusFormat, EXPORT_FORMATS, exportFiles, formatTable } from './registry'
import { astralArticle, fromIterable, seedArticles } from './testArticles'

// One contract for every exporter: each writes non-empty files, single-file formats exactly one,
// and articles are pulled lazily (nothing is read before the files are).
describe.each(EXPORT_FORMATS)('export format %s', (format) => {
  const taxonomy = createTaxonomy()
  const articles = [astralArticle(), ...seedArticles()]

  it('writes every article into non-empty files with the right count', async () => {
    const files: { path: string; content: string }[] = []
    for await (const f of exportFiles(format, fromIterable(articles), { taxonomy, name: 'c' })) {
      let content = ''
      for await (const chunk of f.chunks) content += chunk
      files.push({ path: f.path, content })
    }
    if (corpusFormat(format).singleFile) expect(files).toHaveLength(1)
    else expect(files.length).toBeGreaterThan(1)
    for (const f of files) expect(f.content.length, f.path).toBeGreaterThan(0)
    const all = files.map((f) => `${f.path}\n${f.content}`).join('\n')
    // Every article's id appears somewhere (file names, ids or IRIs), except where a format has no ids.
    if (format !== 'conll' && format !== 'sentences-csv')
      for (const a of articles) expect(all).toContain(a.meta.id)
  })

  it('reads articles only as the files are written', async () => {
    let pulled = 0
    async function* lazy() {
      for (const a of articles) {
        pulled++
        yield a
      }
    }
    const files = exportFiles(format, lazy(), { taxonomy, name: 'corpus' })
    expect(pulled).toBe(0)
    for await (const f of files) for await (const _ of f.chunks);
    expect(pulled).toBe(articles.length)
  })
})

describe('[CP1] the format registry', () => {
  it('has one entry per id, each with a name, a description and a media type', () => {
    expect(new Set(EXPORT_FORMATS).size).toBe(CORPUS_FORMATS.length)
    for (const f of CORPUS_FORMATS) {
      expect(f.name.length).toBeGreaterThan(0)
      expect(f.description.length).toBeGreaterThan(0)
      expect(f.mediaType).toMatch(/^[a-z]+\/[a-z0-9.+-]+/)
      expect(f.singleFile || f.mediaType === 'application/zip').toBe(true)
    }
  })

  it("is the README's table of export formats", () => {
    const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8')
    const table = readme.slice(
      readme.indexOf('<!-- formats:start -->\n') + 23,
      readme.indexOf('\n<!-- formats:end -->'),
    )
    // Cells compared trimmed, and the rule row by its dashes' presence: the formatter pads the columns.
    const cells = (markdown: string) =>
      markdown.split('\n').map((row) =>
        row
          .split('|')
          .map((cell) => cell.trim().replace(/^-+$/, '---'))
          .join('|'),
      )
    expect(cells(table), 'README.md: replace the table between the formats markers by formatTable()').toEqual(
      cells(formatTable()),
    )
  })

  it('refuses an unknown format with the list of valid ones', () => {
    expect(() => corpusFormat('xml')).toThrow(/unknown format "xml": use one of jsonl, sentences-csv/)
  })
})
