import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ArticleImportError, detectFormat, parseArticle } from './importArticle'
import { segmentArticle } from './snapshot'

function seed(name: string): string {
  return readFileSync(new URL(`../../../seeds/${name}`, import.meta.url), 'utf8')
}

/** Calls `fn` and returns the ArticleImportError it throws. */
function importError(fn: () => unknown): ArticleImportError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ArticleImportError)
    expect(error).toBeInstanceOf(Error)
    return error as ArticleImportError
  }
  throw new Error('expected an ArticleImportError, but nothing was thrown')
}

describe('detectFormat', () => {
  it.each([
    ['story.md', 'markdown'],
    ['STORY.MARKDOWN', 'markdown'],
    ['dir.md/page.html', 'html'],
    ['page.HTM', 'html'],
    ['seeds/000_cdf3ea4d863409f1.txt', 'text'],
    ['README', 'text'],
    ['notes.md.txt', 'text'],
  ] as const)('%s → %s', (fileName, format) => {
    expect(detectFormat(fileName)).toBe(format)
  })
})

describe('parseArticle: the seed articles', () => {
  it('000: takes the date prefix as metadata and keeps every word of the text', () => {
    const source = seed('000_cdf3ea4d863409f1.txt')
    const article = parseArticle(source, { fileName: 'seeds/000_cdf3ea4d863409f1.txt' })
    expect(article.meta.date).toBe('2024-10-25')
    expect(article.meta.id).toBe('000_cdf3ea4d863409f1')
    expect(article.meta.sourceFile).toBe('000_cdf3ea4d863409f1.txt')
    expect(article.paragraphs).toHaveLength(13)
    expect(article.paragraphs[0]).toMatch(/^Over the past two years, American billionaire/)
    expect(article.paragraphs[1]).toBe('What is known about the relationship between Putin and Musk')
    for (const p of article.paragraphs) expect(p).not.toMatch(/\n|^\s|\s$|\s\s/)
    expect(article.paragraphs.join(' ')).toBe(
      source.replace(/\s+/g, ' ').trim().replace('date 2024-10-25 ', ''),
    )
    // The first paragraph is a long sentence, not a headline: its start, cut at a word, is the title.
    expect(article.meta.title).toBe(
      'Over the past two years, American billionaire Elon Musk has been in regular contact with Russian…',
    )
    expect(article.meta.title.length).toBeLessThanOrEqual(100)
  })

  it('001: has no metadata prefix, so its text starts at the first word', () => {
    const source = seed('001_b540a2e8dbf5a36d.txt')
    const article = parseArticle(source, { fileName: '001_b540a2e8dbf5a36d.txt' })
    expect(article.meta).toEqual({
      id: '001_b540a2e8dbf5a36d',
      title:
        'American billionaire Elon Musk has been regularly in contact with Kremlin leader Vladimir Putin…',
      sourceFile: '001_b540a2e8dbf5a36d.txt',
    })
    expect(article.paragraphs).toHaveLength(20)
    expect(article.paragraphs[0]).toBe(
      'American billionaire Elon Musk has been regularly in contact with Kremlin leader Vladimir Putin since late 2022.',
    )
    expect(article.paragraphs).toContain('Background:')
    for (const p of article.paragraphs) expect(p).not.toContain('\n')
    expect(article.paragraphs.join(' ')).toBe(source.replace(/\s+/g, ' ').trim())
  })
})

describe('parseArticle: plain text', () => {
  it('[SEG1] makes every non-blank line a paragraph, whitespace-only lines skipped', () => {
    const article = parseArticle(
      '\uFEFFFirst line\r\nwrapped   here.\r\n \t \r\nSecond\tparagraph.\r\rThird.\n\n\n',
    )
    expect(article.paragraphs).toEqual(['First line', 'wrapped here.', 'Second paragraph.', 'Third.'])
  })

  it('[SEG1] a headline, byline, dateline, source line and bullets on their own lines are segments', () => {
    const source = [
      'Port strike ends after three weeks',
      'By Ana Ruiz',
      'LISBON, June 2',
      'Dockworkers returned to work on Monday. The port reopened.',
      'Key findings:',
      '• Wages rise 6 percent',
      '- Talks resume in May',
      'Source: Port Authority',
    ].join('\n')
    const { text, sentences } = segmentArticle(parseArticle(source).paragraphs)
    expect(sentences.map((s) => text.slice(s.start, s.end))).toEqual([
      'Port strike ends after three weeks',
      'By Ana Ruiz',
      'LISBON, June 2',
      'Dockworkers returned to work on Monday.',
      'The port reopened.',
      'Key findings:',
      '• Wages rise 6 percent',
      '- Talks resume in May',
      'Source: Port Authority',
    ])
  })

  it('reads header lines at the top, in any case, and keeps the text that follows them', () => {
    const source = [
      'Title: Musk and Putin',
      'DATE: 2024-10-25',
      'outlet:  European Pravda ',
      'URL: https://www.eurointegration.com.ua/eng/news/2024/10/25/7196380/',
      'Author: Staff',
      'Story: musk-putin',
      'Musk has been in contact with Putin.',
      '',
      'Title: this line is text, not metadata.',
    ].join('\n')
    const article = parseArticle(source)
    expect(article.meta).toEqual({
      id: 'musk-and-putin',
      title: 'Musk and Putin',
      date: '2024-10-25',
      outlet: 'European Pravda',
      url: 'https://www.eurointegration.com.ua/eng/news/2024/10/25/7196380/',
      author: 'Staff',
      story: 'musk-putin',
    })
    expect(article.paragraphs).toEqual([
      'Musk has been in contact with Putin.',
      'Title: this line is text, not metadata.',
    ])
  })

  it('takes a date prefix after header lines, on a line of its own or before the text', () => {
    expect(parseArticle('Outlet: X\ndate 2024-10-25\n\nText.').meta).toMatchObject({
      outlet: 'X',
      date: '2024-10-25',
    })
    expect(parseArticle('date: 2024-10-25 Text.').paragraphs).toEqual(['Text.'])
  })

  it('never strips text that only looks like metadata', () => {
    for (const source of [
      'Date night was cancelled.',
      'date 2024 was a leap year.',
      'He said: Title: none.',
      'Update: the date 2024-10-25 was confirmed.',
    ]) {
      const article = parseArticle(source)
      expect(article.paragraphs).toEqual([source])
      expect(article.meta.date).toBeUndefined()
    }
  })

  it('uses a short first paragraph without closing punctuation as the title and keeps it as text', () => {
    const article = parseArticle('Musk and Putin: a secret friendship\n\nThey talk often.')
    expect(article.meta.title).toBe('Musk and Putin: a secret friendship')
    expect(article.meta.id).toBe('musk-and-putin-a-secret-friendship')
    expect(article.paragraphs).toHaveLength(2)
  })

  it('uses the first sentence as the title when the first paragraph is not a headline', () => {
    expect(parseArticle('Gen. Smith left at 5 p.m. Nobody knows why.').meta.title).toBe(
      'Gen. Smith left at 5 p.m.',
    )
    const long = `${'word '.repeat(30)}end. Next sentence.`
    const title = parseArticle(long).meta.title
    expect(title).toMatch(/^(word )+word…$/)
    expect(title.length).toBeLessThanOrEqual(100)
  })

  it('takes the id from options, else the file name, else the title; slugs what is not id-safe', () => {
    expect(parseArticle('Text.', { id: 'a1', fileName: 'b2.txt' }).meta.id).toBe('a1')
    expect(parseArticle('Text.', { fileName: 'C:\\news\\My Story (v2).final.txt' }).meta).toMatchObject({
      id: 'My-Story-v2-.final',
      sourceFile: 'My Story (v2).final.txt',
    })
    expect(parseArticle('Élan à Kyiv\n\nText.').meta.id).toBe('elan-a-kyiv')
    const cyrillic = parseArticle('Маск і Путін\n\nТекст.').meta.id
    expect(cyrillic).toMatch(/^article-[0-9a-f]{8}$/)
    expect(parseArticle('Маск і Путін\n\nТекст.').meta.id).toBe(cyrillic)
    expect(parseArticle('Text.', { fileName: `${'x'.repeat(200)}.txt` }).meta.id).toBe('x'.repeat(128))
  })

  it('lets options.meta override everything parsed', () => {
    const article = parseArticle('Title: Parsed\nDate: 2024-10-25\n\nText.', {
      fileName: 'a.txt',
      meta: { title: 'Given', date: '2024-11-01', id: 'given-id', story: 's1' },
    })
    expect(article.meta).toEqual({
      id: 'given-id',
      title: 'Given',
      date: '2024-11-01',
      story: 's1',
      sourceFile: 'a.txt',
    })
  })
})

describe('parseArticle: Markdown', () => {
  const source = [
    '---',
    'title: "Musk and Putin"',
    "outlet: 'European Pravda'",
    'date: 2024-10-25',
    'tags:',
    '  - musk',
    'layout: post',
    '---',
    '# The *real* headline',
    '',
    'Musk has **been** in _regular_ contact with [Putin](https://example.com "P") since `late 2022`.',
    'The line goes on ![photo](p.jpg) here, AT&amp;T said \\*calmly\\*.',
    '',
    '## What is known',
    '',
    '- first item',
    '- second **item**',
    '  - nested item',
    '',
    '1. numbered',
    '',
    '> "They don\'t love it," the source said.',
    '> Still quoted.',
    '',
    '---',
    '',
    'Setext heading',
    '--------------',
    '',
    '| Who | Said |',
    '|-----|------|',
    '| Peskov | *nothing* |',
  ].join('\n')

  it('reads front matter, keeps the H1 as the title only, and reduces markup to text', () => {
    const article = parseArticle(source, { fileName: 'posts/2024-10-25-musk.md' })
    expect(article.meta).toEqual({
      id: '2024-10-25-musk',
      title: 'Musk and Putin',
      outlet: 'European Pravda',
      date: '2024-10-25',
      sourceFile: '2024-10-25-musk.md',
    })
    expect(article.paragraphs).toEqual([
      'Musk has been in regular contact with Putin since late 2022. The line goes on here, AT&T said *calmly*.',
      'What is known',
      'first item',
      'second item',
      'nested item',
      'numbered',
      '"They don\'t love it," the source said. Still quoted.',
      'Setext heading',
      'Who',
      'Said',
      'Peskov',
      'nothing',
    ])
  })

  it('takes the title from the first H1 when there is no front matter', () => {
    const article = parseArticle('Intro line.\n\n# Headline\n\nBody.\n\n# Second H1', { format: 'markdown' })
    expect(article.meta.title).toBe('Headline')
    expect(article.paragraphs).toEqual(['Intro line.', 'Body.', 'Second H1'])
  })

  it('drops scripts and images in inline and block HTML, and keeps code as text', () => {
    const markdown = [
      'Before <script>alert(1)</script><b>bold</b> <img src=x onerror="alert(2)"> after &lt;tag&gt;.',
      '',
      '<div onclick="alert(3)">Block <em>html</em><style>p{}</style></div>',
      '',
      '```js',
      'const a = "<b>&amp;</b>"',
      '```',
      '',
      'Use `x < y && z` here.',
    ].join('\n')
    const article = parseArticle(markdown, { format: 'markdown' })
    expect(article.paragraphs).toEqual([
      'Before bold after <tag>.',
      'Block html',
      'const a = "<b>&amp;</b>"',
      'Use x < y && z here.',
    ])
    expect(article.paragraphs.join(' ')).not.toContain('alert')
  })
})

describe('parseArticle: HTML', () => {
  const page = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Musk &amp; Putin | Pravda</title>
  <meta property="og:site_name" content="European Pravda">
  <meta property="article:published_time" content="2024-10-25T08:00:00+03:00">
  <meta name="author" content="Staff Writer">
  <style>body { background: url("javascript:alert(1)") }</style>
  <script>alert("head")</script>
  <link rel="stylesheet" href="x.css">
</head>
<body>
  <noscript>Please enable JavaScript.</noscript>
  <article>
    <h1>Musk &amp; Putin <em>talk</em></h1>
    <p>American billionaire <a href="/musk"><b>Elon <i>Musk</i></b></a> has been in contact
       with   Putin&nbsp;since late 2022.</p>
    <p>He said: &ldquo;It&#8217;s so boring&rdquo; &mdash; and &lt;nothing&gt; more.<img src="x" onerror="alert('img')"></p>
    <script>document.write("<p>injected</p>")</script>
    <template><p>template text</p></template>
    <iframe src="https://ads.example.com">frame text</iframe>
    <svg viewBox="0 0 1 1"><text>svg text</text></svg>
    <blockquote>A quoted line.</blockquote>
    <ul><li>First point<li>Second point</ul>
    <div>Loose div text<p>Inner paragraph.</p>and its tail.</div>
    <table><tr><td>Cell text</td><td></td></tr></table>
    <h2>Background</h2>
    <p>Published <time datetime="2024-10-26">yesterday</time>.</p>
  </article>
</body>
</html>`

  it('extracts text blocks and metadata and drops everything that is not text', () => {
    const article = parseArticle(page, { fileName: 'pages/musk.html' })
    expect(article.meta).toEqual({
      id: 'musk',
      title: 'Musk & Putin talk',
      date: '2024-10-25',
      outlet: 'European Pravda',
      author: 'Staff Writer',
      sourceFile: 'musk.html',
    })
    expect(article.paragraphs).toEqual([
      'American billionaire Elon Musk has been in contact with Putin since late 2022.',
      'He said: “It’s so boring” — and <nothing> more.',
      'A quoted line.',
      'First point',
      'Second point',
      'Loose div text',
      'Inner paragraph.',
      'and its tail.',
      'Cell text',
      'Background',
      'Published yesterday.',
    ])
    const all = article.paragraphs.join(' ')
    for (const dropped of ['alert', 'injected', 'template', 'frame', 'svg text', 'JavaScript', 'background:'])
      expect(all).not.toContain(dropped)
  })

  it('falls back to <title> and <time datetime> when there is no h1 or published time', () => {
    const article = parseArticle(
      '<title>Only &lt;title&gt;</title><p>Text on <time datetime="soon">Monday</time> and <time datetime="2024-02-29">then</time>.</p>',
      { format: 'html' },
    )
    expect(article.meta).toMatchObject({ title: 'Only <title>', date: '2024-02-29', id: 'only-title' })
    expect(article.paragraphs).toEqual(['Text on Monday and then.'])
  })
})

describe('parseArticle: bad input', () => {
  it('rejects input that is not a string', () => {
    for (const value of [42, null, undefined, new Uint8Array([65])]) {
      const error = importError(() => parseArticle(value as unknown as string, { fileName: 'a.txt' }))
      expect(error.message).toMatch(/^a\.txt: expected the article as a string/)
      expect(error.file).toBe('a.txt')
    }
  })

  it('rejects NUL bytes, naming the line', () => {
    const error = importError(() => parseArticle('Line one.\nLine\0two.', { fileName: 'bin.txt' }))
    expect(error.message).toMatch(/^bin\.txt:2: .*NUL/)
    expect(error.line).toBe(2)
  })

  it('rejects an article with no text after its metadata', () => {
    const cases: [string, string][] = [
      ['', 'empty.txt'],
      [' \n\t\n ', 'blank.txt'],
      ['Title: Only metadata\nDate: 2024-10-25\n', 'meta.txt'],
      ['date 2024-10-25', 'prefix.txt'],
      ['---\ntitle: X\n---\n\n# Only a headline\n', 'only.md'],
      ['<html><head><title>T</title></head><body><script>x()</script><img src=a></body></html>', 'only.html'],
    ]
    for (const [source, fileName] of cases) {
      const error = importError(() => parseArticle(source, { fileName }))
      expect(error.message).toBe(`${fileName}: the article has no text`)
      expect(error.line).toBeUndefined()
    }
  })

  it('rejects front matter that never closes, naming where it opened', () => {
    const error = importError(() => parseArticle('---\ntitle: X\n\nText.\n', { fileName: 'story.md' }))
    expect(error.message).toMatch(/^story\.md:1: front matter .*never closed/)
    expect(error).toMatchObject({ file: 'story.md', line: 1 })
  })

  it('rejects dates that are not real YYYY-MM-DD dates, naming the line', () => {
    const cases: [string, string, number][] = [
      ['Title: T\nDate: 2024-02-30\n\nText.', 'a.txt', 2],
      ['Date: October 25, 2024\n\nText.', 'b.txt', 1],
      ['\n\ndate 2023-02-29 Text.', 'c.txt', 3],
      ['---\ntitle: T\ndate: 2024-13-01\n---\nText.', 'd.md', 3],
      [
        '<head>\n<meta property="article:published_time" content="last week">\n</head><p>Text.</p>',
        'e.html',
        2,
      ],
    ]
    for (const [source, fileName, line] of cases) {
      const error = importError(() => parseArticle(source, { fileName }))
      expect(error.message).toMatch(new RegExp(`^${fileName.replace('.', '\\.')}:${line}: invalid date "`))
      expect(error).toMatchObject({ file: fileName, line })
    }
    expect(importError(() => parseArticle('Text.', { meta: { date: '25/10/2024' } })).message).toBe(
      'input: invalid date "25/10/2024" (expected a real YYYY-MM-DD date)',
    )
  })

  it('rejects an id that is not id-safe', () => {
    for (const id of ['', 'has space', 'a/b', 'x'.repeat(129)]) {
      expect(importError(() => parseArticle('Text.', { id, fileName: 'f.txt' })).message).toMatch(
        /^f\.txt: invalid id/,
      )
    }
  })
})
