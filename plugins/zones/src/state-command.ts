import {dryRunFlag, nameArg, ZmgrCommand, zoneKind} from 'zmgr'
import {changeState} from './change-state.js'
import type {LifecycleOperation, LifecycleOptions} from './lifecycle.js'

/** What ZmgrCommand takes as its type parameter: an oclif command class (zmgr does not export oclif's Command). */
type OclifCommandClass = typeof ZmgrCommand extends abstract new (...args: never[]) => ZmgrCommand<infer C> ? C : never

/** boot, halt, reboot, shutdown: commands that move one zone to another state with changeState. */
export abstract class ZoneStateCommand<T extends OclifCommandClass> extends ZmgrCommand<T> {
  static override args = {name: nameArg(zoneKind)({description: 'zone name', required: true})}
  static override flags = {'dry-run': dryRunFlag}

  protected changeZoneState(operation: LifecycleOperation, zone: string, dryRun: boolean, options?: LifecycleOptions) {
    const command = {
      config: this.config,
      registry: this.registry,
      json: this.jsonEnabled(),
      dryRun,
      log: (message: string) => this.log(message),
    }
    return changeState(command, operation, zone, options)
  }
}
