import {
  type Diagnostic,
  type ListField,
  listSystemZones,
  type Loaded,
  parseHostAddress,
  type Registry,
  type SystemRunner,
  type SystemZone,
  zoneKind,
  type ZoneEntry,
  zoneNetToJson,
} from 'zmgr'
import {describeStatus, zoneStatus} from './status.js'

/** One row of `zones list`: the registry joined with the live system. */
export interface ZoneRow {
  name: string
  /** The live state, or `missing` when the registered zone is not on the system. */
  state: string
  brand: string
  template: string | null
  /** In the registry (zones/NAME.kdl): true for registered zones, live or missing; false for unmanaged ones. */
  managed: boolean
  /** Why zmgr only holds the addresses of this zone (a VM brand's zone it does not manage), or null. */
  held: string | null
  /** A create under way or failed (zones/NAME.kdl `status`). */
  status: string | null
  zonepath: string
  nets: Array<ReturnType<typeof zoneNetToJson>>
}

export function entryRow(entry: ZoneEntry, system: SystemZone | undefined): ZoneRow {
  return {
    name: entry.name,
    state: system?.state ?? 'missing',
    brand: entry.brand || system?.brand || '',
    template: entry.template ?? null,
    managed: true,
    held: entry.held ?? null,
    status: describeStatus(zoneStatus(entry)) ?? null,
    zonepath: entry.zonepath,
    nets: entry.nets.map(zoneNetToJson),
  }
}

/** Registered zones and system zones, joined by name, sorted by name. Broken zone files come back as diagnostics. */
export async function inventory(
  registry: Registry,
  runner: SystemRunner,
): Promise<{rows: ZoneRow[]; diagnostics: Diagnostic[]}> {
  await registry.requireRoot()
  const [scan, system] = await Promise.all([registry.scan(zoneKind), listSystemZones(runner)])
  const live = new Map(system.map((zone) => [zone.name, zone]))
  const entries = new Map<string, Loaded<ZoneEntry>>(scan.items.map((entry) => [entry.name, entry]))
  const rows = [...entries.values()].map((entry) => entryRow(entry, live.get(entry.name)))
  for (const zone of system) {
    if (!entries.has(zone.name))
      rows.push({
        name: zone.name,
        state: zone.state,
        brand: zone.brand,
        template: null,
        managed: false,
        held: null,
        status: null,
        zonepath: zone.zonepath,
        nets: [],
      })
  }
  rows.sort((a, b) => a.name.localeCompare(b.name))
  return {rows, diagnostics: scan.diagnostics}
}

/** What the NOTE column says: why a zone needs attention. */
export function zoneNote(row: ZoneRow): string {
  return [
    !row.managed ? 'unmanaged' : row.state === 'missing' ? 'missing from the system' : '',
    row.held === null ? '' : `held: ${row.held}`,
    row.status ?? '',
  ]
    .filter(Boolean)
    .join('; ')
}

const withPrefix = (address: string | null, prefix: number | null) =>
  address === null ? [] : [prefix === null ? address : `${address}/${prefix}`]
const addressesOf = (row: ZoneRow) =>
  row.nets.flatMap((net) => [...withPrefix(net.address, net.prefix), ...withPrefix(net.address6, net.prefix6)])

/** The fields of `zones list` (-o); the first six are the default table. */
export const ZONE_FIELDS: ListField<ZoneRow>[] = [
  {name: 'name', description: 'zone name', get: (row) => row.name},
  {
    name: 'state',
    description: 'live state (zoneadm), or missing when the registered zone is not on the system',
    get: (row) => row.state,
  },
  {name: 'brand', description: 'zone brand', get: (row) => row.brand},
  {name: 'template', description: 'template the zone was created from', get: (row) => row.template ?? '', shrink: true},
  {
    name: 'addresses',
    description: 'addresses with prefix length, comma-separated',
    get: (row) => addressesOf(row).join(','),
    shrink: true,
    sortKey: (row) => {
      const first = row.nets.find((net) => net.address)?.address
      const parsed = first ? parseHostAddress(first) : undefined
      return parsed ? BigInt(parsed.family) * 2n ** 128n + parsed.value : -1n
    },
  },
  {
    name: 'note',
    description:
      'unmanaged, missing from the system, held (a VM zone whose addresses zmgr keeps), creating or incomplete',
    get: zoneNote,
    shrink: true,
  },
  {
    name: 'held',
    description: "why zmgr only holds the zone's addresses (a VM zone it does not manage)",
    get: (row) => row.held ?? '',
    default: false,
  },
  {
    name: 'managed',
    description: 'yes when the zone is in the registry, no when it is unmanaged',
    get: (row) => (row.managed ? 'yes' : 'no'),
    default: false,
  },
  {
    name: 'status',
    description: "create under way or failed (the zone file's status)",
    get: (row) => row.status ?? '',
    default: false,
  },
  {name: 'zonepath', description: 'zone path', get: (row) => row.zonepath, default: false},
  {
    name: 'vnics',
    description: 'VNICs, comma-separated',
    get: (row) => row.nets.flatMap((net) => (net.vnic ? [net.vnic] : [])).join(','),
    default: false,
  },
  {
    name: 'nets',
    description: 'net names, comma-separated',
    get: (row) => row.nets.map((net) => net.name).join(','),
    default: false,
  },
]
