import {ZmgrCommand} from '../../command.js'
import {formatDetails} from '../../output/table.js'

export default class ConfigShow extends ZmgrCommand<typeof ConfigShow> {
  static override summary = 'Show the global settings (config.kdl), with defaults filled in.'

  async run() {
    const config = await this.registry.config()
    const result = {root: this.registry.root, file: config.file ?? null, defaultTemplate: config.defaultTemplate ?? null, zonepathRoot: config.zonepathRoot, vnicName: config.vnicName}
    this.log(formatDetails([
      ['root', result.root],
      ['file', config.file ?? '(none; defaults apply)'],
      ['default-template', config.defaultTemplate ?? '(none; pass --template)'],
      ['zonepath-root', config.zonepathRoot],
      ['vnic-name', config.vnicName],
    ]))
    return result
  }
}
