import {type Diagnostic, formatIp, parseHostAddress, type Pool, poolForAddress, type Vnic, type ZoneConfig, type ZonecfgNet} from 'zmgr'

/** One net of a zone being imported, before it gets its zmgr name. */
export interface ImportedNet {
  /** Exclusive IP: the link the zone owns (zonecfg `physical`). */
  vnic?: string
  /** The global-zone link: lower link of the VNIC, the on-demand `global-nic`, or (shared IP) `physical`. */
  over?: string
  pool?: string
  /** With a prefix length, ready for the zone file's ledger; undefined when there is none to record. */
  address?: string
  /** The address as zonecfg holds it, when it cannot be recorded on the net (host name, no prefix and no pool). */
  unrecorded?: string
  gateway?: string
  vlan?: number
  globalNic?: string
  macAddr?: string
  source: ZonecfgNet
}

function vlanOf(net: ZonecfgNet, vnic: Vnic | undefined): number | undefined {
  if (net.vlanId !== undefined && /^\d+$/.test(net.vlanId)) return Number(net.vlanId)
  return vnic && vnic.vid > 0 ? vnic.vid : undefined
}

/**
 * Read every net of a zone: link names from zonecfg (and dladm for the lower
 * link of a VNIC), the address matched to the pool whose network holds it.
 * Addresses zmgr cannot place are reported, never dropped.
 */
export function readNets(zone: string, config: ZoneConfig, pools: Pool[], vnics: ReadonlyMap<string, Vnic>): {nets: ImportedNet[]; warnings: Diagnostic[]} {
  const warnings: Diagnostic[] = []
  const nets = config.nets.map((source, index) => {
    const exclusive = config.ipType === 'exclusive'
    const vnic = exclusive && source.physical ? vnics.get(source.physical) : undefined
    const onDemandOver = source.globalNic && source.globalNic !== 'auto' ? source.globalNic : undefined
    const net: ImportedNet = {
      vnic: exclusive ? source.physical : undefined,
      over: exclusive ? (onDemandOver ?? vnic?.over) : source.physical,
      gateway: source.defrouter,
      vlan: vlanOf(source, vnic),
      globalNic: source.globalNic,
      macAddr: source.macAddr,
      source,
    }
    const text = exclusive ? source.allowedAddress : source.address
    if (text === undefined) return net
    const ip = parseHostAddress(text)
    const pool = ip && poolForAddress(pools, text)
    const label = `net ${index} (${source.physical ?? 'no physical'})`
    if (!ip) {
      net.unrecorded = text
      warnings.push({code: 'zmgr::import::address-unparsed', severity: 'warning', message: `${zone}: ${label} has the address ${JSON.stringify(text)}, which is not an IP address`, help: 'it is kept under `zonecfg` in the zone file but not in the IPAM ledger; set an IP address in zonecfg to have zmgr track it', data: {zone, address: text}})
      return net
    }
    if (pool) {
      net.pool = pool.name
      net.address = ip.prefix === undefined ? `${formatIp(ip)}/${pool.network.prefix}` : text
      if (ip.prefix !== undefined && ip.prefix !== pool.network.prefix) warnings.push({code: 'zmgr::import::prefix-mismatch', severity: 'warning', message: `${zone}: ${text} is in pool ${pool.name} (${pool.networkText}) but has prefix length /${ip.prefix}`, help: 'recorded as configured; check the zone\'s netmask', data: {zone, address: text, pool: pool.name}})
      return net
    }
    warnings.push({code: 'zmgr::import::no-pool', severity: 'warning', message: `${zone}: address ${text} is in no pool`, help: ip.prefix === undefined ? 'it has no prefix length, so it is kept under `zonecfg` in the zone file, outside the IPAM ledger; add a pool whose network holds it and import again' : 'recorded on the net without a pool, so the ledger still counts it as taken; add a pool whose network holds it if zmgr should manage the range', data: {zone, address: text}})
    if (ip.prefix === undefined) net.unrecorded = text
    else net.address = text
    return net
  })
  return {nets, warnings}
}
