import {familyName, formatTable, Ledger, poolProblems, poolToJson, poolUsageToJson, ZmgrCommand} from 'zmgr'
import {percentText, usageNote} from '../../render.js'

export default class PoolsList extends ZmgrCommand<typeof PoolsList> {
  static override summary = 'List address pools with how full they are.'
  static override description = 'Usage counts the addresses zone files hold against what the pool can hand out (ranges or address list, less the gateway, reserved and network/broadcast addresses). Pools over 90% used are marked.'
  static override examples = ['<%= config.bin %> pools list', '<%= config.bin %> pools list --json']

  async run() {
    const [pools, ledger] = await Promise.all([this.registry.pools(), Ledger.load(this.registry)])
    for (const problem of ledger.problems) this.report({...problem, severity: 'warning'})
    const rows = pools.map((pool) => ({...poolToJson(pool), usage: poolUsageToJson(ledger.usage(pool)), errors: poolProblems(pool).filter((d) => d.severity === 'error').length}))
    if (rows.length === 0) this.log(`no pools in ${this.registry.root}/pools (create one with \`zmgr pools create NAME --network CIDR\`)`)
    else {
      this.log(formatTable(rows, [
        {header: 'NAME', get: (row) => row.name},
        {header: 'FAMILY', get: (row) => familyName(row.family)},
        {header: 'NETWORK', get: (row) => row.network},
        {header: 'MODE', get: (row) => row.mode},
        {header: 'USED/SIZE', get: (row) => `${row.usage.used}/${row.usage.size}`, align: 'right'},
        {header: 'USED%', get: (row) => percentText(row.usage), align: 'right'},
        {header: 'NOTE', get: (row) => (row.errors > 0 ? `broken: see zmgr pools show ${row.name}` : usageNote(row.usage))},
      ]))
    }
    return {pools: rows}
  }
}
