import type {Hook} from '@oclif/core'
import {existsSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {join, resolve} from 'node:path'
import {writeFileAtomic} from '../fs/atomic.js'

const GITHUB_SHORTHAND = 'https://github.com/'

/**
 * `plugins install` reads a path such as `./plugin.tgz` as a GitHub `owner/repo`
 * shorthand and `file:./x` relative to oclif's data folder, where npm runs.
 * Paths that exist here are installed from disk, resolved against the current folder.
 */
function localSource(url: string): string | undefined {
  const given = url.startsWith(GITHUB_SHORTHAND)
    ? url.slice(GITHUB_SHORTHAND.length)
    : url.startsWith('file:')
      ? url.slice(5)
      : undefined
  if (given === undefined) return undefined
  const path = resolve(given)
  return existsSync(path) ? `file:${path}` : undefined
}

/**
 * Before `zmgr plugins install`, oclif's plugin folder gets the running zmgr as a
 * linked dependency. A plugin's peer dependency `zmgr` is then met by this
 * installation (a link, never a download by name, so it works offline) and the
 * plugin imports the host's own SDK: one copy of its errors, hooks and brands.
 */
const hook: Hook<'plugins:preinstall'> = async function (options) {
  const plugin = options.plugin as {type: string; url?: string}
  if (plugin.type === 'repo' && plugin.url) plugin.url = localSource(plugin.url) ?? plugin.url
  const file = join(this.config.dataDir, 'package.json')
  const pjson = existsSync(file)
    ? JSON.parse(await readFile(file, 'utf8'))
    : {private: true, oclif: {schema: 1, plugins: []}, dependencies: {}}
  const host = `file:${this.config.root}`
  if (pjson.dependencies?.zmgr === host) return
  pjson.dependencies = {...pjson.dependencies, zmgr: host}
  await writeFileAtomic(file, `${JSON.stringify(pjson, null, 2)}\n`)
}

export default hook
