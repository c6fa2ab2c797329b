import {Flags} from 'zmgr'
import {
  describeSave,
  dryRunFlag,
  forceFlag,
  formatDocument,
  nameArg,
  poolKind,
  poolToJson,
  saveNewItem,
  ZmgrCommand,
} from 'zmgr'
import {checkPoolText} from '../../check.js'
import {networkFlag, poolFlags, rangeFlag} from '../../flags.js'
import {hostRange, newPoolSpec} from '../../pool-edit.js'

export default class PoolsCreate extends ZmgrCommand<typeof PoolsCreate> {
  static override summary = 'Create an address pool (pools/NAME.kdl).'
  static override description =
    'Range mode hands out --range addresses; list mode (--address) exactly the addresses listed. Without either, the pool covers every host address of the network. The gateway, reserved addresses and, for IPv4, the network and broadcast addresses are never handed out.'
  static override examples = [
    '<%= config.bin %> pools create public --network 192.0.2.0/24 --gateway 192.0.2.1 --range 192.0.2.100-192.0.2.199 --reserve 192.0.2.150 --vlan 12',
    '<%= config.bin %> pools create lab --network 198.51.100.0/24 --gateway 198.51.100.1 --address 198.51.100.7 --address 198.51.100.9',
    '<%= config.bin %> pools create public6 --network 2001:db8:1::/64 --gateway 2001:db8:1::1 --range 2001:db8:1::100-2001:db8:1::1ff',
  ]
  static override args = {name: nameArg(poolKind)({description: 'pool name', required: true})}
  static override flags = {
    network: networkFlag({summary: 'The network in CIDR form, e.g. 192.0.2.0/24 or 2001:db8::/64.', required: true}),
    range: rangeFlag({summary: 'Hand out FIRST-LAST (repeatable).', multiple: true, exclusive: ['address']}),
    address: Flags.string({summary: 'Hand out exactly this address: list mode (repeatable).', multiple: true}),
    ...poolFlags,
    force: forceFlag,
    'dry-run': dryRunFlag,
  }

  async run() {
    const {flags} = this
    const ranges = flags.range ?? (flags.address ? [] : [hostRange(flags.network.network)])
    const text = formatDocument([
      newPoolSpec(this.args.name, {
        network: flags.network.text,
        gateway: flags.gateway,
        ranges,
        addresses: flags.address ?? [],
        reserve: flags.reserve ?? [],
        vlan: flags.vlan,
        dnsDomain: flags['dns-domain'],
        resolvers: flags.resolver ?? [],
        search: flags.search ?? [],
      }),
    ])
    await this.registry.requireRoot()
    const {pool, warnings} = await checkPoolText(this.registry, this.args.name, text)
    const outcome = await saveNewItem(this.registry, poolKind, this.args.name, text, {
      dryRun: flags['dry-run'],
      overwrite: flags.force,
    })
    for (const warning of warnings) this.report(warning)
    this.log(describeSave(outcome))
    return {...outcome, pool: poolToJson(pool)}
  }
}
