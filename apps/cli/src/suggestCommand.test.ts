import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ExitCode } from './io'
import { runCli } from './program'
import { type SuggestionLine, suggestCommand, suggestionLines } from './suggestCommand'

const ROOT = resolve(import.meta.dirname, '../../..')
const SEED = join(ROOT, 'seeds/001_b540a2e8dbf5a36d.txt')

/** Streams for one command run: stdout and stderr collected, stdin holding `input`. */
function fakeIo(input = '') {
  const out: string[] = []
  const err: string[] = []
  return {
    out,
    err,
    io: {
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) },
      stdin: (async function* () {
        yield input
      })(),
    },
  }
}

function parse(out: string[]): SuggestionLine[] {
  return out
    .join('')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as SuggestionLine)
}

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('attrib suggest', () => {
  it('prints one JSON line per sentence with labels, cues and a reason', async () => {
    const { out, err, io } = fakeIo()
    expect(await suggestCommand(SEED, {}, io)).toBe(ExitCode.ok)
    expect(err).toEqual([])
    const lines = parse(out)
    expect(lines.map((l) => l.i)).toEqual(lines.map((_, i) => i))
    const peskov = lines.find((l) => l.text.startsWith('Kremlin spokesman Dmitry Peskov'))!
    expect(peskov.labels).toEqual(['quote', 'spokesperson'])
    expect(peskov.reason).toContain('spokesman')
    const wsj = lines.find((l) => l.text.startsWith('The Wall Street Journal noted'))!
    expect(wsj.labels).toEqual(['media_report'])
    expect(Object.keys(wsj)).toEqual(['i', 'start', 'end', 'text', 'labels', 'cues', 'reason'])
    expect(lines.find((l) => l.text.startsWith('Background'))!.labels).toEqual([])
  })

  it('gives sentence and cue offsets in code points of the article text', async () => {
    const article = '🙂 Two officials said the talks had stalled. 🙂 “We will rebuild,” Mayor Ana Ortiz said.'
    const { out, io } = fakeIo(article)
    expect(await suggestCommand('-', {}, io)).toBe(ExitCode.ok)
    const codePoints = [...article]
    const lines = parse(out)
    expect(lines.map((l) => l.labels)).toEqual([['anonymous_official'], ['named_source', 'quote']])
    for (const line of lines) {
      expect(codePoints.slice(line.start, line.end).join('')).toBe(line.text)
      for (const c of line.cues) expect(codePoints.slice(c.start, c.end).join('')).toBe(c.text)
    }
    expect(new Set(lines[1]!.cues.map((c) => c.kind))).toEqual(new Set(['quote_marks', 'verb', 'name']))
  })

  it('matches the sentences of attrib segment', async () => {
    const { sentenceLines } = await import('./segmentCommand')
    const paragraphs = ['One official said so. Then nothing.', 'The Kremlin denied it.']
    expect(suggestionLines(paragraphs).map(({ i, start, end, text }) => ({ i, start, end, text }))).toEqual(
      sentenceLines(paragraphs),
    )
  })

  it('reads Markdown with --format and fails with one line on a missing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'attrib-suggest-'))
    dirs.push(dir)
    const file = join(dir, 'note.md')
    writeFileSync(file, '# Title\n\nThe Pentagon said it had no record of the contract.\n')
    const ok = fakeIo()
    expect(await suggestCommand(file, { format: 'markdown' }, ok.io)).toBe(ExitCode.ok)
    expect(parse(ok.out).at(-1)!.labels).toEqual(['named_source'])

    const missing = fakeIo()
    expect(await suggestCommand(join(dir, 'nope.txt'), {}, missing.io)).toBe(ExitCode.failure)
    expect(missing.out).toEqual([])
    expect(missing.err).toEqual([`attrib suggest: ${join(dir, 'nope.txt')}: no such file\n`])
  })

  it('is registered in the program with help', async () => {
    const { out, io } = fakeIo()
    const context = { ...io, env: {}, cwd: ROOT, waitForStop: () => new Promise<string>(() => {}) }
    expect(await runCli(['--help'], context)).toBe(0)
    expect(out.join('')).toContain('suggest')
    out.length = 0
    expect(await runCli(['suggest', '--help'], context)).toBe(0)
    expect(out.join('')).toContain('attrib suggest [options] [file]')
    expect(out.join('')).toContain('Examples:')
  })
})
