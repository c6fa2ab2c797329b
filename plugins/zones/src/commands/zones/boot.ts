import {dryRunFlag, nameArg, ZmgrCommand, zoneKind} from 'zmgr'
import {changeState} from '../../change-state.js'

export default class ZonesBoot extends ZmgrCommand<typeof ZonesBoot> {
  static override summary = 'Boot a zone.'
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
      'boot',
      this.args.name,
    )
  }
}
