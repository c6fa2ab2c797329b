import {Args} from 'zmgr'
import {dryRunFlag, ZmgrCommand} from 'zmgr'
import {changeState} from '../../change-state.js'

export default class ZonesReboot extends ZmgrCommand<typeof ZonesReboot> {
  static override summary = 'Reboot a running zone.'
  static override args = {name: Args.string({description: 'zone name', required: true})}
  static override flags = {'dry-run': dryRunFlag}

  async run() {
    return changeState({config: this.config, registry: this.registry, json: this.jsonEnabled(), dryRun: this.flags['dry-run'], log: (message) => this.log(message)}, 'reboot', this.args.name)
  }
}
