import {dryRunFlag, nameArg, ZmgrCommand, zoneKind} from 'zmgr'
import {changeState} from '../../change-state.js'

export default class ZonesShutdown extends ZmgrCommand<typeof ZonesShutdown> {
  static override summary = 'Shut a running zone down cleanly.'
  static override args = {name: nameArg(zoneKind)({description: 'zone name', required: true})}
  static override flags = {'dry-run': dryRunFlag}

  async run() {
    return changeState(
      {
        config: this.config,
        registry: this.registry,
        json: this.jsonEnabled(),
        dryRun: this.flags['dry-run'],
        log: (message) => this.log(message),
      },
      'shutdown',
      this.args.name,
    )
  }
}
