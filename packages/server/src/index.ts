export {
  type ApiError,
  type AttribServer,
  type CatalogEntry,
  catalogEntry,
  createServer,
  readTaxonomy,
  type ServerOptions,
  TAXONOMY_SETTING,
} from './createServer'
export {
  consoleLogger,
  createLogger,
  describeError,
  LOG_FORMATS,
  LOG_LEVELS,
  type LogFormat,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  silentLogger,
} from './logger'
export { type MetricsSource, ServerMetrics } from './metrics'
export {
  BadMessageError,
  CloseCode,
  messageAuth,
  messageAwareness,
  messageQueryAwareness,
  messageSync,
} from './protocol'
export { type DocumentHookContext, LOAD_ORIGIN } from './Room'
export { findWorkspaceRoot, importSeeds, type SeedResult } from './seeds'
export {
  DATABASE_FILE,
  readServerConfig,
  SERVER_ENV,
  type ServerConfig,
  ServerConfigError,
  ShutdownTimeoutError,
  type StartedServer,
  type StartServerOptions,
  startOptions,
  startServer,
  stopOnSignals,
} from './startServer'
export {
  ARTICLE_ID,
  ArticleExistsError,
  type ArticleRow,
  type ArticleStats,
  articleStats,
  checkArticleId,
  type DocumentStore,
  type ImportResult,
  importArticles,
  loadDocument,
  type StoredDocument,
} from './store/DocumentStore'
export { MemoryStore } from './store/MemoryStore'
export { SqliteStore, type SqliteStoreOptions, STORE_SCHEMA_VERSION } from './store/SqliteStore'
export {
  type ConnectionContext,
  type DisconnectContext,
  YServer,
  type YServerOptions,
} from './YServer'
