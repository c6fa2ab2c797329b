import {Args} from 'zmgr'
import {findSystemZone, formatDetails, inputError, parseZonecfgInfo, SystemRunner, ZmgrCommand, zoneKind} from 'zmgr'
import {entryRow} from '../../inventory.js'
import {describeStatus, zoneStatus} from '../../status.js'

export default class ZonesShow extends ZmgrCommand<typeof ZonesShow> {
  static override summary = 'Show one zone: its registry entry, its live state and its live configuration (zonecfg info).'
  static override args = {name: Args.string({description: 'zone name', required: true})}

  async run() {
    const name = this.args.name
    const runner = new SystemRunner()
    await this.registry.requireRoot()
    const [registered, system] = await Promise.all([this.registry.has(zoneKind, name), findSystemZone(runner, name)])
    if (!registered && !system) throw inputError('zmgr::zone::unknown', `no zone named ${JSON.stringify(name)}, neither registered nor on this system`, {help: 'see `zmgr zones list` for the zones there are'})
    const entry = registered ? await this.registry.zone(name) : undefined
    const info = system ? (await runner.run(['zonecfg', '-z', name, 'info'])).stdout : undefined
    const row = entry ? entryRow(entry, system) : undefined
    this.log(formatDetails([
      ['name', name],
      ['state', system?.state ?? 'missing (registered, but not on this system)'],
      ['managed', entry ? `yes (${entry.file})` : `no: bring it under zmgr with \`zmgr import ${name}\``],
      ['status', entry ? describeStatus(zoneStatus(entry)) : undefined],
      ['brand', entry?.brand ?? system?.brand],
      ['template', entry?.template],
      ['zonepath', entry?.zonepath ?? system?.zonepath],
      ['autoboot', entry ? String(entry.autoboot) : undefined],
      ['ip-type', entry?.ipType ?? system?.ipType],
      ['created', entry?.created],
      ['imported', entry?.imported],
      ['nets', entry?.nets.map((net) => `${net.name}: ${[net.address, net.vnic && `vnic ${net.vnic}`, net.over && `over ${net.over}`, net.vlan && `vlan ${net.vlan}`, net.pool && `pool ${net.pool}`, net.gateway && `gateway ${net.gateway}`].filter(Boolean).join(', ')}`)],
      ['publishers', entry?.publishers],
      ['zone id', system?.id?.toString()],
      ['uuid', system?.uuid || undefined],
    ]))
    if (info) this.log(`\nlive configuration (zonecfg -z ${name} info):\n${info.trimEnd().split('\n').map((line) => `  ${line}`).join('\n')}`)
    return {
      name,
      state: system?.state ?? 'missing',
      managed: Boolean(entry),
      registry: entry ? {...row, file: entry.file, autoboot: entry.autoboot, ipType: entry.ipType, created: entry.created ?? null, imported: entry.imported ?? null, publishers: entry.publishers, nets: entry.nets.map(({node: _node, ...net}) => net)} : null,
      system: system ?? null,
      config: info ? parseZonecfgInfo(info) : null,
    }
  }
}
