import {creatorAlive, type ZoneEntry, type ZoneStatus} from 'zmgr'

export {statusNode, type ZoneStatus} from 'zmgr'

/** The status of a zone file (read with the zone: see ZoneEntry.status in the SDK). */
export function zoneStatus(entry: ZoneEntry): ZoneStatus | undefined {
  return entry.status
}

export function describeStatus(status: ZoneStatus | undefined): string | undefined {
  if (!status) return undefined
  if (status.status === 'creating')
    return creatorAlive({status}) === false
      ? 'creating, but its zmgr is gone (zmgr zones destroy finishes it)'
      : 'creating'
  return `incomplete${status.step ? ` (create failed at ${status.step})` : ''}`
}
