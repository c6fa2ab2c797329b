import type {Pool} from '../registry/pool.js'
import {formatIp, formatNetwork} from './address.js'
import type {PoolUsage} from './ledger.js'

/** A pool as plain data, addresses canonical: what `pools show --json` prints and hooks receive. */
export function poolToJson(pool: Pool) {
  return {
    name: pool.name,
    family: pool.family,
    network: formatNetwork(pool.network),
    mode: pool.mode,
    gateway: pool.gateway ? formatIp(pool.gateway) : null,
    ranges: pool.ranges.map((range) => ({first: formatIp(range.first), last: formatIp(range.last)})),
    addresses: pool.addresses.map(formatIp),
    reserve: pool.reserve.map(formatIp),
    vlan: pool.vlan ?? null,
    dns: pool.dns ? {domain: pool.dns.domain ?? null, resolvers: pool.dns.resolvers, search: pool.dns.search} : null,
  }
}

/** `pools list` marks pools above this share of addresses in use (the seed's "high utilisation"). */
export const NEARLY_FULL_PERCENT = 90

/** Usage as plain data; address counts may exceed 2^53 (IPv6), so all of them are decimal strings, everywhere. */
export function poolUsageToJson(usage: PoolUsage) {
  return {
    used: String(usage.used),
    size: usage.sizeExact.toString(),
    free: (usage.sizeExact - BigInt(usage.used)).toString(),
    percent: usage.percent,
    nearlyFull: usage.percent > NEARLY_FULL_PERCENT,
  }
}
