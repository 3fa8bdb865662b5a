// Builds the `attrib` command line to JavaScript (apps/cli/dist): the CLI and the workspace packages it
// uses in one ES module bundle (split at the commands' dynamic imports, so `attrib --help` loads little),
// with every npm dependency left to Node. Starting from JavaScript saves tsx compiling TypeScript at every
// start (0.7 s of a 1.5 s `attrib --help`).
//
//   node apps/cli/scripts/build.mjs          build now
//   import { buildIfStale } from ...         build only when a source file is newer than the build
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const ROOT = resolve(CLI, '../..')
const DIST = join(CLI, 'dist')
const ENTRY = join(DIST, 'attrib.mjs')

/** Every source file the bundle is built from: the CLI's and the workspace packages' (tests included, harmlessly). */
function* sources() {
  const roots = [
    join(CLI, 'src'),
    ...readdirSync(join(ROOT, 'packages')).map((p) => join(ROOT, 'packages', p, 'src')),
  ]
  const walk = function* (dir) {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) yield* walk(path)
      else yield path
    }
  }
  for (const root of roots) if (existsSync(root)) yield* walk(root)
  yield join(CLI, 'package.json')
  yield fileURLToPath(import.meta.url)
}

/** Whether the build is missing or older than a source file. */
export function isStale() {
  if (!existsSync(ENTRY)) return true
  const built = statSync(ENTRY).mtimeMs
  for (const file of sources()) if (statSync(file).mtimeMs > built) return true
  return false
}

/** Builds into a fresh folder and then puts it in place, so a process starting meanwhile never sees half a build. */
export async function build() {
  const { build: esbuild } = await import('esbuild')
  const out = `${DIST}.${process.pid}.tmp`
  rmSync(out, { recursive: true, force: true })
  await esbuild({
    entryPoints: { attrib: join(CLI, 'src/main.ts') },
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [
      {
        // The workspace's own packages are bundled (they are TypeScript); npm packages stay external, so
        // native modules (better-sqlite3) and yjs (which must be loaded once) come from node_modules. They
        // are imported by the file each package resolves to from its importer: with pnpm, the packages'
        // dependencies are not visible from apps/cli, and dist/ is built on the machine that runs it.
        name: 'external-npm-packages',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, async (args) => {
            if (
              args.path.startsWith('@attrib/') ||
              args.path.startsWith('node:') ||
              args.pluginData === 'inner'
            )
              return undefined
            const found = await b.resolve(args.path, {
              kind: args.kind,
              resolveDir: args.resolveDir,
              importer: args.importer,
              pluginData: 'inner',
            })
            if (found.errors.length > 0) return { errors: found.errors }
            return { path: found.external ? args.path : found.path, external: true }
          })
        },
      },
    ],
  })
  rmSync(DIST, { recursive: true, force: true })
  renameSync(out, DIST)
}

/** Builds when {@link isStale}. */
export async function buildIfStale() {
  if (isStale()) await build()
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await build()
