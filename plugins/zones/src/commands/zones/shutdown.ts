import {ZoneStateCommand} from '../../state-command.js'

export default class ZonesShutdown extends ZoneStateCommand<typeof ZonesShutdown> {
  static override summary = 'Shut a running zone down cleanly.'

  async run() {
    return this.changeZoneState('shutdown', this.args.name, this.flags['dry-run'])
  }
}
