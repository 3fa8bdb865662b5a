import {
  type DecisionRequest,
  type DecisionRole,
  readSourceDecisions,
  requestDecision,
  SOURCE_DECISIONS_DOC,
  type SourceDecision,
} from '@attrib/core'
import { applyStoredDocument, type DocumentStore } from '@attrib/sync'
import * as Y from 'yjs'

// The source index's decisions (SPEC SD1–SD4) as the store keeps them: the corpus's decisions document
// (`_sources`, a name no article can have), appended to like any document. Every request loads it afresh,
// makes its change in one transaction and appends the update that change made, so requests of several
// processes on one store converge like collaborators' edits.

/** The log rows after which a change also compacts the decisions document. */
const COMPACT_AFTER = 100

async function loadDecisions(store: DocumentStore): Promise<{ doc: Y.Doc; seq: number; rows: number }> {
  const stored = await store.load(SOURCE_DECISIONS_DOC)
  const doc = new Y.Doc()
  applyStoredDocument(doc, stored, 'attrib:load')
  return { doc, seq: stored.seq, rows: stored.updates.length }
}

/** The decisions on the source index, in key order (none for a store that never had one). */
export async function readDecisions(store: DocumentStore): Promise<SourceDecision[]> {
  const { doc } = await loadDecisions(store)
  try {
    return readSourceDecisions(doc)
  } finally {
    doc.destroy()
  }
}

// One request at a time per store in this process, so that a request sees the one before it.
const queues = new WeakMap<DocumentStore, Promise<unknown>>()

/**
 * Carries out a decision request (core's `requestDecision`) by `user` in `role` and stores it; resolves to
 * the decision as it now is and every decision. Throws core's `DecisionError` for a request refused.
 */
export function changeDecisions(
  store: DocumentStore,
  request: DecisionRequest,
  user: string,
  role: DecisionRole,
): Promise<{ decision: SourceDecision | null; decisions: SourceDecision[] }> {
  const run = async () => {
    const { doc, seq, rows } = await loadDecisions(store)
    try {
      const updates: Uint8Array[] = []
      doc.on('update', (u: Uint8Array) => updates.push(u))
      const decision = requestDecision(doc, request, user, role)
      if (updates.length > 0) {
        const last = await store.appendUpdates(SOURCE_DECISIONS_DOC, updates)
        // Only this process's rows are known to be in `doc` when nobody appended in between.
        if (rows + updates.length >= COMPACT_AFTER && last === seq + updates.length)
          await store.compact(SOURCE_DECISIONS_DOC, Y.encodeStateAsUpdate(doc), last)
      }
      return { decision, decisions: readSourceDecisions(doc) }
    } finally {
      doc.destroy()
    }
  }
  const next = (queues.get(store) ?? Promise.resolve()).then(run, run)
  queues.set(
    store,
    next.catch(() => {}),
  )
  return next
}
