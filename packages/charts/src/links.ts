import type { ArticleCoverage } from '@attrib/review'

/**
 * Where the editor shows an article, optionally with sentences picked out: `#/a/<id>`,
 * `#/a/<id>?s=3,7` (those sentence indices) or `#/a/<id>?label=quote` (the sentences carrying a label).
 * `base` goes in front: `''` in the web app, the server's URL in a report opened from disk.
 * @example
 * editorHref('a1', { label: 'quote' }) // '#/a/a1?label=quote'
 */
export function editorHref(
  id: string,
  select: { sentences?: readonly number[]; label?: string } = {},
  base = '',
): string {
  const params: string[] = []
  if (select.sentences) params.push(`s=${select.sentences.join(',')}`)
  if (select.label !== undefined) params.push(`label=${encodeURIComponent(select.label)}`)
  return `${base}#/a/${encodeURIComponent(id)}${params.length > 0 ? `?${params.join('&')}` : ''}`
}

/** The editor link of an article's unattributed sentences (`#/a/<id>?s=<their indices>`). */
export function unattributedHref(article: ArticleCoverage, base = ''): string {
  return editorHref(article.id, { sentences: article.unattributed.map((u) => u.index) }, base)
}

/** Where the Sources page shows a source's citations: `#/sources/<id>`, with `base` in front. */
export function sourceHref(id: string, base = ''): string {
  return `${base}#/sources/${encodeURIComponent(id)}`
}
