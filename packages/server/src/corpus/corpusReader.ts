import { type ArticleSnapshot, readArticle, type Taxonomy } from '@attrib/core'
import type * as Y from 'yjs'
import { type ArticleRow, type DocumentStore, loadDocument, readLoaded } from '../store/DocumentStore'
import { readTaxonomy } from './taxonomy'

/**
 * What every corpus job (export, coverage) reads, whoever runs it: the CLI over a store it opened, or the
 * HTTP routes over the server's store and its live rooms. One interface, so both run the same pipeline.
 */
export interface CorpusReader {
  /** The catalog, ordered by id. */
  listArticles(): Promise<ArticleRow[]>
  /** One article's snapshot (the freshest there is), or null when it does not exist. */
  readSnapshot(id: string): Promise<ArticleSnapshot | null>
  /** The project's labels. */
  readTaxonomy(): Promise<Taxonomy>
}

/**
 * The corpus of `store`. With `live` (the server's rooms), an article loaded in a room is read from the
 * room's document, which may be ahead of the store by the updates of the current turn.
 */
export function storeCorpusReader(
  store: DocumentStore,
  live?: (id: string) => Y.Doc | undefined,
): CorpusReader {
  return {
    listArticles: () => store.listArticles(),
    async readSnapshot(id) {
      const doc = live?.(id)
      return doc ? readArticle(doc) : readLoaded(await loadDocument(store, id), readArticle)
    },
    readTaxonomy: () => readTaxonomy(store),
  }
}
