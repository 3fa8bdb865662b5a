import { ANNOTATION_STATUSES, LAYERS } from '@attrib/core'
import { Option } from 'commander'
import { dataOption, listOption, output, type ProgramContext, postgresOption } from './programOptions'

// The commands that ask the corpus questions (who is cited, which sentences, who changed what), each
// printing what its HTTP route answers, computed by the same function.

/** Adds `sources`, `sentences` and `history` to `program`; `done` is given the command's exit code. */
export function addQueryCommands(
  program: import('commander').Command,
  context: ProgramContext,
  done: (code: number) => void,
): void {
  program
    .command('sources')
    .configureOutput(output('attrib sources', context))
    .summary('print who is quoted across the corpus: the source index (json, csv or Markdown)')
    .description(
      'Print the sources the stored articles cite: one entry per source however it is spelled ("Dmitry ' +
        'Peskov", "Peskov", "Kremlin spokesman Dmitry Peskov"), with its types, how many sentences and ' +
        'articles cite it, in which outlets, first and last date, and how (quoted, reported, via another ' +
        'outlet); json also lists the unnamed sources of each article by how they are described. json is ' +
        'what GET /api/sources answers.',
    )
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['json', 'csv', 'md']).default('md'),
    )
    .addOption(dataOption())
    .addOption(postgresOption())
    .addOption(listOption('--outlet <name>', 'only sources cited in this outlet (repeat or comma-separate)'))
    .addOption(listOption('--type <label>', 'only sources cited with this label (repeat or comma-separate)'))
    .option('-q, --query <text>', 'only sources whose name or a spelling of it contains this')
    // Checked with the query of GET /api/sources by one schema, so both refuse a bad date the same way.
    .option('--from <date>', 'count only articles dated on or after YYYY-MM-DD')
    .option('--to <date>', 'count only articles dated on or before YYYY-MM-DD')
    .addHelpText(
      'after',
      `
A period (--from, --to) counts only the citations in articles dated in it and leaves out undated articles.

Examples:
  $ pnpm attrib sources
  $ pnpm attrib sources --format csv --type spokesperson > spokespeople.csv
  $ pnpm attrib sources --from 2024-10-01 --to 2024-10-31`,
    )
    .action(
      async (options: {
        format: 'json' | 'csv' | 'md'
        data?: string
        postgres?: string
        outlet?: string[]
        type?: string[]
        query?: string
        from?: string
        to?: string
      }) => {
        const [{ sourcesCommand }, { serverPaths }] = await Promise.all([
          import('./sourcesCommand'),
          import('./paths'),
        ])
        const { dataDir } = serverPaths({ env: context.env, cwd: context.cwd, dataDir: options.data })
        done(
          await sourcesCommand(
            {
              dataDir,
              postgresUrl: options.postgres,
              format: options.format,
              params: {
                outlet: options.outlet?.join(','),
                type: options.type?.join(','),
                q: options.query,
                from: options.from,
                to: options.to,
              },
            },
            context,
          ),
        )
      },
    )

  program
    .command('sentences')
    .configureOutput(output('attrib sentences', context))
    .summary('find sentences across the corpus by label, annotator, source or text (json or csv)')
    .description(
      'Print the stored sentences that match, in article and sentence order, a page at a time: by label, ' +
        'annotator, status, source name (part of it, any case) and text (part of it, any case), in the ' +
        'articles of some outlets, stories or a period. Each sentence comes with its article, offsets in ' +
        "code points and every label of the layer on it. Read from the read model's sentence rows " +
        '(tables sentences and sentence_labels, which SQL can query too); json is what GET /api/sentences ' +
        'answers, and its "next" is the --after of the next page.',
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(['json', 'csv']).default('json'))
    .addOption(dataOption())
    .addOption(postgresOption())
    .option('--label <label>', 'only sentences with this label (a label id, e.g. anonymous_official)')
    .option('--annotator <name>', 'only sentences this annotator labelled')
    .addOption(
      new Option(
        '--status <status>',
        'only labels with this status (default: accepted or suggested)',
      ).choices(ANNOTATION_STATUSES),
    )
    .option('--source <name>', 'only sentences whose source name contains this (any case)')
    .option('-q, --query <text>', 'only sentences whose text contains this (any case)')
    .addOption(
      new Option('--layer <layer>', "whose labels: the reviewer's where decided (auto), final or all")
        .choices(LAYERS)
        .default('auto'),
    )
    .addOption(listOption('--outlet <name>', 'only articles of this outlet (repeat or comma-separate)'))
    .addOption(listOption('--story <id>', 'only articles of this story (repeat or comma-separate)'))
    .option('--from <date>', 'only articles dated on or after YYYY-MM-DD')
    .option('--to <date>', 'only articles dated on or before YYYY-MM-DD')
    .option('--after <article:index>', 'start after this sentence (the "next" of the previous page)')
    .option('--limit <n>', 'at most this many sentences (1 to 1000)', '100')
    .option('--all', 'every sentence found, not a page (with --format csv)')
    .addHelpText(
      'after',
      `
Examples:
  $ pnpm attrib sentences --label anonymous_official --outlet "Daily Ledger"
  $ pnpm attrib sentences --source peskov --format csv --all > peskov.csv
  $ pnpm attrib sentences -q "declined to comment" --after musk-putin-wsj:12`,
    )
    .action(async (options: SentencesCliOptions) => {
      const [{ sentencesCommand }, { serverPaths }] = await Promise.all([
        import('./sentencesCommand'),
        import('./paths'),
      ])
      const { dataDir } = serverPaths({ env: context.env, cwd: context.cwd, dataDir: options.data })
      const { data: _data, postgres, outlet, story, query, all, ...rest } = options
      done(
        await sentencesCommand(
          {
            dataDir,
            postgresUrl: postgres,
            params: {
              ...rest,
              q: query,
              outlet: outlet?.join(','),
              story: story?.join(','),
              all: all ? 'true' : undefined,
            },
          },
          context,
        ),
      )
    })

  program
    .command('history')
    .configureOutput(output('attrib history', context))
    .summary("print an article's audit trail: who changed which tag, when, from what to what")
    .description(
      'Print every recorded change to the annotations of ARTICLE (added, labels, source or status changed, ' +
        'adjudicated, removed), oldest first, each with who made it, when (server time), the annotation ' +
        'before and after, and the sentence it is on; json and jsonl also give the annotations where the ' +
        'trail starts (those stored before it was recorded); jsonl is one object per line (a "start" line ' +
        'per such annotation, then a "change" line per change). They are what ' +
        'GET /api/articles/:id/history?format= answers.',
    )
    .argument('<article>', 'the article id')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['json', 'csv', 'jsonl']).default('json'),
    )
    .addOption(dataOption())
    .addOption(postgresOption())
    .addHelpText(
      'after',
      `
Examples:
  $ pnpm attrib history musk-putin-wsj
  $ pnpm attrib history musk-putin-wsj --format csv > history.csv`,
    )
    .action(
      async (
        article: string,
        options: { format: 'json' | 'csv' | 'jsonl'; data?: string; postgres?: string },
      ) => {
        const [{ historyCommand }, { serverPaths }] = await Promise.all([
          import('./historyCommand'),
          import('./paths'),
        ])
        const { dataDir } = serverPaths({ env: context.env, cwd: context.cwd, dataDir: options.data })
        done(
          await historyCommand(
            { dataDir, postgresUrl: options.postgres, article, format: options.format },
            context,
          ),
        )
      },
    )
}

interface SentencesCliOptions {
  format: 'json' | 'csv'
  data?: string
  postgres?: string
  label?: string
  annotator?: string
  status?: string
  source?: string
  query?: string
  layer: string
  outlet?: string[]
  story?: string[]
  from?: string
  to?: string
  after?: string
  limit: string
  all?: boolean
}
