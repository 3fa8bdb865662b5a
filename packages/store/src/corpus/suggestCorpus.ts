import { type AuditRecord, addAnnotationsAtOffsets, Origin, readArticle, SUGGESTER } from '@attrib/core'
import { articleSuggestions, suggestionAnnotations } from '@attrib/review'
import { type ArticleRow, annotationChanges, applyStoredDocument, type DocumentStore } from '@attrib/sync'
import * as Y from 'yjs'
import { articleView, rebuildView } from '../articles'

/** Which stored articles {@link suggestCorpus} pre-annotates: all by default. */
export interface SuggestCorpusOptions {
  ids?: readonly string[]
  outlets?: readonly string[]
  stories?: readonly string[]
  /** Count what would be added, store nothing. */
  dryRun?: boolean
  /** Told first how many articles will be looked at. */
  onStart?: (articles: number) => void
  /** Told after each article with what it got. */
  onArticle?: (id: string, suggestions: number) => void
}

/** What {@link suggestCorpus} did. */
export interface SuggestCorpusResult {
  /** The articles looked at, in id order. */
  articles: string[]
  /** Articles that got at least one suggestion. */
  changed: number
  /** Suggestions added (one per sentence). */
  suggestions: number
}

const selected = (row: ArticleRow, o: SuggestCorpusOptions) =>
  (!o.ids || o.ids.includes(row.id)) &&
  (!o.outlets || o.outlets.includes(row.outlet ?? '')) &&
  (!o.stories || o.stories.includes(row.story ?? ''))

/**
 * Pre-annotates stored articles with the rule-based suggester, as the editor's "Suggest all" does: on each
 * sentence the suggester attributes and nobody has labelled so (and that holds no machine suggestion
 * yet, so running it twice adds nothing), a `suggested` annotation by `attrib-suggest` (SPEC CP6). Each
 * article's suggestions are one update appended to its log with their audit records, so the history
 * shows them and a live room reads them back from the store; its view is then computed again.
 * One document in memory at a time, in id order.
 */
export async function suggestCorpus(
  store: DocumentStore,
  options: SuggestCorpusOptions = {},
): Promise<SuggestCorpusResult> {
  const result: SuggestCorpusResult = { articles: [], changed: 0, suggestions: 0 }
  const rows = (await store.listArticles()).filter((row) => selected(row, options))
  options.onStart?.(rows.length)
  for (const row of rows) {
    result.articles.push(row.id)
    const stored = await store.load(row.id)
    if (!stored.snapshot && stored.updates.length === 0) {
      options.onArticle?.(row.id, 0)
      continue
    }
    const doc = new Y.Doc({ guid: row.id })
    try {
      applyStoredDocument(doc, stored, 'attrib:load')
      const suggestions = articleSuggestions(readArticle(doc))
      options.onArticle?.(row.id, suggestions.length)
      if (suggestions.length === 0) continue
      result.changed++
      result.suggestions += suggestions.length
      if (options.dryRun) continue
      const before = Y.encodeStateVector(doc)
      const at = new Date().toISOString()
      const audit: AuditRecord[] = []
      const record = (transaction: Y.Transaction) => {
        for (const change of annotationChanges(doc, transaction))
          audit.push({ ...change, user: SUGGESTER, at })
      }
      doc.on('afterTransaction', record)
      addAnnotationsAtOffsets(doc, suggestionAnnotations(suggestions), Origin.suggest)
      doc.off('afterTransaction', record)
      const seq = await store.appendUpdates(row.id, [Y.encodeStateAsUpdate(doc, before)], audit)
      // The document in hand is the stored one when nobody appended in between; else read it again.
      if (seq === stored.seq + 1) await store.writeView(row.id, articleView(readArticle(doc), seq))
      else await rebuildView(store, row.id)
    } finally {
      doc.destroy()
    }
  }
  return result
}
