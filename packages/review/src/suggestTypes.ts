// The shapes the suggester works with: the public ones (cues and a sentence's suggestion) and the phrases
// and verbs its analysis groups cues into.

/** What a cue is. */
export type CueKind =
  | 'verb'
  | 'according_to'
  | 'quote_marks'
  | 'source_noun'
  | 'spokesperson'
  | 'name'
  | 'organisation'
  | 'outlet'
  | 'document'
  | 'pronoun'

/** A piece of a sentence that hints at attribution; `[start, end)` in UTF-16 code units of the sentence. */
export interface Cue {
  kind: CueKind
  start: number
  end: number
  text: string
}

/** The labels suggested for one sentence, the cues found in it and why. */
export interface SentenceSuggestion {
  /** Label ids, sorted; empty when the sentence attributes nothing. */
  labels: string[]
  /** Every cue found outside quotations, and the quotations themselves, in text order. */
  cues: Cue[]
  /** Readable grounds of the labels, e.g. `'said' + 'two officials'`; empty when `labels` is. */
  reason: string
}

/** What a source phrase is. */
export type Role = 'anonymous' | 'spokesperson' | 'named' | 'media' | 'pronoun'

/** A source phrase: one or more cues grouped, with the role the group plays. */
export interface Source {
  start: number
  end: number
  role: Role
  /** The phrase's head, kept for the reason. */
  text: string
  /** Weak anonymous nouns (`resident`, `analyst`) turn into named sources when an affiliation follows. */
  weak: boolean
  cues: Cue[]
}

export interface Verb {
  start: number
  end: number
  text: string
  /** `according to`, `citing`, `quoted`: the source follows. */
  forward: boolean
  /** `found`, `showed`: only documents and outlets speak this way. */
  documentOnly: boolean
  /** `quoted X as saying`: both the subject and the object are sources. */
  both: boolean
}
