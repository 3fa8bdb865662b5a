/** Where the server reports what happened; `details` is a flat, JSON-friendly object. */
export interface Logger {
  /** Optional: loggers written before levels existed have no `debug`. */
  debug?(message: string, details?: Record<string, unknown>): void
  info(message: string, details?: Record<string, unknown>): void
  warn(message: string, details?: Record<string, unknown>): void
  error(message: string, details?: Record<string, unknown>): void
}

/** Severities, least severe first; a logger at one level drops the ones before it. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const
/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number]

/** How {@link createLogger} writes a line: JSON for log collectors, text for people. */
export const LOG_FORMATS = ['text', 'json'] as const
/** One of {@link LOG_FORMATS}. */
export type LogFormat = (typeof LOG_FORMATS)[number]

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Lines below this level are dropped. Default `info`. */
  level?: LogLevel
  /** Default `text`. */
  format?: LogFormat
  /** Where lines go. Default `process.stderr`. */
  stream?: { write(line: string): unknown }
  /** The clock, for tests. */
  now?: () => Date
}

/**
 * A logger writing one line per message. `json`: one object per line,
 * `{"time","level","msg",...details}` (details never overwrite those three keys);
 * `text`: `<ISO time> <LEVEL> <message> <details as JSON>`.
 * @example
 * const logger = createLogger({ level: 'debug', format: 'json' })
 * logger.info('room loaded', { room: 'story' })
 * // {"time":"2026-12-01T14:38:51.000Z","level":"info","msg":"room loaded","room":"story"}
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level ?? 'info')
  const format = options.format ?? 'text'
  const now = options.now ?? (() => new Date())
  const write = (level: LogLevel, message: string, details?: Record<string, unknown>) => {
    if (LOG_LEVELS.indexOf(level) < threshold) return
    const stream = options.stream ?? process.stderr
    const time = now().toISOString()
    const { time: _time, level: _level, msg: _msg, ...fields } = details ?? {}
    const line =
      format === 'json'
        ? safeJson({ time, level, msg: message, ...fields })
        : `${time} ${level.toUpperCase().padEnd(5)} ${message}${details && Object.keys(details).length > 0 ? ` ${safeJson(details)}` : ''}`
    stream.write(`${line}\n`)
  }
  return {
    debug: (message, details) => write('debug', message, details),
    info: (message, details) => write('info', message, details),
    warn: (message, details) => write('warn', message, details),
    error: (message, details) => write('error', message, details),
  }
}

/** Writes warnings and errors to stderr as text, one line each; info and debug are dropped. */
export const consoleLogger: Logger = createLogger({ level: 'warn', format: 'text' })

/** Drops everything; for tests that provoke errors on purpose. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }

/** `error` as a string for logs and close reasons. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

// A log call must never throw (a BigInt or a cycle in `details` would): fall back to the message alone.
function safeJson(value: Record<string, unknown>): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
  } catch {
    const { time, level, msg } = value
    return JSON.stringify({ time, level, msg, details: 'unserialisable' })
  }
}

/** `url` with its password replaced by `***`, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return 'the given URL'
  }
}
