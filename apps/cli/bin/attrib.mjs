#!/usr/bin/env node
// The `attrib` executable of @attrib/cli (and of `pnpm attrib`): runs the CLI built to JavaScript in
// apps/cli/dist, building it first when it is missing or older than a source file (scripts/nodeBundle.mjs).
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runBuilt } from '../../../scripts/nodeBundle.mjs'

await runBuilt(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'src/main.ts', 'attrib')
