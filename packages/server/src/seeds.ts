import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, extname, join, resolve } from 'node:path'
import { type ArticleInput, parseArticle } from '@attrib/core'
import { type DocumentStore, type ImportResult, importArticles } from '@attrib/store'
import { describeError, type Logger } from '@attrib/sync'
import { z } from 'zod'

const FORMATS: Record<string, 'text' | 'markdown' | 'html'> = {
  '.txt': 'text',
  '.md': 'markdown',
  '.html': 'html',
}

const Manifest = z.record(
  z.string(),
  z
    .object({
      title: z.string(),
      outlet: z.string(),
      story: z.string(),
      date: z.string(),
      url: z.string(),
      author: z.string(),
    })
    .partial(),
)

/** What {@link importSeeds} did, with the files it could not read. */
export interface SeedResult extends ImportResult {
  /** File name and reason, for files that failed to parse or import. */
  failed: { file: string; error: string }[]
}

/**
 * Imports every `*.txt`, `*.md` and `*.html` file of `dir` as an article whose id is the file name without
 * its extension, skipping ids already stored. `manifest.json` in the same folder may give metadata per file:
 * `{ "<file name>": { "title": "...", "outlet": "...", "story": "..." } }`. A file that fails is reported in
 * `failed` and the others are still imported.
 */
export async function importSeeds(store: DocumentStore, dir: string, logger?: Logger): Promise<SeedResult> {
  const result: SeedResult = { created: [], skipped: [], failed: [] }
  if (!existsSync(dir)) return result
  let manifest: z.infer<typeof Manifest> = {}
  const manifestPath = join(dir, 'manifest.json')
  if (existsSync(manifestPath)) {
    try {
      manifest = Manifest.parse(JSON.parse(readFileSync(manifestPath, 'utf8')))
    } catch (e) {
      result.failed.push({ file: 'manifest.json', error: describeError(e) })
    }
  }
  const inputs: ArticleInput[] = []
  for (const file of readdirSync(dir).sort()) {
    const format = FORMATS[extname(file).toLowerCase()]
    if (!format) continue
    try {
      inputs.push(
        parseArticle(readFileSync(join(dir, file), 'utf8'), {
          format,
          fileName: file,
          id: file.slice(0, -extname(file).length),
          meta: manifest[file],
        }),
      )
    } catch (e) {
      result.failed.push({ file, error: describeError(e) })
    }
  }
  for (const input of inputs) {
    try {
      const r = await importArticles(store, [input], { skipExisting: true })
      result.created.push(...r.created)
      result.skipped.push(...r.skipped)
    } catch (e) {
      result.failed.push({ file: input.meta.sourceFile ?? input.meta.id, error: describeError(e) })
    }
  }
  for (const f of result.failed) logger?.warn('could not import a seed', f)
  return result
}

/**
 * The pnpm workspace root at or above `start` (the folder holding `pnpm-workspace.yaml`), or undefined.
 */
export function findWorkspaceRoot(start: string = process.cwd()): string | undefined {
  let dir = resolve(start)
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}
