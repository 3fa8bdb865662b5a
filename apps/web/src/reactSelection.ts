/**
 * Keeps React's commits from walking the editor's DOM.
 *
 * Before every commit React notes the selection of the focused element, so as to put it back should the
 * commit move the focus. For a `contenteditable` element (ProseMirror's) it counts the characters of every
 * text node up to the selection's ends: at 2,000,000 characters that is 11–14 ms on each commit, whatever
 * changed (the side panel after `j`, a collaborator joining). React takes an element's `selectionStart`
 * and `selectionEnd` as they are when the element has them (as inputs do), so the editor's element gets
 * constant ones: ProseMirror owns the editor's selection, and React's putting it back would be a no-op.
 * (react-dom 19: `commitBeforeMutationEffects` and `restoreSelection`, which also reads `value.length`.)
 */
export function shieldSelectionFromReact(element: HTMLElement): void {
  if ('selectionStart' in element) return
  const constant = (value: unknown) => ({ configurable: true, get: () => value, set: () => {} })
  Object.defineProperties(element, {
    selectionStart: constant(0),
    selectionEnd: constant(0),
    value: constant(''),
  })
}
