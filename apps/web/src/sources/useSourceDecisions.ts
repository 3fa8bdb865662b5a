import type { SourceDecision } from '@attrib/core'
import { useEffect, useReducer, useState } from 'react'
import { fetchSources, type SourceSummary } from '../api'
import { useCorpusChanges } from './corpusChanges'
import { fetchDecisions } from './decisionsApi'

/**
 * The decisions and the index's sources (for their names), read again after each announced change and
 * after `refresh()`; `setDecisions` takes a request's answer at once.
 */
export function useSourceDecisions(options: { sources: boolean }) {
  const changes = useCorpusChanges()
  const [own, refresh] = useReducer((n: number) => n + 1, 0)
  const [decisions, setDecisions] = useState<SourceDecision[] | null>(null)
  const [sources, setSources] = useState<SourceSummary[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const withSources = options.sources
  // biome-ignore lint/correctness/useExhaustiveDependencies: `changes` and `own` count changes; each one reads again
  useEffect(() => {
    const controller = new AbortController()
    Promise.all([
      fetchDecisions(controller.signal),
      withSources ? fetchSources({}, controller.signal).then((index) => index.sources) : null,
    ])
      .then(([nextDecisions, nextSources]) => {
        setDecisions(nextDecisions)
        if (nextSources) setSources(nextSources)
        setError(null)
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted)
          setError(`Could not load the merges and splits: ${(e as Error).message}`)
      })
    return () => controller.abort()
  }, [changes, own, withSources])
  return { decisions, setDecisions, sources, error, changes: changes + own, refresh }
}
