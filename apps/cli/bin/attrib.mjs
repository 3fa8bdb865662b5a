#!/usr/bin/env node
// The `attrib` executable of @attrib/cli (and of `pnpm attrib`): runs the CLI built to JavaScript in
// apps/cli/dist, building it first when it is missing or older than a source file (after a pull or an
// edit), so the command never runs stale code and needs no separate build step.
import { buildIfStale } from '../scripts/build.mjs'

await buildIfStale()
await import('../dist/attrib.mjs')
