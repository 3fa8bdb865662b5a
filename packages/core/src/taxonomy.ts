/** A source type an annotator can give a sentence or span. */
export interface Label {
  /** Stable id used in stored annotations and exports, e.g. `anonymous_official`. */
  id: string
  /** Name shown to people. */
  name: string
  /** CSS colour of the highlight, `#rrggbb`. */
  color: string
  /** The single key that toggles this label in the editor. */
  key: string
  /** One line saying when to use the label. */
  description: string
}

/** The project's set of labels, in display order. */
export interface Taxonomy {
  labels: Label[]
}

/**
 * The five source types every project starts with. The colours stay apart for people with red–green
 * or blue–yellow colour blindness (checked in `taxonomy.test.ts` with simulated vision), and all but the
 * orange reach 3:1 against white for the bars drawn under tagged sentences. Colour is never the only
 * cue: the editor also draws each label's key and short name ({@link shortLabelName}). The descriptions
 * are short forms of the definitions in `docs/annotation-guidelines.md` (section 2), which the editor's
 * label help shows.
 */
export const DEFAULT_LABELS: readonly Label[] = Object.freeze([
  {
    id: 'anonymous_official',
    name: 'Anonymous official',
    color: '#882255',
    key: '1',
    description:
      'Information from a source whose name is not given: officials, aides, insiders, people familiar with the matter, unnamed residents or employees',
  },
  {
    id: 'spokesperson',
    name: 'Spokesperson',
    color: '#332288',
    key: '2',
    description:
      'Someone speaking for an organisation by that role (spokesperson, press secretary, press officer, representative), named or not; never also named source',
  },
  {
    id: 'quote',
    name: 'Direct quote',
    color: '#f28e2b',
    key: '3',
    description:
      'Someone’s words in quotation marks, even one word, and every sentence inside a quotation; not names, titles or terms in quotation marks',
  },
  {
    id: 'named_source',
    name: 'Named source',
    color: '#117733',
    key: '4',
    description:
      'A named person (any title) or an identified organisation speaking as such, including its statements and data it provides',
  },
  {
    id: 'media_report',
    name: 'Media report',
    color: '#b07aa1',
    key: '5',
    description:
      'Another publication (newspaper, agency, broadcaster), or a document as the grammatical source (report, study, filing, memo, emails); a source telling another outlet adds it',
  },
])

const LABEL_ID = /^[a-z][a-z0-9_]{0,63}$/
const COLOR = /^#[0-9a-fA-F]{6}$/

/** Creates a taxonomy holding a copy of the given labels (the defaults when none are given). */
export function createTaxonomy(labels: readonly Label[] = DEFAULT_LABELS): Taxonomy {
  const taxonomy = { labels: labels.map((l) => ({ ...l })) }
  validateTaxonomy(taxonomy)
  return taxonomy
}

/**
 * Checks ids, colours and keys; throws a `RangeError` naming the offending label.
 * Keys `j`, `k`, `a`, `x` and `?` are reserved for navigation and review.
 */
export function validateTaxonomy(taxonomy: Taxonomy): void {
  const ids = new Set<string>()
  const keys = new Set<string>()
  taxonomy.labels.forEach((label, i) => {
    const where = `label ${i} (${JSON.stringify(label.id)})`
    if (!LABEL_ID.test(label.id)) throw new RangeError(`${where}: id must match ${LABEL_ID}`)
    if (ids.has(label.id)) throw new RangeError(`${where}: duplicate id`)
    if (!label.name.trim()) throw new RangeError(`${where}: name is empty`)
    if (!COLOR.test(label.color)) throw new RangeError(`${where}: colour must be #rrggbb, got ${label.color}`)
    if ([...label.key].length !== 1) throw new RangeError(`${where}: key must be one character`)
    if (RESERVED_KEYS.includes(label.key.toLowerCase()))
      throw new RangeError(`${where}: key ${label.key} is reserved`)
    if (keys.has(label.key)) throw new RangeError(`${where}: key ${label.key} is already used`)
    ids.add(label.id)
    keys.add(label.key)
  })
}

/** Keys the editor uses for itself, so no label may take them. */
export const RESERVED_KEYS: readonly string[] = ['j', 'k', 'a', 'x', '?']

/** Returns a new taxonomy with `label` appended. */
export function addLabel(taxonomy: Taxonomy, label: Label): Taxonomy {
  return createTaxonomy([...taxonomy.labels, label])
}

/** Returns a new taxonomy where label `id` has the fields in `change`. The id itself never changes. */
export function updateLabel(taxonomy: Taxonomy, id: string, change: Partial<Omit<Label, 'id'>>): Taxonomy {
  if (!taxonomy.labels.some((l) => l.id === id))
    throw new RangeError(`no label with id ${JSON.stringify(id)}`)
  return createTaxonomy(taxonomy.labels.map((l) => (l.id === id ? { ...l, ...change, id } : l)))
}

/** Renames label `id`. */
export function renameLabel(taxonomy: Taxonomy, id: string, name: string): Taxonomy {
  return updateLabel(taxonomy, id, { name })
}

/** Gives label `id` a new colour. */
export function recolorLabel(taxonomy: Taxonomy, id: string, color: string): Taxonomy {
  return updateLabel(taxonomy, id, { color })
}

/** The label bound to `key`, if any. */
export function labelForKey(taxonomy: Taxonomy, key: string): Label | undefined {
  return taxonomy.labels.find((l) => l.key === key)
}

/** The label with this id, if any. */
export function labelById(taxonomy: Taxonomy, id: string): Label | undefined {
  return taxonomy.labels.find((l) => l.id === id)
}

/** Relative luminance of a `#rrggbb` colour (WCAG 2.x). */
export function relativeLuminance(color: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(color.slice(i, i + 2), 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

/** WCAG contrast ratio of two `#rrggbb` colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

/**
 * Black or white, whichever reads better on `background`: text drawn on a label's colour (its badge).
 * One of the two always reaches WCAG AA's 4.5:1, whatever colour a project gives a label.
 */
export function textColorOn(background: string): '#000000' | '#ffffff' {
  return contrastRatio(background, '#000000') >= contrastRatio(background, '#ffffff') ? '#000000' : '#ffffff'
}

/**
 * A label's name short enough for the badge drawn on a sentence: names up to 12 characters as they are,
 * longer ones with the first word cut to four letters ("Anonymous official" → "Anon. official") and then
 * cut at 14 characters.
 * @example shortLabelName('Spokesperson') // 'Spokesperson'
 */
export function shortLabelName(name: string): string {
  const trimmed = name.trim()
  if (trimmed.length <= 12) return trimmed
  const [first = '', ...rest] = trimmed.split(/\s+/)
  const short = first.length > 5 && rest.length > 0 ? `${first.slice(0, 4)}. ${rest.join(' ')}` : trimmed
  return short.length <= 14 ? short : `${short.slice(0, 13)}…`
}
