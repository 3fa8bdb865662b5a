import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { type SentenceSpan, splitSentences } from './segment'

function sentences(text: string): string[] {
  return splitSentences(text).map((s) => text.slice(s.start, s.end))
}

/** Spans are ordered, disjoint and trimmed, and only whitespace lies outside them. */
function expectWellFormed(text: string, spans: SentenceSpan[]): void {
  let previousEnd = 0
  for (const s of spans) {
    expect(s.start).toBeGreaterThanOrEqual(previousEnd)
    expect(s.end).toBeGreaterThan(s.start)
    expect(text.slice(previousEnd, s.start).trim()).toBe('')
    expect(text[s.start]).toMatch(/\S/)
    expect(text[s.end - 1]).toMatch(/\S/)
    previousEnd = s.end
  }
  expect(text.slice(previousEnd).trim()).toBe('')
}

const CASES: [string, string[]][] = [
  // Titles before names
  ['Mr. Smith went to Washington. He stayed.', ['Mr. Smith went to Washington.', 'He stayed.']],
  [
    'Mrs. Jones and Ms. Lee met Dr. Brown. They talked.',
    ['Mrs. Jones and Ms. Lee met Dr. Brown.', 'They talked.'],
  ],
  [
    'Gen. Mark Milley spoke. Sen. Elizabeth Warren replied.',
    ['Gen. Mark Milley spoke.', 'Sen. Elizabeth Warren replied.'],
  ],
  [
    'Rep. Adam Schiff and Gov. Gavin Newsom attended. Lt. Col. Alexander Vindman testified.',
    ['Rep. Adam Schiff and Gov. Gavin Newsom attended.', 'Lt. Col. Alexander Vindman testified.'],
  ],
  ['Sgt. Maj. John Doe retired in May.', ['Sgt. Maj. John Doe retired in May.']],
  ['The Ph.D. student left. Prof. Smith stayed.', ['The Ph.D. student left.', 'Prof. Smith stayed.']],
  ['The St. Petersburg forum opened. Putin spoke.', ['The St. Petersburg forum opened.', 'Putin spoke.']],
  ['He lives on Main St. The house is old.', ['He lives on Main St.', 'The house is old.']],
  // Country and organisation abbreviations
  [
    'The U.S. Army said it would respond. Officials declined to comment.',
    ['The U.S. Army said it would respond.', 'Officials declined to comment.'],
  ],
  [
    'Sanctions were imposed by the U.S. The Kremlin called them illegal.',
    ['Sanctions were imposed by the U.S.', 'The Kremlin called them illegal.'],
  ],
  ['The U.K. and the U.N. agreed. The E.U. did not.', ['The U.K. and the U.N. agreed.', 'The E.U. did not.']],
  [
    'He moved to Washington, D.C. The city welcomed him.',
    ['He moved to Washington, D.C.', 'The city welcomed him.'],
  ],
  ['She works for the U.S. Department of Defense.', ['She works for the U.S. Department of Defense.']],
  ['Ukraine’s president spoke. He thanked the U.S.', ['Ukraine’s president spoke.', 'He thanked the U.S.']],
  [
    'The WSJ reported it. The U.S.-based firm declined.',
    ['The WSJ reported it.', 'The U.S.-based firm declined.'],
  ],
  // Company suffixes and name suffixes
  [
    'Martin Luther King Jr. was born in Atlanta. He died in 1968.',
    ['Martin Luther King Jr. was born in Atlanta.', 'He died in 1968.'],
  ],
  [
    'The award went to Robert F. Kennedy Jr. The ceremony was brief.',
    ['The award went to Robert F. Kennedy Jr.', 'The ceremony was brief.'],
  ],
  [
    'Shares rose at Acme Corp. The company said profits doubled.',
    ['Shares rose at Acme Corp.', 'The company said profits doubled.'],
  ],
  ['Acme Co. Chief Executive Jane Doe resigned.', ['Acme Co. Chief Executive Jane Doe resigned.']],
  ['Smith & Sons Ltd. was fined. It appealed.', ['Smith & Sons Ltd. was fined.', 'It appealed.']],
  [
    'Sen. Elizabeth Warren (D-Mass.) said so. Others disagreed.',
    ['Sen. Elizabeth Warren (D-Mass.) said so.', 'Others disagreed.'],
  ],
  ['The company (Apple Inc.) declined to comment.', ['The company (Apple Inc.) declined to comment.']],
  // Dates, times, numbers
  [
    'The ceasefire began Sept. 5 and ended Oct. 12. Talks resumed in Nov. 2023.',
    ['The ceasefire began Sept. 5 and ended Oct. 12.', 'Talks resumed in Nov. 2023.'],
  ],
  ['The meeting is on Jan. 6 at 10 a.m. local time.', ['The meeting is on Jan. 6 at 10 a.m. local time.']],
  ['The vote was at 5 p.m. The results came later.', ['The vote was at 5 p.m.', 'The results came later.']],
  [
    'The vote was at 5 p.m. Monday. Results came later.',
    ['The vote was at 5 p.m. Monday.', 'Results came later.'],
  ],
  ['He arrived at 9 a.m. and left at noon.', ['He arrived at 9 a.m. and left at noon.']],
  ['It is 5 p.m. EST now.', ['It is 5 p.m. EST now.']],
  [
    'He was ranked No. 1 in the world. No. 2 was his rival.',
    ['He was ranked No. 1 in the world.', 'No. 2 was his rival.'],
  ],
  ['He was No. 1. Then he fell.', ['He was No. 1.', 'Then he fell.']],
  ['He scored 1. Then he left.', ['He scored 1.', 'Then he left.']],
  ['He was born in 1950. 1960 was a hard year.', ['He was born in 1950.', '1960 was a hard year.']],
  ['It happened in 2021. 5 people died.', ['It happened in 2021.', '5 people died.']],
  ['Read pp. 12 and Art. 5 of the treaty.', ['Read pp. 12 and Art. 5 of the treaty.']],
  ['The heat came in Aug. The crops failed.', ['The heat came in Aug.', 'The crops failed.']],
  [
    'The company earned $1.8 billion in 2021. Revenue rose 3.5% to US$2.1 billion.',
    ['The company earned $1.8 billion in 2021.', 'Revenue rose 3.5% to US$2.1 billion.'],
  ],
  [
    'The rate fell to 0.25 percent. It was 1.5 percent a year ago.',
    ['The rate fell to 0.25 percent.', 'It was 1.5 percent a year ago.'],
  ],
  // Latin and other short forms
  ['It was Brazil vs. Argentina. Brazil won.', ['It was Brazil vs. Argentina.', 'Brazil won.']],
  ['Roe v. Wade was overturned in 2022.', ['Roe v. Wade was overturned in 2022.']],
  [
    'Some countries, e.g. Russia and China, abstained. Others, i.e. Brazil, did not.',
    ['Some countries, e.g. Russia and China, abstained.', 'Others, i.e. Brazil, did not.'],
  ],
  [
    'They sell pens, paper, etc. The shop opens at nine.',
    ['They sell pens, paper, etc.', 'The shop opens at nine.'],
  ],
  // Initials
  [
    'John F. Kennedy was killed in Dallas. Lee Harvey Oswald was arrested.',
    ['John F. Kennedy was killed in Dallas.', 'Lee Harvey Oswald was arrested.'],
  ],
  [
    'J.R.R. Tolkien wrote The Hobbit. It appeared in 1937.',
    ['J.R.R. Tolkien wrote The Hobbit.', 'It appeared in 1937.'],
  ],
  ['George W. Bush met Vladimir V. Putin in 2001.', ['George W. Bush met Vladimir V. Putin in 2001.']],
  ['They chose Plan B. The first plan had failed.', ['They chose Plan B.', 'The first plan had failed.']],
  ['Neither do I. Everyone else agreed.', ['Neither do I.', 'Everyone else agreed.']],
  // Quotations
  ['"Why?" he asked.', ['"Why?" he asked.']],
  ['"Stop!" she shouted. Nobody listened.', ['"Stop!" she shouted.', 'Nobody listened.']],
  ['"Why?" Smith asked. Nobody answered.', ['"Why?" Smith asked.', 'Nobody answered.']],
  ['"Is this the end?" asked the reporter.', ['"Is this the end?" asked the reporter.']],
  ['“Is it over?” he asked. “Yes,” she said.', ['“Is it over?” he asked.', '“Yes,” she said.']],
  ['"We will fight. We will win," he said.', ['"We will fight.', 'We will win," he said.']],
  ['"We will fight. We will win." Smith said.', ['"We will fight.', 'We will win." Smith said.']],
  ['He said: "It is over." Then he left.', ['He said: "It is over."', 'Then he left.']],
  [
    'He said that "it is over." The Kremlin said nothing.',
    ['He said that "it is over."', 'The Kremlin said nothing.'],
  ],
  ['“It’s over.” The man left the room.', ['“It’s over.”', 'The man left the room.']],
  ['He said “no.” Then he left.', ['He said “no.”', 'Then he left.']],
  ['He asked, "Why not?" and walked away.', ['He asked, "Why not?" and walked away.']],
  ['He said, "She told me \'Go.\'" Then he left.', ['He said, "She told me \'Go.\'"', 'Then he left.']],
  [
    'Peskov said: "As for Putin. There’s only one candidate." The campaign agreed.',
    ['Peskov said: "As for Putin.', 'There’s only one candidate."', 'The campaign agreed.'],
  ],
  [
    'Peskov said they discussed "space and technologies". He gave no details.',
    ['Peskov said they discussed "space and technologies".', 'He gave no details.'],
  ],
  // Ellipses
  [
    "I have to say that... The reason they keep it secret is because it's so boring.",
    ["I have to say that... The reason they keep it secret is because it's so boring."],
  ],
  ['I have to say that… the reason is simple.', ['I have to say that… the reason is simple.']],
  [
    'Wait . . . What happened next surprised everyone.',
    ['Wait . . . What happened next surprised everyone.'],
  ],
  ['He stopped.... The crowd waited.', ['He stopped....', 'The crowd waited.']],
  ['“I wonder…” The man left.', ['“I wonder…”', 'The man left.']],
  ['He said "I wonder..." and left.', ['He said "I wonder..." and left.']],
  // Parentheses
  ['He left (as expected). Then she left.', ['He left (as expected).', 'Then she left.']],
  ['(He left. She stayed.) Then it ended.', ['(He left.', 'She stayed.)', 'Then it ended.']],
  ['He said (see below.) Then he left.', ['He said (see below.)', 'Then he left.']],
  // Headlines and page furniture
  [
    'What is known about the relationship between Putin and Musk',
    ['What is known about the relationship between Putin and Musk'],
  ],
  ['Musk talks to Putin. Pentagon silent', ['Musk talks to Putin. Pentagon silent']],
  ['Background:', ['Background:']],
  ["They don't like it, said the insider. Share", ["They don't like it, said the insider. Share"]],
  ['He left. She stayed. Read more', ['He left.', 'She stayed. Read more']],
  [
    'Musk talks to Putin. Pentagon stays silent on the contacts',
    ['Musk talks to Putin.', 'Pentagon stays silent on the contacts'],
  ],
  ['U.S. Says Musk Talked to Putin', ['U.S. Says Musk Talked to Putin']],
  // Glued sentences, URLs, e-mail
  [
    'security breaches.American billionaire Elon Musk called.',
    ['security breaches.', 'American billionaire Elon Musk called.'],
  ],
  ['It closed in 2021.The new owner reopened it.', ['It closed in 2021.', 'The new owner reopened it.']],
  ['Was it true?Nobody knows.', ['Was it true?', 'Nobody knows.']],
  [
    'Read more at www.pravda.com.ua. The site is popular.',
    ['Read more at www.pravda.com.ua.', 'The site is popular.'],
  ],
  [
    'See https://www.example.com/news?id=5&Page=2 for details.',
    ['See https://www.example.com/news?id=5&Page=2 for details.'],
  ],
  ['See www.Example.com/News.Html for details.', ['See www.Example.com/News.Html for details.']],
  ['Write to john.Smith@Example.com for details.', ['Write to john.Smith@Example.com for details.']],
  ['Node.js and ASP.NET are frameworks.', ['Node.js and ASP.NET are frameworks.']],
  // Numbered lists
  [
    'Steps: 1. Collect the data. 2. Clean it. 3. Publish it.',
    ['Steps: 1. Collect the data.', '2. Clean it.', '3. Publish it.'],
  ],
  ['1. The first point is clear.', ['1. The first point is clear.']],
  ['A. Collect the data. B. Clean it.', ['A. Collect the data.', 'B. Clean it.']],
  ['IV. The fourth chapter begins.', ['IV. The fourth chapter begins.']],
  // Other
  ['The iPhone launched. iPhone sales soared.', ['The iPhone launched.', 'iPhone sales soared.']],
  ['Who said that? Nobody knows. Really!', ['Who said that?', 'Nobody knows.', 'Really!']],
  ['Він сказав це. Вона пішла.', ['Він сказав це.', 'Вона пішла.']],
  ['Two sentences\u00a0here. And\u00a0there.', ['Two sentences\u00a0here.', 'And\u00a0there.']],
]

describe('splitSentences', () => {
  it('has at least 60 table cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60)
  })

  it.each(CASES)('%s', (input, expected) => {
    expect(sentences(input)).toEqual(expected)
    expectWellFormed(input, splitSentences(input))
  })

  it('returns no sentences for empty or blank text', () => {
    expect(splitSentences('')).toEqual([])
    expect(splitSentences(' \t\u00a0 ')).toEqual([])
  })

  it('excludes leading and trailing whitespace from the offsets', () => {
    const text = '  First one.   Second one.  '
    expect(splitSentences(text)).toEqual([
      { start: 2, end: 12 },
      { start: 15, end: 26 },
    ])
  })

  it('counts offsets in UTF-16 code units', () => {
    const text = 'Emoji 😀 here. Next one.'
    const spans = splitSentences(text)
    expect(spans).toEqual([
      { start: 0, end: 14 },
      { start: 15, end: 24 },
    ])
  })
})

function seedParagraphs(name: string): string[] {
  const text = readFileSync(new URL(`../../../seeds/${name}`, import.meta.url), 'utf8')
  return text
    .split(/\r?\n[ \t]*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
}

function seedSentences(name: string): string[] {
  return seedParagraphs(name).flatMap((p) => {
    expectWellFormed(p, splitSentences(p))
    return sentences(p)
  })
}

describe('splitSentences on the seed articles', () => {
  it('000: keeps the elided quotation, the Pentagon sentence and the headlines whole', () => {
    const all = seedSentences('000_cdf3ea4d863409f1.txt')
    expect(all).toHaveLength(14)
    expect(all).toContain(
      "I have a top secret clearance, but I have to say that... The reason they keep it secret is because it's so boring,” the billionaire said.",
    )
    expect(all).toContain(
      'According to a spokesman for the US Department of Defense, who responded to the billionaire\'s statements, the Pentagon never comments on the clearance, vetting or status of any individual, "as well as personnel security policy issues in the context of reports of the actions of any individual."',
    )
    expect(all).toContain('What is known about the relationship between Putin and Musk')
    expect(all).toContain('The US government has no leverage over Musk')
    expect(all).toContain(
      "Knowledge of Musk's contacts with the Kremlin appears to be a big secret in the government.",
    )
    expect(all).toContain('In particular, several White House officials said they did not know about them.')
    expect(all).toContain(
      "They don't like it, said the insider, referring to the contacts between Musk and Putin. Share",
    )
  })

  it('001: keeps the Peskov, Xi Jinping and quotation sentences whole', () => {
    const all = seedSentences('001_b540a2e8dbf5a36d.txt')
    expect(all).toHaveLength(26)
    expect(all).toContain(
      'Kremlin spokesman Dmitry Peskov, for his part, said that the only contact between the Kremlin and Musk was a phone call during which Musk and Putin discussed "space, as well as current and future technologies".',
    )
    expect(all).toContain(
      'Two officials reported that at one point, Putin asked the billionaire to refrain from activating his Starlink satellite internet service over Taiwan as a favour to Chinese leader Xi Jinping.',
    )
    expect(all).toContain(
      '"I do have a top-secret clearance, but, I’d have to say, like most of the stuff that I\'m aware of…the reason they keep it top secret is because it’s so boring," The Wall Street Journal quoted Musk.',
    )
    expect(all).toContain(
      'Nonetheless, a Pentagon representative said: "We do not comment on any individual’s security clearance, review or status, or about personnel security policy matters in the context of reports about any individual’s actions."',
    )
    expect(all).toContain(
      'SpaceX, which operates the Starlink service, won a secret US$1.8 billion contract in 2021.',
    )
    expect(all).toContain('Quote from the spokeswoman for the Trump campaign: "As for Putin.')
    expect(all).toContain(
      'Peskov also added that neither Putin nor Kremlin officials have regular conversations with Musk.',
    )
    expect(all).toContain('Musk confirmed the same information in 2022.')
    expect(all).toContain('Background:')
  })
})

describe('splitSentences on a large input', () => {
  // Each template with its sentence count; repeated to 10,000 sentences.
  const TEMPLATES: [string, number][] = [
    ['Gen. Mark Milley, the U.S. Army chief, said at 5 p.m. that "it is over." The Kremlin said. ', 2],
    ['"Why?" he asked. Sales rose 3.5% to $1.8 billion. ', 2],
    ['John F. Kennedy died in Nov. 1963. ', 1],
    ['I have to say that... The reason is simple. ', 1],
    ['Sanctions were imposed by the U.S. The Kremlin objected. Share', 2],
    ['What is known about the relationship between Putin and Musk', 1],
  ]

  it('segments 10,000 sentences correctly', () => {
    const paragraphs: string[] = []
    let expected = 0
    for (let i = 0; expected < 10_000; i++) {
      const [template, count] = TEMPLATES[i % TEMPLATES.length]!
      // Vary paragraph length: one to three copies of a template in a paragraph.
      const copies = template.endsWith(' ') ? 1 + (i % 3) : 1
      paragraphs.push(template.repeat(copies))
      expected += count * copies
    }
    let total = 0
    for (const p of paragraphs) {
      const spans = splitSentences(p)
      total += spans.length
      expectWellFormed(p, spans)
    }
    expect(total).toBe(expected)
  })

  it('segments one very long paragraph as it segments its parts', () => {
    // Long paragraphs go to ICU in chunks; the chunking must not show in the result.
    for (const unit of [
      TEMPLATES[0]![0],
      'Wait . . . What happened? "Why?" Smith asked. The U.S. Army left in Nov. 1963. ',
    ]) {
      const copies = Math.ceil(10_000 / splitSentences(unit).length)
      const expected = Array.from({ length: copies }, (_, k) =>
        splitSentences(unit).map((s) => ({ start: s.start + k * unit.length, end: s.end + k * unit.length })),
      ).flat()
      expect(splitSentences(unit.repeat(copies))).toEqual(expected)
    }
    // Long runs with no terminator (and no space at all) are cut at a space or anywhere, never split.
    const first = `${'word '.repeat(3000)}end.`
    const second = `Then ${'x'.repeat(5000)} done.`
    const lengths = sentences(`${first} ${second}`).map((s) => s.length)
    expect(lengths).toEqual([first.length, second.length])
  })
})
