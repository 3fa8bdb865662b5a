#!/usr/bin/env node
// The server process of `pnpm start`: runs apps/server built to JavaScript in apps/server/dist, building it
// first when it is missing or older than a source file (scripts/nodeBundle.mjs), so a restart after a
// crash is not held up by compiling TypeScript.
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runBuilt } from '../../../scripts/nodeBundle.mjs'

await runBuilt(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'src/main.ts', 'server')
