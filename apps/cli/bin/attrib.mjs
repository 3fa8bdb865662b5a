#!/usr/bin/env node
// The `attrib` executable of @attrib/cli: runs the TypeScript sources through tsx (as `pnpm attrib` does),
// so the CLI needs no build step. tsx is resolved from the workspace root's devDependencies.
import { register } from 'tsx/esm/api'

register()
await import('../src/main.ts')
