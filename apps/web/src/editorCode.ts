/**
 * The article page's editor code (ProseMirror, y-prosemirror, `@attrib/editor`'s editor and what works on
 * a live editor), a chunk of its own that the page loads once the article's preview is painted
 * (apps/web/SPEC.md, OPEN4): the script a page starts with stays small, so the preview is drawn sooner.
 * Imported only through `loadEditorCode`.
 */
export {
  allSentences,
  buildAttributionEditor,
  currentSentence,
  labelCounts,
  setSourceName,
  setStatus,
} from '@attrib/editor'
export { keepPreview, takeOver } from './preview/keepPreview'
