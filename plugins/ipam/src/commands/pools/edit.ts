import {Flags} from 'zmgr'
import {
  describeSave,
  dryRunFlag,
  editItem,
  forceFlag,
  inputError,
  Ledger,
  nameArg,
  poolKind,
  poolToJson,
  withIpamLock,
  ZmgrCommand,
} from 'zmgr'
import {checkPoolText, strandedBy, strandError} from '../../check.js'
import {networkFlag, poolFlags, rangeFlag} from '../../flags.js'
import {applyPoolChanges, type PoolChanges, UNSETTABLE} from '../../pool-edit.js'

export default class PoolsEdit extends ZmgrCommand<typeof PoolsEdit> {
  static override summary = 'Change a pool in place, keeping its comments.'
  static override description =
    'A change that would leave addresses zones hold outside the pool (a removed range, a narrower network, a held address made the gateway) is refused unless --force. Zones keep the addresses they hold either way: zmgr never rewrites zone files for a pool change.'
  static override examples = [
    '<%= config.bin %> pools edit public --add-range 192.0.2.200-192.0.2.249',
    '<%= config.bin %> pools edit public --reserve 192.0.2.160 --resolver 192.0.2.53 --resolver 192.0.2.54',
    '<%= config.bin %> pools edit public --unset vlan --dry-run',
  ]
  static override args = {name: nameArg(poolKind)({description: 'pool name', required: true})}
  static override flags = {
    network: networkFlag({summary: 'Change the network (CIDR).'}),
    'add-range': rangeFlag({summary: 'Add a range FIRST-LAST (repeatable).', multiple: true}),
    'remove-range': rangeFlag({summary: 'Remove the range FIRST-LAST (repeatable).', multiple: true}),
    'add-address': Flags.string({summary: 'Add an address to the list (repeatable).', multiple: true}),
    'remove-address': Flags.string({summary: 'Remove an address from the list (repeatable).', multiple: true}),
    ...poolFlags,
    unreserve: Flags.string({summary: 'Hand this reserved address out again (repeatable).', multiple: true}),
    unset: Flags.option({summary: 'Remove a setting (repeatable).', multiple: true, options: UNSETTABLE})(),
    force: forceFlag,
    'dry-run': dryRunFlag,
  }

  async run() {
    const {flags} = this
    const {name} = this.args
    const changes: PoolChanges = {
      network: flags.network?.text,
      gateway: flags.gateway,
      addRanges: flags['add-range'],
      removeRanges: flags['remove-range'],
      addAddresses: flags['add-address'],
      removeAddresses: flags['remove-address'],
      reserve: flags.reserve,
      unreserve: flags.unreserve,
      vlan: flags.vlan,
      dnsDomain: flags['dns-domain'],
      resolvers: flags.resolver,
      search: flags.search,
      unset: flags.unset,
    }
    if (Object.values(changes).every((value) => value === undefined))
      throw inputError('zmgr::usage::nothing-to-change', 'no change given', {
        help: 'pass at least one setting to change, e.g. --add-range FIRST-LAST (see zmgr pools edit --help)',
      })
    const dryRun = flags['dry-run']
    // Under the ipam lock: no allocation may take an address the change is about to drop.
    const {outcome, pool, warnings} = await withIpamLock(this.registry, dryRun, async () => {
      const before = await this.registry.pool(name)
      const preview = await editItem(this.registry, poolKind, name, (node) => applyPoolChanges(node, changes), {
        dryRun: true,
      })
      const checked = await checkPoolText(this.registry, name, preview.content!)
      const ledger = await Ledger.load(this.registry)
      if (!flags.force) ledger.requireComplete() // a zone file zmgr cannot read may hold an address the change drops
      const stranded = strandedBy(before, checked.pool, ledger)
      if (stranded.length > 0 && !flags.force) throw strandError(name, stranded)
      return {
        ...checked,
        outcome: dryRun
          ? preview
          : await editItem(this.registry, poolKind, name, (node) => applyPoolChanges(node, changes)),
      }
    })
    for (const warning of warnings) this.report(warning)
    this.log(describeSave(outcome))
    return {...outcome, pool: poolToJson(pool)}
  }
}
