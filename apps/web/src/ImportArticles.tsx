import { type ApiError, ArticleImportError, decodeArticleFile } from '@attrib/core'
import { useState } from 'react'
import type { ArticleRow } from './api'
import { sessionExpired } from './session'

/** What became of one file of an import: imported (with its row) or refused (with a sentence to read). */
export type ImportOutcome =
  | { file: string; ok: true; row: ArticleRow }
  | { file: string; ok: false; error: string }

const ACCEPTED = /\.(txt|text|md|markdown|html?)$/i

/**
 * Turns the server's refusal of one file into plain words: what is wrong and what to do. The status and
 * the `where` and `problem` fields of the error body decide (never the message's wording); the server's own message is
 * kept only where it names the line at fault.
 */
export function importErrorText(file: string, status: number, body: Partial<ApiError> | null): string {
  const nothing = 'nothing was imported'
  if (status === 409 || body?.where === 'body.id')
    return `${file}: an article with the same name is already in the list — ${nothing}. Rename the file to import it as a new article.`
  if (status === 413)
    return `${file}: the file is too large for the server — ${nothing}. Split it into smaller articles.`
  if (status === 401 || status === 403)
    return `${file}: you are not allowed to import articles — ${nothing}. Ask a reviewer to import it or to give you access.`
  if (status >= 500 || status === 0)
    return `${file}: the server could not store it (${status === 0 ? 'no connection' : `error ${status}`}) — ${nothing}. Try again in a moment.`
  // A 400 on the text: the parser's reason, which names the line (`story.md:3: invalid date …`).
  const detail = (body?.error ?? '').replace(/^body\.text:\s*/, '')
  const reason = detail.startsWith(`${file}:`) ? detail.slice(file.length + 1).trim() : detail
  const where = /^(\d+):\s*/.exec(reason)
  const said = where ? `line ${where[1]}: ${reason.slice(where[0].length)}` : reason
  // Refused by the limits (core LIM1–LIM4): the reason says what and how much; what to do follows.
  if (body?.problem === 'not-text')
    return `${file}: ${said} — ${nothing}. Save the article as UTF-8 text (.txt, .md or .html) and import that.`
  if (body?.problem === 'too-large')
    return `${file}: ${said} — ${nothing}. Split it into smaller parts and import those.`
  return `${file}: the file could not be read as an article${said ? ` (${said})` : ''} — ${nothing}. Fix the file and import it again.`
}

/** Sends one file to `POST /api/articles`; never throws: a refusal comes back as a sentence. */
export async function importFile(file: File): Promise<ImportOutcome> {
  const name = file.name
  if (!ACCEPTED.test(name))
    return {
      file: name,
      ok: false,
      error: `${name}: this is not a text, Markdown or HTML file — nothing was imported. Save the article as .txt, .md or .html and import that.`,
    }
  // The bytes as UTF-8, or refused here: a file in another encoding or a binary one (core LIM1).
  let text: string
  try {
    text = decodeArticleFile(new Uint8Array(await file.arrayBuffer()), { file: name })
  } catch (e) {
    if (!(e instanceof ArticleImportError)) throw e
    return {
      file: name,
      ok: false,
      // Worded as the server's refusal of the same file would be.
      error: importErrorText(name, 400, { error: e.message, where: 'body.text', problem: e.kind }),
    }
  }
  if (text.trim() === '')
    return {
      file: name,
      ok: false,
      error: `${name}: the file is empty — nothing was imported. Check that you picked the right file.`,
    }
  let res: Response
  try {
    res = await fetch('/api/articles', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fileName: name, text }),
    })
  } catch {
    return { file: name, ok: false, error: importErrorText(name, 0, null) }
  }
  if (res.status === 401) sessionExpired()
  if (res.ok) return { file: name, ok: true, row: (await res.json()) as ArticleRow }
  let body: Partial<ApiError> | null = null
  try {
    body = (await res.json()) as Partial<ApiError>
  } catch {}
  return { file: name, ok: false, error: importErrorText(name, res.status, body) }
}

interface Note {
  id: number
  kind: 'error' | 'done'
  text: string
}
let nextNote = 0

/**
 * The "Import articles…" button and what became of each file. Every file is tried (one bad file does
 * not stop the others); each refusal stays on screen until dismissed (UI3).
 */
export function ImportArticles({ onImported }: { onImported: () => void }) {
  const [notes, setNotes] = useState<Note[]>([])
  const [busy, setBusy] = useState(false)

  const onFiles = async (files: FileList | null) => {
    if (!files || files.length === 0) return
    setBusy(true)
    const outcomes: ImportOutcome[] = []
    for (const file of Array.from(files)) outcomes.push(await importFile(file))
    const done = outcomes.filter((o) => o.ok)
    const added: Note[] = outcomes.flatMap((o) =>
      o.ok ? [] : [{ id: ++nextNote, kind: 'error', text: o.error }],
    )
    if (done.length > 0)
      added.unshift({
        id: ++nextNote,
        kind: 'done',
        text: `Imported ${done.length} of ${outcomes.length}: ${done.map((o) => (o.ok ? o.row.title || o.file : '')).join(', ')}`,
      })
    setNotes((n) => [...added, ...n])
    setBusy(false)
    if (done.length > 0) onImported()
  }

  return (
    <>
      <label className="button">
        {busy ? 'Importing…' : 'Import articles…'}
        <input
          type="file"
          multiple
          accept=".txt,.text,.md,.markdown,.html,.htm"
          hidden
          data-testid="import-input"
          onChange={(e) => {
            void onFiles(e.target.files)
            // The same file can be picked again after fixing it.
            e.target.value = ''
          }}
        />
      </label>
      {notes.length > 0 && (
        <ul className="import-notes" data-testid="import-notes" aria-live="polite">
          {notes.map((n) => (
            <li
              key={n.id}
              className={n.kind === 'error' ? 'import-error' : 'import-done'}
              role={n.kind === 'error' ? 'alert' : undefined}
            >
              <span>{n.text}</span>
              <button
                type="button"
                className="dismiss"
                aria-label="Dismiss"
                title="Dismiss"
                onClick={() => setNotes((all) => all.filter((x) => x.id !== n.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
