import { createTaxonomy } from '@attrib/core'
import { describe, expect, it } from 'vitest'
import { EXPORT_FORMATS, exportFiles, isSingleFile } from './exportCorpus'
import { astralArticle, seedArticles } from './testArticles'

// One contract for every exporter: each writes non-empty files, single-file formats exactly one,
// and articles are pulled lazily (nothing is read before the files are).
describe.each(EXPORT_FORMATS)('export format %s', (format) => {
  const taxonomy = createTaxonomy()
  const articles = [astralArticle(), ...seedArticles()]

  it('writes every article into non-empty files with the right count', () => {
    const files = [...exportFiles(format, articles, { taxonomy, name: 'c' })].map((f) => ({
      path: f.path,
      content: [...f.chunks].join(''),
    }))
    if (isSingleFile(format)) expect(files).toHaveLength(1)
    else expect(files.length).toBeGreaterThan(1)
    for (const f of files) expect(f.content.length, f.path).toBeGreaterThan(0)
    const all = files.map((f) => `${f.path}\n${f.content}`).join('\n')
    // Every article's id appears somewhere (file names, ids or IRIs), except where a format has no ids.
    if (format !== 'conll' && format !== 'sentences-csv')
      for (const a of articles) expect(all).toContain(a.meta.id)
  })

  it('reads articles only as the files are written', () => {
    let pulled = 0
    function* lazy() {
      for (const a of articles) {
        pulled++
        yield a
      }
    }
    const files = exportFiles(format, lazy(), { taxonomy })
    expect(pulled).toBe(0)
    for (const f of files) for (const _ of f.chunks);
    expect(pulled).toBe(articles.length)
  })
})
