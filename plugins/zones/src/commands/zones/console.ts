import {Args} from 'zmgr'
import {createSystemRunner, ZmgrCommand} from 'zmgr'
import {requireLoginTarget} from '../../login.js'

export default class ZonesConsole extends ZmgrCommand<typeof ZonesConsole> {
  static override summary = "Attach to a zone's console (zlogin -C); type ~. to leave."
  static override description =
    "The console is there as soon as the zone is installed, so it shows a boot from the start. zmgr exits with zlogin's exit status."
  static override examples = ['<%= config.bin %> zones console web01']
  static override args = {name: Args.string({description: 'zone name', required: true})}
  static override enableJsonFlag = false

  async run() {
    const {name} = this.args
    const runner = createSystemRunner()
    await requireLoginTarget(name, this.registry, runner, 'console')
    process.exitCode = await runner.handOver(['zlogin', '-C', name])
  }
}
