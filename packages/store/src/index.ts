// @attrib/store: the stores (SQLite, PostgreSQL, memory) with the corpus read model, the one corpus
// pipeline that reads it, and the Redis relay. PgStore (`@attrib/store/postgres`) and RedisRelay
// (`@attrib/store/redis`) have entries of their own, so that processes on SQLite do not load pg and ioredis.
export {
  ARTICLE_ID,
  ArticleDeletedError,
  ArticleExistsError,
  type ArticleRow,
  type ArticleStats,
  type ArticleView,
  applyStoredDocument,
  articleStats,
  articleView,
  checkArticleId,
  DEFAULT_DELETE_RETENTION_MS,
  type DocumentStore,
  type ImportResult,
  importArticles,
  loadDocument,
  loadDocumentNow,
  prepareArticle,
  readLoaded,
  type StoredDocument,
  type StoredView,
  snapshotStats,
  VIEW_VERSION,
  type ViewPart,
} from './articles'
export {
  type CorpusArticle,
  type CorpusDigest,
  type CorpusReader,
  type StoreCorpusReaderOptions,
  storeCorpusReader,
} from './corpus/corpusReader'
export {
  type CorpusExport,
  type ExportCounts,
  ExportParams,
  exportCorpus,
  exportFilter,
} from './corpus/exportCorpus'
export { reindexCorpus } from './corpus/reindex'
export { corpusSources } from './corpus/sources'
export { readTaxonomy, TAXONOMY_SETTING, TaxonomyBody } from './corpus/taxonomy'
export { MemoryStore } from './MemoryStore'
export type { PgStore, PgStoreOptions } from './PgStore'
export type { RedisRelay, RedisRelayOptions } from './RedisRelay'
export { SqliteStore, type SqliteStoreOptions, STORE_SCHEMA_VERSION } from './SqliteStore'
