import {
  describeSave,
  dryRunFlag,
  forceFlag,
  Ledger,
  nameArg,
  netPools,
  poolKind,
  removeItem,
  templateKind,
  withIpamLock,
  ZmgrCommand,
} from 'zmgr'

export default class PoolsDelete extends ZmgrCommand<typeof PoolsDelete> {
  static override summary = 'Delete a pool no zone and no template uses.'
  static override description =
    'A pool is in use while a zone holds one of its addresses or names it (pool="NAME"), or a template takes a net from it. --force deletes it anyway: the zones keep their addresses, and templates naming it fail until it is back. It asks no question: the file is the only thing removed.'
  static override args = {name: nameArg(poolKind)({description: 'pool name', required: true})}
  static override flags = {force: forceFlag, 'dry-run': dryRunFlag}
  static override examples = [
    '<%= config.bin %> pools delete lab',
    '<%= config.bin %> pools delete lab --force --dry-run',
  ]

  async run() {
    const {name} = this.args
    const dryRun = this.flags['dry-run']
    const outcome = await withIpamLock(this.registry, dryRun, async () => {
      const [pool, ledger, templates] = await Promise.all([
        this.registry.pool(name),
        Ledger.load(this.registry),
        this.registry.scan(templateKind),
      ])
      if (!this.flags.force) ledger.requireComplete() // a zone file zmgr cannot read may hold one of the pool's addresses
      const zones = new Map<string, string>()
      for (const held of ledger.allocationsIn(pool)) zones.set(held.zone, `zone ${held.zone} (${held.address})`)
      for (const ref of ledger.referencing(name))
        if (!zones.has(ref.zone)) zones.set(ref.zone, `zone ${ref.zone} (net ${ref.net})`)
      const users = [
        ...zones.values(),
        ...templates.items
          .filter((t) => t.nets.some((net) => netPools(net).includes(name)))
          .map((t) => `template ${t.name}`),
      ]
      return removeItem(this.registry, poolKind, name, {dryRun, force: this.flags.force, inUse: users})
    })
    this.log(describeSave(outcome))
    return outcome
  }
}
