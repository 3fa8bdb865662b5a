import { describe, expect, it } from 'vitest'
import {
  addLabel,
  createTaxonomy,
  DEFAULT_LABELS,
  labelForKey,
  recolorLabel,
  renameLabel,
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
