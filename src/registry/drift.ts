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
  /** What differs: zone, brand, zonepath, autoboot, ip-type, net, address, gateway. */
  field: 'zone' | 'brand' | 'zonepath' | 'autoboot' | 'ip-type' | 'net' | 'address' | 'gateway'
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
  return x.family === y.family && x.value === y.value && (x.prefix === undefined || y.prefix === undefined || x.prefix === y.prefix)
}

/** The link a registry net is configured on in zonecfg (`physical`): its VNIC, or the interface for shared IP. */
const linkOf = (net: ZoneNet) => net.vnic ?? net.over

function netDrift(zone: ZoneEntry, net: ZoneNet, live: ZonecfgNet | undefined): Drift[] {
  const link = linkOf(net)
  if (!live) return [{field: 'net', net: net.name, registry: link ?? net.name, system: null}]
  const out: Drift[] = []
  const liveAddress = (zone.ipType === 'exclusive' ? live.allowedAddress : live.address) ?? null
  if (net.address !== undefined && (liveAddress === null || !sameAddress(net.address, liveAddress)))
    out.push({field: 'address', net: net.name, registry: net.address, system: liveAddress})
  // An exclusive-IP zone sets its own default route when zonecfg has none, so only a different defrouter is drift.
  if (net.gateway !== undefined && live.defrouter !== undefined && !sameAddress(net.gateway, live.defrouter))
    out.push({field: 'gateway', net: net.name, registry: net.gateway, system: live.defrouter})
  return out
}

/**
 * Compares a registered zone with what the host has: `zoneadm list -cp` (system)
 * and `zonecfg -z NAME info` (config). A zone the host lacks is one `zone` drift.
 */
export function zoneDrift(zone: ZoneEntry, system: SystemZone | undefined, config: ZoneConfig | undefined): Drift[] {
  if (!system) return [{field: 'zone', net: null, registry: zone.name, system: null}]
  const out: Drift[] = []
  const compare = (field: Drift['field'], registry: string | undefined, live: string | undefined) => {
    if (registry && live !== undefined && registry !== live) out.push({field, net: null, registry, system: live})
  }
  compare('brand', zone.brand, system.brand)
  compare('zonepath', zone.zonepath, system.zonepath)
  compare('ip-type', zone.ipType, system.ipType)
  if (config) {
    compare('autoboot', String(zone.autoboot), String(config.autoboot))
    const claimed = new Set<ZonecfgNet>()
    for (const net of zone.nets) {
      const live = config.nets.find((candidate) => candidate.physical !== undefined && candidate.physical === linkOf(net))
      if (live) claimed.add(live)
      out.push(...netDrift(zone, net, live))
    }
    for (const live of config.nets)
      if (!claimed.has(live)) out.push({field: 'net', net: live.physical ?? null, registry: null, system: live.physical ?? live.allowedAddress ?? live.address ?? null})
  }
  return out
}

/** One line per drift, for people: "address of net public: registry 192.0.2.100/24, system 192.0.2.101/24". */
export function describeDrift(drift: Drift): string {
  const subject = drift.field === 'zone' ? 'zone' : drift.field === 'net' ? `net ${drift.net ?? ''}`.trim() : drift.net ? `${drift.field} of net ${drift.net}` : drift.field
  if (drift.field === 'zone') return 'zone: registered, but not on this system'
  if (drift.field === 'net') return drift.system === null ? `${subject}: in the registry only` : `${subject}: on the system only`
  return `${subject}: registry ${drift.registry ?? '(none)'}, system ${drift.system ?? '(none)'}`
}
