import {
  type ArticleSnapshot,
  addAnnotationsAtOffsets,
  createArticleDoc,
  type OffsetAnnotation,
  readArticle,
} from '@attrib/core'
import { describe, expect, it } from 'vitest'
import { articleAgreement, cohensKappa, krippendorffAlpha } from './agreement'

/** `count` copies of a pair of ratings, as two parallel lists. */
function ratings(...cells: [string, string, number][]): [string[], string[]] {
  const a: string[] = []
  const b: string[] = []
  for (const [x, y, count] of cells) {
    for (let i = 0; i < count; i++) {
      a.push(x)
      b.push(y)
    }
  }
  return [a, b]
}

describe('cohensKappa', () => {
  it('gives 0.40 on the Wikipedia worked example', () => {
    // https://en.wikipedia.org/wiki/Cohen%27s_kappa#Simple_example: 50 grant proposals read by
    // A and B; both yes 20, both no 15, A yes B no 5, A no B yes 10. pₒ = 0.7, pₑ = 0.5, κ = 0.4.
    const [a, b] = ratings(['yes', 'yes', 20], ['no', 'no', 15], ['yes', 'no', 5], ['no', 'yes', 10])
    expect(a).toHaveLength(50)
    expect(cohensKappa(a, b)).toBeCloseTo(0.4, 12)
  })

  it('matches a hand computation', () => {
    // pₒ = 2/3; A says x 2/3 of the time, B 1/3: pₑ = 2/3·1/3 + 1/3·2/3 = 4/9; κ = (2/9)/(5/9).
    expect(cohensKappa(['x', 'x', 'y'], ['x', 'y', 'y'])).toBeCloseTo(0.4, 12)
  })

  it('is 1 for perfect agreement, 0 at chance and negative below it', () => {
    expect(cohensKappa(['a', 'b', 'c', 'a'], ['a', 'b', 'c', 'a'])).toBe(1)
    expect(cohensKappa(['x', 'x', 'y', 'y'], ['x', 'y', 'x', 'y'])).toBe(0)
    expect(cohensKappa(['x', 'y'], ['y', 'x'])).toBe(-1)
  })

  it('is 1 when both coders used one category throughout, NaN without units', () => {
    expect(cohensKappa(['0', '0', '0'], ['0', '0', '0'])).toBe(1)
    expect(cohensKappa([], [])).toBeNaN()
  })

  it('throws a RangeError for lists of different lengths', () => {
    expect(() => cohensKappa(['a'], ['a', 'b'])).toThrow(RangeError)
  })
})

describe('krippendorffAlpha', () => {
  it('gives 0.743 on the nominal example of Krippendorff (2011)', () => {
    // Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. University of
    // Pennsylvania, https://repository.upenn.edu/asc_papers/43, section C: 4 observers, 12 units,
    // missing data; nominal α = 0.743. Rows are the observers A..D, columns the units 1..12.
    const _ = null
    const observers = [
      ['1', '2', '3', '3', '2', '1', '4', '1', '2', _, _, _],
      ['1', '2', '3', '3', '2', '2', '4', '1', '2', '5', _, '3'],
      [_, '3', '3', '3', '2', '3', '4', '2', '2', '5', '1', _],
      ['1', '2', '3', '3', '2', '4', '4', '1', '2', '5', '1', _],
    ]
    const units = observers[0]!.map((_, u) => observers.map((row) => row[u]!))
    expect(krippendorffAlpha(units)).toBeCloseTo(0.743, 3)
  })

  it('matches a hand computation and leaves out units with one value', () => {
    // Pairable: (a,a) (a,b) (b,b). o_aa = 2, o_ab = o_ba = 1, o_bb = 2; n = 6, n_a = n_b = 3.
    // α = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k = 1 − 5·2/18 = 4/9.
    const units = [
      ['a', 'a'],
      ['a', 'b'],
      ['b', 'b'],
      ['b', null],
      [null, null],
    ]
    expect(krippendorffAlpha(units)).toBeCloseTo(4 / 9, 12)
    // The order of values within a unit does not matter.
    expect(
      krippendorffAlpha([
        ['a', 'a'],
        ['b', 'a'],
        ['b', 'b'],
        [null, 'a'],
      ]),
    ).toBeCloseTo(4 / 9, 12)
  })

  it('is 1 for perfect agreement and corrects chance agreement for small samples', () => {
    expect(
      krippendorffAlpha([
        ['x', 'x', 'x'],
        ['y', 'y', null],
        ['z', 'z'],
      ]),
    ).toBe(1)
    // (x,x) (x,y) (y,x) (y,y): n = 8, 4 disagreeing, n_x = n_y = 4: α = 1 − 7·4/32 = 0.125.
    expect(
      krippendorffAlpha([
        ['x', 'x'],
        ['x', 'y'],
        ['y', 'x'],
        ['y', 'y'],
      ]),
    ).toBeCloseTo(0.125, 12)
  })

  it('is 1 when every value is the same, NaN with nothing pairable', () => {
    expect(
      krippendorffAlpha([
        ['0', '0'],
        ['0', '0', '0'],
      ]),
    ).toBe(1)
    expect(
      krippendorffAlpha([
        ['a', null],
        [null, 'b'],
      ]),
    ).toBeNaN()
    expect(krippendorffAlpha([])).toBeNaN()
  })
})

describe('articleAgreement', () => {
  // Sentences: 0..18 "Officials said it.", 19..36 "Bob Smith agreed.", 37..53 "The sky is blue.",
  // 54..67 "Nothing else.".
  const annotations: OffsetAnnotation[] = [
    { kind: 'sentence', start: 0, end: 18, labels: ['anonymous_official'], annotator: 'ann' },
    { kind: 'sentence', start: 19, end: 36, labels: ['quote'], annotator: 'ann' },
    { kind: 'sentence', start: 54, end: 67, labels: ['quote'], annotator: 'ann' },
    { kind: 'sentence', start: 0, end: 18, labels: ['anonymous_official'], annotator: 'bob' },
    // A span counts for the sentence its start falls in.
    { kind: 'span', start: 19, end: 28, labels: ['named_source'], annotator: 'bob', source: 'Bob Smith' },
    { kind: 'sentence', start: 37, end: 53, labels: ['spokesperson'], annotator: 'attrib-suggest' },
    {
      kind: 'sentence',
      start: 37,
      end: 53,
      labels: ['media_report'],
      annotator: 'carol',
      status: 'rejected',
    },
    { kind: 'sentence', start: 37, end: 53, labels: ['quote'], annotator: 'dan', status: 'suggested' },
  ]
  function article(): ArticleSnapshot {
    const doc = createArticleDoc({
      meta: { id: 'a1', title: 'Four' },
      paragraphs: ['Officials said it. Bob Smith agreed. The sky is blue. Nothing else.'],
    })
    addAnnotationsAtOffsets(doc, annotations)
    const snapshot = readArticle(doc)
    // An adjudicated annotation (the `final` flag is not written through addAnnotationsAtOffsets).
    const ann = snapshot.annotations.find((a) => a.annotator === 'ann')!
    snapshot.annotations.push({
      ...ann,
      id: 'f1',
      annotator: 'judge',
      labels: ['media_report'],
      final: true,
    } as never)
    return snapshot
  }

  it('compares the people who tagged, sentence by sentence, up to where each got', () => {
    const result = articleAgreement(article())
    expect(result.annotators).toEqual(['ann', 'bob'])
    expect(result.sentences).toBe(4)
    // Over sentences 0 and 1 (bob stopped at 1): anonymous_official [1,0] vs [1,0] → κ = 1;
    // named_source [0,0] vs [0,1] and quote [0,1] vs [0,0]: pₒ = pₑ = 0.5 → κ = 0.
    expect(result.pairs).toEqual([
      {
        a: 'ann',
        b: 'bob',
        perLabel: { anonymous_official: 1, named_source: 0, quote: 0 },
        meanKappa: 1 / 3,
      },
    ])
    // Sentences 2 and 3 have one value each and are not pairable. named_source: o_00 = 2,
    // o_01 = o_10 = 1, n_0 = 3, n_1 = 1 → α = 1 − 3·2/6 = 0. Label sets: {ao, ao}, {quote, named_source}:
    // n = 4, 2 disagreeing, marginals 2, 1, 1 → α = 1 − 3·2/(2·2 + 1·3 + 1·3) = 0.4.
    expect(result.alpha).toEqual({ anonymous_official: 1, named_source: 0, quote: 0 })
    expect(result.alphaLabelSet).toBeCloseTo(0.4, 12)
    expect(result.disagreements).toEqual([
      {
        sentence: 1,
        start: 19,
        end: 36,
        text: 'Bob Smith agreed.',
        labels: { ann: ['quote'], bob: ['named_source'] },
      },
    ])
  })

  it('takes the labels, annotators and statuses it is given', () => {
    const result = articleAgreement(article(), {
      labels: ['anonymous_official', 'spokesperson'],
      annotators: ['ann', 'attrib-suggest', 'dan'],
      statuses: ['accepted', 'suggested'],
    })
    expect(result.annotators).toEqual(['ann', 'attrib-suggest', 'dan'])
    // attrib-suggest and dan reached sentence 2; ann reached 3.
    const pair = result.pairs.find((p) => p.a === 'ann' && p.b === 'attrib-suggest')!
    // spokesperson over sentences 0..2: ann [0,0,0], attrib-suggest [0,0,1] → pₒ = 2/3 = pₑ → 0.
    expect(pair.perLabel).toEqual({ anonymous_official: 0, spokesperson: 0 })
    // Sentence 2: ann [], attrib-suggest [spokesperson], dan [] (quote is not a compared label).
    expect(result.disagreements.map((d) => d.sentence)).toEqual([0, 2])
    expect(result.disagreements[1]!.labels).toEqual({ ann: [], 'attrib-suggest': ['spokesperson'], dan: [] })
  })

  it('gives NaN kappas for a pair with no sentence in common', () => {
    const result = articleAgreement(article(), { annotators: ['ann', 'nobody'] })
    expect(result.pairs[0]!.meanKappa).toBeNaN()
    expect(result.disagreements).toEqual([])
  })
})
