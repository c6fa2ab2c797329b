import {Args} from 'zmgr'
import {formatTable, Ledger, ZmgrCommand} from 'zmgr'

export default class PoolsAllocations extends ZmgrCommand<typeof PoolsAllocations> {
  static override summary = 'List the addresses of a pool that zones hold.'
  static override description = 'The ledger is the zones folder: an address is held while a zone file names it. Addresses are listed in order; two zones holding one address both appear (zmgr validate reports that).'
  static override args = {name: Args.string({description: 'pool name', required: true})}
  static override examples = ['<%= config.bin %> pools allocations public']

  async run() {
    const [pool, ledger] = await Promise.all([this.registry.pool(this.args.name), Ledger.load(this.registry)])
    for (const problem of ledger.problems) this.report({...problem, severity: 'warning'})
    const allocations = ledger.allocationsIn(pool)
    if (allocations.length === 0) this.log(`no zone holds an address of pool ${pool.name}`)
    else {
      this.log(formatTable(allocations, [
        {header: 'ADDRESS', get: (row) => row.address},
        {header: 'ZONE', get: (row) => row.zone},
        {header: 'NET', get: (row) => row.net},
      ]))
    }
    return {pool: pool.name, allocations}
  }
}
