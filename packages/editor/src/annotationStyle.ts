import { type AnnotationStatus, shortLabelName, type Taxonomy, textColorOn } from '@attrib/core'

/** How a label is drawn: its colour, and the key and short name on the badge at the sentence's start. */
export interface LabelStyle {
  color: string
  /** Black or white, whichever reads on `color` (WCAG AA). */
  text: string
  key: string
  short: string
  name: string
}

let styleGeneration = 0
/** A number per styles map, part of the badges' keys: a recolour must not reuse badges of old colours. */
const generations = new WeakMap<ReadonlyMap<string, LabelStyle>, number>()

/** Label id → {@link LabelStyle} of a taxonomy. */
export function labelStyles(taxonomy: Taxonomy): Map<string, LabelStyle> {
  const styles = new Map(
    taxonomy.labels.map((l) => [
      l.id,
      { color: l.color, text: textColorOn(l.color), key: l.key, short: shortLabelName(l.name), name: l.name },
    ]),
  )
  generations.set(styles, ++styleGeneration)
  return styles
}

/** The generation of a styles map made by {@link labelStyles} (0 for any other map). */
export function stylesGeneration(styles: ReadonlyMap<string, LabelStyle>): number {
  return generations.get(styles) ?? 0
}

const UNKNOWN_COLOR = '#888888'

/** The style of a label id the taxonomy does not know (e.g. imported): its id as the name. */
export function styleOf(styles: ReadonlyMap<string, LabelStyle>, id: string): LabelStyle {
  return styles.get(id) ?? { color: UNKNOWN_COLOR, text: '#000000', key: '', short: id, name: id }
}

/** One label on a sentence's badge: what it says, its tooltip and its colours. */
export interface BadgeLabel {
  suggested: boolean
  /** `class` of its element. */
  className: string
  title: string
  text: string
  /** Inline style: the label's colour as fill (accepted) or as the dashed outline (suggested). */
  style: string
}

/**
 * The labels of the badge drawn before a tagged or suggested sentence: key and short name of each label,
 * so labels are told apart without their colour; suggestions outlined, dashed, with the word "suggested".
 * The editor's badge widget and the article's preview draw the same list.
 */
export function badgeLabels(
  accepted: readonly string[],
  suggested: readonly string[],
  styles: ReadonlyMap<string, LabelStyle>,
): BadgeLabel[] {
  const part = (id: string, isSuggestion: boolean): BadgeLabel => {
    const st = styleOf(styles, id)
    return {
      suggested: isSuggestion,
      className: isSuggestion ? 'attrib-badge-label attrib-badge-suggested' : 'attrib-badge-label',
      title: isSuggestion ? `Suggested: ${st.name} (press ${st.key} or a to accept)` : st.name,
      text: `${isSuggestion ? 'suggested ' : ''}${st.key ? `${st.key} ` : ''}${st.short}`,
      style: isSuggestion ? `border-color: ${st.color}` : `background-color: ${st.color}; color: ${st.text}`,
    }
  }
  return [...accepted.map((l) => part(l, false)), ...suggested.map((l) => part(l, true))]
}

/** The badge's `data-badge`: its labels, suggested ones prefixed (what tests and styles match on). */
export function badgeKey(accepted: readonly string[], suggested: readonly string[]): string {
  return [...accepted, ...suggested.map((l) => `suggested:${l}`)].join(' ')
}

/** The `class` of a drawn sentence. */
export function sentenceClass(accepted: readonly string[], suggested: readonly string[]): string {
  return `attrib-sentence${accepted.length ? ' attrib-tagged' : ''}${suggested.length ? ' attrib-has-suggestion' : ''}`
}

/**
 * The inline style of a drawn sentence: the first label's colour as a light fill and one bar per label
 * below; a suggestion has no fill but a dashed outline (its badge says "suggested").
 */
export function sentenceStyle(
  accepted: readonly string[],
  suggested: readonly string[],
  styles: ReadonlyMap<string, LabelStyle>,
): string {
  const color = (l: string) => styleOf(styles, l).color
  const parts: string[] = []
  if (accepted.length > 0) {
    parts.push(`background-color: ${color(accepted[0]!)}2e`)
    const bars = accepted.map((l, i) => `inset 0 -${3 * (i + 1)}px 0 ${color(l)}`)
    parts.push(`box-shadow: ${bars.join(', ')}`)
  }
  if (suggested.length > 0) parts.push(`outline: 2px dashed ${color(suggested[0]!)}`, 'outline-offset: 1px')
  return parts.join('; ')
}

/** The `class` and inline style of a drawn span annotation: a line under it, dashed for a suggestion. */
export function spanLook(
  status: AnnotationStatus,
  labels: readonly string[],
  styles: ReadonlyMap<string, LabelStyle>,
): { className: string; style: string } {
  const color = styleOf(styles, labels[0] ?? '').color
  return {
    className: `attrib-span attrib-${status}`,
    style: `border-bottom: 3px ${status === 'suggested' ? 'dashed' : 'solid'} ${color}`,
  }
}
