import {
  describeDrift,
  findSystemZone,
  formatDetails,
  inputError,
  nameArg,
  parseZonecfgInfo,
  type SystemZone,
  ZmgrCommand,
  zoneDrift,
  zoneKind,
} from 'zmgr'
import {entryRow} from '../../inventory.js'

/** A live zone as plain data: every key present, null where zoneadm prints nothing. */
function systemZoneToJson(zone: SystemZone) {
  return {
    name: zone.name,
    state: zone.state,
    brand: zone.brand,
    ipType: zone.ipType,
    zonepath: zone.zonepath,
    id: zone.id ?? null,
    uuid: zone.uuid || null,
  }
}

export default class ZonesShow extends ZmgrCommand<typeof ZonesShow> {
  static override summary =
    'Show one zone: its registry entry, its live state and configuration, and where they differ (drift).'
  static override description =
    'Drift lists what the registry (zones/NAME.kdl) and the live configuration (zoneadm, zonecfg info) disagree on: brand, zonepath, autoboot, ip-type, nets, addresses and gateways.'
  static override examples = ['<%= config.bin %> zones show web01', '<%= config.bin %> zones show web01 --json']
  static override args = {name: nameArg(zoneKind)({description: 'zone name', required: true})}

  async run() {
    const name = this.args.name
    const runner = this.systemRunner()
    await this.registry.requireRoot()
    const [registered, system] = await Promise.all([this.registry.has(zoneKind, name), findSystemZone(runner, name)])
    if (!registered && !system)
      throw inputError(
        'zmgr::zone::unknown',
        `no zone named ${JSON.stringify(name)}, neither registered nor on this system`,
        {help: 'see `zmgr zones list` for the zones there are'},
      )
    const entry = registered ? await this.registry.zone(name) : undefined
    const info = system ? (await runner.run(['zonecfg', '-z', name, 'info'])).stdout : undefined
    const config = info ? parseZonecfgInfo(info) : undefined
    const row = entry ? entryRow(entry, system) : undefined
    const drift = entry ? zoneDrift(entry, system, config) : []
    this.log(
      formatDetails([
        ['name', name],
        ['state', system?.state ?? 'missing (registered, but not on this system)'],
        [
          'managed',
          entry
            ? entry.held === undefined
              ? `yes (${entry.file})`
              : `no, its addresses are held (${entry.file}): ${entry.held}`
            : `no: bring it under zmgr with \`zmgr import ${name}\``,
        ],
        ['status', row?.status ?? undefined],
        ['brand', entry?.brand ?? system?.brand],
        ['template', entry?.template],
        ['zonepath', entry?.zonepath ?? system?.zonepath],
        ['autoboot', entry ? String(entry.autoboot) : undefined],
        ['ip-type', entry?.ipType ?? system?.ipType],
        ['created', entry?.created],
        ['imported', entry?.imported],
        [
          'nets',
          entry?.nets.map(
            (net) =>
              `${net.name}: ${[net.address, net.address6, net.vnic && `vnic ${net.vnic}`, net.over && `over ${net.over}`, net.vlan && `vlan ${net.vlan}`, net.pool && `pool ${net.pool}`, net.pool6 && `pool6 ${net.pool6}`, net.gateway && `gateway ${net.gateway}`, net.gateway6 && `gateway6 ${net.gateway6}`].filter(Boolean).join(', ')}`,
          ),
        ],
        ['publishers', entry?.publishers],
        ['zone id', system?.id?.toString()],
        ['uuid', system?.uuid || undefined],
        [
          'drift',
          entry
            ? drift.length > 0
              ? drift.map(describeDrift)
              : 'none (the registry and the system agree)'
            : undefined,
        ],
      ]),
    )
    if (drift.length > 0)
      this.note(
        `\nzone ${name} has drifted from its registry entry: correct the zone file or the zone (zonecfg -z ${name}) so they agree; \`zmgr validate --system\` checks every zone`,
      )
    if (info)
      this.log(
        `\nlive configuration (zonecfg -z ${name} info):\n${info
          .trimEnd()
          .split('\n')
          .map((line) => `  ${line}`)
          .join('\n')}`,
      )
    return {
      name,
      state: system?.state ?? 'missing',
      managed: Boolean(entry),
      held: entry?.held ?? null,
      registry:
        entry && row
          ? {
              file: entry.file,
              brand: entry.brand,
              template: row.template,
              zonepath: entry.zonepath,
              autoboot: entry.autoboot,
              ipType: entry.ipType,
              status: row.status,
              created: entry.created ?? null,
              imported: entry.imported ?? null,
              publishers: entry.publishers,
              nets: row.nets,
            }
          : null,
      system: system ? systemZoneToJson(system) : null,
      config: config ?? null,
      drift,
    }
  }
}
