import type {Diagnostic, Loaded, RegistrySnapshot, SystemZone, ValidationRule, ZoneConfig, ZoneEntry, ZoneNet, ZonecfgNet} from 'zmgr'
import {entryOrNode, itemNode, parseHostAddress, problemAt, VM_BRANDS} from 'zmgr'


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
  if (link === undefined) return
  // A dual-stack link is two net resources, one per family (CONTRACT §3.6.1): compare each address with the resource of its family.
  for (const [prop, address] of [['address', net.address], ['address6', net.address6]] as const) {
    const family = address === undefined ? undefined : parseHostAddress(address)?.family
    if (address === undefined) continue
    const onLink = liveNets.filter((candidate) => candidate.physical === link).flatMap((candidate) => liveAddresses(candidate, zone.ipType))
    const liveAddress = onLink.find((live) => live !== undefined && parseHostAddress(live)?.family === family) ?? onLink.find((live) => live !== undefined)
    if (liveAddress !== undefined && sameAddress(liveAddress, address)) continue
    out.push(problemAt(zone, entryOrNode(net.node, prop), {
      code: 'zmgr::system::address-differs',
      message: onLink.length === 0
        ? `zone ${JSON.stringify(zone.name)} has no net on ${JSON.stringify(link)} in its zonecfg, but the registry gives it ${address}`
        : `zone ${JSON.stringify(zone.name)} has ${liveAddress ?? 'no address'} on ${JSON.stringify(link)} in its zonecfg, but the registry says ${address}`,
      help: zone.held === undefined
        ? `the registry is the IPAM ledger: correct the zone file or the zone's configuration (zonecfg -z ${zone.name}) so they agree`
        : `zone ${zone.name} is held (${zone.held}): run \`zmgr import ${zone.name}\` to record its current addresses`,
      data: {zone: zone.name, net: net.name, registry: address, system: liveAddress ?? null},
    }))
  }
}

/** A net resource's addresses: shared IP `address`; exclusive IP `allowed-address`, else the lx `ips` list (CONTRACT §3.6.1). */
function liveAddresses(net: ZonecfgNet, ipType: ZoneEntry['ipType']): Array<string | undefined> {
  if (ipType !== 'exclusive') return [net.address]
  if (net.allowedAddress !== undefined) return [net.allowedAddress]
  const ips = net.properties.find((p) => p.name === 'ips')?.value
  return ips === undefined ? [undefined] : ips.split(',').map((a) => a.trim())
}

/** The addresses a VM brand's zone carries in zonecfg: allowed-address on exclusive-IP nets (CONTRACT §4.1), address on shared ones. */
function vmAddresses(config: ZoneConfig | undefined): string[] {
  return (config?.nets ?? []).flatMap((net) => [config!.ipType === 'exclusive' ? net.allowedAddress : net.address].filter((a): a is string => a !== undefined))
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
      if (registered.has(live.name)) continue
      if (VM_BRANDS.has(live.brand)) {
        const addresses = vmAddresses(system.configs.get(live.name))
        if (addresses.length === 0) continue // nothing zmgr could hand out twice; the VM manager owns the zone
        out.push({
          code: 'zmgr::system::vm-unheld',
          severity: 'warning',
          message: `${live.brand} zone ${JSON.stringify(live.name)} (${live.state}) uses ${addresses.join(', ')}, which no zone file holds`,
          help: `IPAM may hand ${addresses.length === 1 ? 'it' : 'them'} out to a new zone; hold ${addresses.length === 1 ? 'it' : 'them'} with \`zmgr import ${live.name}\` (the VM is not adopted)`,
          data: {zone: live.name, brand: live.brand, addresses},
        })
        continue
      }
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
