#!/usr/bin/env node
// The command line: the compiled build while it is current (npm run build, or npm start), otherwise the sources
// through tsx, so that a command never runs code older than the sources.
import { spawnSync } from 'node:child_process'
import { entryArgs } from '../scripts/build.mjs'

const { status } = spawnSync(process.execPath, [...entryArgs('cli/mizan'), ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(status ?? 1)
