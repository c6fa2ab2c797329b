import {describeHolder, type LockOptions} from '../fs/lock.js'
import {operationError} from '../errors.js'
import {assertZoneName} from '../names/illumos.js'
import type {Registry} from '../registry/registry.js'

/** What holds a zone's lock: one of the operations that change the zone or its entry. */
export type ZoneOperation = 'create' | 'destroy' | 'boot' | 'halt' | 'reboot' | 'shutdown' | 'import'

/** The registry lock of one zone (ROOT/.locks/zone.NAME.lock). */
export function zoneLockName(zone: string): string {
  return `zone.${zone}`
}

export interface ZoneLockOptions {
  /** A dry run changes nothing and takes no lock. */
  dryRun?: boolean
  /** Refuse at once, rather than wait, while the zone is being created (destroy does). */
  refuseWhileCreating?: boolean
  onWait?: LockOptions['onWait']
}

/**
 * Run `fn` holding the zone's lock for the whole operation: one writer per
 * zone, so a destroy cannot remove the entry of a create under way and the
 * create then write it back. A holder that died (killed create) is taken
 * over, so the next operation can finish or undo its work.
 */
export async function withZoneLock<T>(
  registry: Registry,
  zone: string,
  operation: ZoneOperation,
  fn: () => Promise<T>,
  options: ZoneLockOptions = {},
): Promise<T> {
  assertZoneName(zone) // the name becomes part of a path
  // Without a root there is no entry to protect (boot of an unmanaged zone); the lock would create the root.
  if (options.dryRun || !(await registry.exists())) return fn()
  return registry.withLock(zoneLockName(zone), fn, {
    operation,
    ...(options.onWait ? {onWait: options.onWait} : {}),
    refuse: (holder) => {
      if (!options.refuseWhileCreating || holder.operation !== 'create') return undefined
      return operationError(
        'zmgr::zone::busy',
        `zone ${JSON.stringify(zone)} is being created (${describeHolder(holder)})`,
        {
          help: `let the create finish (or fail), then run \`zmgr zones ${operation} ${zone}\` again; if that zmgr is stuck, stop it (kill ${holder.pid}): ${operation} then finishes what it left`,
          data: {zone, holder},
        },
      )
    },
  })
}
