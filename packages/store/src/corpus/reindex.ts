import type { DocumentStore } from '@attrib/sync'
import { rebuildView } from '../articles'

/**
 * Computes every article's read-model view again from its document and stores it (`attrib reindex`):
 * after a restore from a backup, a hand-edited database, or to build the views of a large store at once
 * rather than as readers meet them. One document in memory at a time. `onArticle` is told after each.
 * @example
 * await reindexCorpus(store, (done, total) => bar.tick(done, total))
 */
export async function reindexCorpus(
  store: DocumentStore,
  onArticle: (done: number, total: number) => void = () => {},
): Promise<{ articles: number }> {
  const rows = await store.listArticles()
  let done = 0
  for (const row of rows) {
    await rebuildView(store, row.id)
    onArticle(++done, rows.length)
  }
  return { articles: done }
}
