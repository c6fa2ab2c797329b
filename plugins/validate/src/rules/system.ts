import type {Diagnostic, Drift, Loaded, RegistrySnapshot, ValidationRule, ZoneConfig, ZoneEntry} from 'zmgr'
import {entryOrNode, itemNode, problemAt, VM_BRANDS, zoneDrift} from 'zmgr'

/** One drift of a registered zone (zoneDrift, the comparison `zones show` makes too) as a diagnostic at the place in its zone file. */
function driftProblem(zone: Loaded<ZoneEntry>, drift: Drift, config: ZoneConfig | undefined): Diagnostic {
  const name = JSON.stringify(zone.name)
  const net = zone.nets.find((candidate) => candidate.name === drift.net)
  switch (drift.field) {
    case 'zone': {
      const node = itemNode(zone, 'zone')
      return problemAt(zone, node && entryOrNode(node, 0), {
        code: 'zmgr::system::zone-missing',
        message: `zone ${name} is registered but not configured on this host`,
        help: `if it was deleted outside zmgr, remove zones/${zone.name}.kdl to free its addresses; otherwise recreate it`,
      })
    }
    case 'brand': {
      const node = zone.nodes.get('brand')
      return problemAt(zone, node && entryOrNode(node, 0), {
        code: 'zmgr::system::brand-differs',
        message: `zone ${name} is registered with the brand ${JSON.stringify(drift.registry)} but the host has it as ${JSON.stringify(drift.system)}`,
        help: `correct the zone file (brand "${drift.system}"), or recreate the zone with the intended brand`,
      })
    }
    case 'zonepath':
    case 'ip-type':
    case 'autoboot': {
      const node = zone.nodes.get(drift.field)
      return problemAt(zone, node && entryOrNode(node, 0), {
        code: `zmgr::system::${drift.field}-differs`,
        message: `zone ${name} is registered with ${drift.field} ${drift.registry} but the host has ${drift.system}`,
        help: `correct the zone file, or set it back: zonecfg -z ${zone.name} "set ${drift.field}=${drift.registry}"`,
        data: {zone: zone.name, setting: drift.field, registry: drift.registry, system: drift.system},
      })
    }
    case 'vnic':
      return problemAt(zone, net && entryOrNode(net.node, 'vnic'), {
        code: 'zmgr::system::vnic-missing',
        message: `the VNIC ${JSON.stringify(drift.registry)} of zone ${name} does not exist on this host`,
        help: `the zone cannot boot with this net; create it (dladm create-vnic -l ${net?.over ?? 'LINK'} ${drift.registry}) or correct vnic=`,
      })
    case 'over':
      return problemAt(zone, net && entryOrNode(net.node, 'over'), {
        code: 'zmgr::system::link-differs',
        message: `the VNIC ${JSON.stringify(net?.vnic)} of zone ${name} is over ${JSON.stringify(drift.system)} on this host, but the registry says ${JSON.stringify(drift.registry)}`,
        help: `correct over= in the zone file, or recreate the VNIC over ${drift.registry} while the zone is halted (dladm delete-vnic ${net?.vnic}; dladm create-vnic -l ${drift.registry} ${net?.vnic})`,
        data: {zone: zone.name, vnic: net?.vnic ?? null, registry: drift.registry, system: drift.system},
      })
    case 'net':
      if (drift.registry === null) {
        const live = config?.nets.find((candidate) => candidate.physical === drift.net)
        const address = live?.allowedAddress ?? live?.address
        return problemAt(zone, itemNode(zone, 'zone'), {
          code: 'zmgr::system::net-unrecorded',
          message: `zone ${name} has a net on ${JSON.stringify(drift.net)}${address ? ` (${address})` : ''} that its zone file does not record`,
          help: `its address is invisible to the IPAM ledger: add the net to zones/${zone.name}.kdl, or remove it (zonecfg -z ${zone.name} "remove net physical=${drift.net}")`,
          data: {zone: zone.name, physical: drift.net},
        })
      }
      return problemAt(zone, net?.node, {
        code: 'zmgr::system::net-missing',
        message: `zone ${name} has no net on ${JSON.stringify(drift.registry)} in its zonecfg, but the registry records net ${JSON.stringify(drift.net)}${net?.address ? ` with ${net.address}` : ''}`,
        help: `add the net back (zonecfg -z ${zone.name}) or remove it from zones/${zone.name}.kdl`,
        data: {zone: zone.name, net: drift.net, link: drift.registry},
      })
    case 'address':
      return problemAt(zone, net && entryOrNode(net.node, drift.registry === net.address6 ? 'address6' : 'address'), {
        code: 'zmgr::system::address-differs',
        message: `zone ${name} has ${drift.system ?? 'no address'} on ${JSON.stringify(net?.vnic ?? net?.over)} in its zonecfg, but the registry says ${drift.registry}`,
        help:
          zone.held === undefined
            ? `the registry is the IPAM ledger: correct the zone file or the zone's configuration (zonecfg -z ${zone.name}) so they agree`
            : `zone ${zone.name} is held (${zone.held}): run \`zmgr import ${zone.name}\` to record its current addresses`,
        data: {zone: zone.name, net: drift.net, registry: drift.registry, system: drift.system},
      })
    case 'gateway':
      return problemAt(zone, net && entryOrNode(net.node, 'gateway'), {
        code: 'zmgr::system::gateway-differs',
        severity: 'warning',
        message: `zone ${name} routes net ${JSON.stringify(drift.net)} through ${drift.system} in its zonecfg, but the registry says ${drift.registry}`,
        help: `correct gateway= in the zone file, or the zone's defrouter (zonecfg -z ${zone.name})`,
        data: {zone: zone.name, net: drift.net, registry: drift.registry, system: drift.system},
      })
  }
}

/** The addresses a VM brand's zone carries in zonecfg: allowed-address on exclusive-IP nets (CONTRACT §4.1), address on shared ones. */
function vmAddresses(config: ZoneConfig | undefined): string[] {
  return (config?.nets ?? []).flatMap((net) =>
    [config!.ipType === 'exclusive' ? net.allowedAddress : net.address].filter((a): a is string => a !== undefined),
  )
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
      const config = system.configs.get(zone.name)
      for (const drift of zoneDrift(zone, onHost.get(zone.name), config, vnics))
        out.push(driftProblem(zone, drift, config))
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
