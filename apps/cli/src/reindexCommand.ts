import { reindexCorpus } from '@attrib/server'
import { type CommandIo, describeError, ExitCode, progressBar } from './io'
import { openExistingStore, type StoreLocation } from './paths'

/**
 * `attrib reindex`: computes every article's read-model view again from its document (see
 * `reindexCorpus`), with a progress bar on stderr when it is a terminal and a summary line:
 * `reindexed 2 articles in 0.1 s`. Readers compute a stale view by themselves; this does them all at once.
 */
export async function reindexCommand(options: StoreLocation, io: CommandIo): Promise<ExitCode> {
  const started = performance.now()
  const opened = await openExistingStore(options)
  if ('error' in opened) {
    io.stderr.write(`attrib reindex: ${opened.error}\n`)
    return ExitCode.failure
  }
  const { store } = opened
  let bar: ReturnType<typeof progressBar> | undefined
  try {
    const { articles } = await reindexCorpus(store, (_, total) => {
      bar ??= progressBar(io.stderr, total)
      bar.tick()
    })
    bar?.done()
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    io.stderr.write(`reindexed ${articles} article${articles === 1 ? '' : 's'} in ${seconds} s\n`)
    return ExitCode.ok
  } catch (e) {
    bar?.done()
    io.stderr.write(`attrib reindex: ${describeError(e)}\n`)
    return ExitCode.failure
  } finally {
    await store.close()
  }
}
