import {type Diagnostic, listSystemZones, type Loaded, type Registry, type SystemRunner, type SystemZone, zoneKind, type ZoneEntry} from 'zmgr'
import {describeStatus, zoneStatus} from './status.js'

/** One row of `zones list`: the registry joined with the live system. */
export interface ZoneRow {
  name: string
  /** The live state, or `missing` when the registered zone is not on the system. */
  state: string
  brand: string
  template: string | null
  addresses: string[]
  /** registered: in both; unmanaged: on the system only; missing: in the registry only; held: a zone file holds its addresses only (a VM brand's zone). */
  managed: 'registered' | 'unmanaged' | 'missing' | 'held'
  /** Why zmgr holds the addresses of a zone it does not manage (`held`). */
  held: string | null
  /** A create under way or failed (zones/NAME.kdl `status`). */
  status: string | null
  zonepath: string
}

export function entryRow(entry: ZoneEntry, system: SystemZone | undefined): ZoneRow {
  return {
    name: entry.name,
    state: system?.state ?? 'missing',
    brand: entry.brand || system?.brand || '',
    template: entry.template ?? null,
    addresses: entry.nets.flatMap((net) => [net.address, net.address6].filter((a): a is string => a !== undefined)),
    managed: !system ? 'missing' : entry.held === undefined ? 'registered' : 'held',
    held: entry.held ?? null,
    status: describeStatus(zoneStatus(entry)) ?? null,
    zonepath: entry.zonepath,
  }
}

/** Registered zones and system zones, joined by name, sorted by name. Broken zone files come back as diagnostics. */
export async function inventory(registry: Registry, runner: SystemRunner): Promise<{rows: ZoneRow[]; diagnostics: Diagnostic[]}> {
  await registry.requireRoot()
  const [scan, system] = await Promise.all([registry.scan(zoneKind), listSystemZones(runner)])
  const live = new Map(system.map((zone) => [zone.name, zone]))
  const entries = new Map<string, Loaded<ZoneEntry>>(scan.items.map((entry) => [entry.name, entry]))
  const rows = [...entries.values()].map((entry) => entryRow(entry, live.get(entry.name)))
  for (const zone of system) {
    if (!entries.has(zone.name)) rows.push({name: zone.name, state: zone.state, brand: zone.brand, template: null, addresses: [], managed: 'unmanaged', held: null, status: null, zonepath: zone.zonepath})
  }
  rows.sort((a, b) => a.name.localeCompare(b.name))
  return {rows, diagnostics: scan.diagnostics}
}
