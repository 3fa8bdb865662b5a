import { type AnnotationState, getArticleFragment, type HistoryEntry, type Taxonomy } from '@attrib/core'
import { type LabelStyle, labelStyles } from '@attrib/editor'
import { memo, useEffect, useMemo, useRef, useState } from 'react'
import type * as Y from 'yjs'
import type { Role } from '../session'
import { HistoryLine, type OnRestore } from './HistoryLine'
import { changedBy, changeLine, changeTime, type LoadedHistory } from './historyModel'
import {
  type ArticleLayout,
  articleLayout,
  markCounts,
  type SentenceMarks,
  timelineFrames,
} from './timelineModel'
import './history.css'

type Styles = ReadonlyMap<string, LabelStyle>

/** What the page around the timeline shows of its step: the side panel's sentence, the legend's counts. */
export interface TimelineFrameInfo {
  sentence: number | null
  counts: ReturnType<typeof markCounts>
}

const UNKNOWN: Omit<LabelStyle, 'short' | 'name'> = { color: '#888888', text: '#000000', key: '' }
const styleOf = (styles: Styles, id: string): LabelStyle =>
  styles.get(id) ?? { ...UNKNOWN, short: id, name: id }

/** A label as the editor's badge draws it: key and short name on its colour, so never by colour alone (UI2). */
function Badge({ id, styles, suggested = false }: { id: string; styles: Styles; suggested?: boolean }) {
  const st = styleOf(styles, id)
  return (
    <span
      className={`attrib-badge-label${suggested ? ' attrib-badge-suggested' : ''}`}
      title={suggested ? `Suggested: ${st.name}` : st.name}
      style={suggested ? { borderColor: st.color } : { background: st.color, color: st.text }}
    >
      {suggested ? 'suggested ' : ''}
      {st.key ? `${st.key} ` : ''}
      {st.short}
    </span>
  )
}

/** The fill and bars of a tagged sentence, and the dashed outline of a suggested one, as in the editor. */
function sentenceStyle(m: SentenceMarks, styles: Styles): React.CSSProperties | undefined {
  const style: React.CSSProperties = {}
  if (m.accepted.length > 0) {
    style.backgroundColor = `${styleOf(styles, m.accepted[0]!).color}2e`
    style.boxShadow = m.accepted
      .map((l, i) => `inset 0 -${3 * (i + 1)}px 0 ${styleOf(styles, l).color}`)
      .join(', ')
  }
  if (m.suggested.length > 0) style.outline = `2px dashed ${styleOf(styles, m.suggested[0]!).color}`
  return style
}

/**
 * One sentence as it was: its badges (labels, suggestions, spans' words, "final") before its text. Redrawn
 * only when its marks object changes (the frames keep it while the sentence draws the same).
 */
const HistorySentence = memo(function HistorySentence({
  layout,
  index,
  marks,
  current,
  styles,
}: {
  layout: ArticleLayout
  index: number
  marks: SentenceMarks | undefined
  current: boolean
  styles: Styles
}) {
  const span = layout.sentences[index]!
  const text = layout.text.slice(span.start, span.end)
  return (
    <span
      className={`timeline-sentence${marks?.accepted.length ? ' timeline-tagged' : ''}${current ? ' timeline-current' : ''}`}
      data-sentence={index}
      data-labels={marks?.accepted.join(' ') ?? ''}
      data-suggested={marks?.suggested.join(' ') ?? ''}
      aria-current={current ? 'true' : undefined}
      style={marks && sentenceStyle(marks, styles)}
    >
      {marks && (
        <span className="attrib-badge">
          {marks.final && <span className="attrib-badge-label timeline-final">final</span>}
          {marks.accepted.map((l) => (
            <Badge key={l} id={l} styles={styles} />
          ))}
          {marks.suggested.map((l) => (
            <Badge key={`s:${l}`} id={l} styles={styles} suggested />
          ))}
          {marks.spans.map((s, i) => (
            <span
              // biome-ignore lint/suspicious/noArrayIndexKey: spans of one sentence in a stable order
              key={i}
              className={`attrib-badge-label timeline-span${s.suggested ? ' attrib-badge-suggested' : ''}`}
              title={`Words tagged: ${s.labels.map((l) => styleOf(styles, l).name).join(', ')}`}
            >
              “{s.words}”{' '}
              {s.labels.map((l) => `${styleOf(styles, l).key} ${styleOf(styles, l).short}`).join(', ')}
            </span>
          ))}
        </span>
      )}
      {text}
    </span>
  )
})

interface ParagraphProps {
  layout: ArticleLayout
  index: number
  sentences: readonly number[]
  /** The same object as long as the paragraph's marks are the same (`TimelineFrame.paragraphs`). */
  marks: ReadonlyMap<number, SentenceMarks> | undefined
  current: number | null
  styles: Styles
}

/** A paragraph of the past article; redrawn only when its sentences' marks or the current sentence change. */
const HistoryParagraph = memo(
  function HistoryParagraph({ layout, index, sentences, marks, current, styles }: ParagraphProps) {
    const p = layout.paragraphs[index]!
    const parts: React.ReactNode[] = []
    let pos = p.start
    for (const s of sentences) {
      const span = layout.sentences[s]!
      if (span.start > pos) parts.push(layout.text.slice(pos, span.start))
      parts.push(
        <HistorySentence
          key={s}
          layout={layout}
          index={s}
          marks={marks?.get(s)}
          current={current === s}
          styles={styles}
        />,
      )
      pos = span.end
    }
    if (pos < p.end) parts.push(layout.text.slice(pos, p.end))
    return <p>{parts}</p>
  },
  (a, b) => a.layout === b.layout && a.marks === b.marks && a.current === b.current && a.styles === b.styles,
)

/** The words a screen reader says for a step, and the line shown under the slider. */
function stepWords(entry: HistoryEntry | undefined, step: number, total: number, taxonomy: Taxonomy): string {
  if (!entry) return `History starts here: the annotations when recording began (0 of ${total} changes)`
  const time = changeTime(entry.at)
  return `Change ${step} of ${total}: ${changedBy(entry.user)}, ${time.full}: ${changeLine(entry, taxonomy)}`
}

/**
 * The article's timeline (SPEC UI13): a slider over its trail that shows the article's annotations as they
 * were after each change, drawn read-only over its current text (core's `statesAt` from the trail held in
 * memory), with the change of the step, who made it and when, and restore for those who may (UI14).
 * Escape or "Back to live" returns to the editor.
 */
export const Timeline = memo(function Timeline({
  doc,
  history,
  error,
  taxonomy,
  role,
  currentState,
  onRestore,
  onClose,
  onFrame,
  notice,
}: {
  doc: Y.Doc
  history: LoadedHistory | null
  error: string | null
  taxonomy: Taxonomy
  role: Role
  currentState: (annotation: string) => AnnotationState | null
  onRestore: OnRestore
  onClose: () => void
  /** The step's drawing changed: the sentence of its change (null at the start) and the labels' counts. */
  onFrame?: (frame: TimelineFrameInfo) => void
  notice?: { text: string; refused: boolean } | null
}) {
  const sliderRef = useRef<HTMLInputElement>(null)
  const articleRef = useRef<HTMLElement>(null)
  const [textVersion, setTextVersion] = useState(0)
  // Null: follow the newest change (the timeline opens on the article as it is).
  const [step, setStep] = useState<number | null>(null)
  const styles = useMemo(() => labelStyles(taxonomy), [taxonomy])

  // The past is drawn over the current text: lay it out again when the text changes (rare: edit mode).
  useEffect(() => {
    const fragment = getArticleFragment(doc)
    let timer: ReturnType<typeof setTimeout> | null = null
    const onText = () => {
      if (timer) clearTimeout(timer)
      timer = setTimeout(() => setTextVersion((v) => v + 1), 300)
    }
    fragment.observeDeep(onText)
    return () => {
      if (timer) clearTimeout(timer)
      fragment.unobserveDeep(onText)
    }
  }, [doc])
  // biome-ignore lint/correctness/useExhaustiveDependencies: textVersion says the text changed
  const layout = useMemo(() => articleLayout(doc), [doc, textVersion])
  const sentencesOf = useMemo(() => {
    const out: number[][] = layout.paragraphs.map(() => [])
    for (const [s, p] of layout.paragraphOf.entries()) out[p]!.push(s)
    return out
  }, [layout])

  const total = history?.entries.length ?? 0
  const at = Math.min(step ?? total, total)
  const entry = at > 0 ? history?.entries[at - 1] : undefined
  const frameAt = useMemo(() => history && timelineFrames(layout, history), [layout, history])
  const frame = useMemo(() => frameAt?.(at) ?? null, [frameAt, at])
  const changed = entry && (entry.after ?? entry.before)
  const currentSentence = changed ? layout.place(changed).sentence : null

  useEffect(() => sliderRef.current?.focus(), [])
  useEffect(() => {
    if (frame) onFrame?.({ sentence: currentSentence, counts: markCounts(frame.marks) })
  }, [frame, currentSentence, onFrame])
  useEffect(() => {
    if (currentSentence === null) return
    articleRef.current
      ?.querySelector(`[data-sentence="${currentSentence}"]`)
      ?.scrollIntoView({ block: 'nearest' })
  }, [currentSentence])
  // Escape anywhere but in a dialog goes back to the live article.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return
      if ((e.target as Element | null)?.closest?.('dialog, [role="dialog"]')) return
      e.preventDefault()
      onClose()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [onClose])

  const words = stepWords(entry, at, total, taxonomy)
  const moveTo = (n: number) => setStep(Math.max(0, Math.min(total, n)))

  return (
    <section className="timeline" aria-labelledby="timeline-title" data-testid="timeline">
      <div className="timeline-bar">
        <div className="timeline-head">
          <h2 id="timeline-title">Article history</h2>
          <span className="badge" data-testid="timeline-read-only">
            Read-only: the article as it was
          </span>
          <button type="button" onClick={onClose} data-testid="timeline-close">
            Back to live (Esc)
          </button>
        </div>
        {error && <p className="muted">{error}</p>}
        {!history && !error && <p className="muted">Reading the history…</p>}
        {history && (
          <>
            <div className="timeline-controls">
              <label htmlFor="timeline-slider">Change</label>
              <button
                type="button"
                aria-label="Previous change"
                disabled={at === 0}
                onClick={() => moveTo(at - 1)}
              >
                ◂
              </button>
              <input
                ref={sliderRef}
                id="timeline-slider"
                data-testid="timeline-slider"
                type="range"
                min={0}
                max={total}
                step={1}
                value={at}
                aria-valuetext={words}
                onChange={(e) => moveTo(Number(e.target.value))}
              />
              <button
                type="button"
                aria-label="Next change"
                disabled={at === total}
                onClick={() => moveTo(at + 1)}
              >
                ▸
              </button>
              <span className="timeline-count" aria-hidden="true">
                {at} / {total}
              </span>
            </div>
            <div className="timeline-step" data-testid="timeline-step">
              {notice && (
                <p className={notice.refused ? 'error' : 'muted'} role={notice.refused ? 'alert' : 'status'}>
                  {notice.text}
                </p>
              )}
              {entry ? (
                <HistoryLine
                  entry={entry}
                  taxonomy={taxonomy}
                  role={role}
                  current={currentState(entry.annotation)}
                  onRestore={onRestore}
                  showQuote
                />
              ) : (
                <p className="timeline-start" data-testid="timeline-start">
                  <strong>History starts here.</strong> The article’s annotations when recording began (
                  {history.start.size} annotation{history.start.size === 1 ? '' : 's'}
                  {total === 0 ? '; nothing has changed since' : ''}). Move the slider, or use the arrow keys,
                  to go through the {total} change{total === 1 ? '' : 's'} since.
                </p>
              )}
            </div>
          </>
        )}
      </div>
      {history && (
        <article
          ref={articleRef}
          className="timeline-article"
          data-step={at}
          aria-label={at === 0 ? 'The article when its history began' : `The article after change ${at}`}
        >
          {layout.paragraphs.map((_, i) => (
            <HistoryParagraph
              // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of one layout, in order
              key={i}
              layout={layout}
              index={i}
              sentences={sentencesOf[i]!}
              marks={frame?.paragraphs.get(i)}
              current={
                currentSentence !== null && layout.paragraphOf[currentSentence] === i ? currentSentence : null
              }
              styles={styles}
            />
          ))}
        </article>
      )}
    </section>
  )
})
