import type {Diagnostic, Loaded, RegistrySnapshot, SystemZone, ValidationRule, ZoneConfig, ZoneEntry, ZoneNet, ZonecfgNet} from 'zmgr'
import {entryOrNode, itemNode, parseHostAddress, problemAt} from 'zmgr'

/** Brands zmgr leaves to other tools (vm-manager owns bhyve zones). */
const FOREIGN_BRANDS = new Set(['bhyve'])

/** Same address (and prefix length, where both give one). */
function sameAddress(a: string, b: string): boolean {
  const x = parseHostAddress(a)
  const y = parseHostAddress(b)
  if (!x || !y) return a === b
  return x.family === y.family && x.value === y.value && (x.prefix === undefined || y.prefix === undefined || x.prefix === y.prefix)
}

function compareZone(zone: Loaded<ZoneEntry>, live: SystemZone, config: ZoneConfig | undefined, vnics: Map<string, string>, out: Diagnostic[]): void {
  const brandNode = zone.nodes.get('brand')
  if (zone.brand && live.brand !== zone.brand) {
    out.push(problemAt(zone, brandNode && entryOrNode(brandNode, 0), {
      code: 'zmgr::system::brand-differs',
      message: `zone ${JSON.stringify(zone.name)} is registered with the brand ${JSON.stringify(zone.brand)} but the host has it as ${JSON.stringify(live.brand)}`,
      help: `correct the zone file (brand "${live.brand}"), or recreate the zone with the intended brand`,
    }))
  }
  for (const net of zone.nets) compareNet(zone, net, config?.nets ?? [], vnics, out)
  compareSettings(zone, live, config, out)
}

/** Zone-wide settings and links changed behind zmgr's back (zonecfg, dladm): zonepath, ip-type, autoboot, each VNIC's link, extra nets. */
function compareSettings(zone: Loaded<ZoneEntry>, live: SystemZone, config: ZoneConfig | undefined, out: Diagnostic[]): void {
  const differs = (setting: string, registry: string, system: string) => {
    const node = zone.nodes.get(setting)
    out.push(problemAt(zone, node && entryOrNode(node, 0), {
      code: `zmgr::system::${setting}-differs`,
      message: `zone ${JSON.stringify(zone.name)} is registered with ${setting} ${registry} but the host has ${system}`,
      help: `correct the zone file, or set it back: zonecfg -z ${zone.name} "set ${setting}=${registry}"`,
      data: {zone: zone.name, setting, registry, system},
    }))
  }
  if (zone.zonepath && live.zonepath !== zone.zonepath) differs('zonepath', zone.zonepath, live.zonepath)
  if (live.ipType !== zone.ipType) differs('ip-type', zone.ipType, live.ipType)
  if (config && config.autoboot !== zone.autoboot) differs('autoboot', String(zone.autoboot), String(config.autoboot))
  const recorded = new Set(zone.nets.map((net) => net.vnic ?? net.over))
  for (const net of config?.nets ?? []) {
    if (net.physical === undefined || recorded.has(net.physical)) continue
    out.push(problemAt(zone, itemNode(zone, 'zone'), {
      code: 'zmgr::system::net-unrecorded',
      message: `zone ${JSON.stringify(zone.name)} has a net on ${JSON.stringify(net.physical)}${net.allowedAddress ?? net.address ? ` (${net.allowedAddress ?? net.address})` : ''} that its zone file does not record`,
      help: `its address is invisible to the IPAM ledger: add the net to zones/${zone.name}.kdl, or remove it (zonecfg -z ${zone.name} "remove net physical=${net.physical}")`,
      data: {zone: zone.name, physical: net.physical},
    }))
  }
}

function compareNet(zone: Loaded<ZoneEntry>, net: ZoneNet, liveNets: ZonecfgNet[], vnicsOver: Map<string, string>, out: Diagnostic[]): void {
  const vnics = new Set(vnicsOver.keys())
  const link = net.vnic ?? net.over
  // On-demand VNICs (global-nic) exist only while the zone runs; shared-IP nets use a global-zone interface.
  if (net.vnic !== undefined && net.globalNic === undefined && !vnics.has(net.vnic)) {
    out.push(problemAt(zone, entryOrNode(net.node, 'vnic'), {
      code: 'zmgr::system::vnic-missing',
      message: `the VNIC ${JSON.stringify(net.vnic)} of zone ${JSON.stringify(zone.name)} does not exist on this host`,
      help: `the zone cannot boot with this net; create it (dladm create-vnic -l ${net.over ?? 'LINK'} ${net.vnic}) or correct vnic=`,
    }))
  }
  const lower = net.vnic !== undefined ? vnicsOver.get(net.vnic) : undefined
  if (lower !== undefined && net.over !== undefined && lower !== net.over) {
    out.push(problemAt(zone, entryOrNode(net.node, 'over'), {
      code: 'zmgr::system::link-differs',
      message: `the VNIC ${JSON.stringify(net.vnic)} of zone ${JSON.stringify(zone.name)} is over ${JSON.stringify(lower)} on this host, but the registry says ${JSON.stringify(net.over)}`,
      help: `correct over= in the zone file, or recreate the VNIC over ${net.over} while the zone is halted (dladm delete-vnic ${net.vnic}; dladm create-vnic -l ${net.over} ${net.vnic})`,
      data: {zone: zone.name, vnic: net.vnic, registry: net.over, system: lower},
    }))
  }
  if (net.address === undefined || link === undefined) return
  const liveNet = liveNets.find((candidate) => candidate.physical === link)
  const liveAddress = liveNet && (zone.ipType === 'exclusive' ? liveNet.allowedAddress : liveNet.address)
  if (liveAddress !== undefined && sameAddress(liveAddress, net.address)) return
  out.push(problemAt(zone, entryOrNode(net.node, 'address'), {
    code: 'zmgr::system::address-differs',
    message: liveNet === undefined
      ? `zone ${JSON.stringify(zone.name)} has no net on ${JSON.stringify(link)} in its zonecfg, but the registry gives it ${net.address}`
      : `zone ${JSON.stringify(zone.name)} has ${liveAddress ?? 'no address'} on ${JSON.stringify(link)} in its zonecfg, but the registry says ${net.address}`,
    help: `the registry is the IPAM ledger: correct the zone file or the zone's configuration (zonecfg -z ${zone.name}) so they agree`,
    data: {zone: zone.name, net: net.name, registry: net.address, system: liveAddress ?? null},
  }))
}

/** With `--system`: registered zones exist on the host as registered, and the host has no zone the registry misses. */
export const systemRule: ValidationRule = {
  id: 'system',
  summary: 'With --system: the registry matches the zones, VNICs and zone configurations on this host.',
  check(snapshot: RegistrySnapshot): Diagnostic[] {
    const {system} = snapshot
    if (!system) return []
    const out: Diagnostic[] = []
    const onHost = new Map(system.zones.map((zone) => [zone.name, zone]))
    const vnics = new Map(system.vnics.map((vnic) => [vnic.link, vnic.over]))
    const registered = new Set(snapshot.zones.map((zone) => zone.name))
    for (const zone of snapshot.zones) {
      const live = onHost.get(zone.name)
      if (!live) {
        const node = itemNode(zone, 'zone')
        out.push(problemAt(zone, node && entryOrNode(node, 0), {
          code: 'zmgr::system::zone-missing',
          message: `zone ${JSON.stringify(zone.name)} is registered but not configured on this host`,
          help: `if it was deleted outside zmgr, remove zones/${zone.name}.kdl to free its addresses; otherwise recreate it`,
        }))
      } else compareZone(zone, live, system.configs.get(zone.name), vnics, out)
    }
    for (const live of system.zones) {
      if (registered.has(live.name) || FOREIGN_BRANDS.has(live.brand)) continue
      out.push({
        code: 'zmgr::system::zone-unregistered',
        severity: 'warning',
        message: `zone ${JSON.stringify(live.name)} (${live.brand}, ${live.state}) exists on this host but not in the registry`,
        help: `its addresses are invisible to the IPAM ledger; register it with \`zmgr import ${live.name}\``,
        data: {zone: live.name, brand: live.brand, state: live.state},
      })
    }
    return out
  },
}
