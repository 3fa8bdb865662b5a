import type { ArticleSnapshot, ResolvedAnnotation, Taxonomy } from '@attrib/core'
import { type CorpusFormat, perArticle } from './corpusFormat'

/*
 * CoNLL-style token file with IOB2 tags: `token\tTAG` per line, a blank line after each sentence,
 * `# article = <id>`, `# sentence = <index>` and `# text = <sentence>` comments before each sentence.
 *
 * One tag column. When several annotations cover a token, the tag comes from, in order:
 * a `span` annotation over a `sentence` one (a span is the more specific claim), then the shorter
 * one, then the earlier start, then the smaller id; the label is that annotation's first label in
 * taxonomy order (alphabetical without a taxonomy). `B-` starts each run of tokens that take their
 * tag from the same annotation (IOB2), so two adjacent spans of one label stay apart.
 */

/** Options of {@link exportConll}. */
export interface ConllOptions {
  /** Orders labels when an annotation has several; alphabetical when absent. */
  taxonomy?: Taxonomy
  /** Also tag from `suggested` annotations; by default only `accepted` ones count. Rejected never do. */
  includeSuggested?: boolean
}

/** A token of the text: word characters (with inner apostrophes) or any other single non-space character. */
const TOKEN = /[\p{L}\p{N}\p{M}_]+(?:['’][\p{L}\p{N}\p{M}_]+)*|\S/gu

/**
 * Writes one article as CoNLL IOB2 lines (ends with a blank line). Tokens are split on spaces and
 * punctuation; tokens outside every sentence are left out. Tags are `B-<label id>`, `I-<label id>`, `O`.
 * @example exportConll(snapshot) // '# article = a1\n# sentence = 0\n# text = Bob said it.\nBob\tB-quote\n…'
 */
export function exportConll(article: ArticleSnapshot, options: ConllOptions = {}): string {
  const rank = new Map(options.taxonomy?.labels.map((l, i) => [l.id, i]))
  const firstLabel = (labels: string[]) =>
    [...labels].sort((x, y) => (rank.get(x) ?? Infinity) - (rank.get(y) ?? Infinity) || x.localeCompare(y))[0]
  const counted = article.annotations
    .filter(
      (a) =>
        a.labels.length > 0 &&
        (a.status === 'accepted' || (options.includeSuggested && a.status === 'suggested')),
    )
    .sort(precedence)
  const chars = [...article.text]
  const out: string[] = []
  article.sentences.forEach((sentence, index) => {
    const sentenceText = chars.slice(sentence.start, sentence.end).join('')
    out.push(
      `# article = ${article.meta.id}`,
      `# sentence = ${index}`,
      `# text = ${sentenceText.replace(/\s+/g, ' ')}`,
    )
    let previous: ResolvedAnnotation | undefined
    let cp = sentence.start
    let u16 = 0
    for (const match of sentenceText.matchAll(TOKEN)) {
      // Advance the code-point offset over the text between the last token and this one.
      cp += [...sentenceText.slice(u16, match.index)].length
      const token = match[0]
      const end = cp + [...token].length
      const chosen = counted.find((a) => a.start < end && a.end > cp)
      out.push(
        `${token}\t${chosen ? `${chosen === previous ? 'I' : 'B'}-${firstLabel(chosen.labels)}` : 'O'}`,
      )
      previous = chosen
      cp = end
      u16 = match.index + token.length
    }
    out.push('')
  })
  return out.map((line) => `${line}\n`).join('')
}

function precedence(x: ResolvedAnnotation, y: ResolvedAnnotation): number {
  const kind = (a: ResolvedAnnotation) => (a.kind === 'span' ? 0 : 1)
  return (
    kind(x) - kind(y) || x.end - x.start - (y.end - y.start) || x.start - y.start || x.id.localeCompare(y.id)
  )
}

/** CoNLL columns with IOB tags of span annotations. */
export const conllFormat: CorpusFormat<'conll'> = {
  id: 'conll',
  name: 'CoNLL (IOB)',
  description: 'one token per line with IOB tags, a comment line per article and sentence',
  mediaType: 'text/plain; charset=utf-8',
  singleFile: true,
  async *write(articles, { name, taxonomy }) {
    yield {
      path: `${name}.conll`,
      chunks: perArticle(articles, (a) => [`${exportConll(a, { taxonomy })}\n`]),
    }
  },
}
