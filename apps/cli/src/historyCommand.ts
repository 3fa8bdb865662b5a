import { ARTICLE_ID, articleHistory, type HISTORY_FORMATS, historyCsv, historyJsonl } from '@attrib/server'
import { type CommandIo, describeError, ExitCode } from './io'
import { openExistingStore, type StoreLocation } from './paths'

/** Options of {@link historyCommand}. */
export interface HistoryCommandOptions extends StoreLocation {
  article: string
  format: (typeof HISTORY_FORMATS)[number]
}

/**
 * `attrib history ARTICLE`: the article's audit trail on stdout, as `GET /api/articles/:id/history`
 * answers it (`json`), one row per change (`csv`) or one object per line (`jsonl`), read through the same
 * function (AU7).
 */
export async function historyCommand(options: HistoryCommandOptions, io: CommandIo): Promise<ExitCode> {
  const fail = (message: string) => {
    io.stderr.write(`attrib history: ${message}\n`)
    return ExitCode.failure
  }
  if (!ARTICLE_ID.test(options.article))
    return fail(`${JSON.stringify(options.article)} is not an article id (letters, digits, ".", "_" and "-")`)
  const opened = await openExistingStore(options)
  if ('error' in opened) return fail(opened.error)
  const { store } = opened
  try {
    const history = (await store.getArticleRow(options.article))
      ? await articleHistory(store, options.article)
      : null
    if (!history) return fail(`no article ${options.article} in the store`)
    io.stdout.write(
      options.format === 'csv'
        ? historyCsv(history)
        : options.format === 'jsonl'
          ? historyJsonl(history)
          : `${JSON.stringify({ article: options.article, ...history }, null, 2)}\n`,
    )
    return ExitCode.ok
  } catch (e) {
    return fail(describeError(e))
  } finally {
    await store.close()
  }
}
