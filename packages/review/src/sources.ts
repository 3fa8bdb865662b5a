import {
  type ArticleSnapshot,
  annotationSentence,
  codePointsToUtf16,
  effectiveMerges,
  effectiveSplits,
  normaliseSourceName,
  resolveSource,
  resolveSurname,
  type SourceDecision,
  selectLayer,
  sourceId,
} from '@attrib/core'
import { type DatePeriod, inPeriod } from './period'

export { normaliseSourceName }

/** How a sentence cites its source: in its own quoted words, through another outlet, or reported. */
export type CitationKind = 'quote' | 'viaMedia' | 'reported'

/** One sentence that cites a source. */
export interface SourceCitation {
  article: string
  title: string
  outlet: string | null
  date: string | null
  /** Index of the sentence in the article. */
  sentence: number
  text: string
  /** The labels the sentence's annotations naming this source give it, sorted. */
  labels: string[]
  /** Who tagged it (the annotators, comma-joined, or the reviewer for a decided sentence). */
  annotator: string
  how: CitationKind
}

/** A source of the corpus: one entry for every spelling of the same name. */
export interface SourceSummary {
  /** Stable id from the normalised name (`dmitry-peskov`). */
  id: string
  /** The fullest spelling seen. */
  name: string
  /** The other spellings, sorted. */
  aliases: string[]
  /** The ids of the sources people merged into this one (SD3), sorted; absent when none. */
  mergedFrom?: string[]
  /** The labels the source was cited with, sorted. */
  types: string[]
  /** Sentences that cite it. */
  citations: number
  articles: number
  outlets: string[]
  first: string | null
  last: string | null
  how: Record<CitationKind, number>
}

/** A source with every sentence that cites it, in article and sentence order. */
export interface SourceDetail extends Omit<SourceSummary, 'citations'> {
  citations: SourceCitation[]
}

/** The unnamed sources of one article, told apart by how the sentences describe them. */
export interface AnonymousSources {
  article: string
  title: string
  outlet: string | null
  date: string | null
  descriptions: { text: string; citations: number }[]
}

/** The corpus-wide source index. */
export interface SourceIndex {
  sources: SourceDetail[]
  anonymous: AnonymousSources[]
}

// Words that describe an unnamed source, with up to three words before them ("several White House officials").
const UNNAMED =
  /\b((?:(?:several|two|three|four|many|some|other|another|an?|the|their|senior|former|informed|anonymous)\s+)?(?:[\p{L}-]+\s+){0,3}?(?:officials?|insiders?|sources?|people|aides?|diplomats?|residents?|executives?|employees?|analysts?|experts?|journalists?|staffers?|advisers?|advisors?))\b/iu

/** How a sentence describes its unnamed source, lower-cased; `unnamed source` when it does not say. */
export function unnamedDescription(text: string): string {
  const found = UNNAMED.exec(text)
  return (found ? found[1]! : 'unnamed source').replace(/\s+/g, ' ').toLowerCase()
}

function citationKind(labels: readonly string[]): CitationKind {
  if (labels.includes('quote')) return 'quote'
  if (labels.includes('media_report')) return 'viaMedia'
  return 'reported'
}

/** One source named in one sentence of an article (whoever named it there). */
export interface SourceMention {
  /** The normalised name (see {@link normaliseSourceName}), a bare surname resolved in the article. */
  name: string
  /** The spellings used for it on this sentence. */
  spellings: string[]
  sentence: number
  text: string
  labels: string[]
  annotators: string[]
}

/** What one article contributes to the source index: its named sources per sentence and its unnamed ones. */
export interface ArticleSources {
  article: string
  title: string
  outlet: string | null
  date: string | null
  mentions: SourceMention[]
  /** Unnamed sources by description, with the sentences that cite them. */
  unnamed: { text: string; sentences: number[] }[]
}

/**
 * The sources one article cites (its part of {@link sourceIndex}): every accepted annotation of the `auto`
 * layer that names its source, one mention per source and sentence; the read model keeps it in the
 * article's digest, so the corpus's index is made without reading any snapshot.
 */
export function articleSources(full: ArticleSnapshot): ArticleSources {
  const snapshot = selectLayer(full, 'auto')
  const { meta } = snapshot
  const u16 = codePointsToUtf16(snapshot.text)
  const sentenceText = (i: number) => {
    const s = snapshot.sentences[i]!
    return snapshot.text.slice(u16(s.start), u16(s.end))
  }
  // Full names of this article, for its bare surnames.
  const names = new Set<string>()
  for (const a of snapshot.annotations)
    if (a.status === 'accepted' && a.source.trim()) names.add(normaliseSourceName(a.source))
  const mentions = new Map<string, SourceMention>()
  const unnamed = new Map<string, Set<number>>()
  for (const a of snapshot.annotations) {
    if (a.status !== 'accepted') continue
    const sentence = annotationSentence(snapshot, a)
    if (sentence === null || sentence >= snapshot.sentences.length) continue
    const spelled = a.source.trim()
    if (!spelled) {
      if (a.labels.includes('anonymous_official')) {
        const description = unnamedDescription(sentenceText(sentence))
        const sentences = unnamed.get(description) ?? new Set()
        sentences.add(sentence)
        unnamed.set(description, sentences)
      }
      continue
    }
    const name = resolveSurname(normaliseSourceName(spelled), names)
    const key = `${sourceId(name)}\u0000${sentence}`
    const mention = mentions.get(key) ?? {
      name,
      spellings: [],
      sentence,
      text: sentenceText(sentence),
      labels: [],
      annotators: [],
    }
    mentions.set(key, mention)
    if (!mention.spellings.includes(spelled)) mention.spellings.push(spelled)
    mention.labels = [...new Set([...mention.labels, ...a.labels])].sort()
    if (a.annotator && !mention.annotators.includes(a.annotator)) mention.annotators.push(a.annotator)
  }
  return {
    article: meta.id,
    title: meta.title,
    outlet: meta.outlet?.trim() || null,
    date: meta.date ?? null,
    mentions: [...mentions.values()].sort((x, y) => x.sentence - y.sentence || compare(x.name, y.name)),
    unnamed: [...unnamed].map(([text, sentences]) => ({
      text,
      sentences: [...sentences].sort((x, y) => x - y),
    })),
  }
}

/**
 * The source index of a corpus (SRC1): every accepted annotation of the `auto` layer that names its source
 * (the side panel's source name) cites that source in its sentence. Spellings are one source when they
 * normalise to the same name (titles and roles dropped), and a bare surname is the full name that ends
 * with it in the same article. Sentences tagged `anonymous_official` without a name are grouped per
 * article by how they describe the source.
 * @example sourceIndex(snapshots).sources[0] // { id: 'dmitry-peskov', name: 'Dmitry Peskov', citations: [...] }
 */
export function sourceIndex(snapshots: Iterable<ArticleSnapshot>): SourceIndex {
  const parts: ArticleSources[] = []
  for (const snapshot of snapshots) parts.push(articleSources(snapshot))
  return combineSources(parts)
}

/**
 * The source index of the articles' parts ({@link articleSources}), in the order given, with people's
 * `decisions` applied (SD3): a spelling split off is a source of its own (its normalised name, no
 * surname resolution), and a merged source's citations go to the source it is merged into (chains
 * followed), which lists the ids merged into it. A merged source keeps the name of the source it went
 * into when that source is cited, else its most cited name.
 */
export function combineSources(
  parts: Iterable<ArticleSources>,
  decisions: readonly SourceDecision[] = [],
): SourceIndex {
  const merges = effectiveMerges(decisions)
  const splits = effectiveSplits(decisions)
  const byId = new Map<
    string,
    { detail: SourceDetail; spellings: Set<string>; names: Map<string, number>; own: string | null }
  >()
  const anonymous: AnonymousSources[] = []
  for (const part of parts) {
    for (const m of part.mentions) {
      let name = m.name
      if (splits.size > 0) {
        const split = m.spellings.find((spelled) => splits.has(sourceId(normaliseSourceName(spelled))))
        if (split !== undefined) name = normaliseSourceName(split)
      }
      const ownId = sourceId(name)
      const id = merges.size > 0 ? resolveSource(ownId, merges) : ownId
      let entry = byId.get(id)
      if (!entry) {
        entry = {
          names: new Map(),
          own: null,
          detail: {
            id,
            name,
            aliases: [],
            types: [],
            articles: 0,
            outlets: [],
            first: null,
            last: null,
            how: { quote: 0, reported: 0, viaMedia: 0 },
            citations: [],
          },
          spellings: new Set(),
        }
        byId.set(id, entry)
      }
      entry.names.set(name, (entry.names.get(name) ?? 0) + 1)
      if (ownId === id) entry.own = name
      else if (!entry.detail.mergedFrom?.includes(ownId))
        entry.detail.mergedFrom = [...(entry.detail.mergedFrom ?? []), ownId].sort()
      for (const spelled of m.spellings) entry.spellings.add(spelled)
      entry.detail.citations.push({
        article: part.article,
        title: part.title,
        outlet: part.outlet,
        date: part.date,
        sentence: m.sentence,
        text: m.text,
        labels: m.labels,
        annotator: m.annotators.join(', '),
        how: citationKind(m.labels),
      })
    }
    if (part.unnamed.length > 0)
      anonymous.push({
        article: part.article,
        title: part.title,
        outlet: part.outlet,
        date: part.date,
        descriptions: part.unnamed
          .map((u) => ({ text: u.text, citations: u.sentences.length }))
          .sort((x, y) => y.citations - x.citations || compare(x.text, y.text)),
      })
  }
  const sources = [...byId.values()].map(({ detail, spellings, names, own }) => {
    if (names.size > 1) detail.name = own ?? mostCited(names)
    for (const other of names.keys()) if (other !== detail.name) spellings.add(other)
    const citations = detail.citations.sort(
      (x, y) => compare(x.article, y.article) || x.sentence - y.sentence,
    )
    const outlets = new Set<string>()
    const types = new Set<string>()
    const articles = new Set<string>()
    const dates: string[] = []
    const how = { quote: 0, reported: 0, viaMedia: 0 }
    for (const c of citations) {
      if (c.outlet) outlets.add(c.outlet)
      for (const l of c.labels) types.add(l)
      articles.add(c.article)
      if (c.date) dates.push(c.date)
      how[c.how]++
    }
    dates.sort()
    return {
      ...detail,
      aliases: [...spellings].filter((s) => s !== detail.name).sort(compare),
      types: [...types].sort(),
      articles: articles.size,
      outlets: [...outlets].sort(compare),
      first: dates[0] ?? null,
      last: dates[dates.length - 1] ?? null,
      how,
      citations,
    }
  })
  sources.sort((x, y) => y.citations.length - x.citations.length || compare(x.name, y.name))
  return { sources, anonymous: anonymous.sort((x, y) => compare(x.article, y.article)) }
}

/** Which sources a reader wants: cited in one of these outlets, with one of these labels, whose name matches. */
export interface SourceFilter {
  outlets?: readonly string[]
  types?: readonly string[]
  /** Part of the name or an alias, any case. */
  q?: string
}

/** The sources of `index` that pass `filter` (every given criterion), in the index's order. */
export function filterSources(sources: readonly SourceDetail[], filter: SourceFilter): SourceDetail[] {
  const q = filter.q?.trim().toLowerCase()
  return sources.filter(
    (s) =>
      (!filter.outlets || s.outlets.some((o) => filter.outlets!.includes(o))) &&
      (!filter.types || s.types.some((t) => filter.types!.includes(t))) &&
      (!q || [s.name, ...s.aliases].some((n) => n.toLowerCase().includes(q))),
  )
}

/** What a reader asks of the source index: the sources' filter and the period of the articles counted. */
export interface SourceQuery extends SourceFilter, DatePeriod {}

/** The source index as a list: each source with its number of citations, and the unnamed sources per article. */
export interface SourceListing {
  sources: SourceSummary[]
  anonymous: AnonymousSources[]
}

/**
 * The index of the articles' parts dated in the period (all of them without one): a dated period counts
 * only the citations in articles of those days, so a source's citations, articles, outlets, types and
 * first and last date are those of the period, and undated articles are left out.
 */
export function sourcesInPeriod(
  parts: Iterable<ArticleSources>,
  period: DatePeriod = {},
  decisions: readonly SourceDecision[] = [],
): SourceIndex {
  const kept: ArticleSources[] = []
  for (const part of parts) if (inPeriod(part.date, period)) kept.push(part)
  return combineSources(kept, decisions)
}

/**
 * What `GET /api/sources` and `attrib sources --format json` answer (SRC2, SRC3): the sources of the
 * period's articles that pass the filter, summarised, most cited first, and the unnamed sources of the
 * period's articles (of the chosen outlets, when outlets are chosen).
 */
export function listSources(
  parts: Iterable<ArticleSources>,
  query: SourceQuery = {},
  decisions: readonly SourceDecision[] = [],
): SourceListing {
  const { sources, anonymous } = sourcesInPeriod(parts, query, decisions)
  const { outlets } = query
  return {
    sources: filterSources(sources, query).map(sourceSummary),
    anonymous: outlets ? anonymous.filter((a) => a.outlet !== null && outlets.includes(a.outlet)) : anonymous,
  }
}

/** A source's summary: its detail without the list of citations, only their number. */
export function sourceSummary(source: SourceDetail): SourceSummary {
  const { citations, ...rest } = source
  return { ...rest, citations: citations.length }
}

/** The name cited most often (the first in name order on a tie). */
function mostCited(names: ReadonlyMap<string, number>): string {
  let best = ''
  let most = -1
  for (const [name, n] of [...names].sort(([x], [y]) => compare(x, y)))
    if (n > most) {
      best = name
      most = n
    }
  return best
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
