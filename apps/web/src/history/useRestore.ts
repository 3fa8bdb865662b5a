import {
  type AnnotationState,
  annotationState,
  getAnnotationsMap,
  Origin,
  readAnnotation,
  restoreAnnotation,
  type Taxonomy,
} from '@attrib/core'
import { useCallback, useEffect, useMemo, useState } from 'react'
import type * as Y from 'yjs'
import type { Denied } from '../closeCodes'
import type { OnRestore } from './HistoryLine'
import { labelNames } from './historyModel'

/** How long "Restored: …" stays; a refusal stays. */
const NOTICE_MS = 10_000

/** What became of the last restore, for the history's panels. */
export interface RestoreNotice {
  text: string
  refused: boolean
}

/**
 * Restores annotations of the live document `doc` (core's `restoreAnnotation`, as the person's change:
 * synced and recorded like a key press, and undone by Ctrl+Z like one) and says what became of the last
 * one, including the server's refusal (`denied`, the connection's 4409 close, SPEC UI14).
 */
export function useRestore(
  doc: Y.Doc | undefined,
  taxonomy: Taxonomy,
  denied: Denied | null,
  deniedReason: string | null,
): {
  currentState: (annotation: string) => AnnotationState | null
  restore: OnRestore
  notice: RestoreNotice | null
} {
  // What the last restore did, said for a while; whether any was made here, for a refusal that follows.
  const [done, setDone] = useState<{ text: string; at: number } | null>(null)
  const [attempted, setAttempted] = useState(false)
  useEffect(() => {
    if (!done) return
    const timer = setTimeout(() => setDone(null), NOTICE_MS)
    return () => clearTimeout(timer)
  }, [done])
  const currentState = useCallback(
    (id: string) => {
      const record = doc && getAnnotationsMap(doc).get(id)
      const annotation = record && readAnnotation(id, record)
      return annotation ? annotationState(annotation) : null
    },
    [doc],
  )
  const restore: OnRestore = useCallback(
    (entry, state) => {
      if (!doc) return
      restoreAnnotation(doc, entry.annotation, state, Origin.user)
      setAttempted(true)
      setDone({
        text:
          state === null
            ? 'Restored: the annotation is removed again.'
            : `Restored: ${labelNames(state.labels, taxonomy)}${state.source ? `, source “${state.source}”` : ''}.`,
        at: Date.now(),
      })
    },
    [doc, taxonomy],
  )
  const notice = useMemo<RestoreNotice | null>(
    () =>
      attempted && denied === 'refused'
        ? {
            text: `The server refused this restore${deniedReason ? ` (${deniedReason})` : ''}: it was not saved. Reload the page to see the article as it is.`,
            refused: true,
          }
        : done && { text: `${done.text} Ctrl+Z in the editor undoes it.`, refused: false },
    [attempted, done, denied, deniedReason],
  )
  return { currentState, restore, notice }
}
