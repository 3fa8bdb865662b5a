import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readArticle, SUGGESTER } from '@attrib/core'
import { loadDocument, SqliteStore } from '@attrib/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runInProcess } from './testCli'

// `attrib suggest --store` pre-annotates the stored articles (SPEC CP6).

const dir = mkdtempSync(join(tmpdir(), 'attrib-suggest-store-'))
const TEXT = 'Peskov said it was so. Two officials denied it. The Journal reported it.'

beforeAll(async () => {
  const store = new SqliteStore(join(dir, 'attrib.sqlite'))
  await store.createArticles(
    ['a', 'b', 'c'].map((id) => ({
      meta: { id, title: `Article ${id}`, outlet: id === 'c' ? 'Other' : 'Daily' },
      paragraphs: [TEXT],
      annotations: [
        {
          kind: 'sentence' as const,
          start: 0,
          end: 22,
          labels: ['named_source'],
          source: 'Peskov',
          annotator: 'ann',
        },
      ],
    })),
  )
  await store.close()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const cli = (args: string[]) => runInProcess(['suggest', ...args, '--data', dir], dir)

async function suggestionsOf(id: string) {
  const store = new SqliteStore(join(dir, 'attrib.sqlite'))
  try {
    const snapshot = readArticle((await loadDocument(store, id))!)
    const trail = await store.readAudit(id)
    return {
      suggested: snapshot.annotations
        .filter((a) => a.annotator === SUGGESTER)
        .map((a) => ({ sentence: a.sentence, labels: a.labels, status: a.status })),
      trail: trail.map((e) => ({ user: e.user, added: e.before === null && e.after !== null })),
    }
  } finally {
    await store.close()
  }
}

describe('attrib suggest --store', () => {
  it('[CP6] a dry run counts and stores nothing', async () => {
    const run = await cli(['--store', '--dry-run'])
    expect(run, run.stderr).toMatchObject({
      code: 0,
      stdout: 'would suggest 6 sentences in 3 of 3 articles\n',
    })
    expect((await suggestionsOf('a')).suggested).toEqual([])
  })

  it('[CP6] adds suggestions where nobody labelled, records them, and adds nothing the second time', async () => {
    const run = await cli(['--store', '--outlet', 'Daily'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toBe('suggested 4 sentences in 2 of 2 articles\n')
    const a = await suggestionsOf('a')
    // Sentence 0 is labelled already; the others get a suggestion, recorded as the suggester's.
    expect(a.suggested.map((s) => s.sentence)).not.toContain(0)
    expect(a.suggested.length).toBeGreaterThan(0)
    expect(a.suggested.every((s) => s.status === 'suggested' && s.labels.length > 0)).toBe(true)
    expect(a.trail).toEqual(a.suggested.map(() => ({ user: SUGGESTER, added: true })))
    expect((await suggestionsOf('c')).suggested).toEqual([])
    const again = await cli(['--store', '--outlet', 'Daily'])
    expect(again.stdout).toBe('suggested 0 sentences in 0 of 2 articles\n')
    expect((await suggestionsOf('a')).suggested).toEqual(a.suggested)
  })

  it('[CP6] names unknown ids and refuses a file with --store, or store options without it', async () => {
    const run = await cli(['--store', '--ids', 'c,nope'])
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('attrib suggest: no article nope in the store\n')
    expect(run.stdout).toMatch(/ in 1 of 1 article\n$/)
    expect(await cli(['x.txt', '--store'])).toMatchObject({
      code: 2,
      stderr: 'attrib suggest: give a file or --store, not both (see attrib suggest --help)\n',
    })
    expect((await cli(['x.txt', '--outlet', 'Daily'])).stderr).toBe(
      'attrib suggest: --outlet needs --store (see attrib suggest --help)\n',
    )
  })
})
