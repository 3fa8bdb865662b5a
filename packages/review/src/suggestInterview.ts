/**
 * Interview transcripts (SUG16): in a Q&A, a sentence opening with a speaker tag (`Q:`, `A:`,
 * `Solheim-Adu:`, `Dr. Ortiz:`) starts a turn, and every sentence of an interviewee's turn is that
 * person's words, until the next tag (guidelines 2.3, textset2 judgement call 1). The interviewer's
 * turns (`Q:`, or the name in the byline) are the outlet's own and attribute only what they say.
 */

/** A speaker tag at the start of a sentence: `Q:`/`A:` (group `qa`) or up to three capitalised words. */
const SPEAKER_TAG =
  /^\s*(?:(?<qa>[QA])|(?<name>(?:(?:Mr|Mrs|Ms|Dr|Prof)\.\s+)?\p{Lu}[\p{L}\p{M}'’-]*(?:\s+\p{Lu}[\p{L}\p{M}'’-]*){0,2})):\s+\S/u

/**
 * Words before a colon that label a line rather than name a speaker: headline kickers, metadata,
 * notes and live-blog markers (`Source:`, `Update:`, `Analysis:`, `Watch:`).
 */
const NOT_A_SPEAKER = new Set(
  (
    'Source Sources Note Notes Editor Update Updated Updates Correction Corrections Clarification Photo ' +
    'Photos Video Watch Read Related Breaking Analysis Opinion Comment Commentary Explainer Exclusive Live ' +
    'Key Date Posted Contact Media Email Phone Tel Fax Via Credit Credits Caption Warning Background ' +
    'Summary Timeline Factbox Fact Facts Review Interview Transcript Listen Subscribe Sponsored Advertisement ' +
    'Disclaimer Disclosure Where What Why How Who When Here Lead Verdict Result Results Score Final Today ' +
    'Yesterday Tomorrow Morning Evening Latest Also Plus Bottom Line Takeaway Takeaways Recap Preview ' +
    'Quote Question Answer Questions Answers Poll Data Figures Chart Map Graphic Table Sidebar Previously ' +
    'Earlier Later Now Then Meanwhile Context Reporting Writing Editing Additional Address Location Time ' +
    'Venue Tickets Price Dates Hours Website Web Online Print Bylines Byline Dateline Headline Subhead'
  ).split(' '),
)

/** `By Ana Ruiz`, `Interview by Tomas Erlandsen`: who asks the questions. */
const BYLINE = /^\s*(?:(?:interview|interviewed|questions|conducted)\s+(?:\p{Ll}+\s+)?)?by\s+(.{2,80}?)\s*$/iu

/** One sentence's part in an interview: a turn's start (who speaks) or nothing. */
export interface Turn {
  /** The tag as written, without the colon (`Solheim-Adu`, `Q`). */
  tag: string
  /** Whether the speaker is the interviewer (`Q:`, the byline's name): their turns attribute only their own cues. */
  interviewer: boolean
}

function tagOf(sentence: string): { tag: string; qa: boolean } | null {
  const m = SPEAKER_TAG.exec(sentence.slice(0, 80))
  if (m === null) return null
  if (m.groups?.qa !== undefined) return { tag: m.groups.qa, qa: true }
  const tag = m.groups!.name!
  for (const word of tag.split(/\s+/u)) if (NOT_A_SPEAKER.has(word.replace(/['’]s$/u, ''))) return null
  return { tag, qa: false }
}

/**
 * The turn each sentence of an article starts, or null. Tags are turns only in an interview: `Q:` or
 * `A:` opens some sentence, or the same name opens two; `Analysis: …` once in a headline is no turn.
 */
export function interviewTurns(sentences: readonly string[]): (Turn | null)[] {
  const tags = sentences.map(tagOf)
  const seen = new Set<string>()
  let interview = false
  for (const t of tags) {
    if (t === null) continue
    if (t.qa || seen.has(t.tag)) interview = true
    seen.add(t.tag)
  }
  if (!interview) return tags.map(() => null)
  const bylined = new Set<string>()
  for (const s of sentences) {
    const b = BYLINE.exec(s)
    if (b) for (const word of b[1]!.split(/\s+/u)) bylined.add(word)
  }
  return tags.map((t) => {
    if (t === null) return null
    const surname = t.tag.split(/\s+/u).pop()!
    return { tag: t.tag, interviewer: t.tag === 'Q' || bylined.has(surname) }
  })
}

/** Whether a sentence names the speaker of a turn: the speaker does not name themselves, so the turn is over. */
export function namesSpeaker(sentence: string, turn: Turn): boolean {
  if (turn.tag.length <= 1) return false
  const surname = turn.tag.split(/\s+/u).pop()!
  return sentence.includes(surname)
}
