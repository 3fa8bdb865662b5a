import { useCallback, useEffect, useState } from 'react'
import { ConfirmDelete, UndoToast } from './ArticleDeletion'
import { type ArticleRow, deleteArticle, listArticles, restoreArticle } from './api'
import { ExportMenu } from './ExportMenu'
import { ImportArticles } from './ImportArticles'

/**
 * The list of articles: title, outlet, date, sentence count and the share tagged; import of new ones
 * unless `canImport` is false (a viewer); a Delete action per article when `canDelete` (a reviewer, or
 * anyone without sign-in), which asks first, deletes at once and offers to undo for 30 seconds (UI9).
 */
export function ArticleList({
  canImport = true,
  canDelete = false,
}: {
  canImport?: boolean
  canDelete?: boolean
}) {
  const [rows, setRows] = useState<ArticleRow[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [confirming, setConfirming] = useState<ArticleRow | null>(null)
  const [deleted, setDeleted] = useState<ArticleRow | null>(null)

  const refresh = useCallback(() => {
    listArticles()
      .then((r) => {
        setRows(r)
        setError(null)
      })
      .catch((e: Error) => setError(`Could not load the articles: ${e.message}`))
  }, [])

  useEffect(() => {
    refresh()
    window.addEventListener('focus', refresh)
    return () => window.removeEventListener('focus', refresh)
  }, [refresh])

  const titleOf = (row: ArticleRow) => row.title || row.id

  const confirmDelete = (row: ArticleRow) => {
    setConfirming(null)
    deleteArticle(row.id)
      .then(() => {
        setRows((r) => (r ? r.filter((x) => x.id !== row.id) : null))
        setDeleted(row)
        setError(null)
      })
      .catch((e: Error) => setError(`Could not delete “${titleOf(row)}”: ${e.message}`))
  }

  const undo = (row: ArticleRow) => {
    setDeleted(null)
    restoreArticle(row.id)
      .then(refresh)
      .catch((e: Error) => setError(`Could not restore “${titleOf(row)}”: ${e.message}`))
  }

  const expire = useCallback(() => setDeleted(null), [])

  return (
    <main className="list">
      <div className="list-head">
        <h1>Articles</h1>
        <span className="spacer" />
        <ExportMenu />
        {canImport && <ImportArticles onImported={refresh} />}
      </div>
      {error && <p className="error">{error}</p>}
      {rows === null && !error && <p>Loading…</p>}
      {rows && rows.length === 0 && <p>No articles yet. Import a text, Markdown or HTML file.</p>}
      {rows && rows.length > 0 && (
        <table className="articles">
          <thead>
            <tr>
              <th>Title</th>
              <th>Outlet</th>
              <th>Date</th>
              <th className="num">Sentences</th>
              <th>Tagged</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td className="title-cell">
                  <a href={`#/a/${encodeURIComponent(r.id)}`}>{r.title || r.id}</a>
                  {canImport && (
                    <a
                      className="rename"
                      href={`#/a/${encodeURIComponent(r.id)}?details=title`}
                      title="Rename: open the article's details"
                      aria-label={`Rename ${r.title || r.id}`}
                    >
                      Rename
                    </a>
                  )}
                  {canDelete && (
                    <button
                      type="button"
                      className="link delete"
                      data-testid="delete-article"
                      aria-label={`Delete ${titleOf(r)}`}
                      onClick={() => setConfirming(r)}
                    >
                      Delete
                    </button>
                  )}
                </td>
                <td>
                  {r.outlet ? (
                    r.outlet
                  ) : canImport ? (
                    <a
                      className="set-outlet"
                      href={`#/a/${encodeURIComponent(r.id)}?details=outlet`}
                      title="Open the article's details to give its outlet"
                    >
                      Set outlet
                    </a>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{r.date ?? '—'}</td>
                <td className="num">{r.sentences}</td>
                <td>
                  <div className="share" title={`${r.tagged} of ${r.sentences} sentences tagged`}>
                    <div className="share-bar" style={{ width: `${Math.round(r.share * 100)}%` }} />
                    <span>{Math.round(r.share * 100)}%</span>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirming && (
        <ConfirmDelete
          title={titleOf(confirming)}
          onConfirm={() => confirmDelete(confirming)}
          onCancel={() => setConfirming(null)}
        />
      )}
      {deleted && (
        <UndoToast key={deleted.id} title={titleOf(deleted)} onUndo={() => undo(deleted)} onExpire={expire} />
      )}
    </main>
  )
}
