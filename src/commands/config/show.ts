import {ZmgrCommand} from '../../command.js'
import {format} from '@bgotink/kdl'
import {formatDetails} from '../../output/table.js'

export default class ConfigShow extends ZmgrCommand<typeof ConfigShow> {
  static override summary = 'Show the global settings (config.kdl), with defaults filled in.'

  async run() {
    const config = await this.registry.config()
    // What a run gets: the environment's values, else config.kdl's, else the defaults.
    const commandTimeoutSeconds = (await this.systemRunner().timeoutMs()) / 1000
    const lockTimeoutSeconds = (await this.registry.lockTimeoutMs()) / 1000
    // Plugins' own blocks, as written: zmgr does not know their schema.
    const plugins = Object.fromEntries(
      [...config.plugins].map(([name, node]) => [
        name,
        (node.children?.nodes ?? []).map((child) => format(child).trim()),
      ]),
    )
    const result = {
      root: this.registry.root,
      file: config.file ?? null,
      defaultTemplate: config.defaultTemplate ?? null,
      zonepathRoot: config.zonepathRoot,
      vnicName: config.vnicName,
      commandTimeoutSeconds,
      lockTimeoutSeconds,
      plugins,
    }
    this.log(
      formatDetails([
        ['root', result.root],
        ['file', config.file ?? '(none; defaults apply)'],
        ['default-template', config.defaultTemplate ?? '(none; pass --template)'],
        ['zonepath-root', config.zonepathRoot],
        ['vnic-name', config.vnicName],
        ['command-timeout', timeout(commandTimeoutSeconds, 'ZMGR_COMMAND_TIMEOUT')],
        ['lock-timeout', timeout(lockTimeoutSeconds, 'ZMGR_LOCK_TIMEOUT')],
        ...Object.entries(plugins).map(([name, settings]): [string, string] => [
          `plugin ${name}`,
          settings.join('; ') || '(empty)',
        ]),
      ]),
    )
    return result
  }
}

/** A timeout as shown: seconds, and the variable when the environment set it. */
function timeout(seconds: number, variable: string): string {
  return `${seconds} s${process.env[variable]?.trim() ? ` (${variable})` : ''}`
}
