import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer, SqliteStore, silentLogger } from '@attrib/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runInProcess } from './testCli'

// `attrib sentences` prints what GET /api/sentences answers (SQ3), and refuses bad options in its words (SQ1).

const dir = mkdtempSync(join(tmpdir(), 'attrib-sentences-cli-'))
const TEXT = 'Peskov said it was so. Two officials denied it. The Journal reported it.'

beforeAll(async () => {
  const store = new SqliteStore(join(dir, 'attrib.sqlite'))
  await store.createArticles(
    ['a', 'b'].map((id) => ({
      meta: { id, title: `Article ${id}`, outlet: id === 'a' ? 'Daily' : 'Other', date: '2024-10-01' },
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
        { kind: 'sentence' as const, start: 23, end: 47, labels: ['anonymous_official'], annotator: 'bob' },
      ],
    })),
  )
  await store.close()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const cli = (args: string[]) => runInProcess(['sentences', ...args, '--data', dir], dir)

describe('attrib sentences', () => {
  it('[SQ3] prints what GET /api/sentences answers, in JSON and CSV, a page or all (SQ4)', async () => {
    const store = new SqliteStore(join(dir, 'attrib.sqlite'))
    const server = createServer({ store, logger: silentLogger })
    const { port } = await server.listen(0, '127.0.0.1')
    try {
      for (const [args, query] of [
        [['--label', 'anonymous_official'], 'label=anonymous_official'],
        [['--source', 'peskov', '--outlet', 'Other'], 'source=peskov&outlet=Other'],
        [['-q', 'so', '--limit', '1', '--format', 'csv'], 'q=so&limit=1&format=csv'],
        [['-q', 'so', '--format', 'csv', '--all'], 'q=so&format=csv&all=true'],
      ] as const) {
        const run = await cli([...args])
        expect(run.code, run.stderr).toBe(0)
        const answer = await (await fetch(`http://127.0.0.1:${port}/api/sentences?${query}`)).text()
        if (query.includes('csv')) expect(run.stdout).toBe(answer)
        else expect(JSON.parse(run.stdout)).toEqual(JSON.parse(answer))
      }
    } finally {
      await server.close()
      await store.close()
    }
    // CSV has no room for `next`: it is said on stderr.
    expect((await cli(['-q', 'so', '--limit', '1', '--format', 'csv'])).stderr).toBe(
      'attrib sentences: more sentences follow: --after a:0, or --all for every one\n',
    )
  })

  it('[SQ1] refuses a bad option naming it', async () => {
    expect(await cli(['--limit', '0'])).toMatchObject({
      code: 2,
      stderr: 'attrib sentences: --limit: expected 1 to 1000 (see attrib sentences --help)\n',
    })
    expect((await cli(['--from', '2024-02-30'])).stderr).toBe(
      'attrib sentences: --from: not a calendar date (see attrib sentences --help)\n',
    )
    expect((await cli(['--after', 'nope'])).stderr).toMatch(/^attrib sentences: --after: expected the `next`/)
    expect((await cli(['--status', 'maybe'])).code).toBe(2)
    const typo = await cli(['--label', 'anonymus'])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toMatch(
      /^attrib sentences: --label: unknown label "anonymus"; the labels are: anonymous_official, /,
    )
  })
})
