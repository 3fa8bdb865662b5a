// Builds an app that runs on Node (apps/cli, apps/server) to JavaScript in `<app>/dist`: the app and the
// workspace packages it uses in one ES module bundle (split at dynamic imports, so a command loads only
// what it runs), with npm dependencies left to Node (but the few in INLINED). Starting from JavaScript saves tsx compiling
// TypeScript at every start (0.7 s of a 1.5 s `attrib --help`). Each app's launcher (`bin/*.mjs`) calls
// `runBuilt`, which builds first when the bundle is missing or older than a source file, so a pull or an
// edit never runs stale code and there is no build step to remember.
//
//   node scripts/nodeBundle.mjs apps/cli src/main.ts attrib      build now
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/**
 * npm packages bundled in rather than left to Node: pure JavaScript that only the workspace's code imports
 * (no copy shared with an external package, no native code) and that ships as many small modules, whose
 * resolving and reading cost every start (zod alone is 95 files): a tenth of a second of `attrib serve`.
 */
const INLINED = [
  'zod',
  'jose',
  'htmlparser2',
  'entities',
  'domutils',
  'domhandler',
  'dom-serializer',
  'domelementtype',
]

/** Every source file a bundle of `app` is built from: the app's and the workspace packages'. */
function* sources(app) {
  const roots = [
    join(app, 'src'),
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
  yield join(app, 'package.json')
  yield fileURLToPath(import.meta.url)
}

/** Whether `<app>/dist/<name>.mjs` is missing or older than a source file. */
export function isStale(app, name) {
  const entry = join(app, 'dist', `${name}.mjs`)
  if (!existsSync(entry)) return true
  const built = statSync(entry).mtimeMs
  for (const file of sources(app)) if (statSync(file).mtimeMs > built) return true
  return false
}

/**
 * Builds `<app>/<source>` into `<app>/dist/<name>.mjs`, in a fresh folder put in place at the end, so a
 * process starting meanwhile never sees half a build.
 */
export async function build(app, source, name) {
  const { build: esbuild } = await import('esbuild')
  const dist = join(app, 'dist')
  const out = `${dist}.${process.pid}.tmp`
  rmSync(out, { recursive: true, force: true })
  await esbuild({
    entryPoints: { [name]: join(app, source) },
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
        // dependencies are not visible from the app, and dist/ is built on the machine that runs it.
        name: 'external-npm-packages',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, async (args) => {
            if (
              INLINED.some((p) => args.path === p || args.path.startsWith(`${p}/`)) ||
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
  rmSync(dist, { recursive: true, force: true })
  renameSync(out, dist)
}

/** Builds `<app>/<source>` when {@link isStale}, then runs it. */
export async function runBuilt(app, source, name) {
  if (isStale(app, name)) await build(app, source, name)
  await import(pathToFileURL(join(app, 'dist', `${name}.mjs`)).href)
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [app, source, name] = process.argv.slice(2)
  if (!app || !source || !name) {
    console.error('usage: node scripts/nodeBundle.mjs APP_DIR SOURCE NAME')
    process.exit(2)
  }
  await build(resolve(app), source, name)
}
