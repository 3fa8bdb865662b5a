import { useEffect, useLayoutEffect, useRef } from 'react'
import './ArticleDeletion.css'

/** How long the list offers to undo a deletion (the server keeps the article restorable far longer). */
export const UNDO_SECONDS = 30

/**
 * Asks before an article is deleted: a modal `<dialog>` (the browser keeps focus inside it, puts it on
 * Cancel first, and Escape cancels), with Delete and Cancel.
 */
export function ConfirmDelete({
  title,
  onConfirm,
  onCancel,
}: {
  title: string
  onConfirm: () => void
  onCancel: () => void
}) {
  const ref = useRef<HTMLDialogElement>(null)
  // Before paint, so the dialog never shows as a non-modal one.
  useLayoutEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])
  return (
    <dialog
      ref={ref}
      className="confirm-delete"
      data-testid="confirm-delete"
      aria-labelledby="confirm-delete-question"
      aria-describedby="confirm-delete-undo"
      onCancel={(e) => {
        // Escape: React decides when the dialog goes, through onCancel.
        e.preventDefault()
        onCancel()
      }}
    >
      <h2 id="confirm-delete-question">Delete “{title}”?</h2>
      <p id="confirm-delete-undo">You can undo this for {UNDO_SECONDS} seconds.</p>
      <div className="modal-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={onConfirm}>
          Delete
        </button>
      </div>
    </dialog>
  )
}

/**
 * Says an article was deleted and offers to undo it for {@link UNDO_SECONDS} seconds, then goes away by
 * itself (`onExpire`). The Undo button takes the focus, since the row whose Delete was pressed is gone.
 */
export function UndoToast({
  title,
  onUndo,
  onExpire,
}: {
  title: string
  onUndo: () => void
  onExpire: () => void
}) {
  const undoRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    undoRef.current?.focus()
    const timer = setTimeout(onExpire, UNDO_SECONDS * 1000)
    return () => clearTimeout(timer)
  }, [onExpire])
  return (
    <div className="undo-toast" role="status" data-testid="undo-toast">
      <span>“{title}” was deleted.</span>
      <button type="button" ref={undoRef} onClick={onUndo}>
        Undo
      </button>
    </div>
  )
}
