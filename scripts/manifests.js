#!/usr/bin/env node
// Generates oclif.manifest.json for the host and every plugin after a build.
// oclif trusts a manifest whose version matches package.json and would hide
// new commands behind a stale one, so manifests are built, never committed.
import {execFileSync} from 'node:child_process'
import {readdirSync, existsSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const oclif = join(root, 'node_modules', 'oclif', 'bin', 'run.js')
const packages = [
  root,
  ...readdirSync(join(root, 'plugins'))
    .map((name) => join(root, 'plugins', name))
    .filter((dir) => existsSync(join(dir, 'package.json'))),
]
for (const dir of packages) {
  execFileSync(process.execPath, [oclif, 'manifest'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {...process.env, NODE_ENV: 'production', OCLIF_SKIP_NEW_VERSION_CHECK: 'true'},
  })
}
