import {Command, type Config} from '@oclif/core'
import {commands} from '@oclif/plugin-plugins'
import {createRequire} from 'node:module'
import {dirname, join, resolve} from 'node:path'

// Typed as the concrete class it is: the package declares it through its own Command import.
const PluginsLink = commands['plugins:link'] as unknown as typeof Command &
  (new (
    argv: string[],
    config: Config,
  ) => Command)

/**
 * oclif's `plugins link`, with the dependency step made to fit zmgr. oclif runs
 * `npm install` in the plugin's folder, which fetches the plugin's `zmgr`
 * dependency by name (absent from the registry, and a second copy of the SDK if
 * found). Here `npm install` links this zmgr into the plugin instead: the plugin
 * imports the host's own SDK (one copy of its errors, hooks and brands), and
 * nothing is downloaded that the plugin's lockfile and npm's cache do not hold.
 */
export default class PluginsLinkWithHost extends Command {
  static override args = PluginsLink.args
  static override flags = PluginsLink.flags
  static override summary = PluginsLink.summary
  static override description = PluginsLink.description
  static override examples = PluginsLink.examples

  async run(): Promise<void> {
    const {args, flags} = await this.parse(PluginsLinkWithHost)
    if (flags.install as boolean) {
      const {execa} = await import('execa')
      const npm = npmCommand(this.config.root)
      const dir = resolve(String(args.path))
      const result = await execa(
        npm[0],
        [...npm.slice(1), 'install', '--no-save', '--no-audit', '--no-fund', `file:${this.config.root}`],
        {cwd: dir, reject: false, all: true},
      )
      if (result.exitCode !== 0) {
        this.error(`npm install in ${dir} failed (exit ${result.exitCode}):\n${result.all}`, {exit: 1})
      }
    }
    // The dependencies are in place; oclif's own command records the link.
    await PluginsLink.run([String(args.path), '--no-install', ...(flags.verbose ? ['--verbose'] : [])], this.config)
  }
}

/** The npm that `plugins install` uses too: the one bundled with oclif's plugin manager, else npm on PATH. */
function npmCommand(root: string): string[] {
  try {
    const pjson = createRequire(resolve(root, 'package.json')).resolve('npm/package.json')
    return [process.execPath, join(dirname(pjson), 'bin', 'npm-cli.js')]
  } catch {
    return ['npm']
  }
}
