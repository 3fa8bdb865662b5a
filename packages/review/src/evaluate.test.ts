import { describe, expect, it } from 'vitest'
import { evaluate } from './evaluate'

const LABELS = ['quote', 'named_source', 'anonymous_official'] as const

describe('evaluate', () => {
  it('scores a perfect prediction 1 everywhere', () => {
    const gold = [['quote'], [], ['named_source', 'quote']]
    const result = evaluate(gold, gold, LABELS)
    expect(result.attributed).toEqual({ precision: 1, recall: 1, f1: 1, tp: 2, fp: 0, fn: 0 })
    expect(result.micro).toMatchObject({ precision: 1, recall: 1, f1: 1, tp: 3, fp: 0, fn: 0 })
    expect(result.perLabel.quote).toMatchObject({ support: 2, tp: 2, f1: 1 })
  })

  it('counts true and false positives and negatives per label, by hand', () => {
    const gold = [['quote', 'named_source'], ['anonymous_official'], [], ['quote']]
    const predicted = [['quote'], ['named_source'], ['quote'], []]
    const result = evaluate(gold, predicted, LABELS)
    // quote: tp 1 (s0), fp 1 (s2), fn 1 (s3) → P 1/2, R 1/2
    expect(result.perLabel.quote).toEqual({
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
      tp: 1,
      fp: 1,
      fn: 1,
      support: 2,
    })
    // named_source: fp 1 (s1), fn 1 (s0) → P 0, R 0, F1 0
    expect(result.perLabel.named_source).toEqual({
      precision: 0,
      recall: 0,
      f1: 0,
      tp: 0,
      fp: 1,
      fn: 1,
      support: 1,
    })
    // anonymous_official: fn 1 (s1)
    expect(result.perLabel.anonymous_official).toMatchObject({
      tp: 0,
      fp: 0,
      fn: 1,
      support: 1,
      precision: 0,
    })
    // micro: tp 1, fp 2, fn 3 → P 1/3, R 1/4, F1 2/7
    expect(result.micro.tp).toBe(1)
    expect(result.micro.fp).toBe(2)
    expect(result.micro.fn).toBe(3)
    expect(result.micro.precision).toBeCloseTo(1 / 3)
    expect(result.micro.recall).toBeCloseTo(1 / 4)
    expect(result.micro.f1).toBeCloseTo(2 / 7)
    // attributed: s0, s1 tp; s2 fp; s3 fn → P 2/3, R 2/3
    expect(result.attributed).toMatchObject({ tp: 2, fp: 1, fn: 1 })
    expect(result.attributed.f1).toBeCloseTo(2 / 3)
  })

  it('ignores labels outside the list for per-label scores but not for attribution', () => {
    const result = evaluate([['media_report'], []], [['media_report'], ['other']], ['quote'])
    expect(Object.keys(result.perLabel)).toEqual(['quote'])
    expect(result.perLabel.quote).toMatchObject({ tp: 0, fp: 0, fn: 0, precision: 0, recall: 0, f1: 0 })
    expect(result.attributed).toMatchObject({ tp: 1, fp: 1, fn: 0, precision: 0.5, recall: 1 })
  })

  it('gives zeros, not NaN, when there is nothing to find or predict', () => {
    const result = evaluate([[], []], [[], []], LABELS)
    expect(result.attributed).toEqual({ precision: 0, recall: 0, f1: 0, tp: 0, fp: 0, fn: 0 })
    expect(result.micro.f1).toBe(0)
  })

  it('counts a label given twice once', () => {
    const result = evaluate([['quote']], [['quote', 'quote']], ['quote'])
    expect(result.perLabel.quote).toMatchObject({ tp: 1, fp: 0 })
  })

  it('throws a RangeError when the lists differ in length', () => {
    expect(() => evaluate([[]], [], LABELS)).toThrow(
      new RangeError('gold has 1 sentences but predicted has 0'),
    )
  })
})
