import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type ArticleInputAnnotation, buildArticleDoc } from '@attrib/core'

// The seed story annotated by two people (seeds/demo/musk-putin-two-annotators.jsonl), for the tests.

/** The demo story's articles as documents, built as an import builds them. */
export function demoDocs() {
  const file = join(import.meta.dirname, '../../../seeds/demo/musk-putin-two-annotators.jsonl')
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((line) => {
      const r = JSON.parse(line) as {
        id: string
        title: string
        meta: Record<string, string>
        text: string
        annotations: ArticleInputAnnotation[]
      }
      return buildArticleDoc({
        meta: { ...r.meta, id: r.id, title: r.title },
        paragraphs: r.text.split('\n\n'),
        annotations: r.annotations,
      })
    })
}
