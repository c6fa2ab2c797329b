import {Args} from 'zmgr'
import {createSystemRunner, ZmgrCommand} from 'zmgr'
import {requireLoginTarget} from '../../login.js'

export default class ZonesLogin extends ZmgrCommand<typeof ZonesLogin> {
  static override summary = 'Log in to a running zone, or run one command in it (zlogin).'
  static override description =
    `Without a command, an interactive login (\`zlogin NAME\`); with one after \`--\`, runs it (\`zlogin NAME CMD...\`) and exits with its status. Either way zlogin owns the terminal until it ends, and zmgr exits with zlogin's exit status.`
  static override examples = [
    '<%= config.bin %> zones login web01',
    '<%= config.bin %> zones login web01 -- zonename',
    '<%= config.bin %> zones login web01 -- pkg publisher',
  ]
  static override args = {name: Args.string({description: 'zone name', required: true})}
  static override strict = false
  static override enableJsonFlag = false

  async run() {
    const {argv} = await this.parse(ZonesLogin)
    const [zone, ...command] = argv as string[]
    const runner = createSystemRunner()
    await requireLoginTarget(zone, this.registry, runner, 'login')
    process.exitCode = await runner.handOver(['zlogin', zone, ...command])
  }
}
