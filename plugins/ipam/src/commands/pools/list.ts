import {
  familyName,
  formatList,
  Ledger,
  type ListField,
  listFlags,
  poolProblems,
  poolToJson,
  poolUsageToJson,
  selectList,
  ZmgrCommand,
} from 'zmgr'
import {percentText, usageNote} from '../../render.js'

type PoolRow = ReturnType<typeof poolToJson> & {usage: ReturnType<typeof poolUsageToJson>; errors: number}

const POOL_FIELDS: ListField<PoolRow>[] = [
  {name: 'name', description: 'pool name', get: (row) => row.name},
  {name: 'family', description: 'IPv4 or IPv6', get: (row) => familyName(row.family)},
  {name: 'network', description: 'network (CIDR)', get: (row) => row.network},
  {name: 'mode', description: 'range or list', get: (row) => row.mode},
  {
    name: 'used',
    description: 'addresses zones hold',
    get: (row) => row.usage.used,
    sortKey: (row) => BigInt(row.usage.used),
    align: 'right',
  },
  {
    name: 'size',
    description: 'addresses the pool can hand out',
    get: (row) => row.usage.size,
    sortKey: (row) => BigInt(row.usage.size),
    align: 'right',
  },
  {
    name: 'percent',
    description: 'share in use',
    get: (row) => percentText(row.usage),
    sortKey: (row) => row.usage.percent,
    align: 'right',
  },
  {
    name: 'note',
    description: 'full, nearly full, or broken',
    get: (row) => (row.errors > 0 ? `broken: see zmgr pools show ${row.name}` : usageNote(row.usage)),
    shrink: true,
  },
  {
    name: 'free',
    description: 'addresses still free',
    get: (row) => row.usage.free,
    sortKey: (row) => BigInt(row.usage.free),
    align: 'right',
    default: false,
  },
  {name: 'gateway', description: 'default router', get: (row) => row.gateway ?? '', default: false},
  {
    name: 'vlan',
    description: 'VLAN id',
    get: (row) => row.vlan?.toString() ?? '',
    sortKey: (row) => row.vlan ?? -1,
    default: false,
  },
]

export default class PoolsList extends ZmgrCommand<typeof PoolsList> {
  static override summary = 'List address pools with how full they are.'
  static override description =
    `Usage counts the addresses zone files hold against what the pool can hand out (ranges or address list, less the gateway, reserved and network/broadcast addresses). Pools over 90% used are marked.

Fields (-o): ${POOL_FIELDS.map((field) => field.name).join(', ')}.`
  static override examples = [
    '<%= config.bin %> pools list',
    '<%= config.bin %> pools list -Hp -o name,used,size',
    '<%= config.bin %> pools list -s percent:desc',
    '<%= config.bin %> pools list --json',
  ]
  static override flags = {...listFlags}

  async run() {
    const [pools, ledger] = await Promise.all([this.registry.pools(), Ledger.load(this.registry)])
    for (const problem of ledger.problems) this.report({...problem, severity: 'warning'})
    const rows: PoolRow[] = pools.map((pool) => ({
      ...poolToJson(pool),
      usage: poolUsageToJson(ledger.usage(pool)),
      errors: poolProblems(pool).filter((d) => d.severity === 'error').length,
    }))
    const shown = selectList(rows, POOL_FIELDS, this.flags).rows
    if (shown.length === 0)
      this.note(`no pools in ${this.registry.root}/pools (create one with \`zmgr pools create NAME --network CIDR\`)`)
    else this.log(formatList(shown, POOL_FIELDS, this.flags))
    return shown
  }
}
