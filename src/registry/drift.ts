/**
 * Drift: where a registered zone and the host disagree. One comparison for
 * `zones show` and `zmgr doctor` (and any plugin): the registry is the IPAM
 * ledger, so an address that differs here is an address zmgr may hand out twice.
 */
import type {SystemZone} from '../illumos/zoneadm.js'
import type {ZoneConfig, ZonecfgNet} from '../illumos/zonecfg.js'
import {parseHostAddress} from '../ipam/address.js'
import type {ZoneEntry, ZoneNet} from './zone.js'

export interface Drift {
  /**
   * What differs: zone, brand, zonepath, autoboot, ip-type, net, address
   * (IPv4 or IPv6), gateway; with the host's VNICs given, also vnic (missing)
   * and over (the VNIC is over another link).
   */
  field: 'zone' | 'brand' | 'zonepath' | 'autoboot' | 'ip-type' | 'net' | 'address' | 'gateway' | 'vnic' | 'over'
  /** The net (by its registry name, or by its link when only the host has it). */
  net: string | null
  /** The registry's value; null when the registry has none. */
  registry: string | null
  /** The host's value; null when the host has none. */
  system: string | null
}

/** Same address, and the same prefix length where both give one. */
function sameAddress(a: string, b: string): boolean {
  const x = parseHostAddress(a)
  const y = parseHostAddress(b)
  if (!x || !y) return a === b
  return (
    x.family === y.family &&
    x.value === y.value &&
    (x.prefix === undefined || y.prefix === undefined || x.prefix === y.prefix)
  )
}

/** The link a registry net is configured on in zonecfg (`physical`): its VNIC, or the interface for shared IP. */
const linkOf = (net: ZoneNet) => net.vnic ?? net.over

/** A net resource's addresses: shared IP `address`; exclusive IP `allowed-address`, else the lx `ips` list (CONTRACT §3.6.1). */
function liveAddresses(net: ZonecfgNet, ipType: ZoneEntry['ipType']): string[] {
  if (ipType !== 'exclusive') return net.address === undefined ? [] : [net.address]
  if (net.allowedAddress !== undefined) return [net.allowedAddress]
  const ips = net.properties.find((p) => p.name === 'ips')?.value
  return ips === undefined
    ? []
    : ips
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean)
}

/** The VNIC itself, when the host's VNICs are known: on-demand VNICs (global-nic) exist only while the zone runs. */
function vnicDrift(net: ZoneNet, vnics: ReadonlyMap<string, string>): Drift[] {
  if (net.vnic === undefined || net.globalNic !== undefined) return []
  const over = vnics.get(net.vnic)
  if (over === undefined) return [{field: 'vnic', net: net.name, registry: net.vnic, system: null}]
  return net.over !== undefined && over !== net.over
    ? [{field: 'over', net: net.name, registry: net.over, system: over}]
    : []
}

/** One registry net against the zonecfg net resources on its link (a dual-stack link is two resources, one per family). */
function netDrift(zone: ZoneEntry, net: ZoneNet, onLink: ZonecfgNet[]): Drift[] {
  if (onLink.length === 0) return [{field: 'net', net: net.name, registry: linkOf(net) ?? net.name, system: null}]
  const out: Drift[] = []
  const addresses = onLink.flatMap((live) => liveAddresses(live, zone.ipType))
  for (const address of [net.address, net.address6]) {
    if (address === undefined) continue
    const family = parseHostAddress(address)?.family
    const live = addresses.find((candidate) => parseHostAddress(candidate)?.family === family) ?? addresses[0]
    if (live === undefined || !sameAddress(address, live))
      out.push({field: 'address', net: net.name, registry: address, system: live ?? null})
  }
  // An exclusive-IP zone sets its own default route when zonecfg has none, so only a different defrouter is drift.
  const defrouter = onLink.find((live) => live.defrouter !== undefined)?.defrouter
  if (net.gateway !== undefined && defrouter !== undefined && !sameAddress(net.gateway, defrouter))
    out.push({field: 'gateway', net: net.name, registry: net.gateway, system: defrouter})
  return out
}

/**
 * Compares a registered zone with what the host has: `zoneadm list -cp`
 * (system), `zonecfg -z NAME info` (config) and, when given, `dladm
 * show-vnic` as a map of VNIC to the link it is over. A zone the host lacks
 * is one `zone` drift. The one comparison behind `zones show`, `validate
 * --system` and `doctor`.
 */
export function zoneDrift(
  zone: ZoneEntry,
  system: SystemZone | undefined,
  config: ZoneConfig | undefined,
  vnics?: ReadonlyMap<string, string>,
): Drift[] {
  if (!system) return [{field: 'zone', net: null, registry: zone.name, system: null}]
  const out: Drift[] = []
  const compare = (field: Drift['field'], registry: string | undefined, live: string | undefined) => {
    if (registry && live !== undefined && registry !== live) out.push({field, net: null, registry, system: live})
  }
  compare('brand', zone.brand, system.brand)
  compare('zonepath', zone.zonepath, system.zonepath)
  compare('ip-type', zone.ipType, system.ipType)
  if (config) compare('autoboot', String(zone.autoboot), String(config.autoboot))
  for (const net of zone.nets) {
    if (vnics) out.push(...vnicDrift(net, vnics))
    const link = linkOf(net)
    if (config && link !== undefined)
      out.push(
        ...netDrift(
          zone,
          net,
          config.nets.filter((live) => live.physical === link),
        ),
      )
  }
  if (config) {
    const recorded = new Set(zone.nets.map(linkOf))
    for (const live of config.nets)
      if (live.physical === undefined || !recorded.has(live.physical))
        out.push({
          field: 'net',
          net: live.physical ?? null,
          registry: null,
          system: live.physical ?? live.allowedAddress ?? live.address ?? null,
        })
  }
  return out
}

/** One line per drift, for people: "address of net public: registry 192.0.2.100/24, system 192.0.2.101/24". */
export function describeDrift(drift: Drift): string {
  const subject =
    drift.field === 'zone'
      ? 'zone'
      : drift.field === 'net'
        ? `net ${drift.net ?? ''}`.trim()
        : drift.net
          ? `${drift.field} of net ${drift.net}`
          : drift.field
  if (drift.field === 'zone') return 'zone: registered, but not on this system'
  if (drift.field === 'net')
    return drift.system === null ? `${subject}: in the registry only` : `${subject}: on the system only`
  if (drift.field === 'vnic') return `VNIC ${drift.registry} of net ${drift.net}: not on this system`
  return `${subject}: registry ${drift.registry ?? '(none)'}, system ${drift.system ?? '(none)'}`
}
