// Sources' names: one spelling of a person or body to the name it stands for, and that name's stable id.
// Pure, so the source index (packages/review) and the exports (packages/formats) agree on both.

/** Words of a role or title before a name (`Kremlin spokesman Dmitry Peskov` → `Dmitry Peskov`). */
const TITLES =
  /^(?:the|a|an|mr|mrs|ms|dr|prof|sen|rep|gov|gen|col|judge|president|prime minister|minister|spokesman|spokeswoman|spokesperson|press secretary|secretary|chief|ceo|chairman|director|mayor|senator|ambassador)\.?$/i

/** Small words that stand inside a name. */
const CONNECTORS = new Set([
  'of',
  'for',
  'and',
  'de',
  'del',
  'der',
  'van',
  'von',
  'la',
  'le',
  'du',
  'da',
  'bin',
  'al',
])

/** The name a source's spelling stands for: trimmed, titles and roles before the name dropped. */
export function normaliseSourceName(raw: string): string {
  const words = raw.replace(/\s+/g, ' ').trim().split(' ')
  // The name is the run of capitalised words at the end, after any lower-case role ("Kremlin spokesman"),
  // small words inside a name included ("US Department of Defense", "Ursula von der Leyen").
  const capital = (w: string | undefined) => w !== undefined && /^[\p{Lu}\d]/u.test(w)
  let start = words.length
  while (start > 0) {
    if (capital(words[start - 1])) {
      start--
      continue
    }
    // A run of small words ("von der") is inside the name when a capitalised word comes before it.
    let run = start
    while (run > 0 && CONNECTORS.has(words[run - 1]!)) run--
    if (run < start && start < words.length && capital(words[run - 1])) start = run
    else break
  }
  let name = words.slice(start)
  if (name.length === 0) name = words
  while (name.length > 1 && TITLES.test(name[0]!)) name = name.slice(1)
  return name.join(' ')
}

/** The stable id of a source's normalised name (`Dmitry Peskov` → `dmitry-peskov`). */
export function sourceId(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'source'
  )
}

/**
 * The source ids of the named annotations of one article, by annotation id: a bare surname is the full
 * name that ends with it in the same article ("Peskov" → `dmitry-peskov` when "Dmitry Peskov" is there).
 * Only accepted annotations lend their full names, as in the source index (a suggestion naming "Dmitry
 * Peskov" does not make an accepted "Peskov" his), so an export's ids are the index's.
 */
export function articleSourceIds(
  annotations: readonly { id: string; source: string; status?: string }[],
): Map<string, string> {
  const names = new Set<string>()
  for (const a of annotations)
    if (a.source.trim() && (a.status ?? 'accepted') === 'accepted') names.add(normaliseSourceName(a.source))
  const ids = new Map<string, string>()
  for (const a of annotations) {
    if (!a.source.trim()) continue
    ids.set(a.id, sourceId(resolveSurname(normaliseSourceName(a.source), names)))
  }
  return ids
}

/** `name`, or the full name among `names` that ends with it when it is a bare surname. */
export function resolveSurname(name: string, names: ReadonlySet<string>): string {
  if (name.includes(' ')) return name
  return [...names].find((n) => n.endsWith(` ${name}`)) ?? name
}
