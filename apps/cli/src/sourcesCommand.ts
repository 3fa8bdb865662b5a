import { csvField } from '@attrib/formats'
import { listSources } from '@attrib/review'
import {
  corpusSourceParts,
  readDecisions,
  SourcesParams,
  sourceQuery,
  storeCorpusReader,
} from '@attrib/server'
import { type CommandIo, describeError, ExitCode } from './io'
import { openExistingStore, type StoreLocation } from './paths'

/** The output formats of `attrib sources`. */
export const SOURCES_FORMATS = ['json', 'csv', 'md'] as const

/** Options of {@link sourcesCommand}. */
export interface SourcesCommandOptions extends StoreLocation {
  format: (typeof SOURCES_FORMATS)[number]
  /**
   * The options as written (lists comma-joined), checked by the schema of `GET /api/sources`'s query
   * (`SourcesParams`), so a bad date is refused in the same words.
   */
  params: { outlet?: string; type?: string; q?: string; from?: string; to?: string }
}

/**
 * `attrib sources`: the corpus's source index on stdout, as `GET /api/sources` answers it (`json`: the
 * sources with their numbers of citations and the unnamed sources per article), one row per source
 * (`csv`), or a table (`md`).
 */
export async function sourcesCommand(options: SourcesCommandOptions, io: CommandIo): Promise<ExitCode> {
  const parsed = SourcesParams.safeParse(options.params)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const option =
      issue.path.length > 0 ? `--${issue.path[0] === 'q' ? 'query' : String(issue.path[0])}: ` : ''
    io.stderr.write(`attrib sources: ${option}${issue.message} (see attrib sources --help)\n`)
    return ExitCode.usage
  }
  const query = sourceQuery(parsed.data)
  const opened = await openExistingStore(options)
  if ('error' in opened) {
    io.stderr.write(`attrib sources: ${opened.error}\n`)
    return ExitCode.failure
  }
  const { store } = opened
  try {
    const listing = listSources(
      await corpusSourceParts(storeCorpusReader(store)),
      query,
      await readDecisions(store),
    )
    const { sources } = listing
    if (options.format === 'json') io.stdout.write(`${JSON.stringify(listing, null, 2)}\n`)
    else if (options.format === 'csv') {
      const header = ['id', 'name', 'aliases', 'types', 'citations', 'articles', 'outlets', 'first', 'last']
      const rows = sources.map((s) =>
        [
          s.id,
          s.name,
          s.aliases.join(';'),
          s.types.join(';'),
          s.citations,
          s.articles,
          s.outlets.join(';'),
          s.first ?? '',
          s.last ?? '',
          s.how.quote,
          s.how.reported,
          s.how.viaMedia,
        ]
          .map(csvField)
          .join(','),
      )
      io.stdout.write(
        `${[[...header, 'quoted', 'reported', 'via_media'].join(','), ...rows].join('\r\n')}\r\n`,
      )
    } else {
      const cell = (v: string | number) => String(v).replaceAll('|', '\\|')
      io.stdout.write('| source | types | citations | articles | outlets | quoted / reported / via media |\n')
      io.stdout.write('| --- | --- | --- | --- | --- | --- |\n')
      for (const s of sources)
        io.stdout.write(
          `| ${cell(s.name)}${s.aliases.length ? ` (${cell(s.aliases.join(', '))})` : ''} | ${cell(s.types.join(', '))} | ${s.citations} | ${s.articles} | ${cell(s.outlets.join(', '))} | ${s.how.quote} / ${s.how.reported} / ${s.how.viaMedia} |\n`,
        )
    }
    return ExitCode.ok
  } catch (e) {
    io.stderr.write(`attrib sources: ${describeError(e)}\n`)
    return ExitCode.failure
  } finally {
    await store.close()
  }
}
