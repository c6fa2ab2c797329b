// zoneadm(8): option parsing, the unknown-zone check and dispatch.
import {faultPoint} from '../faults.js'
import {getopt, hasOption} from '../getopt.js'
import {processConsole, runProcess, type Console} from '../io.js'
import {Store} from '../store.js'
import {ZoneadmCommand} from './commands.js'
import {parsableLine, selectZones, verboseLine, VERBOSE_HEADER, globalZone, listed} from './list.js'
import {fullUsage, SUBCOMMANDS, subUsage} from './usage.js'

const Z_USAGE = 2
/** Subcommands missing from the usage text (cmdtab entries without help): the brand scripts' mount/unmount. */
const PRIVATE_SUBCOMMANDS = new Set(['mount', 'unmount'])

export function zoneadm(args: string[], console: Console = processConsole): number {
  const parsed = getopt(args, '?R:u:z:')
  if (parsed.error || hasOption(parsed, '?')) {
    const explicit = parsed.error?.flag === '?' || hasOption(parsed, '?')
    if (explicit) console.out(fullUsage(true))
    else console.err(fullUsage(false))
    return Z_USAGE
  }
  const [subcommand, ...subArgs] = parsed.operands
  if (subcommand === undefined || !(subcommand in SUBCOMMANDS || PRIVATE_SUBCOMMANDS.has(subcommand))) {
    console.err(fullUsage(false))
    return Z_USAGE
  }
  if (subcommand === 'help') {
    const topic = subArgs[0]
    console.out(topic !== undefined && topic in SUBCOMMANDS ? subUsage(topic) : fullUsage(true))
    return 0
  }

  let store: Store
  try {
    store = Store.fromEnv()
  } catch (error) {
    console.err(`zoneadm: ${(error as Error).message}\n`)
    return 1
  }

  let zone = parsed.options.filter(([f]) => f === 'z').at(-1)?.[1]
  const uuid = parsed.options.filter(([f]) => f === 'u').at(-1)?.[1]
  if (zone === undefined && uuid !== undefined) {
    zone = store.zones().find((z) => z.uuid === uuid.toLowerCase())?.name
    if (zone === undefined) {
      console.err(`zoneadm: ${uuid}: No such zone configured\n`)
      return 1
    }
  }
  if (zone !== undefined && zone !== 'global' && !store.zone(zone)) {
    console.err(`zoneadm: ${zone}: No such zone configured\n`)
    return 1
  }

  if (subcommand === 'list') return list(store, zone, subArgs, console)

  const command = new ZoneadmCommand(store, console, subcommand, zone)
  const run = (): number =>
    command.run(subArgs, () =>
      faultPoint(store, {command: 'zoneadm', subcommands: [subcommand], target: zone}, console),
    )
  if (zone === undefined || zone === 'global') return run()
  return store.withZoneLock(zone, run)
}

function list(store: Store, zone: string | undefined, args: string[], console: Console): number {
  const parsed = getopt(args, '?cinpv')
  const has = (flag: string): boolean => hasOption(parsed, flag)
  if (parsed.error || has('?') || parsed.operands.length > 0 || (zone !== undefined && (has('c') || has('i')))) {
    console.err(subUsage('list'))
    return Z_USAGE
  }
  if (has('p') && has('v')) {
    console.err(`zoneadm: ${zone === undefined ? '' : `zone '${zone}': `}list -p and -v are mutually exclusive.\n`)
    return 1
  }
  faultPoint(store, {command: 'zoneadm', subcommands: ['list'], ...(zone ? {target: zone} : {})}, console)
  const flavour = store.flavour()
  const zones =
    zone === undefined
      ? selectZones(store.zones(), flavour, {all: has('c'), installed: has('i'), noGlobal: has('n')})
      : [zone === 'global' ? globalZone(flavour) : listed(store.zone(zone)!)]
  if (has('p')) console.out(zones.map((z) => parsableLine(z, flavour.listParsableFields)).join(''))
  else if (has('v')) console.out(VERBOSE_HEADER + zones.map(verboseLine).join(''))
  else console.out(zones.map((z) => `${z.name}\n`).join(''))
  return 0
}

export function main(): void {
  runProcess((args) => zoneadm(args))
}
