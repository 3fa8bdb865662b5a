import {
  type AnnotationStatus,
  type ArticleSnapshot,
  annotationSentence,
  codePointsToUtf16,
  hasFinalLayer,
} from '@attrib/core'
import { sourceKey } from './coverage'

/*
 * Sentence alignment of two write-ups of one story. Outlets reorder, reword and translate, so the
 * alignment is by content, not position: each sentence becomes a TF-IDF vector of two views,
 *
 * - word stems (lower case, accents and punctuation dropped, stop words removed, a light suffix
 *   stemmer), proper names and numbers weighted up because they survive paraphrase and translation;
 * - character 4-grams of those stems, which catch what the stemmer misses ("technologies" and
 *   "technology", "top-secret" and "top secret"),
 *
 * the similarity of two sentences is a weighted sum of the two cosines (0 unless they share at
 * least two word stems), and a greedy one-to-one matching takes the best pairs above a threshold.
 * IDF is computed over the sentences of all the articles compared, so a name every sentence repeats
 * ("Musk") counts for little. Sentences in different languages pair only through the names and
 * numbers they share; there is no translation.
 */

/** Options of {@link alignSentences} and {@link compareStory}. */
export interface AlignOptions {
  /** The lowest similarity (0..1) at which two sentences pair up; {@link ALIGN_THRESHOLD} by default. */
  threshold?: number
}

/** Two sentences, by their index in each article, and how similar they are (0..1). */
export interface SentencePair {
  a: number
  b: number
  score: number
}

/** The result of {@link alignSentences}: pairs in the order of `a`, and the sentences left unpaired. */
export interface SentenceAlignment {
  pairs: SentencePair[]
  onlyA: number[]
  onlyB: number[]
}

/** The default of {@link AlignOptions.threshold}, tuned on the seed articles. */
export const ALIGN_THRESHOLD = 0.15

const WORD_WEIGHT = 0.5
const GRAM_WEIGHT = 0.5
/** How much more a proper name or a number counts than another word. */
const SALIENT_WEIGHT = 1.5
const GRAM = 4
/**
 * Two sentences must share at least this many word stems to pair: one shared word is how a one-word
 * heading ("Background:") came to match a long sentence that happens to use it.
 */
const MIN_SHARED = 2
/** Added to every IDF, so that a word in every sentence still counts a little. */
const IDF_FLOOR = 0.3

// Function words, reporting verbs and connectives: they say how a claim is told, not what it is.
const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being
  below between both but by can could did do does doing don down during each few for from further had
  has have having he her here hers herself him himself his how i if in into is it its itself just me
  more most my myself no nor not now of off on once only or other our ours ourselves out over own same
  she should so some such than that the their theirs them themselves then there these they this those
  through to too under until up very was we were what when where which while who whom why will with
  would you your yours yourself yourselves said says say saying told according reported reports
  noted added stated however also nonetheless despite addition particular specifically meanwhile
  another one`
    .split(/\s+/)
    .filter((w) => w !== ''),
)

/** Lower case without accents; keeps letters and digits. */
function fold(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
}

/** A light suffix stemmer: plurals, `-ing`, `-ed`, `-ly`; enough next to the character n-grams. */
function stem(word: string): string {
  if (/\d/.test(word) || word.length <= 3) return word
  let w = word
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`
  else if (/(?:ss|us|is)$/.test(w)) {
    // "press", "status", "crisis" are not plurals.
  } else if (/(?:ches|shes|xes|sses)$/.test(w)) w = w.slice(0, -2)
  else if (w.endsWith('s')) w = w.slice(0, -1)
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3)
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2)
  else if (w.endsWith('ly') && w.length > 4) w = w.slice(0, -2)
  return w
}

/** What a word as written contributes; memoised, since news repeats its words. */
interface Word {
  /** The stem, or null for a stop word. */
  stem: string | null
  number: boolean
  /** Starts with a capital letter. */
  upper: boolean
  /** All capitals, more than one letter: "US", "NASA". */
  acronym: boolean
}

/** A word of a sentence: its stem, and whether it reads as a name or a number there. */
interface Token {
  stem: string
  /** Written with a capital not at the start of the sentence, or in capitals. */
  capitalised: boolean
  number: boolean
}

const WORD = /[\p{L}\p{N}]+(?:[.,][\p{N}]+)*/gu

function readWord(raw: string): Word {
  const folded = fold(raw)
  const cased = raw !== raw.toLowerCase()
  return {
    stem: STOP_WORDS.has(folded) ? null : stem(folded.replace(/[.,]/g, '')),
    number: /\p{N}/u.test(raw),
    upper: cased && raw[0] === raw[0]!.toUpperCase(),
    acronym: cased && raw.length > 1 && raw === raw.toUpperCase(),
  }
}

function tokenise(sentence: string, cache: Map<string, Word>): Token[] {
  const tokens: Token[] = []
  let first = true
  for (const match of sentence.replace(/['’]s\b/g, '').matchAll(WORD)) {
    const raw = match[0]
    let word = cache.get(raw)
    if (!word) {
      word = readWord(raw)
      cache.set(raw, word)
    }
    const initial = first
    first = false
    if (word.stem === null) continue
    tokens.push({
      stem: word.stem,
      capitalised: (word.upper && !initial) || word.acronym,
      number: word.number,
    })
  }
  return tokens
}

/** A sparse unit vector: feature ids ascending, weights. */
interface SparseVector {
  ids: Int32Array
  weights: Float64Array
}

/** A sentence as the two views the similarity compares. */
interface SentenceVector {
  words: SparseVector
  grams: SparseVector
}

/** Sentences vectorised together, with the sizes of the two feature spaces. */
interface VectorSpace {
  vectors: SentenceVector[]
  wordFeatures: number
  gramFeatures: number
}

/** Term counts of one sentence at a time, in a dense array that is cleared after each. */
class Bag {
  private counts: number[] = []
  private touched: number[] = []

  add(id: number): void {
    const c = this.counts[id] ?? 0
    if (c === 0) this.touched.push(id)
    this.counts[id] = c + 1
  }

  /** The ids counted (ascending) and their counts; clears the bag. */
  take(): { ids: Int32Array; counts: Int32Array } {
    const ids = Int32Array.from(this.touched).sort()
    const counts = Int32Array.from(ids, (id) => this.counts[id]!)
    for (const id of ids) this.counts[id] = 0
    this.touched = []
    return { ids, counts }
  }
}

/**
 * Vectorises sentences together: shared feature ids and one IDF over all of them. A stem counts as
 * a proper name when some sentence writes it capitalised mid-sentence and none in lower case.
 */
function vectorise(sentences: readonly string[]): VectorSpace {
  const cache = new Map<string, Word>()
  const tokenised = sentences.map((s) => tokenise(s, cache))
  const lower = new Set<string>()
  const salient = new Set<string>()
  for (const tokens of tokenised) {
    for (const t of tokens) {
      if (t.number || t.capitalised) salient.add(t.stem)
      else lower.add(t.stem)
    }
  }
  for (const word of lower) if (!/\d/.test(word)) salient.delete(word)

  // Per stem: its word feature id and the ids of its character n-grams.
  const features = new Map<string, { word: number; grams: number[] }>()
  const gramIds = new Map<string, number>()
  const wordDf: number[] = []
  const gramDf: number[] = []
  const wordSalient: boolean[] = []
  const featuresOf = (stem: string) => {
    let f = features.get(stem)
    if (f) return f
    const padded = `_${stem}_`
    const grams: string[] = []
    if (padded.length <= GRAM) grams.push(padded)
    else for (let i = 0; i + GRAM <= padded.length; i++) grams.push(padded.slice(i, i + GRAM))
    f = {
      word: wordDf.push(0) - 1,
      grams: grams.map((g) => {
        let id = gramIds.get(g)
        if (id === undefined) {
          id = gramDf.push(0) - 1
          gramIds.set(g, id)
        }
        return id
      }),
    }
    wordSalient[f.word] = salient.has(stem)
    features.set(stem, f)
    return f
  }
  const words = new Bag()
  const grams = new Bag()
  const bags = tokenised.map((tokens) => {
    for (const t of tokens) {
      const f = featuresOf(t.stem)
      words.add(f.word)
      for (const g of f.grams) grams.add(g)
    }
    const bag = { words: words.take(), grams: grams.take() }
    for (const id of bag.words.ids) wordDf[id]!++
    for (const id of bag.grams.ids) gramDf[id]!++
    return bag
  })
  const n = sentences.length
  const idf = (df: number) => Math.log((n + 1) / (df + 1)) + IDF_FLOOR
  const wordWeight = Float64Array.from(wordDf, (df, id) => idf(df) * (wordSalient[id] ? SALIENT_WEIGHT : 1))
  const gramWeight = Float64Array.from(gramDf, idf)
  const toVector = ({ ids, counts }: { ids: Int32Array; counts: Int32Array }, weight: Float64Array) => {
    const weights = new Float64Array(ids.length)
    let norm = 0
    for (let i = 0; i < ids.length; i++) {
      // Sublinear term frequency: a word said twice is not twice the claim.
      const w = (1 + Math.log(counts[i]!)) * weight[ids[i]!]!
      weights[i] = w
      norm += w * w
    }
    norm = Math.sqrt(norm)
    if (norm > 0) for (let i = 0; i < weights.length; i++) weights[i]! /= norm
    return { ids, weights }
  }
  return {
    vectors: bags.map((b) => ({
      words: toVector(b.words, wordWeight),
      grams: toVector(b.grams, gramWeight),
    })),
    wordFeatures: wordDf.length,
    gramFeatures: gramDf.length,
  }
}

/**
 * Similarities (0..1) of the sentences `rows` to the sentences `columns`, by index into the space.
 * Each row sentence is spread into dense arrays once, so a pair costs the length of the column
 * sentence alone: two 100-sentence articles take a few milliseconds.
 */
function similarities(
  space: VectorSpace,
  rows: readonly number[],
  columns: readonly number[],
): Float64Array[] {
  const wordDense = new Float64Array(space.wordFeatures)
  const gramDense = new Float64Array(space.gramFeatures)
  return rows.map((r) => {
    const x = space.vectors[r]!
    for (let i = 0; i < x.words.ids.length; i++) wordDense[x.words.ids[i]!] = x.words.weights[i]!
    for (let i = 0; i < x.grams.ids.length; i++) gramDense[x.grams.ids[i]!] = x.grams.weights[i]!
    const scores = new Float64Array(columns.length)
    columns.forEach((c, j) => {
      const y = space.vectors[c]!
      let shared = 0
      let wordDot = 0
      for (let i = 0; i < y.words.ids.length; i++) {
        const w = wordDense[y.words.ids[i]!]!
        if (w !== 0) {
          shared++
          wordDot += w * y.words.weights[i]!
        }
      }
      if (shared < MIN_SHARED) return
      let gramDot = 0
      for (let i = 0; i < y.grams.ids.length; i++)
        gramDot += gramDense[y.grams.ids[i]!]! * y.grams.weights[i]!
      scores[j] = WORD_WEIGHT * wordDot + GRAM_WEIGHT * gramDot
    })
    for (const id of x.words.ids) wordDense[id] = 0
    for (const id of x.grams.ids) gramDense[id] = 0
    return scores
  })
}

/**
 * Greedy one-to-one matching: the best remaining pair first, while it scores at least `threshold`.
 * Ties go to the earlier sentences, so the result does not depend on sort stability.
 */
function matchGreedy(scores: Float64Array[], threshold: number): SentencePair[] {
  const candidates: SentencePair[] = []
  scores.forEach((row, a) => {
    row.forEach((score, b) => {
      if (score >= threshold) candidates.push({ a, b, score })
    })
  })
  candidates.sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b)
  const usedA = new Set<number>()
  const usedB = new Set<number>()
  const pairs: SentencePair[] = []
  for (const c of candidates) {
    if (usedA.has(c.a) || usedB.has(c.b)) continue
    usedA.add(c.a)
    usedB.add(c.b)
    pairs.push(c)
  }
  return pairs.sort((x, y) => x.a - y.a)
}

/**
 * Aligns the sentences of two articles on the same story by what they say: one-to-one pairs of
 * sentences whose similarity reaches the threshold, best pairs first, whatever their order in
 * each article. Sentences without a partner are listed in `onlyA` and `onlyB`.
 * @example
 * const { pairs } = alignSentences(['Putin asked Musk not to turn on Starlink over Taiwan.'],
 *   ['Two officials said Putin asked the billionaire not to activate Starlink over Taiwan.'])
 * // → [{ a: 0, b: 0, score: 0.6… }]
 */
export function alignSentences(
  a: readonly string[],
  b: readonly string[],
  options: AlignOptions = {},
): SentenceAlignment {
  const space = vectorise([...a, ...b])
  const scores = similarities(
    space,
    a.map((_, i) => i),
    b.map((_, j) => a.length + j),
  )
  const pairs = matchGreedy(scores, options.threshold ?? ALIGN_THRESHOLD)
  const pairedA = new Set(pairs.map((p) => p.a))
  const pairedB = new Set(pairs.map((p) => p.b))
  return {
    pairs,
    onlyA: a.map((_, i) => i).filter((i) => !pairedA.has(i)),
    onlyB: b.map((_, j) => j).filter((j) => !pairedB.has(j)),
  }
}

/** Options of {@link compareStory}. */
export interface StoryOptions extends AlignOptions {
  /** Which annotations count; by default only `accepted` ones. Ignored in articles with a final layer. */
  statuses?: readonly AnnotationStatus[]
  /** Label ids that always appear in each summary's `perLabel`, with zeros when unused. */
  labels?: readonly string[]
}

/** One sentence of one article in a story comparison, with how that article attributes it. */
export interface StorySentence {
  /** The article's id. */
  article: string
  /** The sentence's index in its article. */
  index: number
  text: string
  /** The labels its counted annotations give it, sorted. */
  labels: string[]
  /** The non-empty source names of those annotations, as first written, in text order. */
  sources: string[]
}

/** A claim two or more articles share: one sentence (or null) per article, in the order given. */
export interface StoryClaim {
  claim: number
  sentences: (StorySentence | null)[]
  /** The articles that carry the claim attribute it with different label sets. */
  differs: boolean
}

/** How one article attributes the claims it shares with the others. */
export interface StoryArticleSummary {
  article: string
  title: string
  outlet: string | undefined
  /** Number of sentences of the article. */
  sentences: number
  /** Shared claims the article carries. */
  shared: number
  /** Of those, the ones it gives at least one label. */
  attributed: number
  /** Per label: the shared claims on which the article uses it. */
  perLabel: Record<string, number>
  /** Distinct source names on its shared claims (compared ignoring case and spacing), sorted. */
  namedSources: string[]
}

/** The result of {@link compareStory}. */
export interface StoryComparison {
  /** The shared claims, in the order of the first article that carries each. */
  claims: StoryClaim[]
  /** Sentences no other article carries, article by article, in text order. */
  onlyOne: StorySentence[]
  /** One per article, in the order given. */
  summary: StoryArticleSummary[]
}

const DEFAULT_STATUSES: readonly AnnotationStatus[] = ['accepted']

/**
 * The sentences of an article with their labels and sources: the final (adjudicated) layer when the
 * article has one, the annotations with a counted status otherwise.
 */
function storySentences(snapshot: ArticleSnapshot, statuses: readonly AnnotationStatus[]): StorySentence[] {
  const u16 = codePointsToUtf16(snapshot.text)
  const sentences = snapshot.sentences.map((s, index) => ({
    article: snapshot.meta.id,
    index,
    text: snapshot.text.slice(u16(s.start), u16(s.end)),
    labels: new Set<string>(),
    sources: new Map<string, string>(),
  }))
  const adjudicated = hasFinalLayer(snapshot)
  for (const a of snapshot.annotations) {
    if (adjudicated ? !a.final : !statuses.includes(a.status)) continue
    const index = annotationSentence(snapshot, a)
    const sentence = index === null ? undefined : sentences[index]
    if (!sentence) continue
    for (const l of a.labels) sentence.labels.add(l)
    const name = a.source.trim()
    if (name && !sentence.sources.has(sourceKey(name))) sentence.sources.set(sourceKey(name), name)
  }
  return sentences.map((s) => ({ ...s, labels: [...s.labels].sort(), sources: [...s.sources.values()] }))
}

/**
 * Lines up the sentences of two or more articles on one story and shows how each attributes the
 * claims they share. Articles are added one by one: each sentence of a later article joins the
 * claim (a row of sentences from earlier articles) it is most similar to, one-to-one, or starts a
 * claim of its own. A claim's similarity to a sentence is that of its most similar sentence.
 *
 * Labels are those of accepted annotations (or `options.statuses`), except in an article with an
 * adjudicated layer, where only its final annotations count.
 * @example
 * const { claims } = compareStory([kyivPost, pravda])
 * for (const c of claims.filter((c) => c.differs)) console.log(c.sentences.map((s) => s?.labels))
 */
export function compareStory(
  snapshots: readonly ArticleSnapshot[],
  options: StoryOptions = {},
): StoryComparison {
  const statuses = options.statuses ?? DEFAULT_STATUSES
  const threshold = options.threshold ?? ALIGN_THRESHOLD
  const articles = snapshots.map((s) => storySentences(s, statuses))
  const offsets: number[] = []
  let total = 0
  for (const sentences of articles) {
    offsets.push(total)
    total += sentences.length
  }

  const space = vectorise(articles.flatMap((sentences) => sentences.map((s) => s.text)))

  // rows[r][k]: the index of article k's sentence in claim r, or -1.
  const rows: number[][] = []
  articles.forEach((sentences, k) => {
    const columns = sentences.map((_, j) => offsets[k]! + j)
    // Similarities of every earlier sentence (by global index) to this article's sentences.
    const earlier = similarities(
      space,
      Array.from({ length: offsets[k]! }, (_, i) => i),
      columns,
    )
    const scores = rows.map((row) => {
      const best = new Float64Array(sentences.length)
      row.forEach((index, m) => {
        if (index < 0) return
        const scores = earlier[offsets[m]! + index]!
        for (let j = 0; j < best.length; j++) if (scores[j]! > best[j]!) best[j] = scores[j]!
      })
      return best
    })
    const paired = new Set<number>()
    for (const { a: r, b: j } of matchGreedy(scores, threshold)) {
      rows[r]![k] = j
      paired.add(j)
    }
    for (let j = 0; j < sentences.length; j++) {
      if (paired.has(j)) continue
      const row = new Array<number>(articles.length).fill(-1)
      row[k] = j
      rows.push(row)
    }
  })

  // Rows are in the order their first article's sentences come, article by article; so is `onlyOne`.
  const claims: StoryClaim[] = []
  const onlyOne: StorySentence[] = []
  for (const row of rows) {
    const sentences = row.map((index, k) => (index >= 0 ? articles[k]![index]! : null))
    const present = sentences.filter((s): s is StorySentence => s !== null)
    if (present.length === 1) {
      onlyOne.push(present[0]!)
      continue
    }
    const labelSets = new Set(present.map((s) => s.labels.join('+')))
    claims.push({ claim: claims.length, sentences, differs: labelSets.size > 1 })
  }

  const summary = snapshots.map((snapshot, k): StoryArticleSummary => {
    const perLabel = new Map<string, number>((options.labels ?? []).map((l) => [l, 0]))
    const sources = new Map<string, string>()
    let shared = 0
    let attributed = 0
    for (const claim of claims) {
      const s = claim.sentences[k]
      if (!s) continue
      shared++
      if (s.labels.length > 0) attributed++
      for (const l of s.labels) perLabel.set(l, (perLabel.get(l) ?? 0) + 1)
      for (const name of s.sources) if (!sources.has(sourceKey(name))) sources.set(sourceKey(name), name)
    }
    return {
      article: snapshot.meta.id,
      title: snapshot.meta.title,
      outlet: snapshot.meta.outlet,
      sentences: articles[k]!.length,
      shared,
      attributed,
      perLabel: Object.fromEntries([...perLabel.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))),
      namedSources: [...sources.entries()]
        .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
        .map(([, name]) => name),
    }
  })
  return { claims, onlyOne, summary }
}
