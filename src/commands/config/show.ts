import {ZmgrCommand} from '../../command.js'
import {formatDetails} from '../../output/table.js'

export default class ConfigShow extends ZmgrCommand<typeof ConfigShow> {
  static override summary = 'Show the global settings (config.kdl), with defaults filled in.'

  async run() {
    const config = await this.registry.config()
    const lockTimeoutSeconds = (await this.registry.lockTimeoutMs()) / 1000
    const result = {root: this.registry.root, file: config.file ?? null, defaultTemplate: config.defaultTemplate ?? null, zonepathRoot: config.zonepathRoot, vnicName: config.vnicName, lockTimeoutSeconds}
    this.log(formatDetails([
      ['root', result.root],
      ['file', config.file ?? '(none; defaults apply)'],
      ['default-template', config.defaultTemplate ?? '(none; pass --template)'],
      ['zonepath-root', config.zonepathRoot],
      ['vnic-name', config.vnicName],
      ['lock-timeout', `${lockTimeoutSeconds} s${process.env.ZMGR_LOCK_TIMEOUT ? ' (ZMGR_LOCK_TIMEOUT)' : ''}`],
    ]))
    return result
  }
}
