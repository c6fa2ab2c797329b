// Fault injection. Faults live in faults.json so that every simulated process
// sees them. A command calls faultPoint() where the real tool would do its
// work (after parsing and taking the zone lock, never under the global lock).
import {Exit, sleepMs, type Console} from './io.js'
import type {Store} from './store.js'
import type {Fault, FaultCommand, FaultSpec} from './types.js'

export interface Call {
  command: FaultCommand
  /** Every name this invocation answers to (zonecfg: mode and command words). */
  subcommands: string[]
  target?: string
  /** The point after the command's work (FaultSpec.after). */
  after?: boolean
}

function matches(fault: Fault, call: Call): boolean {
  return (
    fault.command === call.command &&
    (fault.after ?? false) === (call.after ?? false) &&
    (fault.subcommand === undefined || call.subcommands.includes(fault.subcommand)) &&
    (fault.target === undefined || fault.target === call.target)
  )
}

function firingsLeft(fault: Fault): boolean {
  return fault.fired < (fault.count ?? (fault.nth === undefined ? Number.POSITIVE_INFINITY : 1))
}

function firesNow(fault: Fault): boolean {
  return fault.calls >= (fault.nth ?? 1) && firingsLeft(fault)
}

/** Counts the call against every matching fault; returns the first that fires. */
function takeFault(store: Store, call: Call): Fault | undefined {
  return store.updateFaults((faults) => {
    let firing: Fault | undefined
    for (const fault of faults) {
      if (!matches(fault, call)) continue
      fault.calls++
      if (!firing && firesNow(fault)) {
        fault.fired++
        firing = {...fault}
      }
    }
    return firing
  })
}

/** What the real tools print when such a step fails (used unless the test gives a message). */
function defaultMessage(call: Call, subcommand: string): string {
  const target = call.target ?? ''
  switch (call.command) {
    case 'zoneadm':
      if (subcommand === 'install')
        return `ERROR: failed to install packages in the zone image: pkg(1) exited with status 1.`
      if (subcommand === 'uninstall') return `zoneadm: zone '${target}': unable to destroy zone data: Device busy`
      if (subcommand === 'verify') return `zoneadm: zone ${target} failed to verify`
      return `zoneadm: zone '${target}': call to zoneadmd failed`
    case 'zonecfg':
      return `${target}: Problem updating index file`
    case 'dladm':
      if (subcommand === 'create-vnic') return `dladm: vnic creation over ${target} failed: operation failed`
      if (subcommand === 'delete-vnic') return `dladm: vnic deletion failed: link busy`
      return `dladm: ${subcommand} failed: operation failed`
    case 'pkg':
      return `pkg: Unable to contact valid package repository: Could not retrieve publisher information.`
    case 'zlogin':
      return `zlogin: could not connect to zone '${target}'`
    case 'zfs':
      return `cannot ${subcommand} '${target}': I/O error`
  }
}

/** The parent when this command started: the one whose death orphans it (it may die before hang() runs). */
const startingParent = process.ppid

/** Waits to be killed. Also ends when orphaned, so abandoned test runs leave no processes (and no zone lock held). */
function hang(): never {
  for (;;) {
    if (process.ppid !== startingParent) throw new Exit(1)
    sleepMs(200)
  }
}

/** Applies the first fault that fires for this call, if any. */
export function faultPoint(store: Store, call: Call, console: Console): void {
  const fault = takeFault(store, call)
  if (!fault) return
  switch (fault.action) {
    case 'slow':
      sleepMs(fault.delayMs ?? 1000)
      return
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: hang() never returns (it ends the process when the caller goes)
    case 'hang':
      hang()
    case 'fail': {
      const sub = fault.subcommand ?? call.subcommands[0] ?? ''
      console.err(`${(fault.message ?? defaultMessage(call, sub)).replace(/\n?$/, '\n')}`)
      throw new Exit(fault.exitCode ?? 1)
    }
  }
}

/** Commands whose fault subcommand and target are words of their argv (zonecfg's come from its input, pkg's target from -R, zlogin's from the session). */
const NAMED_IN_ARGV: ReadonlySet<FaultCommand> = new Set(['zoneadm', 'dladm', 'zfs'])

/** Whether a fault may make this call sleep or hang: only a process can be stopped while it waits. */
export function mayBlock(store: Store, command: FaultCommand, args: string[]): boolean {
  return store
    .faults()
    .some(
      (fault) =>
        fault.command === command &&
        (fault.action === 'hang' || fault.action === 'slow') &&
        firingsLeft(fault) &&
        (!NAMED_IN_ARGV.has(command) ||
          ((fault.subcommand === undefined || args.includes(fault.subcommand)) &&
            (fault.target === undefined || args.includes(fault.target)))),
    )
}

export function addFault(store: Store, spec: FaultSpec): Fault {
  return store.updateFaults((faults) => {
    const fault: Fault = {...spec, id: Math.max(0, ...faults.map((f) => f.id)) + 1, calls: 0, fired: 0}
    faults.push(fault)
    return fault
  })
}

export function clearFaults(store: Store, id?: number): void {
  store.updateFaults((faults) => {
    const keep = id === undefined ? [] : faults.filter((f) => f.id !== id)
    faults.splice(0, faults.length, ...keep)
  })
}
