import { readFile } from 'node:fs/promises'
import { ArticleImportError, decodeArticleFile } from '@attrib/core'

/** Exit codes of every `attrib` command. */
export const ExitCode = {
  /** Everything worked. */
  ok: 0,
  /** The command ran but something failed: a file could not be read, parsed or stored. */
  failure: 1,
  /** The command line itself is wrong: unknown command or option, missing argument. */
  usage: 2,
} as const

/** One of {@link ExitCode}'s values. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/** Where a stream-like sink writes; `process.stdout` fits, and so does an array-backed fake in tests. */
export interface TextSink {
  write(text: string): unknown
}

/** The streams a command talks to; `process`'s own in `main.ts`, fakes in tests. */
export interface CommandIo {
  stdout: TextSink
  stderr: TextSink
  /** Read when a command is given `-` as its file. */
  stdin: AsyncIterable<string | Uint8Array>
}

/** The file name that stands for standard input in error messages. */
export const STDIN_NAME = '<stdin>'

/**
 * A file read in the user's words: thrown by {@link readArticleSource}, its message is what follows
 * `<file>: ` on the error line (`no such file`, `is a directory`, ...).
 */
export class SourceReadError extends Error {
  override name = 'SourceReadError'
}

const FS_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'no such file (a parent is not a folder)',
}

/**
 * The text of an article file, or of standard input when `file` is `-`, decoded as UTF-8.
 * Throws a {@link SourceReadError} with a short reason when it cannot be read, is not text or is not UTF-8
 * (core LIM1).
 */
export async function readArticleSource(file: string, stdin: CommandIo['stdin']): Promise<string> {
  let bytes: Uint8Array
  try {
    bytes = file === '-' ? await readAll(stdin) : await readFile(file)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new SourceReadError((code && FS_ERRORS[code]) ?? describeError(e))
  }
  try {
    return decodeArticleFile(bytes)
  } catch (e) {
    // `input: this is not …`: the file is named by the caller.
    if (e instanceof ArticleImportError)
      // A Latin-1 or UTF-16 file fails loudly, not imported with U+FFFD where its accents were.
      throw new SourceReadError(`${e.message.replace(/^input: /, '')}; save it as UTF-8 text and try again`)
    throw e
  }
}

async function readAll(stream: CommandIo['stdin']): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk))
  return Buffer.concat(chunks)
}

/** `error`'s message, or the value itself as text when something other than an Error was thrown. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** A one-line bar redrawn with `\r`, only when the sink is a terminal: logs and pipes get the summary only. */
export function progressBar(sink: CommandIo['stderr'], total: number): { tick(): void; done(): void } {
  const tty = (sink as { isTTY?: boolean }).isTTY === true
  if (!tty || total === 0) return { tick() {}, done() {} }
  const width = 30
  let n = 0
  let drawn = -1
  return {
    tick() {
      n++
      const filled = Math.round((n / total) * width)
      // Redraw only when the bar moves, so a large corpus does not flood the terminal.
      if (filled === drawn && n !== total) return
      drawn = filled
      sink.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${n}/${total} articles`)
    },
    done() {
      sink.write('\r\x1b[K')
    },
  }
}
