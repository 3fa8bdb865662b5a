import { type AnnotationState, addAnnotationsAtOffsets, annotationState, readAnnotations } from '@attrib/core'
import { describe, expect, it } from 'vitest'
import {
  articleLayout,
  markCounts,
  sameMarks,
  sentenceMarks,
  stepThrough,
  timelineFrames,
} from './timelineModel'
import { PARAGRAPHS, random, randomStory, story } from './trailFixture'

describe('[UI13] the timeline', () => {
  it('shows the annotations where the trail starts at step 0 and as they are now at the last step', () => {
    const { doc, history, loaded } = story()
    const layout = articleLayout(doc)
    expect(layout.sentences).toHaveLength(4)
    expect(layout.paragraphOf).toEqual([0, 0, 1, 1])
    // Step 0: the import's tag, nothing on sentence 1 yet.
    const start = timelineFrames(layout, loaded)(0).marks
    expect([...start.keys()]).toEqual([0])
    expect(start.get(0)!.accepted).toEqual(['named_source'])
    // Step 1: Ana's tag; step 2: Ben's change; step 3: the import's tag removed.
    expect(timelineFrames(layout, loaded)(1).marks.get(1)!.accepted).toEqual(['anonymous_official'])
    expect(timelineFrames(layout, loaded)(2).marks.get(1)!.accepted).toEqual(['spokesperson'])
    expect(timelineFrames(layout, loaded)(3).marks.has(0)).toBe(false)
    // The last step is the article as it is.
    const last = timelineFrames(layout, loaded)(history.entries.length)
    const now = new Map(readAnnotations(doc).map((a) => [a.id, annotationState(a)]))
    expect(last.states).toEqual(now)
    expect(stepThrough(loaded.entries, 0)).toBe(0)
    expect(stepThrough(loaded.entries, 99)).toBe(loaded.entries.at(-1)!.n)
  })

  it('draws suggestions apart from tags, leaves rejected ones out and marks decided sentences', () => {
    const { doc } = story()
    const layout = articleLayout(doc)
    const anchors = (i: number) => {
      const a = readAnnotations(doc).find((x) => layout.place(annotationState(x)).sentence === i)!
      return annotationState(a)
    }
    const on1 = anchors(1)
    const states = new Map<string, AnnotationState>([
      ['t', { ...on1, labels: ['quote'] }],
      ['s', { ...on1, labels: ['quote', 'spokesperson'], status: 'suggested' }],
      ['r', { ...on1, labels: ['media_report'], status: 'rejected' }],
      ['f', { ...on1, labels: ['quote'], final: true, annotator: 'Rev' }],
    ])
    const marks = sentenceMarks(layout, states).get(1)!
    expect(marks).toMatchObject({ accepted: ['quote'], suggested: ['spokesperson'], final: true, spans: [] })
    // A span is listed on its sentence by its words.
    const text = PARAGRAPHS.join('\n\n')
    const from = text.indexOf('Dmitry Peskov')
    const [span] = addAnnotationsAtOffsets(doc, [
      { kind: 'span', start: from, end: from + 13, labels: ['named_source'], annotator: 'Ana' },
    ])
    const spanState = annotationState(readAnnotations(doc).find((x) => x.id === span)!)
    expect(sentenceMarks(layout, new Map([['p', spanState]])).get(2)).toEqual({
      accepted: [],
      suggested: [],
      final: false,
      spans: [{ labels: ['named_source'], words: 'Dmitry Peskov', suggested: false }],
    })
    // The legend counts sentences per label at the step, tags and suggestions apart.
    const counts = markCounts(sentenceMarks(layout, states))
    expect([...counts.accepted]).toEqual([['quote', 1]])
    expect([...counts.suggested]).toEqual([['spokesperson', 1]])
  })
  it('draws each step as marking every sentence afresh would, whichever steps came before', () => {
    for (const seed of [1, 2, 3]) {
      const { doc, loaded } = randomStory(seed, 300)
      const layout = articleLayout(doc)
      const frameAt = timelineFrames(layout, loaded)
      const next = random(seed)
      let before = frameAt(loaded.entries.length)
      // Single steps both ways, and jumps.
      const steps = Array.from({ length: 200 }, (_, i) =>
        i % 3 === 2
          ? Math.floor(next() * (loaded.entries.length + 1))
          : Math.max(0, before.step + (next() < 0.5 ? -1 : 1)),
      )
      for (const step of steps) {
        const frame = frameAt(Math.min(step, loaded.entries.length))
        const fresh = sentenceMarks(layout, frame.states)
        expect(new Map(frame.marks)).toEqual(fresh)
        // A sentence that draws as before keeps its marks object.
        for (const [i, m] of frame.marks)
          if (sameMarks(m, before.marks.get(i))) expect(m).toBe(before.marks.get(i))
        for (const [p, here] of frame.paragraphs) {
          expect([...here.keys()].every((s) => layout.paragraphOf[s] === p)).toBe(true)
          // A paragraph none of whose sentences changed is the same object (what the view compares).
          if (
            [...here.keys()].every((s) => before.marks.get(s) === frame.marks.get(s)) &&
            before.paragraphs.get(p)?.size === here.size
          )
            expect(here).toBe(before.paragraphs.get(p))
        }
        expect([...frame.paragraphs.values()].reduce((n, here) => n + here.size, 0)).toBe(frame.marks.size)
        before = frame
      }
    }
  })
})
