import { createHash } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import react from '@vitejs/plugin-react'
import { build, defineConfig, type Plugin } from 'vite'

const SERVICE_WORKER_SOURCE = resolve(import.meta.dirname, 'src/serviceWorker.ts')

/**
 * Builds `src/serviceWorker.ts` into `sw.js` beside `index.html`, on its own (one classic script, no
 * imports) and with this build's files to precache: the app shell `/` and every hashed asset.
 */
function serviceWorker(): Plugin {
  return {
    name: 'attrib:service-worker',
    apply: 'build',
    async writeBundle(options, bundle) {
      const files = Object.keys(bundle)
        .filter((name) => name.startsWith('assets/') && !name.endsWith('.map'))
        .sort()
        .map((name) => `/${name}`)
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12)
      const output = await build({
        configFile: false,
        logLevel: 'warn',
        define: { __ATTRIB_PRECACHE__: JSON.stringify({ version, files: ['/', ...files] }) },
        build: {
          write: false,
          minify: true,
          lib: { entry: SERVICE_WORKER_SOURCE, formats: ['iife'], name: 'attribServiceWorker' },
        },
      })
      const result = Array.isArray(output) ? output[0] : output
      const chunk = result && 'output' in result ? result.output.find((o) => o.type === 'chunk') : undefined
      if (chunk?.type !== 'chunk') throw new Error('the service worker build gave no script')
      await writeFile(join(options.dir!, 'sw.js'), chunk.code)
    },
  }
}

/**
 * Writes `.br` and `.gz` beside every script, style sheet and page of the build, so the server sends
 * them precompressed (packages/server, HTTP9) instead of compressing on each request.
 */
function precompress(): Plugin {
  return {
    name: 'attrib:precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const writes: Promise<void>[] = []
      for (const [name, file] of Object.entries(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(name)) continue
        const data = Buffer.from(file.type === 'chunk' ? file.code : file.source)
        if (data.length < 1024) continue
        const path = join(options.dir!, name)
        writes.push(
          promisify(gzip)(data, { level: 9 }).then((gz) => writeFile(`${path}.gz`, gz)),
          promisify(brotliCompress)(data, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
          }).then((br) => writeFile(`${path}.br`, br)),
        )
      }
      await Promise.all(writes)
    },
  }
}

// `pnpm dev` in apps/web proxies the API and the websocket to a server on 4455.
export default defineConfig({
  plugins: [react(), serviceWorker(), precompress()],
  build: {
    outDir: 'dist',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // @attrib/core and @attrib/editor do nothing when imported (pure modules: no globals touched, no
      // registration on import), so the modules of theirs the app does not use are left out. Without
      // this, the article preview's styles (`@attrib/editor`'s annotationStyle.ts) bring ProseMirror into
      // the page's first script, which the editor's own chunk is meant to keep out of it (OPEN4).
      treeshake: { moduleSideEffects: [{ test: /\/packages\/(core|editor)\/src\//, sideEffects: false }] },
      // What the page starts with (the modules its entry imports, and theirs) in one chunk beside the entry
      // rather than spread over the chunks it shares with the screens loaded later: few files for a new
      // tab to read before the app runs, not eight (OPEN5). React (react-dom and its scheduler, 220 KB of
      // the 420) in a chunk of its own: the browser compiles the two scripts in two tasks, not one of
      // 100 ms and more on a busy machine, and a new version of the app leaves React's file as it was.
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 2 },
            { name: 'start', tags: ['$initial'], priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:4455',
      '/yjs': { target: 'ws://localhost:4455', ws: true },
    },
  },
})
