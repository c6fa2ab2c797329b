import {
  diagnosticToJson,
  familyName,
  formatDetails,
  formatIp,
  Ledger,
  nameArg,
  nextFree,
  poolKind,
  poolProblems,
  poolToJson,
  poolUsageToJson,
  ZmgrCommand,
} from 'zmgr'
import {rangeTexts, usageText} from '../../render.js'

export default class PoolsShow extends ZmgrCommand<typeof PoolsShow> {
  static override summary = 'Show one pool: settings, usage and the next free address.'
  static override args = {name: nameArg(poolKind)({description: 'pool name', required: true})}
  static override examples = ['<%= config.bin %> pools show public']

  async run() {
    const [pool, ledger] = await Promise.all([this.registry.pool(this.args.name), Ledger.load(this.registry)])
    const json = poolToJson(pool)
    const usage = poolUsageToJson(ledger.usage(pool))
    const problems = [...ledger.problems.map((p) => ({...p, severity: 'warning' as const})), ...poolProblems(pool)]
    // Allocation refuses a pool with errors, so there is no next address to promise.
    const broken = problems.some((p) => p.severity === 'error')
    const next = broken ? undefined : nextFree(pool, ledger)
    this.log(
      formatDetails([
        ['name', json.name],
        ['file', pool.file],
        ['family', familyName(json.family)],
        ['network', json.network],
        ['mode', json.mode],
        ['gateway', json.gateway ?? undefined],
        ['ranges', rangeTexts(pool)],
        ['addresses', json.addresses],
        ['reserve', json.reserve],
        ['vlan', json.vlan?.toString()],
        ['dns domain', json.dns?.domain ?? undefined],
        ['resolvers', json.dns?.resolvers],
        ['search', json.dns?.search],
        ['used', usageText(usage)],
        [
          'next free',
          next ? formatIp(next) : broken ? 'none until the problems below are fixed' : 'none (the pool is full)',
        ],
      ]),
    )
    for (const problem of problems) this.report(problem)
    return {
      ...json,
      file: pool.file,
      usage,
      next: next ? formatIp(next) : null,
      problems: problems.map(diagnosticToJson),
    }
  }
}
