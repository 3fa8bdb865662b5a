import { type ArticleSnapshot, readArticle, type SkippedRecord, type Taxonomy } from '@attrib/core'
import { type ArticleDigest, articleDigest } from '@attrib/review'
import type { ArticleRow, DocumentStore, StoredView } from '@attrib/sync'
import * as Y from 'yjs'
import { rebuildView, VIEW_VERSION } from '../articles'
import { readTaxonomy } from './taxonomy'

/** One article as a corpus reader gives it, with a version that changes whenever the snapshot may. */
export interface CorpusArticle {
  id: string
  /** Null when the article has no document. */
  snapshot: ArticleSnapshot | null
  /** `live:<state vector>` for a document loaded in a room, `view:<seq>:<read-model version>` otherwise. */
  version: string
}

/** One article's digest as a corpus reader gives it; null when the article has no document. */
export interface CorpusDigest {
  id: string
  digest: ArticleDigest | null
}

/**
 * What every corpus job (export, coverage, the dashboard) reads, whoever runs it: the CLI over a store it
 * opened, or the HTTP routes over the server's store and its live rooms. One interface, so both run the
 * same pipeline.
 */
export interface CorpusReader {
  /** The catalog, ordered by id. */
  listArticles(): Promise<ArticleRow[]>
  /** One article's snapshot (the freshest there is), or null when it does not exist. */
  readSnapshot(id: string): Promise<ArticleSnapshot | null>
  /**
   * The articles `ids`, in that order, read in pages from the corpus read model: a stored view that is as
   * new as its document is parsed, never the document decoded; a missing or stale view is computed from
   * the document and stored.
   */
  readArticles(ids: readonly string[]): AsyncIterable<CorpusArticle>
  /**
   * The digests of the articles `ids` (the dashboard's figures, see `articleDigest`), in that order, read
   * from the read model without their snapshots; computed again like a stale view when needed.
   */
  readDigests(ids: readonly string[]): AsyncIterable<CorpusDigest>
  /** The project's labels. */
  readTaxonomy(): Promise<Taxonomy>
}

/** Options of {@link storeCorpusReader}. */
export interface StoreCorpusReaderOptions {
  /** The server's live rooms: an article loaded in a room is read from the room's document. */
  live?: (id: string) => Y.Doc | undefined
  /** Told of each view computed again from its document, with why (`missing`, `stale`, `unreadable`). */
  onRecompute?: (id: string, reason: 'missing' | 'stale' | 'unreadable') => void
  /**
   * Told once per article version of the malformed records its snapshot left out (written before the
   * server checked the document's shape), so the server can log them.
   */
  onSkipped?: (id: string, skipped: SkippedRecord[]) => void
  /** Articles per read of the read model (default 64): what a reader holds ahead of its consumer. */
  pageSize?: number
}

/**
 * The corpus of `store`, read through its read model (`views`, see {@link DocumentStore.readViews}). A view
 * is trusted only when it was computed from the document's current sequence number by code of the current
 * read-model version ({@link VIEW_VERSION}); otherwise the document is decoded once, and the view written
 * back so the next reader finds it.
 */
export function storeCorpusReader(
  store: DocumentStore,
  options: StoreCorpusReaderOptions = {},
): CorpusReader {
  const { live, onRecompute, onSkipped } = options
  const pageSize = options.pageSize ?? 64
  // Article versions whose skipped records were reported, so a reader of the corpus reports each once.
  const reported = new Set<string>()
  const report = (article: CorpusArticle): CorpusArticle => {
    const skipped = article.snapshot?.skipped
    if (onSkipped && skipped && skipped.length > 0) {
      const key = `${article.id}\u0000${article.version}`
      if (!reported.has(key)) {
        reported.add(key)
        onSkipped(article.id, skipped)
      }
    }
    return article
  }

  async function recompute(id: string): Promise<CorpusArticle> {
    const built = await rebuildView(store, id)
    if (!built) return { id, snapshot: null, version: 'none' }
    return { id, snapshot: built.snapshot, version: `view:${built.seq}:${VIEW_VERSION}` }
  }

  async function* readArticles(ids: readonly string[]): AsyncIterable<CorpusArticle> {
    for (let at = 0; at < ids.length; at += pageSize) {
      const page = ids.slice(at, at + pageSize)
      const views: StoredView[] = await store.readViews(page)
      for (const stored of views) {
        const doc = live?.(stored.id)
        if (doc) {
          const sv = Buffer.from(Y.encodeStateVector(doc)).toString('base64')
          yield report({ id: stored.id, snapshot: readArticle(doc), version: `live:${sv}` })
          continue
        }
        const { view } = stored
        if (view && view.version === VIEW_VERSION && view.seq === stored.seq) {
          try {
            yield report({
              id: stored.id,
              snapshot: JSON.parse(view.json) as ArticleSnapshot,
              version: `view:${view.seq}:${view.version}`,
            })
            continue
          } catch {
            onRecompute?.(stored.id, 'unreadable')
          }
        } else onRecompute?.(stored.id, view ? 'stale' : 'missing')
        yield report(await recompute(stored.id))
      }
    }
  }

  async function* readDigests(ids: readonly string[]): AsyncIterable<CorpusDigest> {
    for (let at = 0; at < ids.length; at += pageSize) {
      const views = await store.readViews(ids.slice(at, at + pageSize), 'digest')
      for (const stored of views) {
        const doc = live?.(stored.id)
        if (doc) {
          yield { id: stored.id, digest: articleDigest(readArticle(doc)) }
          continue
        }
        const { view } = stored
        if (view && view.version === VIEW_VERSION && view.seq === stored.seq && view.json !== '') {
          try {
            yield { id: stored.id, digest: JSON.parse(view.json) as ArticleDigest }
            continue
          } catch {
            onRecompute?.(stored.id, 'unreadable')
          }
        } else onRecompute?.(stored.id, view ? 'stale' : 'missing')
        const { snapshot } = report(await recompute(stored.id))
        yield { id: stored.id, digest: snapshot && articleDigest(snapshot) }
      }
    }
  }

  return {
    listArticles: () => store.listArticles(),
    readDigests,
    async readSnapshot(id) {
      for await (const article of readArticles([id])) return article.snapshot
      return null
    },
    readArticles,
    readTaxonomy: () => readTaxonomy(store),
  }
}
