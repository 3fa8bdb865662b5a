import { describe, expect, it } from 'vitest'
import {
  addLabel,
  contrastRatio,
  createTaxonomy,
  DEFAULT_LABELS,
  labelForKey,
  recolorLabel,
  renameLabel,
  shortLabelName,
  textColorOn,
  validateTaxonomy,
} from './taxonomy'

describe('taxonomy', () => {
  it('starts with the five default source types', () => {
    expect(createTaxonomy().labels.map((l) => l.id)).toEqual([
      'anonymous_official',
      'spokesperson',
      'quote',
      'named_source',
      'media_report',
    ])
  })

  it('adds, renames and recolours labels without touching the defaults', () => {
    let t = createTaxonomy()
    t = addLabel(t, {
      id: 'document',
      name: 'Document',
      color: '#123456',
      key: '6',
      description: 'A document',
    })
    t = renameLabel(t, 'quote', 'Quotation')
    t = recolorLabel(t, 'quote', '#000000')
    expect(t.labels).toHaveLength(6)
    expect(t.labels.find((l) => l.id === 'quote')).toMatchObject({ name: 'Quotation', color: '#000000' })
    expect(DEFAULT_LABELS.find((l) => l.id === 'quote')!.name).toBe('Direct quote')
    expect(labelForKey(t, '6')!.id).toBe('document')
  })

  it('names the offending label when invalid', () => {
    const base = createTaxonomy().labels
    expect(() => validateTaxonomy({ labels: [...base, { ...base[0]!, key: '9' }] })).toThrow(
      /label 5 \("anonymous_official"\): duplicate id/,
    )
    expect(() => addLabel(createTaxonomy(), { ...base[0]!, id: 'x', key: '1' })).toThrow(
      /key 1 is already used/,
    )
    expect(() => recolorLabel(createTaxonomy(), 'quote', 'red')).toThrow(/colour must be #rrggbb/)
    expect(() => addLabel(createTaxonomy(), { ...base[0]!, id: 'y', key: 'j' })).toThrow(/reserved/)
    expect(() => renameLabel(createTaxonomy(), 'nope', 'x')).toThrow(/no label with id "nope"/)
  })
})

// Machado, Oliveira & Fernandes (2009), severity 1, on linear RGB.
const VISION: Record<string, number[][]> = {
  normal: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
}

/** CIELAB of a colour as seen with `vision`. */
function seenAs(color: string, vision: number[][]): [number, number, number] {
  const lin = [1, 3, 5].map((i) => {
    const c = Number.parseInt(color.slice(i, i + 2), 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  const [r, g, b] = vision.map((row) =>
    Math.min(1, Math.max(0, row[0]! * lin[0]! + row[1]! * lin[1]! + row[2]! * lin[2]!)),
  ) as [number, number, number]
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116)
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047)
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b)
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)]
}

/** A colour laid over white with the highlight's opacity (the editor's `#rrggbb2e`). */
function tint(color: string, alpha = 0x2e / 255): string {
  return `#${[1, 3, 5]
    .map((i) => {
      const c = Number.parseInt(color.slice(i, i + 2), 16)
      return Math.round(255 + (c - 255) * alpha)
        .toString(16)
        .padStart(2, '0')
    })
    .join('')}`
}

describe('label colours and names', () => {
  it('the default colours stay apart with protanopia, deuteranopia and tritanopia', () => {
    for (const [vision, matrix] of Object.entries(VISION)) {
      const seen = DEFAULT_LABELS.map((l) => seenAs(l.color, matrix))
      for (let i = 0; i < seen.length; i++)
        for (let j = i + 1; j < seen.length; j++) {
          const distance = Math.hypot(...seen[i]!.map((v, k) => v - seen[j]![k]!))
          // ΔE 20 is far beyond "just noticeable" (about 2.3).
          expect(distance, `${vision}: ${DEFAULT_LABELS[i]!.id} / ${DEFAULT_LABELS[j]!.id}`).toBeGreaterThan(
            20,
          )
        }
    }
  })

  it('text on a label colour (its badge) and on its highlight reaches WCAG AA', () => {
    for (const l of DEFAULT_LABELS) {
      expect(contrastRatio(l.color, textColorOn(l.color))).toBeGreaterThanOrEqual(4.5)
      // The article's text colour on the sentence's tinted background.
      expect(contrastRatio(tint(l.color), '#1d2430')).toBeGreaterThanOrEqual(4.5)
    }
    // Whatever colour a project picks, black or white reaches 4.5:1 on it.
    for (let v = 0; v < 0xffffff; v += 0x0f0f0f + 7) {
      const color = `#${v.toString(16).padStart(6, '0')}`
      expect(contrastRatio(color, textColorOn(color)), color).toBeGreaterThanOrEqual(4.5)
    }
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21)
  })

  it('shortens long names for the badge', () => {
    expect(DEFAULT_LABELS.map((l) => shortLabelName(l.name))).toEqual([
      'Anon. official',
      'Spokesperson',
      'Direct quote',
      'Named source',
      'Media report',
    ])
    expect(shortLabelName('Government press release')).toBe('Gove. press r…')
  })
})
