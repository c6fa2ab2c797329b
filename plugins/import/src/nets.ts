import {
  type Diagnostic,
  formatIp,
  parseHostAddress,
  type Pool,
  poolForAddress,
  type Vnic,
  type ZoneConfig,
  type ZonecfgNet,
} from 'zmgr'

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
  /** Dual stack: the IPv6 address of a second net resource on the same link (CONTRACT §3.6.1). */
  pool6?: string
  address6?: string
  gateway6?: string
  /** The net resource(s) it was read from: one, or two for a dual-stack net. */
  sources: ZonecfgNet[]
}

/** One address read from zonecfg, placed in a pool where one holds it. */
interface Placed {
  address?: string
  pool?: string
  unrecorded?: string
  family?: 4 | 6
}

function vlanOf(net: ZonecfgNet, vnic: Vnic | undefined): number | undefined {
  if (net.vlanId !== undefined && /^\d+$/.test(net.vlanId)) return Number(net.vlanId)
  return vnic && vnic.vid > 0 ? vnic.vid : undefined
}

/** Place one address: its pool, the pool's prefix length when it has none; warnings for what cannot be placed. */
function place(zone: string, label: string, text: string, pools: Pool[], warnings: Diagnostic[]): Placed {
  const ip = parseHostAddress(text)
  if (!ip) {
    warnings.push({
      code: 'zmgr::import::address-unparsed',
      severity: 'warning',
      message: `${zone}: ${label} has the address ${JSON.stringify(text)}, which is not an IP address`,
      help: 'it is kept under `zonecfg` in the zone file but not in the IPAM ledger; set an IP address in zonecfg to have zmgr track it',
      data: {zone, address: text},
    })
    return {unrecorded: text}
  }
  const pool = poolForAddress(pools, text)
  if (pool) {
    if (ip.prefix !== undefined && ip.prefix !== pool.network.prefix)
      warnings.push({
        code: 'zmgr::import::prefix-mismatch',
        severity: 'warning',
        message: `${zone}: ${text} is in pool ${pool.name} (${pool.networkText}) but has prefix length /${ip.prefix}`,
        help: "recorded as configured; check the zone's netmask",
        data: {zone, address: text, pool: pool.name},
      })
    return {
      pool: pool.name,
      address: ip.prefix === undefined ? `${formatIp(ip)}/${pool.network.prefix}` : text,
      family: ip.family,
    }
  }
  warnings.push({
    code: 'zmgr::import::no-pool',
    severity: 'warning',
    message: `${zone}: address ${text} is in no pool`,
    help:
      ip.prefix === undefined
        ? 'it has no prefix length, so it is kept under `zonecfg` in the zone file, outside the IPAM ledger; add a pool whose network holds it and import again'
        : 'recorded on the net without a pool, so the ledger still counts it as taken; add a pool whose network holds it if zmgr should manage the range',
    data: {zone, address: text},
  })
  return ip.prefix === undefined ? {unrecorded: text} : {address: text, family: ip.family}
}

/** The lx brand's own address list (`property (name=ips,value="a/p,b/p")`), used when there is no allowed-address (CONTRACT §3.6.1). */
function lxProperty(net: ZonecfgNet, name: string): string | undefined {
  return net.properties.find((p) => p.name === name)?.value
}

/**
 * Read every net of a zone: link names from zonecfg (and dladm for the lower
 * link of a VNIC), the address matched to the pool whose network holds it.
 * Exclusive-IP addresses come from allowed-address, or for lx from the `ips`
 * property (a list: each address is claimed). Two net resources on one link,
 * one IPv4 and one IPv6 (how illumos writes dual stack), become one net.
 * Addresses zmgr cannot place are reported, never dropped.
 */
export function readNets(
  zone: string,
  config: ZoneConfig,
  pools: Pool[],
  vnics: ReadonlyMap<string, Vnic>,
): {nets: ImportedNet[]; warnings: Diagnostic[]} {
  const warnings: Diagnostic[] = []
  const exclusive = config.ipType === 'exclusive'
  const nets = config.nets.flatMap((source, index): ImportedNet[] => {
    const vnic = exclusive && source.physical ? vnics.get(source.physical) : undefined
    const onDemandOver = source.globalNic && source.globalNic !== 'auto' ? source.globalNic : undefined
    const net: ImportedNet = {
      vnic: exclusive ? source.physical : undefined,
      over: exclusive ? (onDemandOver ?? vnic?.over) : source.physical,
      gateway: source.defrouter,
      vlan: vlanOf(source, vnic),
      globalNic: source.globalNic,
      macAddr: source.macAddr,
      sources: [source],
    }
    const label = `net ${index} (${source.physical ?? 'no physical'})`
    const ips = exclusive && source.allowedAddress === undefined ? lxProperty(source, 'ips') : undefined
    if (exclusive && source.allowedAddress === undefined) {
      warnings.push({
        code: 'zmgr::import::no-allowed-address',
        severity: 'warning',
        message:
          ips === undefined
            ? `${zone}: ${label} has no allowed-address: the address is set inside the zone, invisible to zmgr and not protected`
            : `${zone}: ${label} has no allowed-address, only the lx ips property (${ips}): recorded, but the link does not pin the zone to it`,
        help: `set one with \`zonecfg -z ${zone} "select net physical=${source.physical ?? 'LINK'}; set allowed-address=ADDRESS/PREFIX; end"\`${ips === undefined ? ', then import again, so IPAM never hands the address out' : ''}`,
        data: {zone, physical: source.physical ?? null},
      })
    }
    if (ips !== undefined) return lxNets(zone, label, net, ips, lxProperty(source, 'gateway'), pools, warnings)
    const text = exclusive ? source.allowedAddress : source.address
    if (text === undefined) return [net]
    const placed = place(zone, label, text, pools, warnings)
    return [{...net, pool: placed.pool, address: placed.address, unrecorded: placed.unrecorded}]
  })
  return {nets: mergeDualStack(nets), warnings}
}

/**
 * An lx net's `ips` list: the first address of each family goes on the net
 * (the IPv6 one as its dual-stack address), each further one on a net of its
 * own with no link (the link is the first net's; a VNIC belongs to one net),
 * so every address is held. `gateway` stands in for
 * defrouter on the net's first address.
 */
function lxNets(
  zone: string,
  label: string,
  net: ImportedNet,
  ips: string,
  gateway: string | undefined,
  pools: Pool[],
  warnings: Diagnostic[],
): ImportedNet[] {
  const [head, ...rest] = ips
    .split(',')
    .map((text) => text.trim())
    .filter(Boolean)
    .map((text) => place(zone, label, text, pools, warnings))
  const first: ImportedNet = {...net, pool: head?.pool, address: head?.address, unrecorded: head?.unrecorded}
  const out = [first]
  for (const more of rest) {
    if (more.family === 6 && head?.family === 4 && first.address6 === undefined)
      Object.assign(first, {pool6: more.pool, address6: more.address})
    else out.push({pool: more.pool, address: more.address, unrecorded: more.unrecorded, sources: []})
  }
  if (first.gateway === undefined && gateway !== undefined) {
    if (parseHostAddress(gateway)?.family === 6 && first.address6 !== undefined) first.gateway6 = gateway
    else first.gateway = gateway
  }
  return out
}

function familyOf(net: ImportedNet): 4 | 6 | undefined {
  return net.address === undefined ? undefined : parseHostAddress(net.address)?.family
}

/** A single-resource net with one recorded address can take the other family's resource on its link. */
function mergeable(net: ImportedNet): boolean {
  return (
    net.sources.length === 1 &&
    net.address6 === undefined &&
    net.unrecorded === undefined &&
    familyOf(net) !== undefined
  )
}

/** Pair an IPv4 net and an IPv6 net on the same link (the two resources of a dual-stack link) into one net. */
function mergeDualStack(nets: ImportedNet[]): ImportedNet[] {
  const out: ImportedNet[] = []
  for (const net of nets) {
    const link = net.vnic ?? net.over
    const partner =
      link !== undefined && mergeable(net)
        ? out.find(
            (other) => mergeable(other) && (other.vnic ?? other.over) === link && familyOf(other) !== familyOf(net),
          )
        : undefined
    if (!partner) {
      out.push(net)
      continue
    }
    const [v4, v6] = familyOf(partner) === 4 ? [partner, net] : [net, partner]
    Object.assign(partner, {
      pool: v4.pool,
      address: v4.address,
      gateway: v4.gateway,
      pool6: v6.pool,
      address6: v6.address,
      gateway6: v6.gateway,
      sources: [...partner.sources, ...net.sources],
    })
  }
  return out
}
