import { afterEach, describe, expect, it, vi } from 'vitest'
import { DecisionRefused, mergeSource, refusalWords, undoSplit } from './decisionsApi'

afterEach(() => {
  vi.unstubAllGlobals()
})

const answer = (status: number, body: unknown) =>
  vi.fn(
    async () =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  )

describe('[UI22] a refused merge or split in plain words', () => {
  it('sends merges and splits to the server’s routes and keeps the status and where of a refusal', async () => {
    const ok = answer(200, { decision: null, decisions: [] })
    vi.stubGlobal('fetch', ok)
    await mergeSource('pentagon', 'us-department-of-defense')
    expect(ok).toHaveBeenCalledWith('/api/sources/merges', {
      method: 'POST',
      signal: undefined,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: 'pentagon', into: 'us-department-of-defense' }),
    })
    await undoSplit('Peskov / Kremlin')
    expect(ok).toHaveBeenLastCalledWith('/api/sources/splits/Peskov%20%2F%20Kremlin', {
      method: 'DELETE',
      signal: undefined,
    })

    vi.stubGlobal('fetch', answer(400, { error: 'body.from: is not a source id', where: 'body.from' }))
    const refused = await mergeSource('X', 'y').catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(DecisionRefused)
    expect(refused).toMatchObject({ status: 400, where: 'body.from' })

    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch')
      }),
    )
    expect(await mergeSource('a', 'b').catch((e: unknown) => e)).toMatchObject({ status: 0 })
  })

  it('words each refusal by its status and where, naming the reviewer of a 409', () => {
    const what = 'the merge of Pentagon into US Department of Defense'
    expect(
      refusalWords(new DecisionRefused('Rita decided this merge; only a reviewer can change it', 409), what),
    ).toBe(
      'Not saved: Rita decided this merge; only a reviewer can change it. Ask a reviewer if it should change.',
    )
    expect(refusalWords(new DecisionRefused('a viewer may not change anything', 403), what)).toBe(
      'Not saved: your role may only read the sources, not change them. Ask an annotator or a reviewer for the merge of Pentagon into US Department of Defense.',
    )
    expect(
      refusalWords(new DecisionRefused('x is merged into y; merging back would make a loop', 400), what),
    ).toBe('Not saved: X is merged into y; merging back would make a loop.')
    expect(
      refusalWords(new DecisionRefused('body.into: is not a source id', 400, 'body.into'), what),
    ).toMatch(/^Not saved: the merge of Pentagon into US Department of Defense names no source of the index/)
    expect(refusalWords(new DecisionRefused('Failed to fetch', 0), what)).toBe(
      'Not saved: the server could not be reached for the merge of Pentagon into US Department of Defense. Check the connection and try again.',
    )
    expect(refusalWords(new DecisionRefused('boom', 500), what)).toMatch(
      /^Not saved: the server failed .*500/,
    )
  })
})
