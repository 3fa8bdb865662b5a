import { suggestCorpus } from '@attrib/server'
import { type CommandIo, describeError, ExitCode, progressBar } from './io'
import { openExistingStore, type StoreLocation } from './paths'

/** Options of {@link suggestStoreCommand}. */
export interface SuggestStoreOptions extends StoreLocation {
  ids?: string[]
  outlets?: string[]
  stories?: string[]
  dryRun: boolean
}

/**
 * `attrib suggest --store`: pre-annotates the stored articles with the suggester (`suggestCorpus`, SPEC
 * CP6), with a progress bar on stderr when it is a terminal and one summary line on stdout:
 * `suggested 41 sentences in 3 of 5 articles`.
 */
export async function suggestStoreCommand(options: SuggestStoreOptions, io: CommandIo): Promise<ExitCode> {
  const opened = await openExistingStore(options)
  if ('error' in opened) {
    io.stderr.write(`attrib suggest: ${opened.error}\n`)
    return ExitCode.failure
  }
  const { store } = opened
  let bar: ReturnType<typeof progressBar> | undefined
  try {
    const result = await suggestCorpus(store, {
      ids: options.ids,
      outlets: options.outlets,
      stories: options.stories,
      dryRun: options.dryRun,
      onStart: (total) => {
        bar = progressBar(io.stderr, total)
      },
      onArticle: () => bar?.tick(),
    })
    bar?.done()
    if (options.ids) {
      const missing = options.ids.filter((id) => !result.articles.includes(id))
      if (missing.length > 0)
        io.stderr.write(`attrib suggest: no article ${missing.join(', ')} in the store\n`)
    }
    const s = result.suggestions
    const n = result.articles.length
    io.stdout.write(
      `${options.dryRun ? 'would suggest' : 'suggested'} ${s} sentence${s === 1 ? '' : 's'} in ${result.changed} of ${n} article${n === 1 ? '' : 's'}\n`,
    )
    return ExitCode.ok
  } catch (e) {
    bar?.done()
    io.stderr.write(`attrib suggest: ${describeError(e)}\n`)
    return ExitCode.failure
  } finally {
    await store.close()
  }
}
