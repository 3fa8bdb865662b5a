import { type ArticleSnapshot, annotationSentence, SUGGESTER } from '@attrib/core'

/** What one annotator gave one sentence. */
export interface LayerCell {
  labels: string[]
  /** Source names they gave, as written, without repeats. */
  sources: string[]
}

/**
 * Where a sentence stands in adjudication: `agreed` (every annotator gave the same non-empty label set),
 * `disagreed` (label sets differ), `untagged` (nobody gave it a label).
 */
export type SentenceAgreement = 'agreed' | 'disagreed' | 'untagged'

/** One sentence with every annotator's layer and the reviewer's decision. */
export interface SentenceLayers {
  index: number
  /** Code-point offsets of the article text. */
  start: number
  end: number
  text: string
  /** Per annotator (every annotator of the article, empty cells included). */
  layers: Record<string, LayerCell>
  agreement: SentenceAgreement
  /** The final (adjudicated) decision, or null while unresolved. */
  final: { labels: string[]; source: string; reviewer: string } | null
}

/** The annotators' layers of an article side by side, sentence by sentence. */
export interface ArticleLayers {
  /** Annotators with at least one accepted label, sorted; machine suggestions and final decisions excluded. */
  annotators: string[]
  sentences: SentenceLayers[]
  counts: {
    sentences: number
    agreed: number
    disagreed: number
    untagged: number
    resolved: number
    open: number
  }
}

/**
 * The layers of an article for a reviewer: per sentence, each annotator's accepted labels and source names
 * (sentence annotations and spans starting in the sentence), whether they agree, and the final decision.
 * `open` counts disagreements without a final decision.
 */
export function articleLayers(snapshot: ArticleSnapshot): ArticleLayers {
  const n = snapshot.sentences.length
  const cells: Map<string, { labels: Set<string>; sources: string[] }>[] = Array.from(
    { length: n },
    () => new Map(),
  )
  const finals: SentenceLayers['final'][] = new Array(n).fill(null)
  const finalCreated: string[] = new Array(n).fill('')
  const annotators = new Set<string>()
  for (const a of snapshot.annotations) {
    const index = annotationSentence(snapshot, a)
    if (index === null || index < 0 || index >= n) continue
    if (a.final) {
      // Two reviewers deciding at once leave two decisions: show the later one.
      if (!finals[index] || a.created >= finalCreated[index]!) {
        finals[index] = { labels: [...a.labels].sort(), source: a.source, reviewer: a.annotator }
        finalCreated[index] = a.created
      }
      continue
    }
    if (a.status !== 'accepted' || a.annotator === SUGGESTER || a.labels.length === 0) continue
    annotators.add(a.annotator)
    const byAnnotator = cells[index]!
    let cell = byAnnotator.get(a.annotator)
    if (!cell) {
      cell = { labels: new Set(), sources: [] }
      byAnnotator.set(a.annotator, cell)
    }
    for (const l of a.labels) cell.labels.add(l)
    const source = a.source.trim()
    if (source && !cell.sources.includes(source)) cell.sources.push(source)
  }
  const names = [...annotators].sort()
  const codePoints = [...snapshot.text]
  const counts = { sentences: n, agreed: 0, disagreed: 0, untagged: 0, resolved: 0, open: 0 }
  const sentences = snapshot.sentences.map((s, index): SentenceLayers => {
    const layers: Record<string, LayerCell> = {}
    const keys = new Set<string>()
    for (const name of names) {
      const cell = cells[index]!.get(name)
      const labels = cell ? [...cell.labels].sort() : []
      layers[name] = { labels, sources: cell?.sources ?? [] }
      keys.add(labels.join('+'))
    }
    const agreement: SentenceAgreement =
      keys.size > 1 ? 'disagreed' : keys.has('') || keys.size === 0 ? 'untagged' : 'agreed'
    counts[agreement]++
    const final = finals[index]!
    if (final) counts.resolved++
    else if (agreement === 'disagreed') counts.open++
    return {
      index,
      start: s.start,
      end: s.end,
      text: codePoints.slice(s.start, s.end).join(''),
      layers,
      agreement,
      final,
    }
  })
  return { annotators: names, sentences, counts }
}

/** The union of every annotator's labels on a sentence (the "merge" resolution). */
export function mergedLabels(sentence: SentenceLayers): string[] {
  return [...new Set(Object.values(sentence.layers).flatMap((c) => c.labels))].sort()
}

/** The first source name any annotator gave the sentence, or empty. */
export function firstSource(sentence: SentenceLayers): string {
  for (const c of Object.values(sentence.layers)) if (c.sources[0]) return c.sources[0]
  return ''
}
