import type {KdlNodeSpec, ZoneEntry} from 'zmgr'

/**
 * A zone file written by `zones create` carries `status "creating"` from the
 * moment its addresses are allocated until the create has finished; then the
 * node goes. A create that fails and leaves parts of the zone behind turns it
 * into `status "incomplete" step="<failed step>"`, which `zones list` shows
 * and `zones destroy` clears up. A hand-written or imported file has none.
 */
export type ZoneStatus = {status: 'creating'} | {status: 'incomplete'; step?: string}

export function statusNode(status: ZoneStatus): KdlNodeSpec {
  return {name: 'status', args: [status.status], props: status.status === 'incomplete' ? {step: status.step} : {}}
}

export function zoneStatus(entry: ZoneEntry): ZoneStatus | undefined {
  const node = entry.nodes.get('status')
  const value = node?.getArgument(0)
  if (value === 'creating') return {status: 'creating'}
  if (value === 'incomplete') {
    const step = node?.getProperty('step')
    return {status: 'incomplete', step: typeof step === 'string' ? step : undefined}
  }
  return undefined
}

export function describeStatus(status: ZoneStatus | undefined): string | undefined {
  if (!status) return undefined
  return status.status === 'creating' ? 'creating' : `incomplete${status.step ? ` (create failed at ${status.step})` : ''}`
}
