/** A sentence's place in a text: `[start, end)` in UTF-16 code units, trailing space excluded. */
export interface SentenceSpan {
  start: number
  end: number
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' })

/**
 * Splits one paragraph of news text into sentences.
 * PLACEHOLDER: plain Intl.Segmenter; the news-aware version replaces it.
 */
export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = []
  for (const s of segmenter.segment(text)) {
    let start = s.index
    let end = s.index + s.segment.length
    while (start < end && /\s/.test(text[start]!)) start++
    while (end > start && /\s/.test(text[end - 1]!)) end--
    if (end > start) spans.push({ start, end })
  }
  return spans
}
