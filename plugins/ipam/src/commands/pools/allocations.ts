import {formatTable, Ledger, nameArg, poolKind, type Registry, ZmgrCommand} from 'zmgr'

/** Why each of these zones is only held (a VM brand's zone zmgr does not manage); zone files that do not load have no note. */
async function heldReasons(registry: Registry, zones: Set<string>): Promise<Map<string, string>> {
  const entries = await Promise.all([...zones].map((zone) => registry.zone(zone).catch(() => undefined)))
  return new Map(entries.flatMap((entry) => (entry?.held === undefined ? [] : [[entry.name, entry.held] as const])))
}

export default class PoolsAllocations extends ZmgrCommand<typeof PoolsAllocations> {
  static override summary = 'List the addresses of a pool that zones hold.'
  static override description = 'The ledger is the zones folder: an address is held while a zone file names it. Addresses are listed in order; two zones holding one address both appear (zmgr validate reports that).'
  static override args = {name: nameArg(poolKind)({description: 'pool name', required: true})}
  static override examples = ['<%= config.bin %> pools allocations public']

  async run() {
    const [pool, ledger] = await Promise.all([this.registry.pool(this.args.name), Ledger.load(this.registry)])
    for (const problem of ledger.problems) this.report({...problem, severity: 'warning'})
    const rows = ledger.allocationsIn(pool)
    const held = await heldReasons(this.registry, new Set(rows.map((row) => row.zone)))
    const allocations = rows.map((row) => ({...row, held: held.get(row.zone) ?? null}))
    if (allocations.length === 0) this.log(`no zone holds an address of pool ${pool.name}`)
    else {
      this.log(formatTable(allocations, [
        {header: 'ADDRESS', get: (row) => row.address},
        {header: 'ZONE', get: (row) => row.zone},
        {header: 'NET', get: (row) => row.net},
        // Only when some zone is held, so a plain registry's table is unchanged.
        ...(held.size > 0 ? [{header: 'NOTE', get: (row: (typeof allocations)[number]) => (row.held === null ? '' : `held: ${row.held}`)}] : []),
      ]))
    }
    return {pool: pool.name, allocations}
  }
}
