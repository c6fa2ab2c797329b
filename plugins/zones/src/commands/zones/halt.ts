import {ZoneStateCommand} from '../../state-command.js'

export default class ZonesHalt extends ZoneStateCommand<typeof ZonesHalt> {
  static override summary = 'Halt a zone (stop it at once).'

  async run() {
    return this.changeZoneState('halt', this.args.name, this.flags['dry-run'])
  }
}
