import {Flags} from 'zmgr'
import {dryRunFlag, nameArg, ZmgrCommand, zoneKind} from 'zmgr'
import {changeState} from '../../change-state.js'

export default class ZonesReboot extends ZmgrCommand<typeof ZonesReboot> {
  static override summary = 'Reboot a running zone.'
  static override description =
    'Graceful by default (zoneadm shutdown -r: the zone runs its shutdown scripts); --fast halts and boots it (zoneadm reboot).'
  static override args = {name: nameArg(zoneKind)({description: 'zone name', required: true})}
  static override flags = {
    'dry-run': dryRunFlag,
    fast: Flags.boolean({description: "halt and boot without running the zone's shutdown scripts (zoneadm reboot)"}),
  }

  async run() {
    return changeState(
      {
        config: this.config,
        registry: this.registry,
        json: this.jsonEnabled(),
        dryRun: this.flags['dry-run'],
        log: (message) => this.log(message),
      },
      'reboot',
      this.args.name,
      {fast: this.flags.fast},
    )
  }
}
