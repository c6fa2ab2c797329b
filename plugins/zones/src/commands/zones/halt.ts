import {dryRunFlag, nameArg, ZmgrCommand, zoneKind} from 'zmgr'
import {changeState} from '../../change-state.js'

export default class ZonesHalt extends ZmgrCommand<typeof ZonesHalt> {
  static override summary = 'Halt a zone (stop it at once).'
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
      'halt',
      this.args.name,
    )
  }
}
