import {
  formatList,
  Ledger,
  type ListField,
  listFlags,
  nameArg,
  parseIp,
  poolKind,
  type Registry,
  selectList,
  ZmgrCommand,
} from 'zmgr'

interface AllocationRow {
  address: string
  zone: string
  net: string
  pool: string
  /** Why the zone only holds the address (a VM brand's zone zmgr does not manage), or null. */
  held: string | null
}

/** Why each of these zones is only held; zone files that do not load have no note. */
async function heldReasons(registry: Registry, zones: Set<string>): Promise<Map<string, string>> {
  const entries = await Promise.all([...zones].map((zone) => registry.zone(zone).catch(() => undefined)))
  return new Map(entries.flatMap((entry) => (entry?.held === undefined ? [] : [[entry.name, entry.held] as const])))
}

const ALLOCATION_FIELDS: ListField<AllocationRow>[] = [
  {
    name: 'address',
    description: 'the address (without prefix length)',
    get: (row) => row.address,
    sortKey: (row) => parseIp(row.address)?.value ?? -1n,
  },
  {name: 'zone', description: 'the zone holding it', get: (row) => row.zone},
  {name: 'net', description: "the zone's net that holds it", get: (row) => row.net},
  {name: 'pool', description: 'the pool', get: (row) => row.pool, default: false},
  {
    name: 'held',
    description: 'why the zone only holds the address (a VM zone zmgr does not manage)',
    get: (row) => row.held ?? '',
    default: false,
  },
]

export default class PoolsAllocations extends ZmgrCommand<typeof PoolsAllocations> {
  static override summary = 'List the addresses of a pool that zones hold.'
  static override description =
    `The ledger is the zones folder: an address is held while a zone file names it. Addresses are listed in order; two zones holding one address both appear (zmgr validate reports that).

Fields (-o): ${ALLOCATION_FIELDS.map((field) => field.name).join(', ')}.`
  static override args = {name: nameArg(poolKind)({description: 'pool name', required: true})}
  static override examples = [
    '<%= config.bin %> pools allocations public',
    '<%= config.bin %> pools allocations public -Hp -o address,zone',
  ]
  static override flags = {...listFlags}

  async run() {
    const [pool, ledger] = await Promise.all([this.registry.pool(this.args.name), Ledger.load(this.registry)])
    for (const problem of ledger.problems) this.report({...problem, severity: 'warning'})
    const allocations = ledger.allocationsIn(pool)
    const held = await heldReasons(this.registry, new Set(allocations.map((row) => row.zone)))
    const rows = allocations.map((allocation) => ({
      ...allocation,
      pool: pool.name,
      held: held.get(allocation.zone) ?? null,
    }))
    const shown = selectList(rows, ALLOCATION_FIELDS, this.flags).rows
    if (shown.length === 0) this.note(`no zone holds an address of pool ${pool.name}`)
    else this.log(formatList(shown, ALLOCATION_FIELDS, this.flags))
    return shown
  }
}
