// @attrib/sync: the y-websocket sync engine — rooms, the wire protocol, close codes, the hooks a server
// composes it with, and the interfaces a store and a relay implement. No HTTP framework, no database or
// Redis driver.

export { annotationChanges } from './audit'
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
  type ReadView,
  type SentenceLabelRow,
  type SentenceMatch,
  type SentenceQuery,
  type SentenceRow,
  type SentenceRows,
  type StoredDocument,
  type StoredView,
  type ViewPart,
} from './documentStore'
export { malformedEdit, REVIEWER_SETTINGS, reviewerOnlyEdit } from './editRules'
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
export {
  BadMessageError,
  type ClientMessage,
  CloseCode,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  messageAuth,
  messageAwareness,
  messageQueryAwareness,
  messageSync,
  parseMessage,
  validateAwarenessUpdate,
  validateStateVector,
  validateUpdate,
} from './protocol'
export { LOAD_ORIGIN, RELAY_ORIGIN, Room } from './Room'
export type { RelayListener, RelaySubscription, RoomRelay } from './relay'
export type { DocumentHookContext, RoomConnection, RoomCounters, RoomOptions } from './roomTypes'
export {
  type AuthenticateResult,
  type ConnectionAccess,
  type ConnectionContext,
  ConnectionRefusedError,
  type DisconnectContext,
  YServer,
  type YServerOptions,
} from './YServer'
