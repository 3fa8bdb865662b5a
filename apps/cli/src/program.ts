import { readFileSync } from 'node:fs'
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { type CommandIo, describeError, ExitCode } from './io'

/** What the program needs besides its streams: the environment, the working folder and how serve stops. */
export interface ProgramContext extends CommandIo {
  env: NodeJS.ProcessEnv
  cwd: string
  /** Resolves with the signal's name when `attrib serve` should stop; called only by `serve`. */
  waitForStop(): Promise<string>
}

const FORMATS = ['text', 'markdown', 'html'] as const
const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version

/** Parses `--port`/`PORT`: a whole number from 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new InvalidArgumentError('Expected a whole number from 0 to 65535.')
  }
  return Number(value)
}

/** Commander's output on the context's streams; errors as one line `<command>: <message> (see <command> --help)`. */
function output(command: string, context: CommandIo) {
  return {
    writeOut: (text: string) => context.stdout.write(text),
    writeErr: (text: string) => context.stderr.write(text),
    outputError: (text: string, write: (text: string) => void) =>
      write(`${command}: ${text.replace(/^error: /, '').trimEnd()} (see ${command} --help)\n`),
  }
}

function formatOption(): Option {
  return new Option('-f, --format <format>', 'how to read the file (default: from its extension)').choices(
    FORMATS,
  )
}

function dataOption(): Option {
  return new Option('-d, --data <dir>', 'folder of the store attrib.sqlite (default: <repo>/data)').env(
    'DATA_DIR',
  )
}

/**
 * Runs `attrib` with `argv` (the arguments after the program's name) and returns its exit code:
 * {@link ExitCode.ok}, {@link ExitCode.failure} when a command failed, {@link ExitCode.usage} for a bad
 * command line (commander has then written one line, or the help, to `stderr`).
 * @example
 * await runCli(['segment', 'seeds/000_cdf3ea4d863409f1.txt'], context) // 0
 */
export async function runCli(argv: string[], context: ProgramContext): Promise<number> {
  let code: number = ExitCode.ok
  const program = new Command('attrib')
  program
    .description('Source-attribution annotation editor for news text: import, segment and serve articles.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .configureOutput(output('attrib', context))
    .exitOverride()
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      `
Exit codes: 0 done, 1 a file or the server failed, 2 bad command line.

Examples:
  $ pnpm attrib serve --port 8080
  $ pnpm attrib import notes/*.md --outlet "Kyiv Independent"
  $ pnpm attrib segment seeds/000_cdf3ea4d863409f1.txt`,
    )

  program
    .command('serve')
    .configureOutput(output('attrib serve', context))
    .summary('start the web app, the HTTP API and the collaboration websocket')
    .description(
      'Start the web app, the HTTP API and the collaboration websocket on one port, as `pnpm start` does ' +
        '(without building the web app). Prints the URL; stops cleanly on Ctrl-C (SIGINT) or SIGTERM.',
    )
    .addOption(
      new Option('-p, --port <n>', 'port; 0 picks a free one').env('PORT').default(4455).argParser(parsePort),
    )
    .addOption(new Option('-H, --host <host>', 'address to listen on').env('HOST').default('0.0.0.0'))
    .addOption(dataOption())
    .addHelpText(
      'after',
      `
Also read from the environment, as by the server: WEB_ROOT (default <repo>/apps/web/dist),
SEEDS_DIR (default <repo>/seeds: imported when the store has no article yet), SQLITE_SYNCHRONOUS=FULL.

Example:
  $ pnpm attrib serve --port 8080 --data /tmp/attrib-data
  attrib serve: listening on http://localhost:8080 (store /tmp/attrib-data; Ctrl-C stops)`,
    )
    .action(async (options: { port: number; host: string; data?: string }) => {
      const [{ serveCommand }, { serverPaths }] = await Promise.all([
        import('./serveCommand'),
        import('./paths'),
      ])
      const paths = serverPaths({ env: context.env, cwd: context.cwd, dataDir: options.data })
      code = await serveCommand(
        {
          ...paths,
          port: options.port,
          host: options.host || '0.0.0.0',
          synchronous: context.env.SQLITE_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL',
        },
        context,
        context.waitForStop(),
      )
    })

  program
    .command('import')
    .configureOutput(output('attrib import', context))
    .summary('store article files (text, Markdown, HTML) as new articles')
    .description(
      'Parse article files (plain text, Markdown or HTML) and store them as new articles, one per file. ' +
        'A file that fails is reported on stderr and the others are still imported. Works while a server ' +
        'runs on the same store.',
    )
    .argument('<file...>', 'article files; the id is the file name without its extension')
    .addOption(dataOption())
    .addOption(formatOption())
    .option('--id <id>', 'article id (only with one file)')
    .option('--outlet <name>', 'outlet of every imported article')
    .option('--story <id>', 'story of every imported article (articles on the same event)')
    .option('--skip-existing', 'skip files whose id is already stored instead of failing')
    .addHelpText(
      'after',
      `
Example:
  $ pnpm attrib import seeds/000_cdf3ea4d863409f1.txt --outlet Ukrainska --story musk-putin
  imported 000_cdf3ea4d863409f1: Over the past two years, American billionaire Elon Musk has been … (14 sentences)
  1 imported (1 file, store /home/me/attrib/data/attrib.sqlite)`,
    )
    .action(async (files: string[], options: ImportCliOptions) => {
      const [{ importCommand }, { serverPaths }] = await Promise.all([
        import('./importCommand'),
        import('./paths'),
      ])
      const { dataDir } = serverPaths({ env: context.env, cwd: context.cwd, dataDir: options.data })
      code = await importCommand(
        files,
        {
          dataDir,
          format: options.format,
          id: options.id,
          outlet: options.outlet,
          story: options.story,
          skipExisting: options.skipExisting,
        },
        context,
      )
    })

  program
    .command('segment')
    .configureOutput(output('attrib segment', context))
    .summary('print the sentences of an article as JSON lines')
    .description(
      'Print the sentences of an article as JSON lines {"i","start","end","text"}: offsets in Unicode code ' +
        'points of the text as imported (paragraphs joined by a blank line, metadata such as a date prefix ' +
        'removed), end excluded.',
    )
    .argument('<file>', 'article file, or - for standard input (read as plain text unless --format)')
    .addOption(formatOption())
    .addHelpText(
      'after',
      `
Example:
  $ pnpm attrib segment seeds/000_cdf3ea4d863409f1.txt | head -1
  {"i":0,"start":0,"end":206,"text":"Over the past two years, American billionaire Elon Musk has been in ..."}`,
    )
    .action(async (file: string, options: { format?: (typeof FORMATS)[number] }) => {
      const { segmentCommand } = await import('./segmentCommand')
      code = await segmentCommand(file, { format: options.format }, context)
    })

  try {
    await program.parseAsync(argv, { from: 'user' })
    return code
  } catch (e) {
    // --help and --version end through here too, with exit code 0; every other commander error is a
    // bad command line, already reported on stderr.
    if (e instanceof CommanderError) return e.exitCode === 0 ? ExitCode.ok : ExitCode.usage
    context.stderr.write(`attrib: ${describeError(e)}\n`)
    return ExitCode.failure
  }
}

interface ImportCliOptions {
  data?: string
  format?: (typeof FORMATS)[number]
  id?: string
  outlet?: string
  story?: string
  skipExisting?: boolean
}
