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

/** The five source types every project starts with. */
export const DEFAULT_LABELS: readonly Label[] = Object.freeze([
  {
    id: 'anonymous_official',
    name: 'Anonymous official',
    color: '#e15759',
    key: '1',
    description: 'An anonymous official, insider or other unnamed source',
  },
  {
    id: 'spokesperson',
    name: 'Spokesperson',
    color: '#4e79a7',
    key: '2',
    description: 'A spokesperson, press secretary or representative speaking for an organisation',
  },
  { id: 'quote', name: 'Direct quote', color: '#f28e2b', key: '3', description: 'A direct quotation' },
  {
    id: 'named_source',
    name: 'Named source',
    color: '#59a14f',
    key: '4',
    description: 'A named person or organisation that is not a spokesperson',
  },
  {
    id: 'media_report',
    name: 'Media report',
    color: '#b07aa1',
    key: '5',
    description: 'Another outlet, a report or a document',
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
