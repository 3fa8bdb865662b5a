import {
  type AnnotationStatus,
  type ArticleSnapshot,
  annotationSentence,
  codePointsToUtf16,
  type ResolvedAnnotation,
  SUGGESTER,
} from '@attrib/core'

/**
 * Cohen's kappa of two coders who gave nominal categories to the same units:
 * `κ = (pₒ − pₑ) / (1 − pₑ)`, where `pₒ` is the share of units on which they agree and `pₑ` the
 * agreement expected from each coder's own category shares.
 *
 * Edge cases: no units gives `NaN`. When `pₑ = 1` (both coders used one and the same category for
 * every unit) the formula is `0/0`; this returns 1 when `pₒ = 1` (they agree on everything, if
 * trivially) and `NaN` otherwise. Throws a `RangeError` when the two lists differ in length.
 * @example
 * cohensKappa(['yes', 'no', 'yes'], ['yes', 'no', 'no']) // 0.4
 */
export function cohensKappa(a: readonly string[], b: readonly string[]): number {
  if (a.length !== b.length) {
    throw new RangeError(
      `cohensKappa: the coders rated ${a.length} and ${b.length} units; expected the same units`,
    )
  }
  const n = a.length
  if (n === 0) return Number.NaN
  const countA = new Map<string, number>()
  const countB = new Map<string, number>()
  let agree = 0
  for (let i = 0; i < n; i++) {
    const x = a[i]!
    const y = b[i]!
    if (x === y) agree++
    countA.set(x, (countA.get(x) ?? 0) + 1)
    countB.set(y, (countB.get(y) ?? 0) + 1)
  }
  const observed = agree / n
  let expected = 0
  for (const [category, na] of countA) expected += (na / n) * ((countB.get(category) ?? 0) / n)
  // Rounding can leave `expected` a hair off 1 when it is 1 in exact arithmetic.
  if (Math.abs(1 - expected) < 1e-12) return observed === 1 ? 1 : Number.NaN
  return (observed - expected) / (1 - expected)
}

/**
 * Krippendorff's alpha for nominal data, by the coincidence-matrix method
 * (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"): `α = 1 − Dₒ / Dₑ`.
 *
 * `units[u]` holds the values the coders gave unit `u`, `null` where a coder gave none; the order of
 * coders within a unit does not matter. Units with fewer than two values are not pairable and are
 * left out. Edge cases: fewer than two pairable values in all gives `NaN`; when every pairable value
 * is the same category (`Dₑ = 0`) this returns 1, as {@link cohensKappa} does for the same case.
 * @example
 * // Three sentences, two coders; the second coder skipped the last one.
 * krippendorffAlpha([['quote', 'quote'], ['none', 'quote'], ['none', null]])
 */
export function krippendorffAlpha(units: readonly (readonly (string | null)[])[]): number {
  // o[c][k]: coincidences of values c and k; each pairable unit with m values adds 1/(m−1) per ordered pair.
  const coincidences = new Map<string, Map<string, number>>()
  const add = (c: string, k: string, w: number) => {
    let row = coincidences.get(c)
    if (!row) {
      row = new Map()
      coincidences.set(c, row)
    }
    row.set(k, (row.get(k) ?? 0) + w)
  }
  for (const unit of units) {
    const values = unit.filter((v): v is string => v !== null)
    const m = values.length
    if (m < 2) continue
    const counts = new Map<string, number>()
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
    // Counting by category keeps a unit O(categories²) rather than O(m²).
    for (const [c, nc] of counts)
      for (const [k, nk] of counts) add(c, k, (c === k ? nc * (nc - 1) : nc * nk) / (m - 1))
  }
  const marginals = new Map<string, number>()
  let n = 0
  let disagreeing = 0
  for (const [c, row] of coincidences) {
    for (const [k, o] of row) {
      marginals.set(c, (marginals.get(c) ?? 0) + o)
      n += o
      if (c !== k) disagreeing += o
    }
  }
  if (n < 2) return Number.NaN
  let expectedPairs = 0
  for (const nc of marginals.values()) expectedPairs += nc * (n - nc)
  if (expectedPairs === 0) return 1
  return 1 - ((n - 1) * disagreeing) / expectedPairs
}

/** Options of {@link articleAgreement}. */
export interface AgreementOptions {
  /** The labels to compare; by default every label the compared annotators used, sorted. */
  labels?: readonly string[]
  /**
   * The annotators to compare; by default everyone with a counted annotation in the article except
   * `attrib-suggest`. Naming `attrib-suggest` here compares the suggestions like a person.
   */
  annotators?: readonly string[]
  /** Which annotations count; by default only `accepted` ones. */
  statuses?: readonly AnnotationStatus[]
}

/** Agreement of two annotators: Cohen's kappa per label (present or absent per sentence) and their mean. */
export interface PairAgreement {
  a: string
  b: string
  /** Per label; `NaN` when the two have no sentence in common. */
  perLabel: Record<string, number>
  /** Mean of the labels' kappas that are numbers; `NaN` when none is. */
  meanKappa: number
}

/** A sentence on which the annotators who reached it gave different label sets. */
export interface AgreementDisagreement {
  sentence: number
  /** Offsets in code points of the article text. */
  start: number
  end: number
  text: string
  /** Per annotator who reached the sentence: the labels they gave it, sorted (empty for none). */
  labels: Record<string, string[]>
}

/** How well the annotators of one article agree, sentence by sentence. */
export interface ArticleAgreement {
  /** The compared annotators, sorted. */
  annotators: string[]
  /** Number of sentences of the article. */
  sentences: number
  /** Every pair of annotators, in the order of `annotators`. */
  pairs: PairAgreement[]
  /** Per label: Krippendorff's alpha over all annotators, the label present or absent per sentence. */
  alpha: Record<string, number>
  /** Krippendorff's alpha over all annotators where a sentence's value is its whole label set. */
  alphaLabelSet: number
  /** Sentences on which at least two annotators reached it and differ, in order. */
  disagreements: AgreementDisagreement[]
}

const DEFAULT_STATUSES: readonly AnnotationStatus[] = ['accepted']

/** The sentence an annotation counts for, or null outside the article. */
function sentenceOf(snapshot: ArticleSnapshot, a: ResolvedAnnotation): number | null {
  const index = annotationSentence(snapshot, a)
  return index === null || index < 0 || index >= snapshot.sentences.length ? null : index
}

/**
 * How far the annotators of an article agree on which sentences carry which label.
 *
 * A sentence's labels for an annotator are the union of the labels of that annotator's counted
 * annotations on it (sentence annotations by their sentence, span annotations by the sentence their
 * start falls in). Final (adjudicated) annotations never count: they are the outcome of agreement,
 * not a coder.
 *
 * Annotators work top to bottom and may not have finished. An annotator has *coded* the sentences
 * up to the last one they gave a label (an untagged sentence before it is a coded "no label");
 * later sentences are *not coded*. Alpha treats those as missing values; the kappa of a pair uses
 * only the sentences both have coded (`NaN` when there are none), since kappa cannot take missing
 * values. An annotator with no tag at all has coded nothing.
 * @example
 * const { pairs, alpha } = articleAgreement(readArticle(doc), { labels: taxonomy.labels.map((l) => l.id) })
 */
export function articleAgreement(
  snapshot: ArticleSnapshot,
  options: AgreementOptions = {},
): ArticleAgreement {
  const statuses = options.statuses ?? DEFAULT_STATUSES
  const sentenceCount = snapshot.sentences.length
  // Per annotator: labels per sentence, and the last sentence they reached.
  const coded = new Map<string, { labels: Map<number, Set<string>>; last: number }>()
  const wanted = options.annotators ? new Set(options.annotators) : null
  for (const name of options.annotators ?? []) coded.set(name, { labels: new Map(), last: -1 })
  for (const a of snapshot.annotations) {
    if (!statuses.includes(a.status) || a.final === true) continue
    if (wanted ? !wanted.has(a.annotator) : a.annotator === SUGGESTER) continue
    const index = sentenceOf(snapshot, a)
    if (index === null) continue
    let annotator = coded.get(a.annotator)
    if (!annotator) {
      annotator = { labels: new Map(), last: -1 }
      coded.set(a.annotator, annotator)
    }
    if (a.labels.length === 0) continue
    let labels = annotator.labels.get(index)
    if (!labels) {
      labels = new Set()
      annotator.labels.set(index, labels)
    }
    for (const l of a.labels) labels.add(l)
    if (index > annotator.last) annotator.last = index
  }
  const annotators = [...coded.keys()].sort()
  const used = new Set<string>()
  for (const { labels } of coded.values()) for (const set of labels.values()) for (const l of set) used.add(l)
  const labels = options.labels ? [...options.labels] : [...used].sort()
  const labelSet = new Set(labels)

  /** The sorted labels annotator `name` gave sentence `s`, or null when they have not coded it. */
  const labelsOf = (name: string, s: number): string[] | null => {
    const annotator = coded.get(name)!
    if (s > annotator.last) return null
    return [...(annotator.labels.get(s) ?? [])].filter((l) => labelSet.has(l)).sort()
  }
  const table = annotators.map((name) => Array.from({ length: sentenceCount }, (_, s) => labelsOf(name, s)))

  const pairs: PairAgreement[] = []
  for (let i = 0; i < annotators.length; i++) {
    for (let j = i + 1; j < annotators.length; j++) {
      const both = Math.min(coded.get(annotators[i]!)!.last, coded.get(annotators[j]!)!.last) + 1
      const perLabel: Record<string, number> = {}
      for (const label of labels) {
        const present = (row: (string[] | null)[]) =>
          row.slice(0, both).map((v) => (v!.includes(label) ? '1' : '0'))
        perLabel[label] = cohensKappa(present(table[i]!), present(table[j]!))
      }
      pairs.push({ a: annotators[i]!, b: annotators[j]!, perLabel, meanKappa: mean(Object.values(perLabel)) })
    }
  }

  const units = (value: (labels: string[]) => string) =>
    Array.from({ length: sentenceCount }, (_, s) => table.map((row) => (row[s] ? value(row[s]) : null)))
  const alpha: Record<string, number> = {}
  for (const label of labels) alpha[label] = krippendorffAlpha(units((v) => (v.includes(label) ? '1' : '0')))
  const alphaLabelSet = krippendorffAlpha(units((v) => v.join('+')))

  const u16 = codePointsToUtf16(snapshot.text)
  const disagreements: AgreementDisagreement[] = []
  for (let s = 0; s < sentenceCount; s++) {
    const given: Record<string, string[]> = {}
    const keys = new Set<string>()
    annotators.forEach((name, i) => {
      const v = table[i]![s]
      if (!v) return
      given[name] = v
      keys.add(v.join('+'))
    })
    if (Object.keys(given).length < 2 || keys.size < 2) continue
    const { start, end } = snapshot.sentences[s]!
    disagreements.push({
      sentence: s,
      start,
      end,
      text: snapshot.text.slice(u16(start), u16(end)),
      labels: given,
    })
  }

  return { annotators, sentences: sentenceCount, pairs, alpha, alphaLabelSet, disagreements }
}

function mean(values: number[]): number {
  const numbers = values.filter((v) => !Number.isNaN(v))
  return numbers.length === 0 ? Number.NaN : numbers.reduce((sum, v) => sum + v, 0) / numbers.length
}
