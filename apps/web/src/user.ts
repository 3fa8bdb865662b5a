const KEY = 'attrib:user'

/** The annotator's name and presence colour, remembered in this browser. */
export interface User {
  name: string
  color: string
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22']

/** The remembered user, or null when the name was never asked. */
export function loadUser(): User | null {
  try {
    const raw = localStorage.getItem(KEY)
    if (!raw) return null
    const u = JSON.parse(raw) as Partial<User>
    return typeof u.name === 'string' && u.name.trim()
      ? { name: u.name, color: u.color ?? colorFor(u.name) }
      : null
  } catch {
    return null
  }
}

/** Remembers the user's name. */
export function saveUser(name: string): User {
  const user = { name: name.trim(), color: colorFor(name.trim()) }
  localStorage.setItem(KEY, JSON.stringify(user))
  return user
}

/** The presence colour for a name: the same name gets the same colour in every browser. */
export function colorFor(name: string): string {
  let h = 0
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0
  return PALETTE[h % PALETTE.length]!
}
