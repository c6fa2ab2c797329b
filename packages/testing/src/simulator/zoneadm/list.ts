// `zoneadm list` and its output formats (zone_print in zoneadm.c).
import type {Flavour} from '../flavour.js'
import {isUp, type ZoneRecord, type ZoneState} from '../types.js'

export interface ListedZone {
  id: number | null
  name: string
  state: ZoneState
  zonepath: string
  uuid: string
  brand: string
  iptype: 'excl' | 'shared'
  debugid: number | null
}

export function globalZone(flavour: Flavour): ListedZone {
  return {
    id: 0,
    name: 'global',
    state: 'running',
    zonepath: '/',
    uuid: '',
    brand: flavour.globalBrand,
    iptype: 'shared',
    debugid: 0,
  }
}

export function listed(zone: ZoneRecord): ListedZone {
  return {
    id: zone.zoneid,
    name: zone.name,
    state: zone.state,
    zonepath: zone.config.props.zonepath ?? '',
    uuid: zone.uuid,
    brand: zone.config.props.brand ?? '',
    iptype: zone.config.props['ip-type'] === 'exclusive' ? 'excl' : 'shared',
    debugid: zone.debugid,
  }
}

export interface ListFilter {
  /** -c: every configured zone. */
  all: boolean
  /** -i: add installed zones. */
  installed: boolean
  /** -n: leave out the global zone. */
  noGlobal: boolean
}

/** Kernel zones first (global, then by id), then the rest in index order. */
export function selectZones(zones: ZoneRecord[], flavour: Flavour, filter: ListFilter): ListedZone[] {
  const running = zones.filter((z) => isUp(z.state)).sort((a, b) => (a.zoneid ?? 0) - (b.zoneid ?? 0))
  const installedOrMounted = (state: ZoneState): boolean => state === 'installed' || state === 'mounted'
  const rest = zones.filter((z) => !isUp(z.state) && (filter.all || (filter.installed && installedOrMounted(z.state))))
  return [...(filter.noGlobal ? [] : [globalZone(flavour)]), ...[...running, ...rest].map(listed)]
}

/** zone_print(): 8 fields (with debugid) on OmniOS, 7 on illumos-gate/OpenIndiana. */
export function parsableLine(zone: ListedZone, fieldCount: 7 | 8): string {
  const fields = [
    zone.id === null ? '-' : String(zone.id),
    zone.name,
    zone.state,
    zone.zonepath.replaceAll(':', '\\:'),
    zone.uuid,
    zone.brand,
    zone.iptype,
    zone.debugid === null ? '' : String(zone.debugid),
  ]
  return `${fields.slice(0, fieldCount).join(':')}\n`
}

function verboseColumns(id: string, name: string, state: string, path: string, brand: string, ip: string): string {
  return `${id.padStart(4)} ${name.padEnd(16)} ${state.padEnd(10)} ${path.padEnd(30)} ${brand.padEnd(8)} ${ip.padEnd(6)}\n`
}

export const VERBOSE_HEADER = verboseColumns('ID', 'NAME', 'STATUS', 'PATH', 'BRAND', 'IP')

export function verboseLine(zone: ListedZone): string {
  return verboseColumns(
    zone.id === null ? '-' : String(zone.id),
    zone.name,
    zone.state,
    zone.zonepath,
    zone.brand,
    zone.iptype,
  )
}
