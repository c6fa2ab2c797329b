// zlogin(1), minimal: checks the zone and runs a few commands "inside" it
// (pkg against the zone image, zonename, hostname, echo, true, false, exit);
// an interactive login or the console reads lines until exit, ~. or end of input.
import {faultPoint} from '../faults.js'
import {getopt} from '../getopt.js'
import {Exit, lineReader, processConsole, runProcess, type Console} from '../io.js'
import {pkg} from '../pkg/main.js'
import {Store} from '../store.js'
import {stateAtLeast, type ZoneRecord} from '../types.js'

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
  if (!console_ && record.state !== 'running')
    fail(console, `login allowed only to running zones (${zone} is '${record.state}').`)
  faultPoint(
    store,
    {command: 'zlogin', subcommands: [command ?? (console_ ? 'console' : 'login')], target: zone},
    console,
  )

  if (command === undefined)
    return session(console, zone, console_ ? 'console' : 'pts/2', (line) =>
      console_ ? undefined : runInZone(console, record, splitWords(line)),
    )
  try {
    return runInZone(console, record, [command, ...commandArgs]) ?? 0
  } catch (error) {
    if (error instanceof ShellExit) return error.code
    throw error
  }
}

/** A command line split at blanks (the simulated shell knows no quoting). */
function splitWords(line: string): string[] {
  return line.trim().split(/\s+/).filter(Boolean)
}

/** Thrown by `exit` inside an interactive session. */
class ShellExit {
  constructor(readonly code: number) {}
}

/**
 * One command "inside" the zone: pkg against the zone image, zonename,
 * hostname, echo, true, false and exit; anything else is not found (127).
 */
function runInZone(console: Console, record: ZoneRecord, [command, ...args]: string[]): number | undefined {
  switch (command) {
    case undefined:
      return undefined
    case 'pkg':
      return pkg(['-R', `${record.config.props.zonepath}/root`, ...args], console)
    case 'zonename':
    case 'hostname':
      console.out(`${record.name}\n`)
      return 0
    case 'echo':
      console.out(`${args.join(' ')}\n`)
      return 0
    case 'true':
      return 0
    case 'false':
      return 1
    case 'exit':
      throw new ShellExit(args[0] === undefined ? 0 : Number.parseInt(args[0], 10) & 255 || 0)
    default:
      console.err(`sh: ${command}: not found\n`)
      return 127
  }
}

/**
 * An interactive login or the console: lines are read until `exit` (login),
 * the escape `~.` at the start of a line, or end of input. zlogin.c prints the
 * banners on stderr and returns 0 whatever the session did (only a
 * non-interactive command's status is passed back).
 */
function session(console: Console, zone: string, where: string, run: (line: string) => number | undefined): number {
  console.err(`[Connected to zone '${zone}' ${where}]\n`)
  const readLine = lineReader(console)
  for (let line = readLine(); line !== null; line = readLine()) {
    if (line.startsWith('~.')) break
    try {
      run(line)
    } catch (error) {
      if (!(error instanceof ShellExit)) throw error
      break
    }
  }
  console.err(`\n[Connection to zone '${zone}' ${where} closed]\n`)
  return 0
}

export function main(): void {
  runProcess((args) => zlogin(args))
}
