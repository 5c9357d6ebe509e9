#!/usr/bin/env node
// Runs the TypeScript command line through tsx, as `npm start` runs the server.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const entry = fileURLToPath(new URL('../src/cli/mizan.ts', import.meta.url))
const { status } = spawnSync(process.execPath, ['--import', 'tsx', entry, ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(status ?? 1)
