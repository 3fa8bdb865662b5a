import type { Taxonomy } from '@attrib/core'
import { fetchTaxonomy } from './api'
import { fetchSession, type Session } from './session'

/** What the app starts with: the session and, for someone who may read it, the project's taxonomy. */
export interface StartupAnswers {
  session: Session
  /** Null while nobody is signed in on a server that requires it (the taxonomy is not theirs to read). */
  taxonomy: Taxonomy | null
}

let answers: Promise<StartupAnswers> | null = null

/**
 * The session and the taxonomy, from the answers `index.html` asked for at the page's start; read once,
 * for the app's first render or, when it could not wait for them, its first effect.
 */
export function startupAnswers(): Promise<StartupAnswers> {
  answers ??= fetchSession().then(async (session) => ({
    session,
    taxonomy: !session.auth || session.user ? await fetchTaxonomy() : null,
  }))
  return answers
}
