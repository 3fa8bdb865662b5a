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
  checkArticleId,
  type DocumentStore,
  type SentenceLabelRow,
  type SentenceMatch,
  type SentenceQuery,
  type SentenceRow,
  type SentenceRows,
  type StoredDocument,
  type StoredView,
  type ViewPart,
} from '@attrib/sync'
export {
  articleStats,
  articleView,
  DEFAULT_DELETE_RETENTION_MS,
  type ImportResult,
  importArticles,
  loadDocument,
  loadDocumentNow,
  prepareArticle,
  readLoaded,
  sentenceRows,
  snapshotStats,
  VIEW_VERSION,
} from './articles'
export {
  type CorpusArticle,
  type CorpusDigest,
  type CorpusReader,
  type StoreCorpusReaderOptions,
  storeCorpusReader,
} from './corpus/corpusReader'
export { corpusCoverage } from './corpus/coverage'
export {
  type CorpusExport,
  type ExportCounts,
  ExportParams,
  exportCorpus,
  exportFilter,
} from './corpus/exportCorpus'
export { articleHistory, HISTORY_FORMATS, HistoryParams, historyCsv, historyJsonl } from './corpus/history'
export {
  CorpusRefused,
  type RecordStream,
  recordToInput,
  type StoreCorpusOptions,
  type StoredCorpus,
  storeCorpus,
  storeCorpusStream,
  withImportedLabels,
} from './corpus/importCorpus'
export { jsonlFileRecords } from './corpus/jsonlFile'
export { CalendarDate, CommaList } from './corpus/queryParams'
export { reindexCorpus } from './corpus/reindex'
export {
  allSentencesCsv,
  checkSentencesParams,
  type FoundLabel,
  type FoundSentence,
  MAX_SENTENCES,
  SENTENCE_FORMATS,
  type SentenceSearch,
  SentencesParams,
  searchSentences,
  sentencesCsv,
  UnknownSearchValue,
} from './corpus/sentences'
export { changeDecisions, readDecisions } from './corpus/sourceDecisions'
export {
  corpusSourceParts,
  corpusSources,
  OutletsParams,
  SourceParams,
  SourcesParams,
  sourceQuery,
} from './corpus/sources'
export { type SuggestCorpusOptions, type SuggestCorpusResult, suggestCorpus } from './corpus/suggestCorpus'
export { readTaxonomy, TAXONOMY_SETTING, TaxonomyBody } from './corpus/taxonomy'
export { MemoryStore } from './MemoryStore'
export type { PgStore, PgStoreOptions } from './PgStore'
export type { RedisRelay, RedisRelayOptions } from './RedisRelay'
export { SqliteStore, type SqliteStoreOptions, STORE_SCHEMA_VERSION } from './SqliteStore'
