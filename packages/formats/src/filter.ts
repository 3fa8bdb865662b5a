import { type AnnotationStatus, type ArticleSnapshot, type Layer, selectLayer } from '@attrib/core'

/** What an export keeps: articles by id and date, annotations by label, annotator and status. */
export interface ExportFilter {
  /** Only these articles. */
  ids?: string[]
  /** Only annotations carrying at least one of these labels (other labels of such an annotation stay). */
  labels?: string[]
  /** Only annotations by these annotators. */
  annotators?: string[]
  /** Only annotations with these statuses, e.g. `['accepted']`. */
  statuses?: AnnotationStatus[]
  /** Only articles dated on or after this ISO date (`YYYY-MM-DD`); undated articles are left out. */
  from?: string
  /** Only articles dated on or before this ISO date; undated articles are left out. */
  to?: string
  /**
   * Which layer of annotations: `auto` (the default) is the adjudicated layer of an article that has
   * one and every annotation of the others; `final` only adjudicated annotations; `all` every layer.
   */
  layer?: Layer
}

/** Whether an article passes the filter's article-level conditions (ids, dates); cheap, before loading it. */
export function keepArticle(meta: { id: string; date?: string | null }, filter: ExportFilter): boolean {
  if (filter.ids && !filter.ids.includes(meta.id)) return false
  if (filter.from || filter.to) {
    if (!meta.date) return false
    if (filter.from && meta.date < filter.from) return false
    if (filter.to && meta.date > filter.to) return false
  }
  return true
}

/** The article with only the annotations the filter keeps, or null when the article itself is filtered out. */
export function filterArticle(snapshot: ArticleSnapshot, filter: ExportFilter): ArticleSnapshot | null {
  if (!keepArticle({ id: snapshot.meta.id, date: snapshot.meta.date }, filter)) return null
  const article = selectLayer(snapshot, filter.layer ?? 'auto')
  const { labels, annotators, statuses } = filter
  if (!labels && !annotators && !statuses) return article
  return {
    ...article,
    annotations: article.annotations.filter(
      (a) =>
        (!labels || a.labels.some((l) => labels.includes(l))) &&
        (!annotators || annotators.includes(a.annotator)) &&
        (!statuses || statuses.includes(a.status)),
    ),
  }
}
