// zlogin(1), minimal: checks the zone and runs a few commands "inside" it
// (pkg against the zone image, zonename, hostname, true, false).
import {faultPoint} from '../faults.js'
import {getopt} from '../getopt.js'
import {Exit, processConsole, readAllStdin, runProcess, type Console} from '../io.js'
import {pkg} from '../pkg/main.js'
import {Store} from '../store.js'
import {stateAtLeast} from '../types.js'

function fail(console: Console, message: string): never {
  console.err(`zlogin: ${message}\n`)
  throw new Exit(1)
}

export function zlogin(args: string[], console: Console = processConsole): number {
  const parsed = getopt(args, 'CESe:l:')
  if (parsed.error || parsed.operands.length === 0)
    fail(console, 'usage: zlogin [ -CES ] [ -e cmdchar ] [-l user] zonename [command [args ...] ]')
  const [zone = '', command, ...commandArgs] = parsed.operands
  const console_ = parsed.options.some(([f]) => f === 'C')
  if (zone === 'global') fail(console, "'zlogin' not applicable to the global zone")
  let store: Store
  try {
    store = Store.fromEnv()
  } catch (error) {
    fail(console, (error as Error).message)
  }
  const record = store.zone(zone)
  if (!record) fail(console, `zone '${zone}' unknown`)
  if (!stateAtLeast(record.state, 'installed')) fail(console, `cannot login to a zone which is '${record.state}'`)
  if (!console_ && record.state !== 'running') fail(console, `login allowed only to running zones (${zone} is '${record.state}').`)
  faultPoint(store, {command: 'zlogin', subcommands: [command ?? (console_ ? 'console' : 'login')], target: zone}, console)

  if (command === undefined) {
    const where = console_ ? 'console' : 'pts/2'
    console.out(`[Connected to zone '${zone}' ${where}]\n`)
    readAllStdin()
    console.out(`\n[Connection to zone '${zone}' ${where} closed]\n`)
    return 0
  }
  switch (command) {
    case 'pkg':
      return pkg(['-R', `${record.config.props.zonepath}/root`, ...commandArgs], console)
    case 'zonename':
    case 'hostname':
      console.out(`${zone}\n`)
      return 0
    case 'true':
      return 0
    case 'false':
      return 1
    default:
      console.err(`sh: ${command}: not found\n`)
      return 127
  }
}

export function main(): void {
  runProcess(args => zlogin(args))
}
