import { InvalidArgumentError, Option } from 'commander'
import type { CommandIo } from './io'

// The options and parsers several commands of `attrib` share.

/** What the program needs besides its streams: the environment, the working folder and how serve stops. */
export interface ProgramContext extends CommandIo {
  env: NodeJS.ProcessEnv
  cwd: string
  /** Resolves with the signal's name when `attrib serve` should stop; called only by `serve`. */
  waitForStop(): Promise<string>
}

/** How `attrib segment` and `attrib suggest` may read a file. */
export const FORMATS = ['text', 'markdown', 'html'] as const

/** Commander's output on the context's streams; errors as one line `<command>: <message> (see <command> --help)`. */
export function output(command: string, context: CommandIo) {
  return {
    writeOut: (text: string) => context.stdout.write(text),
    writeErr: (text: string) => context.stderr.write(text),
    outputError: (text: string, write: (text: string) => void) =>
      write(`${command}: ${text.replace(/^error: /, '').trimEnd()} (see ${command} --help)\n`),
  }
}

export function formatOption(): Option {
  return new Option('-f, --format <format>', 'how to read the file (default: from its extension)').choices(
    FORMATS,
  )
}

/** Parses `--from`/`--to`: a real calendar date written `YYYY-MM-DD`. */
export function parseDate(value: string): string {
  const date = new Date(`${value}T00:00:00Z`)
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(date.getTime()) ||
    !date.toISOString().startsWith(value)
  )
    throw new InvalidArgumentError('Expected a date written YYYY-MM-DD.')
  return value
}

/** A repeatable option's parser: each occurrence adds its comma-separated values (`--label a,b --label c`). */
export function collectList(allowed?: readonly string[]) {
  return (value: string, previous: string[] | undefined): string[] => {
    const values = value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '')
    if (values.length === 0) throw new InvalidArgumentError('Expected at least one value.')
    const bad = allowed && values.find((v) => !allowed.includes(v))
    if (bad) throw new InvalidArgumentError(`Allowed values are ${allowed.join(', ')}.`)
    return [...(previous ?? []), ...values]
  }
}

/** A repeatable option's parser that keeps each value whole (annotator names may hold commas). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

export function dataOption(): Option {
  return new Option('-d, --data <dir>', 'folder of the store attrib.sqlite (default: <repo>/data)').env(
    'DATA_DIR',
  )
}

/** The `--postgres` option of commands that read a store: the database `attrib serve --postgres` uses. */
export function postgresOption(): Option {
  return new Option(
    '--postgres <url>',
    'read the PostgreSQL store instead of the SQLite file (postgres://user:password@host:5432/db)',
  ).env('POSTGRES_URL')
}

/** A repeatable option whose values may also be comma-separated (`--outlet A --outlet B,C`). */
export function listOption(flags: string, description: string): Option {
  return new Option(flags, description).argParser(collectList())
}
