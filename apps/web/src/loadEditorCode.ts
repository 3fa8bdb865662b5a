import type * as EditorCodeModule from './editorCode'

/** The editor's code, loaded apart from the page's first script (`editorCode.ts`, OPEN4). */
export type EditorCode = typeof EditorCodeModule

let loading: Promise<EditorCode> | null = null

/**
 * Loads the editor's code, once. A failed load (offline before the service worker kept it) is tried
 * again on the next call.
 */
export function loadEditorCode(): Promise<EditorCode> {
  loading ??= import('./editorCode').catch((e: unknown) => {
    loading = null
    throw e
  })
  return loading
}
