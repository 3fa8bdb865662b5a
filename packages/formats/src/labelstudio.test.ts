import { createTaxonomy } from '@attrib/core'
import { describe, expect, test } from 'vitest'
import { exportLabelStudio, labelStudioConfig, parseLabelStudio } from './labelstudio'
import { FormatError } from './record'
import { astralArticle, CREATED, essentials, seedArticles } from './testArticles'

describe('exportLabelStudio', () => {
  test('writes a task with code-point offsets, manual regions as annotations and suggestions as predictions', () => {
    const [task] = exportLabelStudio([astralArticle()])
    expect(task!.data.text).toBe('🚀 Launch. 𝒳 said it.\n\nA "quoted, comma" line, said Bob.')
    expect(task!.data.title).toBe('Launch, "day"')
    expect(task!.data.article_id).toBe('astral')
    expect(task!.annotations).toHaveLength(1)
    const p1 = task!.annotations[0]!.result.find((r) => r.id === 'p1')
    expect(p1).toEqual({
      id: 'p1',
      from_name: 'label',
      to_name: 'text',
      type: 'labels',
      value: { start: 10, end: 11, text: '𝒳', labels: ['named_source'] },
      meta: { text: ['𝒳'] },
    })
    expect(task!.predictions).toEqual([
      {
        model_version: 'attrib',
        result: [
          {
            id: 'g1',
            from_name: 'label',
            to_name: 'text',
            type: 'labels',
            value: { start: 0, end: 9, text: '🚀 Launch.', labels: ['media_report'] },
          },
        ],
      },
    ])
    expect(task!.data.attrib.annotations.g1).toEqual({
      annotator: 'bot',
      status: 'suggested',
      kind: 'span',
      created: CREATED,
    })
  })
})

describe('labelStudioConfig', () => {
  test('lists every label and escapes XML', () => {
    const taxonomy = createTaxonomy([
      { id: 'quote', name: 'Quote', color: '#f28e2b', key: 'q', description: '' },
      { id: 'a_b', name: '"A" <b> & c', color: '#000000', key: '&', description: '' },
    ])
    expect(labelStudioConfig(taxonomy)).toBe(
      [
        '<View>',
        '  <Labels name="label" toName="text">',
        '    <Label value="quote" alias="Quote" background="#f28e2b" hotkey="q"/>',
        '    <Label value="a_b" alias="&quot;A&quot; &lt;b&gt; &amp; c" background="#000000" hotkey="&amp;"/>',
        '  </Labels>',
        '  <Text name="text" value="$text"/>',
        '</View>',
        '',
      ].join('\n'),
    )
  })
})

describe('parseLabelStudio', () => {
  test('round-trips text, spans, labels, sources, statuses, annotators and kinds', () => {
    const articles = [astralArticle(), ...seedArticles()]
    const back = parseLabelStudio(JSON.stringify(exportLabelStudio(articles)), 'tasks.json')
    expect(back.map((r) => r.id)).toEqual(articles.map((a) => a.meta.id))
    back.forEach((record, i) => {
      const article = articles[i]!
      expect(record.text).toBe(article.text)
      expect(record.title).toBe(article.meta.title)
      expect(essentials(record.annotations)).toEqual(essentials(article.annotations))
      const pick = (a: { id: string; kind: string; annotator: string; created?: string }) =>
        [a.id, a.kind, a.annotator, a.created].join('|')
      expect(record.annotations.map(pick).sort()).toEqual(article.annotations.map(pick).sort())
    })
  })

  test('reads a plain Label Studio export; accepts UTF-16 offsets of old versions by checking value.text', () => {
    const text = '🚀 Launch. 𝒳 said it.'
    const [record] = parseLabelStudio([
      {
        id: 7,
        data: { text },
        annotations: [
          {
            completed_by: { id: 1, email: 'ann@example.org' },
            result: [
              {
                id: 'a',
                from_name: 'label',
                to_name: 'text',
                type: 'labels',
                value: { start: 10, end: 11, text: '𝒳', labels: ['named_source'] },
              },
              // UTF-16 offsets (Label Studio before the code-point fix): 𝒳 said it. is 11..22 in UTF-16
              {
                id: 'b',
                type: 'labels',
                value: { start: 11, end: 22, text: '𝒳 said it.', labels: ['quote'] },
              },
              { id: 'c', type: 'choices', value: { choices: ['x'] } },
            ],
          },
        ],
      },
    ])
    expect(record!.id).toBe('7')
    expect(record!.annotations.map((a) => [a.id, a.start, a.end, a.annotator, a.status])).toEqual([
      ['a', 10, 11, 'ann@example.org', 'accepted'],
      ['b', 10, 20, 'ann@example.org', 'accepted'],
    ])
  })

  test('reports bad input with file and field', () => {
    const tasks = () => JSON.parse(JSON.stringify(exportLabelStudio([astralArticle()])))
    expect(() => parseLabelStudio('[{', 't.json')).toThrow(/^t\.json:1: not valid JSON/)
    const noText = tasks()
    delete noText[0].data.text
    expect(() => parseLabelStudio(noText, 't.json')).toThrow(
      /^t\.json:1: \[0\]\.data\.text: must be a string$/,
    )
    const badEnd = tasks()
    badEnd[0].annotations[0].result[0].value.end = -3
    expect(() => parseLabelStudio(badEnd, 't.json')).toThrow(FormatError)
    expect(() => parseLabelStudio(badEnd, 't.json')).toThrow(
      /\[0\]\.annotations\[0\]\.result\[0\]\.value\.end: must be an integer ≥ start/,
    )
    const wrongText = tasks()
    wrongText[0].predictions[0].result[0].value.text = 'Launch'
    expect(() => parseLabelStudio(wrongText, 't.json')).toThrow(
      /\[0\]\.predictions\[0\]\.result\[0\]\.value\.text: "Launch" is not the text at 0-9/,
    )
    const noLabels = tasks()
    noLabels[0].annotations[0].result[1].value.labels = []
    expect(() => parseLabelStudio(noLabels, 't.json')).toThrow(
      /result\[1\]\.value\.labels: must be a non-empty array/,
    )
  })
})
