#!/usr/bin/env node
// `npm run stress`: the stress suite at full size (ZMGR_STRESS=full): 100
// concurrent creates, create/destroy races, kill -9 at every step of create
// and destroy, lock takeover with 60 waiters, 20 concurrent edits, and 500+
// generated bad inputs (findings are written to stress-report.json). `npm
// test` runs the same tests small. Arguments go to mocha (e.g. -g 'hostile').
import {spawnSync} from 'node:child_process'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const mocha = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js')
const result = spawnSync(
  process.execPath,
  [
    mocha,
    '--no-config',
    '--no-parallel',
    '--timeout',
    '0',
    '--reporter',
    'spec',
    join(root, 'dist-test', 'stress', '*.test.js'),
    ...process.argv.slice(2),
  ],
  {
    stdio: 'inherit',
    cwd: root,
    env: {...process.env, ZMGR_STRESS: 'full'},
  },
)
process.exit(result.status ?? 1)
