// The simulated commands as functions: what the shims in simulator/bin run as
// processes, and what zmgr/testing calls in process (no child, no start-up).
import {dladm} from './dladm/main.js'
import {mayBlock} from './faults.js'
import {files} from './files/main.js'
import {BufferConsole, callCommand, type Console} from './io.js'
import {pkg} from './pkg/main.js'
import {Store} from './store.js'
import type {FaultCommand} from './types.js'
import {zfs} from './zfs/main.js'
import {zlogin} from './zlogin/main.js'
import {zoneadm} from './zoneadm/main.js'
import {zonecfg} from './zonecfg/main.js'

type SimulatedCommand = (args: string[], console: Console) => number

const COMMANDS: Record<string, SimulatedCommand> = {
  zonecfg,
  zoneadm,
  dladm: (args, console) => dladm(args, console),
  pkg,
  zfs,
  zlogin,
  cat: (args, console) => files('cat', args, console),
  ls: (args, console) => files('ls', args, console),
  id: (args, console) => files('id', args, console),
  auths: (args, console) => files('auths', args, console),
  profiles: (args, console) => files('profiles', args, console),
}

export interface CommandOutcome {
  stdout: string
  stderr: string
  exitCode: number
}

/**
 * Runs a simulated command in this process against the host named by
 * process.env (ZMGR_SIM_STATE) with `stdin` as its input. Undefined when it
 * must be a process: not a simulated command, or a fault would make it sleep
 * or hang (only a process can be timed out or interrupted).
 */
export function runSimulated(name: string, args: string[], stdin = ''): CommandOutcome | undefined {
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (!command) return undefined
  if (process.env.ZMGR_SIM_STATE && mayBlock(Store.fromEnv(), name as FaultCommand, args)) return undefined
  const console = new BufferConsole(stdin)
  let exitCode: number
  try {
    exitCode = callCommand((argv) => command(argv, console), args)
  } catch (error) {
    // What node prints for an uncaught exception, and its exit status.
    console.err(`${(error as Error).stack ?? String(error)}\n`)
    exitCode = 1
  }
  return {stdout: console.stdout, stderr: console.stderr, exitCode}
}
