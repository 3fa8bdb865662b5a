export {
  type AuthOptions,
  authenticateConnection,
  httpToken,
  registerAccessControl,
  SESSION_SECONDS,
  type SessionInfo,
} from './accessControl'
export {
  canWrite,
  MAX_NAME_LENGTH,
  MIN_SECRET_LENGTH,
  type MintOptions,
  mintToken,
  ROLES,
  type Role,
  readCookie,
  TOKEN_COOKIE,
  TokenError,
  type TokenErrorReason,
  type TokenUser,
  tokenExpiry,
  verifyToken,
} from './auth'
export {
  type CorpusArticle,
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
export { readTaxonomy, TAXONOMY_SETTING } from './corpus/taxonomy'
export {
  type ApiError,
  type AttribServer,
  type CatalogEntry,
  catalogEntry,
  createServer,
  type ServerOptions,
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
  redactUrl,
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
export type { RedisRelay, RedisRelayOptions } from './RedisRelay'
export { type DocumentHookContext, LOAD_ORIGIN, RELAY_ORIGIN } from './Room'
export type { RelayListener, RelaySubscription, RoomRelay } from './relay'
export { findWorkspaceRoot, importSeeds, type SeedResult } from './seeds'
export {
  DATABASE_FILE,
  isLoopback,
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
  ArticleDeletedError,
  ArticleExistsError,
  type ArticleRow,
  type ArticleStats,
  articleStats,
  checkArticleId,
  DEFAULT_DELETE_RETENTION_MS,
  type DocumentStore,
  type ImportResult,
  importArticles,
  loadDocument,
  loadDocumentNow,
  readLoaded,
  type StoredDocument,
} from './store/DocumentStore'
export { MemoryStore } from './store/MemoryStore'
// PgStore (`@attrib/server/postgres`) and RedisRelay (`@attrib/server/redis`) have entries of their own, so
// that processes on SQLite do not load pg and ioredis; startServer imports them only when configured.
export type { PgStore, PgStoreOptions } from './store/PgStore'
export { SqliteStore, type SqliteStoreOptions, STORE_SCHEMA_VERSION } from './store/SqliteStore'
export {
  type AuthenticateResult,
  type ConnectionAccess,
  type ConnectionContext,
  ConnectionRefusedError,
  type DisconnectContext,
  YServer,
  type YServerOptions,
} from './YServer'
