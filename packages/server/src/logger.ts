/** Where the server reports what happened; `details` is a flat, JSON-friendly object. */
export interface Logger {
  info(message: string, details?: Record<string, unknown>): void
  warn(message: string, details?: Record<string, unknown>): void
  error(message: string, details?: Record<string, unknown>): void
}

/** Writes warnings and errors to stderr, one line each; info is dropped. */
export const consoleLogger: Logger = {
  info() {},
  warn(message, details) {
    console.warn(`attrib server: ${message}${details ? ` ${JSON.stringify(details)}` : ''}`)
  },
  error(message, details) {
    console.error(`attrib server: ${message}${details ? ` ${JSON.stringify(details)}` : ''}`)
  },
}

/** Drops everything; for tests that provoke errors on purpose. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} }

/** `error` as a string for logs and close reasons. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
