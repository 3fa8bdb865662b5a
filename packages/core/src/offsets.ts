/**
 * JavaScript strings count UTF-16 code units; exports, the CLI and Python count
 * Unicode code points. These helpers convert between the two.
 */

/** Length of `text` in code points. */
export function codePointLength(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) n++
  }
  return n
}

/**
 * Builds a converter from UTF-16 offsets of `text` to code-point offsets.
 * O(n) once, O(log k) per call where k is the number of astral characters.
 */
export function utf16ToCodePoints(text: string): (offset: number) => number {
  const astral: number[] = [] // utf-16 offsets just after each surrogate pair
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        astral.push(i + 2)
        i++
      }
    }
  }
  if (astral.length === 0) return (offset) => offset
  return (offset) => offset - countAtMost(astral, offset)
}

/** Builds a converter from code-point offsets of `text` to UTF-16 offsets. */
export function codePointsToUtf16(text: string): (offset: number) => number {
  const astral: number[] = [] // code-point offsets of each astral character
  let cp = 0
  for (let i = 0; i < text.length; i++, cp++) {
    const c = text.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        astral.push(cp)
        i++
      }
    }
  }
  if (astral.length === 0) return (offset) => offset
  return (offset) => offset + countBelow(astral, offset)
}

function countAtMost(sorted: number[], x: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid]! <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

function countBelow(sorted: number[], x: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid]! < x) lo = mid + 1
    else hi = mid
  }
  return lo
}
