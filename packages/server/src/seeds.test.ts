import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { readArticle } from '@attrib/core'
import { loadDocument, MemoryStore } from '@attrib/store'
import { afterEach, describe, expect, it } from 'vitest'
import { findWorkspaceRoot, importSeeds } from './seeds'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('seeds', () => {
  it('[SE1] imports txt, md and html files with the manifest as metadata, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'attrib-seeds-'))
    dirs.push(dir)
    writeFileSync(join(dir, 'one.txt'), 'Plain first. Plain second.\n\nAnother paragraph.')
    writeFileSync(join(dir, 'two.md'), '# Markdown title\n\nSome *text* here. And more.')
    writeFileSync(
      join(dir, 'three.html'),
      '<html><body><h1>Html title</h1><p>Html text. Yes.</p></body></html>',
    )
    writeFileSync(join(dir, 'notes.json'), '{}')
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({ 'one.txt': { title: 'One', outlet: 'Wire', story: 'st' }, 'two.md': { story: 'st' } }),
    )
    const store = new MemoryStore()
    const result = await importSeeds(store, dir)
    expect(result.failed).toEqual([])
    expect(result.created.map((r) => r.id).sort()).toEqual(['one', 'three', 'two'])
    expect(await store.getArticleRow('one')).toMatchObject({ title: 'One', outlet: 'Wire', story: 'st' })
    expect(await store.getArticleRow('two')).toMatchObject({ story: 'st' })
    expect(readArticle((await loadDocument(store, 'one'))!).text).toContain('Another paragraph.')
    expect(readArticle((await loadDocument(store, 'three'))!).text).toContain('Html text. Yes.')
    expect(readArticle((await loadDocument(store, 'three'))!).text).not.toContain('<p>')

    const again = await importSeeds(store, dir)
    expect(again.created).toEqual([])
    expect(again.skipped.sort()).toEqual(['one', 'three', 'two'])
  })

  it('[SE2] a bad manifest or a missing folder is reported, not thrown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'attrib-seeds-'))
    dirs.push(dir)
    writeFileSync(join(dir, 'a.txt'), 'Text here.')
    writeFileSync(join(dir, 'manifest.json'), '{"a.txt": {"title": 5}}')
    const store = new MemoryStore()
    const result = await importSeeds(store, dir)
    expect(result.failed.map((f) => f.file)).toEqual(['manifest.json'])
    expect(result.created.map((r) => r.id)).toEqual(['a'])
    expect(await importSeeds(store, join(dir, 'nope'))).toEqual({ created: [], skipped: [], failed: [] })
  })

  it('[SE3] finds the workspace root from a package folder', async () => {
    const root = resolve(import.meta.dirname, '../../..')
    expect(findWorkspaceRoot(join(root, 'apps/server'))).toBe(root)
    expect(findWorkspaceRoot(root)).toBe(root)
    const outside = mkdtempSync(join(tmpdir(), 'attrib-root-'))
    dirs.push(outside)
    mkdirSync(join(outside, 'a/b'), { recursive: true })
    expect(findWorkspaceRoot(join(outside, 'a/b'))).toBeUndefined()
  })
})
