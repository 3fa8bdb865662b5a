import { labelForKey, SECTION_SIZE, type Taxonomy } from '@attrib/core'
import type { LabelStyle } from '@attrib/editor'
import { useLayoutEffect, useMemo, useRef, useState } from 'react'
import { yieldToInput } from '../yieldToPage'
import { type ArticlePreview as Preview, previewDrawing, SECTION_OPEN, sentenceIndex } from './articlePreview'

/**
 * Drawn at once: paragraphs up to this many characters (several windows full), and no more than two
 * sections' worth of paragraphs.
 */
const FIRST_CHARACTERS = 30_000
const FIRST_PARAGRAPHS = 2 * SECTION_SIZE
/** How long each further step of drawing may take (ms). */
const STEP_MS = 25

/** A key pressed on the preview, to be pressed again on the editor once it is live (OPEN2). */
export interface QueuedKey {
  key: string
  code: string
  /** The sentence it was pressed on (the article's index); null: where the editor's cursor starts. */
  sentence: number | null
}

/** What the preview hands over to the editor that replaces it. */
export interface PreviewHandover {
  /** The sentence j/k or a click put the preview's cursor on; null when none. */
  sentence: number | null
  /** Label, accept and reject keys pressed meanwhile, in order. */
  keys: QueuedKey[]
  /** The first paragraph at the top of the window and how far below the top it starts (px). */
  scrolled: { paragraph: number; top: number } | null
}

/** Handover of an empty preview: nothing pressed, nowhere moved. */
export function emptyHandover(): PreviewHandover {
  return { sentence: null, keys: [], scrolled: null }
}

/** The label key of a key event: digits and letters by physical key, as the editor reads them. */
function keyOf(event: React.KeyboardEvent): string {
  if (event.code.startsWith('Digit')) return event.code.slice(5)
  if (event.code.startsWith('Key')) return event.code.slice(3).toLowerCase()
  return event.key
}

/** The sentence elements of a drawn paragraph: its spans that are neither badges nor span annotations. */
function sentencesOf(paragraph: Element): Element[] {
  return [...paragraph.children].filter(
    (c) =>
      c.tagName === 'SPAN' && !c.classList.contains('attrib-badge') && !c.classList.contains('attrib-span'),
  )
}

/**
 * The article drawn read-only from its preview while the editor is being built (apps/web/SPEC.md,
 * OPEN1–OPEN2): the same sections, paragraphs, highlights and badges as the editor, `aria-busy`, with a
 * quiet "Loading the editor…". j/k and clicks move a cursor over its sentences; label keys, `a` and `x`
 * are kept in `handover` and pressed on the editor once it is live, and the page says how many wait.
 * `onDrawn` is called once the preview has been painted, so the heavy loading starts only then.
 */
export function ArticlePreview({
  preview,
  taxonomy,
  styles,
  annotator,
  viewOnly,
  handover,
  onDrawn,
  hidden = false,
}: {
  preview: Preview
  taxonomy: Taxonomy
  styles: ReadonlyMap<string, LabelStyle>
  annotator: string
  viewOnly: boolean
  handover: PreviewHandover
  onDrawn: () => void
  /** Out of sight (the editor took its place), about to be taken out of the page. */
  hidden?: boolean
}) {
  const ref = useRef<HTMLDivElement>(null)
  const [waiting, setWaiting] = useState(0)
  const [notYet, setNotYet] = useState(false)
  const index = useMemo(() => sentenceIndex(preview), [preview])
  const drawnRef = useRef(onDrawn)
  drawnRef.current = onDrawn

  useLayoutEffect(() => {
    const root = ref.current
    if (!root) return
    let stopped = false
    let frame = 0
    // The first paragraphs at once (they fill the window), the rest a few at a time, each step short:
    // sized by their characters, as a paragraph of the largest articles is 10,000.
    const draw = async () => {
      root.innerHTML = ''
      // Prepared (every annotation read) and first drawn in a task of its own, not in the render that
      // mounts the preview: together they held the page for a tenth of a second on a busy machine.
      await yieldToInput()
      if (stopped) return
      const drawing = previewDrawing(preview, { styles, annotator })
      // Paragraphs `from` to `to` added at the end, in the sections of the editor (a section begun by an
      // earlier step is added to).
      const append = (from: number, to: number) => {
        for (let p = from; p < to; ) {
          const end = Math.min(to, (Math.floor(p / SECTION_SIZE) + 1) * SECTION_SIZE)
          const html = drawing.html(p, end)
          if (p % SECTION_SIZE === 0) root.insertAdjacentHTML('beforeend', `${SECTION_OPEN}${html}</div>`)
          else root.lastElementChild!.insertAdjacentHTML('beforeend', html)
          p = end
        }
      }
      // Paragraphs from `from` up to `characters` of text (at least one), `most` of them at most.
      const upTo = (from: number, characters: number, most: number) => {
        let to = from
        for (let count = 0; to < drawing.paragraphs && to - from < most && count < characters; to++)
          count += drawing.length(to) + 1
        return Math.max(to, Math.min(from + 1, drawing.paragraphs))
      }
      let at = upTo(0, FIRST_CHARACTERS, FIRST_PARAGRAPHS)
      append(0, at)
      let perCharacter = 0
      while (at < drawing.paragraphs) {
        await yieldToInput()
        if (stopped) return
        const to = upTo(at, perCharacter > 0 ? STEP_MS / perCharacter : FIRST_CHARACTERS / 4, Infinity)
        let characters = 0
        for (let p = at; p < to; p++) characters += drawing.length(p) + 1
        const started = performance.now()
        append(at, to)
        perCharacter = Math.max(perCharacter, (performance.now() - started) / characters)
        at = to
      }
      performance.mark('attrib:preview')
      frame = requestAnimationFrame(() => {
        // After this frame is painted.
        frame = window.setTimeout(() => drawnRef.current(), 0)
      })
    }
    void draw()
    return () => {
      stopped = true
      cancelAnimationFrame(frame)
      clearTimeout(frame)
    }
  }, [preview, styles, annotator])

  // Where the editor should take over the scroll position: the first paragraph in view.
  useLayoutEffect(() => {
    const root = ref.current
    if (!root) return
    const note = () => {
      if (window.scrollY === 0) {
        handover.scrolled = null
        return
      }
      const paragraphs = root.getElementsByTagName('p')
      // Paragraphs are in order: find the first whose bottom is below the window's top.
      let lo = 0
      let hi = paragraphs.length - 1
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (paragraphs[mid]!.getBoundingClientRect().bottom <= 0) lo = mid + 1
        else hi = mid
      }
      const p = paragraphs[lo]
      handover.scrolled = p ? { paragraph: lo, top: p.getBoundingClientRect().top } : null
    }
    window.addEventListener('scroll', note, { passive: true })
    return () => window.removeEventListener('scroll', note)
  }, [handover])

  const elementOf = (sentence: number): Element | null => {
    const root = ref.current
    if (!root) return null
    let p = 0
    while (p + 1 < index.firstOf.length && index.firstOf[p + 1]! <= sentence) p++
    const paragraph = root.getElementsByTagName('p')[p]
    return paragraph ? (sentencesOf(paragraph)[sentence - index.firstOf[p]!] ?? null) : null
  }

  const moveTo = (sentence: number) => {
    if (sentence < 0 || sentence >= index.count) return
    if (handover.sentence !== null) elementOf(handover.sentence)?.classList.remove('attrib-current')
    handover.sentence = sentence
    const el = elementOf(sentence)
    el?.classList.add('attrib-current')
    el?.scrollIntoView({ block: 'nearest' })
  }

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return
    if (event.key === 'j' || event.key === 'k') {
      event.preventDefault()
      const at = handover.sentence
      moveTo(at === null ? 0 : at + (event.key === 'j' ? 1 : -1))
      return
    }
    if (viewOnly) return
    const label = labelForKey(taxonomy, keyOf(event))
    if ((label && !event.shiftKey) || event.key === 'a' || event.key === 'x') {
      event.preventDefault()
      handover.keys.push({ key: event.key, code: event.code, sentence: handover.sentence })
      setWaiting(handover.keys.length)
      return
    }
    // Tagging a selection (Shift+key) and editing the text need the editor.
    if (label || event.key === 'e') {
      event.preventDefault()
      setNotYet(true)
    }
  }

  const onClick = (event: React.MouseEvent) => {
    const target = event.target as Element
    const paragraph = target.closest('p')
    const root = ref.current
    if (!paragraph || !root) return
    const p = Array.prototype.indexOf.call(root.getElementsByTagName('p'), paragraph)
    const sentences = sentencesOf(paragraph)
    let el: Element | null = target
    while (el && el.parentElement !== paragraph) el = el.parentElement
    const k = el ? sentences.indexOf(el) : -1
    if (p >= 0 && k >= 0) moveTo(index.firstOf[p]! + k)
  }

  return (
    <>
      <p className="preview-note muted" role="status" data-testid="preview-note" hidden={hidden}>
        Loading the editor…
        {waiting > 0 &&
          ` ${waiting} key${waiting === 1 ? '' : 's'} pressed will be applied when it is ready.`}
        {notYet && ' Editing text and tagging a selection start when it is ready.'}
      </p>
      <div
        ref={ref}
        className="article-preview"
        hidden={hidden}
        data-testid="article-preview"
        aria-busy="true"
        aria-label="The article (loading the editor)"
        role="document"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: it stands in for the editor, which has the focus; keys pressed here are kept for it
        tabIndex={0}
        onKeyDown={onKeyDown}
        onClick={onClick}
      />
    </>
  )
}
