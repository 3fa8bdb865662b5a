import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getMetaMap, readArticle, SUGGESTER } from '@attrib/core'
import { SqliteStore, suggestCorpus } from '@attrib/store'
import { silentLogger } from '@attrib/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { type AttribServer, createServer } from './createServer'
import { connectClient, type TestClient, waitFor } from './testUtils'

let server: AttribServer | undefined
const clients: TestClient[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.close()
  await server?.store.close()
  server = undefined
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('attrib suggest --store while the server runs', () => {
  it('[CP6] a live room takes the suggestions from the store at its next stored update, and its clients see them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'attrib-suggest-live-'))
    dirs.push(dir)
    const file = join(dir, 'attrib.sqlite')
    const store = new SqliteStore(file)
    await store.createArticle({
      meta: { id: 'a1', title: 'Calls' },
      paragraphs: ['Two officials said the talks had stalled. The Journal reported it.'],
    })
    server = createServer({ store, logger: silentLogger })
    const { port } = await server.listen(0, '127.0.0.1')
    const client = connectClient(`ws://127.0.0.1:${port}/yjs`, 'a1')
    clients.push(client)
    await client.synced()
    // Another process (the CLI) pre-annotates the same file.
    const cli = new SqliteStore(file)
    const { suggestions } = await suggestCorpus(cli)
    await cli.close()
    expect(suggestions).toBeGreaterThan(0)
    // The next edit of anyone in the room makes it read what it missed.
    getMetaMap(client.doc).set('title', 'Calls, renamed')
    await waitFor(
      () =>
        readArticle(client.doc).annotations.filter((a) => a.annotator === SUGGESTER).length === suggestions,
      'the suggestions in the client',
    )
  })
})
