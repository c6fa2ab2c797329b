import {ZoneStateCommand} from '../../state-command.js'

export default class ZonesBoot extends ZoneStateCommand<typeof ZonesBoot> {
  static override summary = 'Boot a zone.'

  async run() {
    return this.changeZoneState('boot', this.args.name, this.flags['dry-run'])
  }
}
