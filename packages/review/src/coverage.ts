import {
  type AnnotationStatus,
  type ArticleSnapshot,
  adjudicatedSentences,
  annotationSentence,
  codePointsToUtf16,
  hasFinalLayer,
} from '@attrib/core'
import { articleAgreement } from './agreement'

/** The label that marks an anonymous source; {@link ArticleCoverage.anonymousShare} counts it. */
export const ANONYMOUS_LABEL = 'anonymous_official'
/** The label that marks a direct quotation; {@link ArticleCoverage.quotes} counts it. */
export const QUOTE_LABEL = 'quote'
/** The group key of articles that lack the grouped field. */
export const NO_GROUP = '(none)'

/** Options of {@link articleCoverage}, {@link corpusCoverage} and {@link groupCoverage}. */
export interface CoverageOptions {
  /** Which annotations count; by default only `accepted` ones. */
  statuses?: readonly AnnotationStatus[]
  /**
   * Label ids that always appear in `perLabel`, with zeros when unused (e.g. the taxonomy's ids),
   * so a dashboard can show every source type. Labels in use appear whether listed or not.
   */
  labels?: readonly string[]
  /**
   * Count only these annotators' annotations (names as stored); by default everyone's. Without it, an
   * adjudicated article counts its final layer for the label figures (what exports use).
   */
  annotators?: readonly string[]
  /** Whether unattributed sentences carry their text (default true); a dashboard needs only indexes. */
  sentenceText?: boolean
}

/** How many sentences carry a label, and their share of all sentences. */
export interface LabelCoverage {
  sentences: number
  /** `sentences` over all sentences; 0 when there are none. */
  share: number
}

/** A sentence no counted annotation gives a label; offsets in code points of the article text. */
export interface UnattributedSentence {
  index: number
  start: number
  end: number
  /** Absent when the caller asked for indexes only (`sentenceText: false`). */
  text?: string
}

/** How well the annotators of one article agree (see {@link articleAgreement}). */
export interface ArticleAgreementSummary {
  /** Annotators with a counted label in the article. */
  annotators: number
  /** Sentences on which annotators who reached them gave different label sets. */
  disagreements: number
  /** Krippendorff's alpha over label sets; null with fewer than two annotators or nothing pairable. */
  alpha: number | null
}

/** How far one annotator got in one article. */
export interface AnnotatorProgress {
  /** Distinct sentences they gave at least one label. */
  sentences: number
  /** The highest sentence index they tagged, or -1. */
  lastSentence: number
  /** `(lastSentence + 1) / sentences of the article`; 0 for an empty article. */
  progress: number
}

/** Coverage statistics of one article. Only annotations with a counted status and at least one label count. */
export interface ArticleCoverage {
  id: string
  title: string
  outlet: string | undefined
  date: string | undefined
  story: string | undefined
  /** Number of sentences. */
  sentences: number
  /** Sentences with at least one label: a sentence annotation on it or a span annotation starting in it. */
  attributed: number
  /** `attributed / sentences`; 0 for an empty article. */
  attributedShare: number
  /** Per label id: the sentences carrying it, share over all sentences. */
  perLabel: Record<string, LabelCoverage>
  /** Sentences carrying `anonymous_official`. */
  anonymous: number
  /** `anonymous` over attributed sentences; 0 when none is attributed. */
  anonymousShare: number
  /** Sentences carrying `quote`. */
  quotes: number
  /** Distinct non-empty source names (compared ignoring case and spacing), as first written, sorted. */
  namedSources: string[]
  /** The sentences without any counted label, in order. */
  unattributed: UnattributedSentence[]
  /** Per annotator name: how many sentences they tagged and how far they got. */
  annotators: Record<string, AnnotatorProgress>
  agreement: ArticleAgreementSummary
  /** Whether a reviewer has adjudicated (the label figures are then the final layer's). */
  adjudicated: boolean
}

/** How far one annotator got over a set of articles. */
export interface CorpusAnnotatorProgress {
  /** Articles in which they tagged at least one sentence. */
  articles: number
  /** Distinct sentences they tagged, summed over the articles. */
  sentences: number
  /** `lastSentence + 1` summed over the articles: the sentences they have read past. */
  reached: number
  /** `reached` over all sentences of the set; 0 when the set has no sentences. */
  progress: number
}

/** Coverage statistics summed over a set of articles; shares are recomputed from the sums. */
export interface CorpusCoverage {
  articles: number
  sentences: number
  attributed: number
  attributedShare: number
  perLabel: Record<string, LabelCoverage>
  anonymous: number
  anonymousShare: number
  quotes: number
  /** Distinct source names over the whole set, compared as in {@link ArticleCoverage.namedSources}. */
  namedSources: string[]
  /** Number of sentences without any counted label. */
  unattributed: number
  annotators: Record<string, CorpusAnnotatorProgress>
}

/** What {@link groupCoverage} groups articles by; `month` is the `YYYY-MM` of the date. */
export type CoverageGroupBy = 'outlet' | 'date' | 'month' | 'story'

/** The coverage of the articles sharing one key. */
export interface GroupCoverage {
  key: string
  coverage: CorpusCoverage
}

/** The counts of one article before they become shares: the shared core of article and corpus coverage. */
interface ArticleCounts {
  sentences: number
  /** Labels per tagged sentence index. */
  tagged: Map<number, Set<string>>
  /** Normalised source name → as first written. */
  sources: Map<string, string>
  annotators: Map<string, { tagged: Set<number>; lastSentence: number }>
}

const DEFAULT_STATUSES: readonly AnnotationStatus[] = ['accepted']

/** Case- and space-insensitive key of a source name. */
export function sourceKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase()
}

function sortSources(sources: Map<string, string>): string[] {
  return [...sources.entries()]
    .sort(([ka, a], [kb, b]) => (ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([, name]) => name)
}

// One pass over the annotations; a span finds its sentence by binary search, so an article costs
// O(annotations · log sentences) and a corpus stays linear in its size.
function countArticle(
  snapshot: ArticleSnapshot,
  statuses: readonly AnnotationStatus[],
  annotators: ReadonlySet<string> | null,
): ArticleCounts {
  const counts: ArticleCounts = {
    sentences: snapshot.sentences.length,
    tagged: new Map(),
    sources: new Map(),
    annotators: new Map(),
  }
  // On a sentence a reviewer has decided, the label figures are the final layer's; on the others the
  // annotators' (the `auto` layer of exports). Each annotator's progress still comes from their own layer.
  const decided = annotators ? new Set<number>() : adjudicatedSentences(snapshot)
  for (const a of snapshot.annotations) {
    if (!statuses.includes(a.status)) continue
    if (annotators && !annotators.has(a.annotator)) continue
    const at = annotationSentence(snapshot, a)
    const counted = (a.final === true) === (at !== null && decided.has(at))
    if (counted) {
      const name = a.source.trim()
      if (name) {
        const key = sourceKey(name)
        if (!counts.sources.has(key)) counts.sources.set(key, name)
      }
    }
    if (a.labels.length === 0) continue
    const index = annotationSentence(snapshot, a)
    if (index === null || index < 0 || index >= counts.sentences) continue
    if (counted) {
      let labels = counts.tagged.get(index)
      if (!labels) {
        labels = new Set()
        counts.tagged.set(index, labels)
      }
      for (const l of a.labels) labels.add(l)
    }
    // A reviewer's decision is not an annotator's progress.
    if (!a.final) {
      let annotator = counts.annotators.get(a.annotator)
      if (!annotator) {
        annotator = { tagged: new Set(), lastSentence: -1 }
        counts.annotators.set(a.annotator, annotator)
      }
      annotator.tagged.add(index)
      if (index > annotator.lastSentence) annotator.lastSentence = index
    }
  }
  return counts
}

/** Running totals of label counts, shared by the article and the corpus. */
class LabelTally {
  readonly perLabel = new Map<string, number>()
  attributed = 0
  anonymous = 0
  quotes = 0

  constructor(labels: readonly string[] = []) {
    for (const l of labels) this.perLabel.set(l, 0)
  }

  add(tagged: Map<number, Set<string>>): void {
    for (const labels of tagged.values()) {
      if (labels.size === 0) continue
      this.attributed++
      if (labels.has(ANONYMOUS_LABEL)) this.anonymous++
      if (labels.has(QUOTE_LABEL)) this.quotes++
      for (const l of labels) this.perLabel.set(l, (this.perLabel.get(l) ?? 0) + 1)
    }
  }

  perLabelRecord(sentences: number): Record<string, LabelCoverage> {
    const out: Record<string, LabelCoverage> = {}
    for (const l of [...this.perLabel.keys()].sort()) {
      const n = this.perLabel.get(l)!
      out[l] = { sentences: n, share: share(n, sentences) }
    }
    return out
  }
}

function annotatorSet(options: CoverageOptions): ReadonlySet<string> | null {
  return options.annotators ? new Set(options.annotators) : null
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole
}

/**
 * Coverage statistics of one article: how many sentences carry a source type, which ones, how many
 * are anonymous or quotes, the named sources, the sentences still without a label and each
 * annotator's progress. Only `accepted` annotations count unless `options.statuses` says otherwise.
 * @example
 * const c = articleCoverage(readArticle(doc))
 * console.log(`${c.attributed}/${c.sentences} sentences attributed`)
 */
export function articleCoverage(snapshot: ArticleSnapshot, options: CoverageOptions = {}): ArticleCoverage {
  const statuses = options.statuses ?? DEFAULT_STATUSES
  const counts = countArticle(snapshot, statuses, annotatorSet(options))
  const tally = new LabelTally(options.labels)
  tally.add(counts.tagged)
  const u16 = codePointsToUtf16(snapshot.text)
  const withText = options.sentenceText !== false
  const unattributed: UnattributedSentence[] = []
  snapshot.sentences.forEach((s, index) => {
    if (counts.tagged.has(index)) return
    const sentence: UnattributedSentence = { index, start: s.start, end: s.end }
    if (withText) sentence.text = snapshot.text.slice(u16(s.start), u16(s.end))
    unattributed.push(sentence)
  })
  let agreement: ArticleAgreementSummary = {
    annotators: counts.annotators.size,
    disagreements: 0,
    alpha: null,
  }
  if (counts.annotators.size >= 2) {
    const a = articleAgreement(snapshot, { statuses, annotators: options.annotators })
    agreement = {
      annotators: a.annotators.length,
      disagreements: a.disagreements.length,
      alpha: Number.isNaN(a.alphaLabelSet) ? null : a.alphaLabelSet,
    }
  }
  const annotators: Record<string, AnnotatorProgress> = {}
  for (const name of [...counts.annotators.keys()].sort()) {
    const a = counts.annotators.get(name)!
    annotators[name] = {
      sentences: a.tagged.size,
      lastSentence: a.lastSentence,
      progress: share(a.lastSentence + 1, counts.sentences),
    }
  }
  return {
    id: snapshot.meta.id,
    title: snapshot.meta.title,
    outlet: snapshot.meta.outlet,
    date: snapshot.meta.date,
    story: snapshot.meta.story,
    sentences: counts.sentences,
    attributed: tally.attributed,
    attributedShare: share(tally.attributed, counts.sentences),
    perLabel: tally.perLabelRecord(counts.sentences),
    anonymous: tally.anonymous,
    anonymousShare: share(tally.anonymous, tally.attributed),
    quotes: tally.quotes,
    namedSources: sortSources(counts.sources),
    unattributed,
    annotators,
    agreement,
    adjudicated: hasFinalLayer(snapshot),
  }
}

/**
 * Coverage summed over a set of articles: counts are added up and every share is recomputed from
 * the sums (a long article weighs more than a short one), never averaged over articles.
 */
export function corpusCoverage(
  snapshots: Iterable<ArticleSnapshot>,
  options: CoverageOptions = {},
): CorpusCoverage {
  const statuses = options.statuses ?? DEFAULT_STATUSES
  const only = annotatorSet(options)
  const tally = new LabelTally(options.labels)
  const sources = new Map<string, string>()
  const annotators = new Map<string, { articles: number; sentences: number; reached: number }>()
  let articles = 0
  let sentences = 0
  for (const snapshot of snapshots) {
    const counts = countArticle(snapshot, statuses, only)
    articles++
    sentences += counts.sentences
    tally.add(counts.tagged)
    for (const [key, name] of counts.sources) if (!sources.has(key)) sources.set(key, name)
    for (const [name, a] of counts.annotators) {
      let total = annotators.get(name)
      if (!total) {
        total = { articles: 0, sentences: 0, reached: 0 }
        annotators.set(name, total)
      }
      total.articles++
      total.sentences += a.tagged.size
      total.reached += a.lastSentence + 1
    }
  }
  const annotatorRecord: Record<string, CorpusAnnotatorProgress> = {}
  for (const name of [...annotators.keys()].sort()) {
    const a = annotators.get(name)!
    annotatorRecord[name] = { ...a, progress: share(a.reached, sentences) }
  }
  return {
    articles,
    sentences,
    attributed: tally.attributed,
    attributedShare: share(tally.attributed, sentences),
    perLabel: tally.perLabelRecord(sentences),
    anonymous: tally.anonymous,
    anonymousShare: share(tally.anonymous, tally.attributed),
    quotes: tally.quotes,
    namedSources: sortSources(sources),
    unattributed: sentences - tally.attributed,
    annotators: annotatorRecord,
  }
}

/** The group key of an article: the field's trimmed value, the `YYYY-MM` of its date, or `(none)`. */
export function coverageGroupKey(snapshot: Pick<ArticleSnapshot, 'meta'>, by: CoverageGroupBy): string {
  if (by === 'month') {
    const month = /^(\d{4}-\d{2})/.exec(snapshot.meta.date?.trim() ?? '')
    return month ? month[1]! : NO_GROUP
  }
  return snapshot.meta[by]?.trim() || NO_GROUP
}

/**
 * Corpus coverage per outlet, date, month or story, sorted by key (plain string order, so
 * `(none)` comes before dates and most names). Articles without the field go to `(none)`.
 * @example
 * for (const { key, coverage } of groupCoverage(snapshots, 'month')) console.log(key, coverage.attributedShare)
 */
export function groupCoverage(
  snapshots: Iterable<ArticleSnapshot>,
  by: CoverageGroupBy,
  options: CoverageOptions = {},
): GroupCoverage[] {
  const groups = new Map<string, ArticleSnapshot[]>()
  for (const snapshot of snapshots) {
    const key = coverageGroupKey(snapshot, by)
    const group = groups.get(key)
    if (group) group.push(snapshot)
    else groups.set(key, [snapshot])
  }
  return [...groups.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => ({ key, coverage: corpusCoverage(groups.get(key)!, options) }))
}

/**
 * Corpus coverage summed from article coverages already computed (with the same options): equal to
 * {@link corpusCoverage} of their snapshots, without counting the annotations again. `labels` are the
 * ids that always appear in `perLabel`, as in {@link CoverageOptions.labels}.
 */
export function sumCoverage(
  coverages: Iterable<ArticleCoverage>,
  labels: readonly string[] = [],
): CorpusCoverage {
  const perLabel = new Map<string, number>(labels.map((l) => [l, 0]))
  const sources = new Map<string, string>()
  const annotators = new Map<string, { articles: number; sentences: number; reached: number }>()
  let articles = 0
  let sentences = 0
  let attributed = 0
  let anonymous = 0
  let quotes = 0
  for (const c of coverages) {
    articles++
    sentences += c.sentences
    attributed += c.attributed
    anonymous += c.anonymous
    quotes += c.quotes
    for (const [l, { sentences: n }] of Object.entries(c.perLabel))
      perLabel.set(l, (perLabel.get(l) ?? 0) + n)
    for (const name of c.namedSources) {
      const key = sourceKey(name)
      if (!sources.has(key)) sources.set(key, name)
    }
    for (const [name, a] of Object.entries(c.annotators)) {
      let total = annotators.get(name)
      if (!total) {
        total = { articles: 0, sentences: 0, reached: 0 }
        annotators.set(name, total)
      }
      total.articles++
      total.sentences += a.sentences
      total.reached += a.lastSentence + 1
    }
  }
  const perLabelRecord: Record<string, LabelCoverage> = {}
  for (const l of [...perLabel.keys()].sort()) {
    const n = perLabel.get(l)!
    perLabelRecord[l] = { sentences: n, share: share(n, sentences) }
  }
  const annotatorRecord: Record<string, CorpusAnnotatorProgress> = {}
  for (const name of [...annotators.keys()].sort()) {
    const a = annotators.get(name)!
    annotatorRecord[name] = { ...a, progress: share(a.reached, sentences) }
  }
  return {
    articles,
    sentences,
    attributed,
    attributedShare: share(attributed, sentences),
    perLabel: perLabelRecord,
    anonymous,
    anonymousShare: share(anonymous, attributed),
    quotes,
    namedSources: sortSources(sources),
    unattributed: sentences - attributed,
    annotators: annotatorRecord,
  }
}
