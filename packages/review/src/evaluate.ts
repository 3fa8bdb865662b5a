/**
 * Precision, recall and F1 of suggested sentence labels against gold labels, the numbers behind
 * `docs/suggestions.md`.
 */

/** Counts and scores of one decision; scores are 0 when undefined (nothing predicted or nothing to find). */
export interface Scores {
  precision: number
  recall: number
  f1: number
  tp: number
  fp: number
  fn: number
}

/** {@link Scores} of one label, with its number of gold sentences. */
export interface LabelScores extends Scores {
  support: number
}

/** What {@link evaluate} returns. */
export interface Evaluation {
  /** Whether a sentence is attributed at all (has at least one label), as a yes/no decision. */
  attributed: Scores
  /** Per label id, over all sentences. */
  perLabel: Record<string, LabelScores>
  /** Pooled over the given labels: every (sentence, label) pair is one decision. */
  micro: Scores
}

function scores(tp: number, fp: number, fn: number): Scores {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp)
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn)
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  return { precision, recall, f1, tp, fp, fn }
}

/**
 * Scores `predicted` against `gold`, sentence by sentence (the two lists are aligned: entry `i` holds
 * the labels of sentence `i`). Labels outside `labels` are ignored by `perLabel` and `micro` but
 * count for `attributed`. Throws a `RangeError` when the lists differ in length.
 * @example
 * evaluate([['quote'], []], [['quote', 'named_source'], []], ['quote', 'named_source'])
 * // → attributed 1/1/1, perLabel.quote 1/1/1, perLabel.named_source precision 0 (1 fp), micro precision 0.5
 */
export function evaluate(
  gold: readonly (readonly string[])[],
  predicted: readonly (readonly string[])[],
  labels: readonly string[],
): Evaluation {
  if (gold.length !== predicted.length)
    throw new RangeError(`gold has ${gold.length} sentences but predicted has ${predicted.length}`)
  const counts = new Map(labels.map((l) => [l, { tp: 0, fp: 0, fn: 0 }]))
  let atp = 0
  let afp = 0
  let afn = 0
  gold.forEach((g, i) => {
    const p = predicted[i]!
    if (g.length > 0 && p.length > 0) atp++
    else if (p.length > 0) afp++
    else if (g.length > 0) afn++
    const gs = new Set(g)
    const ps = new Set(p)
    for (const [label, c] of counts) {
      if (gs.has(label) && ps.has(label)) c.tp++
      else if (ps.has(label)) c.fp++
      else if (gs.has(label)) c.fn++
    }
  })
  const perLabel: Record<string, LabelScores> = {}
  let tp = 0
  let fp = 0
  let fn = 0
  for (const [label, c] of counts) {
    perLabel[label] = { ...scores(c.tp, c.fp, c.fn), support: c.tp + c.fn }
    tp += c.tp
    fp += c.fp
    fn += c.fn
  }
  return { attributed: scores(atp, afp, afn), perLabel, micro: scores(tp, fp, fn) }
}
