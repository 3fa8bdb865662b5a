import {
  allSentencesCsv,
  checkSentencesParams,
  SentencesParams,
  searchSentences,
  sentencesCsv,
  UnknownSearchValue,
} from '@attrib/server'
import { type CommandIo, describeError, ExitCode } from './io'
import { openExistingStore, type StoreLocation } from './paths'

/** Options of {@link sentencesCommand}. */
export interface SentencesCommandOptions extends StoreLocation {
  /**
   * The options as written (lists comma-joined), checked by the schema of `GET /api/sentences`'s query
   * (`SentencesParams`), so a bad value is refused in the same words.
   */
  params: Record<string, string | undefined>
}

/** The option of a query parameter, for messages. */
const optionOf = (name: string) => (name === 'q' ? '--query' : `--${name}`)

/**
 * `attrib sentences`: a page of the corpus's sentences that match, on stdout, as `GET /api/sentences`
 * answers it (`json`, with `next`) or one row per sentence (`csv`), found by the same function (SQ3).
 */
export async function sentencesCommand(options: SentencesCommandOptions, io: CommandIo): Promise<ExitCode> {
  const given = Object.fromEntries(Object.entries(options.params).filter(([, v]) => v !== undefined))
  const parsed = SentencesParams.safeParse(given)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const option = issue.path.length > 0 ? `${optionOf(String(issue.path[0]))}: ` : ''
    io.stderr.write(`attrib sentences: ${option}${issue.message} (see attrib sentences --help)\n`)
    return ExitCode.usage
  }
  const opened = await openExistingStore(options)
  if ('error' in opened) {
    io.stderr.write(`attrib sentences: ${opened.error}\n`)
    return ExitCode.failure
  }
  const { store } = opened
  try {
    try {
      await checkSentencesParams(store, parsed.data)
    } catch (e) {
      if (!(e instanceof UnknownSearchValue)) throw e
      io.stderr.write(`attrib sentences: ${optionOf(e.param)}: ${e.message} (see attrib sentences --help)\n`)
      return ExitCode.usage
    }
    if (parsed.data.all) {
      for await (const piece of allSentencesCsv(store, parsed.data)) io.stdout.write(piece)
      return ExitCode.ok
    }
    const search = await searchSentences(store, parsed.data)
    io.stdout.write(
      parsed.data.format === 'csv' ? sentencesCsv(search) : `${JSON.stringify(search, null, 2)}\n`,
    )
    if (parsed.data.format === 'csv' && search.next)
      io.stderr.write(
        `attrib sentences: more sentences follow: --after ${search.next}, or --all for every one\n`,
      )
    return ExitCode.ok
  } catch (e) {
    io.stderr.write(`attrib sentences: ${describeError(e)}\n`)
    return ExitCode.failure
  } finally {
    await store.close()
  }
}
