#!/usr/bin/env node
// Generates oclif.manifest.json for the host and every plugin after a build.
// oclif trusts a manifest whose version matches package.json and would hide
// new commands behind a stale one, so manifests are built, never committed.
// This is what `oclif manifest` does (a core Plugin loaded without its manifest,
// written as JSON), for all six packages in one process instead of six.
import {existsSync, readdirSync, writeFileSync} from 'node:fs'
import {dirname, join, sep} from 'node:path'
import {fileURLToPath} from 'node:url'

// As `oclif manifest` runs: the built JavaScript, never TypeScript sources.
process.env.NODE_ENV = 'production'
const {Plugin, settings} = await import('@oclif/core')
settings.enableAutoTranspile = false

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const packages = [
  root,
  ...readdirSync(join(root, 'plugins'))
    .map((name) => join(root, 'plugins', name))
    .filter((dir) => existsSync(join(dir, 'package.json'))),
]
/** The ids of the command files in a plugin's commands folder, found without oclif's discovery. */
function commandFiles(plugin) {
  return readdirSync(join(plugin.root, plugin.pjson.oclif.commands), {recursive: true})
    .filter((file) => file.endsWith('.js'))
    .map((file) => file.slice(0, -3).split(sep).join(':'))
}

// One after another, and checked: loaded side by side, a command (plugins:link) was once
// missing from its manifest without an error, and oclif would then never offer it.
for (const dir of packages) {
  const plugin = new Plugin({
    errorOnManifestCreate: true,
    ignoreManifest: true,
    respectNoCacheDefault: true,
    root: dir,
    type: 'core',
  })
  await plugin.load()
  const missing = commandFiles(plugin).filter((id) => !(id in plugin.manifest.commands))
  if (missing.length > 0) throw new Error(`${dir}: commands missing from the manifest: ${missing.join(', ')}`)
  writeFileSync(join(plugin.root, 'oclif.manifest.json'), JSON.stringify(plugin.manifest, null, 2))
}
