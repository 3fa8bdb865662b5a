// How the coverage reports (Markdown and HTML) print a figure.

/** Krippendorff's alpha with two decimals; empty when there is none (fewer than two annotators). */
export function alpha(value: number | null): string {
  return value === null ? '' : value.toFixed(2)
}

/** A share as a percentage with one decimal: `0.256` → `25.6%`. */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`
}
