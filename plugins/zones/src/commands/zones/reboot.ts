import {Flags} from 'zmgr'
import {ZoneStateCommand} from '../../state-command.js'

export default class ZonesReboot extends ZoneStateCommand<typeof ZonesReboot> {
  static override summary = 'Reboot a running zone.'
  static override description =
    'Graceful by default (zoneadm shutdown -r: the zone runs its shutdown scripts); --fast halts and boots it (zoneadm reboot).'
  static override flags = {
    ...ZoneStateCommand.flags,
    fast: Flags.boolean({description: "halt and boot without running the zone's shutdown scripts (zoneadm reboot)"}),
  }

  async run() {
    return this.changeZoneState('reboot', this.args.name, this.flags['dry-run'], {fast: this.flags.fast})
  }
}
