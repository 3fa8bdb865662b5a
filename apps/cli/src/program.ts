import { readFileSync } from 'node:fs'
import { ANNOTATION_STATUSES, type AnnotationStatus } from '@attrib/core'
import { EXPORT_FORMATS, type ExportFormat } from '@attrib/formats'
import type { LogFormat, LogLevel, Role, ServerConfig } from '@attrib/server'
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { CORPUS_FORMATS } from './corpusFormats'
import { describeError, ExitCode } from './io'
import {
  collect,
  collectList,
  dataOption,
  FORMATS,
  formatOption,
  listOption,
  output,
  type ProgramContext,
  parseDate,
  postgresOption,
} from './programOptions'
import { addQueryCommands } from './queryPrograms'

export type { ProgramContext }

// The server's LOG_LEVELS and LOG_FORMATS, repeated so that `attrib --help` need not load the server.
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error']
const LOG_FORMATS: readonly LogFormat[] = ['text', 'json']
// The server's ROLES, likewise.
const ROLES: readonly Role[] = ['annotator', 'reviewer', 'viewer']
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

/** Parses a whole-number option in `[min, max]` (`--shutdown-timeout`, `--max-payload`). */
function parseWhole(min: number, max: number) {
  return (value: string): number => {
    if (!/^\d{1,10}$/.test(value) || Number(value) < min || Number(value) > max)
      throw new InvalidArgumentError(`Expected a whole number from ${min} to ${max}.`)
    return Number(value)
  }
}

/** `attrib serve`'s options as commander parses them (flags, else environment, else defaults). */
interface ServeFlags {
  port: number
  host: string
  data?: string
  logLevel: LogLevel
  logFormat: LogFormat
  shutdownTimeout: number
  maxPayload: number
  maxConnections?: number
  allowedOrigins?: string
  authSecret?: string
  authPassphrase?: string
  postgres?: string
  redis?: string
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
    .description(
      'Source-attribution annotation editor for news text: import, export, segment and serve articles.',
    )
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .configureOutput(output('attrib', context))
    .exitOverride()
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      `
Exit codes: 0 done, 1 a file, the store or the server failed, 2 bad command line.

Examples:
  $ pnpm attrib serve --port 8080
  $ pnpm attrib import notes/*.md --outlet "Kyiv Independent"
  $ pnpm attrib export --format brat --out exports/brat
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
    .addOption(
      new Option('--log-level <level>', 'least severe log lines written to stderr')
        .env('LOG_LEVEL')
        .choices(LOG_LEVELS)
        .default('info'),
    )
    .addOption(
      new Option('--log-format <format>', 'text for people, json for log collectors (one object a line)')
        .env('LOG_FORMAT')
        .choices(LOG_FORMATS)
        .default('text'),
    )
    .addOption(
      new Option('--shutdown-timeout <ms>', 'how long stopping may take before giving up')
        .env('SHUTDOWN_TIMEOUT_MS')
        .default(10_000)
        .argParser(parseWhole(0, 600_000)),
    )
    .addOption(
      new Option('--max-payload <bytes>', 'largest websocket frame and HTTP body accepted')
        .env('MAX_PAYLOAD_BYTES')
        .default(16 * 1024 * 1024)
        .argParser(parseWhole(1024, 1024 ** 3)),
    )
    .addOption(
      new Option('--max-connections <n>', 'open websockets at most (default 5000)')
        .env('MAX_CONNECTIONS')
        .argParser(parseWhole(1, 1_000_000)),
    )
    .addOption(
      new Option(
        '--allowed-origins <list>',
        'comma-separated origins (https://host:port) whose pages may open websockets (default: same host)',
      ).env('ALLOWED_ORIGINS'),
    )
    .addOption(
      new Option(
        '--auth-secret <secret>',
        'turn access control on: tokens are signed with this (at least 32 characters; see attrib token)',
      ).env('AUTH_SECRET'),
    )
    .addOption(
      new Option(
        '--auth-passphrase <phrase>',
        'let anyone who knows this phrase sign in as an annotator (needs --auth-secret)',
      ).env('AUTH_PASSPHRASE'),
    )
    .addOption(
      new Option(
        '--postgres <url>',
        'keep documents in PostgreSQL instead of the SQLite file (postgres://user:password@host:5432/db)',
      ).env('POSTGRES_URL'),
    )
    .addOption(
      new Option(
        '--redis <url>',
        'share rooms with the other processes on the same --postgres through Redis Streams (redis://host:6379)',
      ).env('REDIS_URL'),
    )
    .addHelpText(
      'after',
      `
Also read from the environment, as by the server: WEB_ROOT (default <repo>/apps/web/dist),
SEEDS_DIR (default <repo>/seeds: imported when the store has no article yet), SQLITE_SYNCHRONOUS=FULL,
RATE_LIMIT_PER_SECOND, RATE_LIMIT_BURST, MAX_DOCUMENT_BYTES, REFUSED_BAR_MS, DELETE_RETENTION_MS (how long a
deleted article can be restored; default 30 days) (see README.md, "Configuration").
Health at /healthz (503 while stopping), Prometheus metrics at /metrics.

Example:
  $ pnpm attrib serve --port 8080 --data /tmp/attrib-data
  attrib serve: listening on http://localhost:8080 (store /tmp/attrib-data; Ctrl-C stops)

Several processes behind one load balancer, sharing documents and presence:
  $ pnpm attrib serve --port 4455 --postgres postgres://attrib@db/attrib --redis redis://cache:6379
  $ pnpm attrib serve --port 4456 --postgres postgres://attrib@db/attrib --redis redis://cache:6379`,
    )
    .action(async (options: ServeFlags) => {
      const [{ serveCommand }, { serverPaths }, { readServerConfig }] = await Promise.all([
        import('./serveCommand'),
        import('./paths'),
        import('@attrib/server'),
      ])
      const paths = serverPaths({ env: context.env, cwd: context.cwd, dataDir: options.data })
      let config: ServerConfig
      try {
        // Flags win over the environment; the server's own validation checks the rest (RATE_LIMIT_*, ...).
        config = readServerConfig(
          {
            ...context.env,
            PORT: String(options.port),
            HOST: options.host,
            LOG_LEVEL: options.logLevel,
            LOG_FORMAT: options.logFormat,
            SHUTDOWN_TIMEOUT_MS: String(options.shutdownTimeout),
            MAX_PAYLOAD_BYTES: String(options.maxPayload),
            MAX_CONNECTIONS:
              options.maxConnections === undefined ? undefined : String(options.maxConnections),
            ALLOWED_ORIGINS: options.allowedOrigins,
            AUTH_SECRET: options.authSecret ?? context.env.AUTH_SECRET,
            AUTH_PASSPHRASE: options.authPassphrase ?? context.env.AUTH_PASSPHRASE,
            POSTGRES_URL: options.postgres ?? context.env.POSTGRES_URL,
            REDIS_URL: options.redis ?? context.env.REDIS_URL,
          },
          { root: context.cwd, cwd: context.cwd },
        )
      } catch (e) {
        context.stderr.write(`attrib serve: ${describeError(e)} (see attrib serve --help)\n`)
        code = ExitCode.usage
        return
      }
      code = await serveCommand({ ...config, ...paths, port: options.port }, context, context.waitForStop())
    })

  program
    .command('token')
    .configureOutput(output('attrib token', context))
    .summary('print an access token (and invite link) for a server that has AUTH_SECRET')
    .description(
      "Print a token signed with the server's secret (AUTH_SECRET), for a server started with access " +
        'control on. annotator and reviewer may edit; viewer only reads; reviewer may also change the ' +
        'labels. --doc limits the token to one article. With --url, also print the invite link that ' +
        'signs its holder in. Anyone holding the token or link has its rights until it expires.',
    )
    .requiredOption('-u, --user <name>', "the user's name, as collaborators will see it")
    .addOption(new Option('-r, --role <role>', 'what the user may do').choices(ROLES).makeOptionMandatory())
    .option('--doc <id>', 'limit the token to this article id')
    .option('--expires <span>', 'lifetime: 30d, 12h, 2 weeks, or seconds (default: never expires)')
    .option('--secret <secret>', "the server's secret (default: the environment's AUTH_SECRET)")
    .option('--url <base>', "the server's address, to print the invite link <base>/#/invite/<token>")
    .addHelpText(
      'after',
      `
Exit codes: 2 when the secret is missing or shorter than 32 characters, or a value is bad.

Example (AUTH_SECRET set in the environment, as for the server):
  $ pnpm attrib token --user Ann --role viewer --doc 000_cdf3ea4d863409f1 --expires 7d --url https://attrib.example
  eyJhbGciOiJIUzI1NiJ9...
  https://attrib.example/#/invite/eyJhbGciOiJIUzI1NiJ9...`,
    )
    .action(async (options: TokenCliOptions) => {
      const { tokenCommand } = await import('./tokenCommand')
      // The context's environment rather than commander's `.env()`, which reads `process.env` directly.
      code = await tokenCommand({ ...options, secret: options.secret ?? context.env.AUTH_SECRET }, context)
    })

  program
    .command('import')
    .configureOutput(output('attrib import', context))
    .summary('store article files (text, Markdown, HTML) or corpora (jsonl, brat, ...) as new articles')
    .description(
      'Parse article files (plain text, Markdown or HTML) and store them as new articles, one per file, ' +
        `or corpora with their annotations (${CORPUS_FORMATS.join(', ')}): all the articles of a corpus ` +
        'file (a brat .txt/.ann pair) or none. A file that fails (a malformed line, a taken id, a label ' +
        'the taxonomy lacks) is reported on stderr and the others are still imported. Works while a ' +
        'server runs on the same store.',
    )
    .argument(
      '<path...>',
      'article files (the id is the file name without its extension), corpus files or brat folders',
    )
    .addOption(dataOption())
    .addOption(
      new Option(
        '-f, --format <format>',
        'how to read the files (default: from the extension; .jsonl is jsonl, a folder or .ann is brat)',
      ).choices([...FORMATS, ...CORPUS_FORMATS]),
    )
    .option('--id <id>', 'article id (only with one article file)')
    .option('--outlet <name>', 'outlet of every imported article')
    .option('--story <id>', 'story of every imported article (articles on the same event)')
    .option('--skip-existing', 'skip articles whose id is already stored instead of failing')
    .option('--add-labels', "add a corpus's labels missing from the taxonomy instead of refusing the file")
    .addOption(postgresOption())
    .addHelpText(
      'after',
      `
Example:
  $ pnpm attrib import seeds/000_cdf3ea4d863409f1.txt --outlet Ukrainska --story musk-putin
  imported 000_cdf3ea4d863409f1: Over the past two years, American billionaire Elon Musk has been … (16 sentences)
  1 imported (1 file, store /home/me/attrib/data/attrib.sqlite)
  $ pnpm attrib import corpus.jsonl brat-export/ --add-labels --skip-existing`,
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
          postgresUrl: options.postgres,
          format: options.format,
          id: options.id,
          outlet: options.outlet,
          story: options.story,
          skipExisting: options.skipExisting,
          addLabels: options.addLabels,
        },
        context,
      )
    })

  program
    .command('export')
    .configureOutput(output('attrib export', context))
    .summary('write the stored articles and their annotations as a corpus')
    .description(
      `Write the articles of the store with their annotations in a corpus format (${EXPORT_FORMATS.join(', ')}), ` +
        'article by article, so a large corpus does not fill memory. Single-file formats write --out as ' +
        'a file (its folders created); brat writes --out as a folder of .txt/.ann pairs with ' +
        'annotation.conf and visual.conf. Filters combine: articles by id and date, annotations by label, ' +
        'annotator and status. A progress bar is drawn on stderr when it is a terminal; a summary line ' +
        'always ends the run.',
    )
    .addOption(
      new Option('-f, --format <format>', 'corpus format').choices(EXPORT_FORMATS).makeOptionMandatory(),
    )
    .addOption(new Option('-o, --out <path>', 'file to write, or folder for brat').makeOptionMandatory())
    .addOption(dataOption())
    .addOption(postgresOption())
    .addOption(listOption('--ids <ids>', 'only these articles, comma-separated'))
    .addOption(listOption('--label <label>', 'only annotations with this label (repeat or comma-separate)'))
    .addOption(
      new Option('--annotator <name>', 'only annotations by this annotator (repeatable)').argParser(collect),
    )
    .addOption(
      new Option(
        '--status <status>',
        `only annotations with this status: ${ANNOTATION_STATUSES.join(', ')} (repeatable)`,
      ).argParser(collectList(ANNOTATION_STATUSES)),
    )
    .addOption(new Option('--from <date>', 'only articles dated on or after YYYY-MM-DD').argParser(parseDate))
    .addOption(new Option('--to <date>', 'only articles dated on or before YYYY-MM-DD').argParser(parseDate))
    .addOption(
      new Option(
        '--layer <layer>',
        "auto: per sentence, the reviewer's decision where there is one and the annotators' annotations " +
          "elsewhere; final: only adjudicated annotations; all: every annotator's layer",
      )
        .choices(['auto', 'final', 'all'])
        .default('auto'),
    )
    .addHelpText(
      'after',
      `
Dated filters (--from, --to) leave out undated articles.

Example:
  $ pnpm attrib export --format jsonl --out exports/corpus.jsonl --status accepted --from 2024-10-01
  exported 2 articles, 42 sentences, 7 annotations to exports/corpus.jsonl in 0.1 s`,
    )
    .action(async (options: ExportCliOptions) => {
      const [{ exportCommand }, { serverPaths }, { resolve }] = await Promise.all([
        import('./exportCommand'),
        import('./paths'),
        import('node:path'),
      ])
      const { dataDir } = serverPaths({ env: context.env, cwd: context.cwd, dataDir: options.data })
      code = await exportCommand(
        {
          dataDir,
          postgresUrl: options.postgres,
          format: options.format,
          out: options.out,
          outPath: resolve(context.cwd, options.out),
          filter: {
            ids: options.ids,
            labels: options.label,
            annotators: options.annotator,
            statuses: options.status as AnnotationStatus[] | undefined,
            from: options.from,
            to: options.to,
            layer: options.layer,
          },
        },
        context,
      )
    })

  program
    .command('coverage')
    .configureOutput(output('attrib coverage', context))
    .summary('print coverage statistics of the stored articles (json, Markdown or HTML)')
    .description(
      'Print how much of the stored articles is attributed: per article, per source type, per outlet, month ' +
        "and story, and each annotator's progress. json is the object GET /api/review/coverage answers " +
        '(the same figures by construction); md is tables; html is one self-contained page with the ' +
        "dashboard's charts that opens with no network. Filters combine: articles by id, outlet, story and " +
        'date, annotations by annotator and status.',
    )
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['json', 'md', 'html']).default('md'),
    )
    .addOption(dataOption())
    .addOption(postgresOption())
    .addOption(listOption('--ids <ids>', 'only these articles, comma-separated'))
    .addOption(listOption('--outlet <name>', 'only articles of this outlet (repeat or comma-separate)'))
    .addOption(listOption('--story <id>', 'only articles of this story (repeat or comma-separate)'))
    .addOption(
      new Option('--annotator <name>', "count only this annotator's annotations (repeatable)").argParser(
        collect,
      ),
    )
    .addOption(
      new Option(
        '--status <status>',
        `count annotations with this status: ${ANNOTATION_STATUSES.join(', ')} (default accepted)`,
      ).argParser(collectList(ANNOTATION_STATUSES)),
    )
    .addOption(new Option('--from <date>', 'only articles dated on or after YYYY-MM-DD').argParser(parseDate))
    .addOption(new Option('--to <date>', 'only articles dated on or before YYYY-MM-DD').argParser(parseDate))
    .option(
      '--text',
      "json: give each unattributed sentence its text (the API's text=true); by default its index only, " +
        'as the API answers (md and html always show the text)',
    )
    .option(
      '--link-base <url>',
      'server URL the HTML report links to (e.g. http://localhost:4455/); no links without it',
    )
    .addHelpText(
      'after',
      `
Dated filters (--from, --to) leave out undated articles.

Examples:
  $ pnpm attrib coverage --outlet BBC,CNN --from 2024-01-01
  $ pnpm attrib coverage --format html --link-base http://localhost:4455/ > coverage.html`,
    )
    .action(async (options: CoverageCliOptions) => {
      const [{ coverageCommand }, { serverPaths }] = await Promise.all([
        import('./coverageCommand'),
        import('./paths'),
      ])
      const { dataDir } = serverPaths({ env: context.env, cwd: context.cwd, dataDir: options.data })
      code = await coverageCommand(
        {
          dataDir,
          postgresUrl: options.postgres,
          format: options.format,
          statuses: options.status as AnnotationStatus[] | undefined,
          text: options.text,
          linkBase: options.linkBase,
          filter: {
            ids: options.ids,
            outlets: options.outlet,
            stories: options.story,
            annotators: options.annotator,
            from: options.from,
            to: options.to,
          },
        },
        context,
      )
    })

  addQueryCommands(program, context, (exit) => {
    code = exit
  })

  program
    .command('reindex')
    .configureOutput(output('attrib reindex', context))
    .summary("rebuild the corpus read model (each article's view) from the documents")
    .description(
      "Compute every article's view (the read model that exports, coverage and the dashboard read instead " +
        'of decoding documents) again from its document and store it. Readers recompute a view that is ' +
        'older than its document by themselves; reindex does them all at once, e.g. after restoring a ' +
        'backup or on a large store before its first export. A progress bar is drawn on stderr when it ' +
        'is a terminal; a summary line always ends the run.',
    )
    .addOption(dataOption())
    .addOption(postgresOption())
    .addHelpText(
      'after',
      `
Example:
  $ pnpm attrib reindex
  reindexed 2 articles in 0.1 s`,
    )
    .action(async (options: { data?: string; postgres?: string }) => {
      const [{ reindexCommand }, { serverPaths }] = await Promise.all([
        import('./reindexCommand'),
        import('./paths'),
      ])
      const { dataDir } = serverPaths({ env: context.env, cwd: context.cwd, dataDir: options.data })
      code = await reindexCommand({ dataDir, postgresUrl: options.postgres }, context)
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

  program
    .command('suggest')
    .configureOutput(output('attrib suggest', context))
    .summary('suggest source-type labels for an article (JSON lines), or add them to the stored articles')
    .description(
      'Print, for each sentence of an article, the source-type labels the rule-based suggester proposes, as ' +
        'JSON lines {"i","start","end","text","labels","cues","reason"}: sentences as `attrib segment` prints ' +
        'them; labels sorted, [] when the sentence attributes nothing; cues (reporting verbs, "according to", ' +
        'quotation marks, source nouns, spokespeople, names, organisations, outlets, documents, pronouns) ' +
        'with offsets in Unicode code points of the article text; reason says which verb and source gave the ' +
        'labels. Nothing is stored. See docs/suggestions.md for the rules and their measured accuracy.\n\n' +
        'With --store instead of a file: pre-annotate the stored articles (all, or those of --ids, --outlet, ' +
        '--story) as "Suggest all" in the editor does: a suggestion on each sentence the suggester attributes ' +
        'and nobody has labelled so, for annotators to accept or reject; sentences that already hold one are ' +
        'left alone, so running it again adds nothing. The audit trail records them as by "attrib-suggest".',
    )
    .argument('[file]', 'article file, or - for standard input (read as plain text unless --format)')
    .addOption(formatOption())
    .option('--store', 'add suggestions to the stored articles instead of reading a file')
    .addOption(dataOption())
    .addOption(postgresOption())
    .addOption(listOption('--ids <ids>', 'with --store: only these articles (comma-separated)'))
    .addOption(
      listOption('--outlet <name>', 'with --store: only articles of this outlet (repeat or comma-separate)'),
    )
    .addOption(
      listOption('--story <id>', 'with --store: only articles of this story (repeat or comma-separate)'),
    )
    .option('--dry-run', 'with --store: count what would be added, store nothing')
    .addHelpText(
      'after',
      `
Examples:
  $ echo 'Two officials said the talks had stalled.' | pnpm attrib suggest -
  {"i":0,"start":0,"end":41,"text":"Two officials said the talks had stalled.","labels":["anonymous_official"],"cues":[...],"reason":"'said' + 'Two officials'"}
  $ pnpm attrib suggest --store --outlet "Daily Ledger"
  suggested 41 sentences in 3 of 5 articles`,
    )
    .action(async (file: string | undefined, options: SuggestCliOptions) => {
      if (options.store) {
        if (file !== undefined) {
          context.stderr.write(
            'attrib suggest: give a file or --store, not both (see attrib suggest --help)\n',
          )
          code = ExitCode.usage
          return
        }
        const [{ suggestStoreCommand }, { serverPaths }] = await Promise.all([
          import('./suggestStoreCommand'),
          import('./paths'),
        ])
        const { dataDir } = serverPaths({ env: context.env, cwd: context.cwd, dataDir: options.data })
        code = await suggestStoreCommand(
          {
            dataDir,
            postgresUrl: options.postgres,
            ids: options.ids,
            outlets: options.outlet,
            stories: options.story,
            dryRun: options.dryRun === true,
          },
          context,
        )
        return
      }
      const storeOnly = (['ids', 'outlet', 'story', 'dryRun'] as const).find((k) => options[k] !== undefined)
      if (file === undefined || storeOnly) {
        context.stderr.write(
          `attrib suggest: ${file === undefined ? 'give an article file (or - for standard input), or --store' : `--${storeOnly === 'dryRun' ? 'dry-run' : storeOnly} needs --store`} (see attrib suggest --help)\n`,
        )
        code = ExitCode.usage
        return
      }
      const { suggestCommand } = await import('./suggestCommand')
      code = await suggestCommand(file, { format: options.format }, context)
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

interface TokenCliOptions {
  user: string
  role: Role
  doc?: string
  expires?: string
  secret?: string
  url?: string
}

interface CoverageCliOptions {
  format: 'json' | 'md' | 'html'
  data?: string
  postgres?: string
  ids?: string[]
  outlet?: string[]
  story?: string[]
  annotator?: string[]
  status?: string[]
  from?: string
  to?: string
  linkBase?: string
  text?: boolean
}

interface ExportCliOptions {
  format: ExportFormat
  out: string
  data?: string
  postgres?: string
  ids?: string[]
  label?: string[]
  annotator?: string[]
  status?: string[]
  from?: string
  to?: string
  layer: 'auto' | 'final' | 'all'
}

interface ImportCliOptions {
  data?: string
  postgres?: string
  format?: string
  id?: string
  outlet?: string
  story?: string
  skipExisting?: boolean
  addLabels?: boolean
}

interface SuggestCliOptions {
  format?: (typeof FORMATS)[number]
  store?: boolean
  data?: string
  postgres?: string
  ids?: string[]
  outlet?: string[]
  story?: string[]
  dryRun?: boolean
}
