import {inputError, operationError, ZmgrError} from '../errors.js'
import type {LockOptions} from '../fs/lock.js'
import type {Pool} from '../registry/pool.js'
import {formatZoneRecord, type Registry, type ZoneRecord} from '../registry/registry.js'
import {zoneKind} from '../registry/zone.js'
import {
  contains,
  type Family,
  familyName,
  formatIp,
  formatNetwork,
  type IpAddress,
  parseHostAddress,
  withPrefix,
} from './address.js'
import {Ledger, nextFree} from './ledger.js'
import {poolProblems} from './problems.js'
import {PoolSpace} from './space.js'

export interface AddressRequest {
  net: string
  pool: string
  /** Explicit, e.g. from --address NET=IP; must be in the pool and free. */
  address?: string
}

export interface Allocation {
  net: string
  pool: string
  /** Plain, canonical. */
  address: string
  /** With the pool's prefix, e.g. "192.0.2.100/24". */
  cidr: string
  gateway?: string
  vlan?: number
  family: Family
}

/** The registry lock that serialises every change to the ledger and to pools. */
export const IPAM_LOCK = 'ipam'

function zoneExists(name: string, file: string): ZmgrError {
  return operationError('zmgr::zone::exists', `zone ${JSON.stringify(name)} is already registered (${file})`, {
    help: `choose another name, or remove the registered zone first (zmgr zones destroy ${name})`,
  })
}

/** A pool fit to allocate from: one with semantic errors would hand out wrong addresses. */
async function loadUsablePool(registry: Registry, name: string): Promise<Pool> {
  const pool = await registry.pool(name)
  const errors = poolProblems(pool).filter((d) => d.severity === 'error')
  if (errors.length > 0) throw ZmgrError.fromDiagnostics(errors)
  return pool
}

function describePool(pool: Pool): string {
  const spans = PoolSpace.of(pool).spans.map((s) =>
    s.first === s.last
      ? formatIp({family: pool.family, value: s.first})
      : `${formatIp({family: pool.family, value: s.first})}-${formatIp({family: pool.family, value: s.last})}`,
  )
  return spans.length > 4 ? `${spans.slice(0, 4).join(', ')}, ...` : spans.join(', ')
}

/** Check an explicitly requested address: in the pool, usable, free, asked once. */
function claimExplicit(pool: Pool, ledger: Ledger, request: AddressRequest, claimed: Set<bigint>): IpAddress {
  const text = request.address!
  const ip = parseHostAddress(text)
  if (!ip)
    throw inputError('zmgr::ipam::bad-address', `${JSON.stringify(text)} (net ${request.net}) is not an IP address`, {
      help: 'write it as NET=192.0.2.10 or NET=2001:db8::10',
    })
  const where = `pool ${JSON.stringify(pool.name)} (${formatNetwork(pool.network)})`
  if (ip.family !== pool.family)
    throw inputError(
      'zmgr::ipam::address-outside-pool',
      `${text} is ${familyName(ip.family)} but net ${request.net} takes its address from ${where}, which is ${familyName(pool.family)}`,
      {help: `ask for a ${familyName(pool.family)} address of ${formatNetwork(pool.network)}`},
    )
  if (ip.prefix !== undefined && ip.prefix !== pool.network.prefix)
    throw inputError(
      'zmgr::ipam::prefix-mismatch',
      `${text} has prefix length /${ip.prefix} but ${where} is a /${pool.network.prefix}`,
      {help: "leave the prefix length out: zmgr uses the pool's"},
    )
  const space = PoolSpace.of(pool)
  const reserved = pool.reserve.some((r) => r.family === ip.family && r.value === ip.value)
  if (!space.contains(ip.value) && !(reserved && contains(pool.network, ip)))
    throw inputError('zmgr::ipam::address-outside-pool', `${formatIp(ip)} is not an address of ${where}`, {
      help: `the pool hands out ${describePool(pool)}`,
    })
  if (space.unusable.has(ip.value))
    throw inputError(
      'zmgr::ipam::address-unusable',
      `${formatIp(ip)} is the ${pool.gateway?.value === ip.value ? 'gateway' : 'network or broadcast address'} of ${where}`,
      {help: 'choose another address, or leave it out to take the next free one'},
    )
  const holder = ledger.holderOf(ip)
  if (holder) {
    const next = nextFree(pool, ledger, claimed)
    throw operationError(
      'zmgr::ipam::address-taken',
      `${formatIp(ip)} is held by zone ${JSON.stringify(holder.zone)} (net ${holder.net})`,
      {
        help: next
          ? `choose another address, or leave it out to take the next free one (${formatIp(next)})`
          : `choose another address; pool ${JSON.stringify(pool.name)} has no free address left`,
        data: {address: formatIp(ip), zone: holder.zone, net: holder.net},
      },
    )
  }
  if (claimed.has(ip.value))
    throw inputError('zmgr::ipam::address-twice', `${formatIp(ip)} is asked for by two nets`, {
      help: 'give each net its own address',
    })
  return ip
}

/** `claimed`: addresses this zone's other nets already took from the pool. */
function exhausted(pool: Pool, ledger: Ledger, claimed: number): ZmgrError {
  const usage = ledger.usage(pool)
  const widen =
    pool.mode === 'list'
      ? `zmgr pools edit ${pool.name} --add-address IP`
      : `zmgr pools edit ${pool.name} --add-range FIRST-LAST`
  const others = claimed > 0 ? `, and this zone's other nets take ${claimed} more` : ''
  return operationError(
    'zmgr::pool::exhausted',
    `pool ${JSON.stringify(pool.name)} has no free address (${usage.used} of ${usage.sizeExact} in use, ${usage.percent}%${others})`,
    {
      help: `widen it (\`${widen}\`, or edit ${pool.location.file}), or release an address by destroying a zone that holds one`,
      location: pool.ranges.at(-1)?.location ?? pool.addresses.at(-1)?.location ?? pool.location,
      data: {pool: pool.name, used: String(usage.used), size: usage.sizeExact.toString()},
    },
  )
}

/**
 * Allocate one address per request, pure: explicit addresses are claimed
 * first, so an automatic pick never takes an address another net of the
 * same zone asked for; then each automatic request takes the lowest free
 * address, in request order. Same ledger, same answer.
 */
export function allocateAddresses(
  pools: ReadonlyMap<string, Pool>,
  ledger: Ledger,
  requests: AddressRequest[],
): Allocation[] {
  const claimed: Record<Family, Set<bigint>> = {4: new Set(), 6: new Set()}
  const picked = new Map<AddressRequest, IpAddress>()
  for (const request of requests.filter((r) => r.address !== undefined)) {
    const pool = pools.get(request.pool)!
    const ip = claimExplicit(pool, ledger, request, claimed[pool.family])
    claimed[pool.family].add(ip.value)
    picked.set(request, ip)
  }
  for (const request of requests.filter((r) => r.address === undefined)) {
    const pool = pools.get(request.pool)!
    const ip = nextFree(pool, ledger, claimed[pool.family])
    if (!ip)
      throw exhausted(
        pool,
        ledger,
        [...claimed[pool.family]].filter((value) => PoolSpace.of(pool).isAllocatable(value)).length,
      )
    claimed[pool.family].add(ip.value)
    picked.set(request, ip)
  }
  return requests.map((request) => {
    const pool = pools.get(request.pool)!
    const ip = picked.get(request)!
    return {
      net: request.net,
      pool: pool.name,
      address: formatIp(ip),
      cidr: withPrefix(ip, pool.network),
      ...(pool.gateway ? {gateway: formatIp(pool.gateway)} : {}),
      ...(pool.vlan === undefined ? {} : {vlan: pool.vlan}),
      family: pool.family,
    }
  })
}

/** Run under the ipam lock, except a dry run, which changes nothing and so needs none. */
export async function withIpamLock<T>(
  registry: Registry,
  dryRun: boolean | undefined,
  fn: () => Promise<T>,
  lock: LockOptions = {},
): Promise<T> {
  await registry.requireRoot() // before the lock, which would otherwise create the root
  return dryRun ? fn() : registry.withLock(IPAM_LOCK, fn, lock)
}

export interface AllocateOptions {
  dryRun?: boolean
  /** A dry run may reuse a ledger its caller has loaded (the plan of `zones create`); a real one always reads it under the lock. */
  ledger?: Ledger
  /** How the lock waits (e.g. a pipeline step reports a long wait in its own output). */
  lock?: LockOptions
}

/**
 * Under the registry's ipam lock: load the ledger, allocate one address per
 * request (lowest free, honouring explicit ones), then write the zone file
 * built by `record(allocations)` with registry.createZone (fails with
 * zmgr::zone::exists if the file exists). With dryRun, compute the same
 * allocations and write nothing.
 */
export async function allocateAndRecord(
  registry: Registry,
  requests: AddressRequest[],
  record: (allocations: Allocation[], ledger: Ledger) => ZoneRecord,
  options: AllocateOptions = {},
): Promise<{allocations: Allocation[]; file: string}> {
  return withIpamLock(
    registry,
    options.dryRun,
    async () => {
      const names = [...new Set(requests.map((r) => r.pool))]
      const pools = new Map(
        await Promise.all(names.map(async (name) => [name, await loadUsablePool(registry, name)] as const)),
      )
      const ledger = (options.dryRun && options.ledger) || (await Ledger.load(registry))
      ledger.requireComplete()
      const allocations = allocateAddresses(pools, ledger, requests)
      const zone = record(allocations, ledger)
      const file = registry.fileOf(zoneKind, zone.name)
      const written = options.dryRun ? !(await registry.has(zoneKind, zone.name)) : await registry.createZone(zone)
      if (!written) throw zoneExists(zone.name, file)
      return {allocations, file}
    },
    options.lock,
  )
}

/**
 * Under the same lock: write (or with `replace`, rewrite) a zone file whose
 * addresses are given, as `import` does, refusing addresses another zone
 * file holds (zmgr::ipam::address-taken).
 */
export async function recordClaimed(
  registry: Registry,
  record: ZoneRecord,
  options: {dryRun?: boolean; replace?: boolean} = {},
): Promise<{file: string}> {
  return withIpamLock(registry, options.dryRun, async () => {
    const ledger = await Ledger.load(registry)
    ledger.requireComplete()
    const seen = new Map<string, string>()
    for (const net of record.nets) {
      if (net.address === undefined) continue
      const ip = parseHostAddress(net.address)
      if (!ip)
        throw inputError(
          'zmgr::ipam::bad-address',
          `${JSON.stringify(net.address)} (net ${net.name}) is not an IP address`,
          {help: 'write it as "192.0.2.100/24"'},
        )
      const key = `${ip.family}:${ip.value}`
      if (seen.has(key))
        throw inputError(
          'zmgr::ipam::address-twice',
          `${formatIp(ip)} is given to nets ${seen.get(key)} and ${net.name}`,
          {help: 'give each net its own address'},
        )
      seen.set(key, net.name)
      const holder = ledger.holderOf(ip)
      if (holder && holder.zone !== record.name) {
        throw operationError(
          'zmgr::ipam::address-taken',
          `${formatIp(ip)} (net ${net.name} of ${record.name}) is held by zone ${JSON.stringify(holder.zone)} (net ${holder.net})`,
          {
            help: `two zones cannot hold one address: change the address of one of them, or remove zones/${holder.zone}.kdl if that zone is gone`,
            data: {address: formatIp(ip), zone: holder.zone, net: holder.net},
          },
        )
      }
    }
    const file = registry.fileOf(zoneKind, record.name)
    if (options.replace) {
      if (!options.dryRun) await registry.writeFile(zoneKind, record.name, formatZoneRecord(record))
    } else if (!(options.dryRun ? !(await registry.has(zoneKind, record.name)) : await registry.createZone(record))) {
      throw zoneExists(record.name, file)
    }
    return {file}
  })
}

/**
 * The pool whose network contains an address (for import), or undefined.
 * When several do, the one whose ranges hold it wins, then the narrowest
 * network, then the name, so the answer never depends on file order.
 */
export function poolForAddress(pools: Pool[], address: string): Pool | undefined {
  const ip = parseHostAddress(address)
  if (!ip) return undefined
  const rank = (pool: Pool) => [PoolSpace.of(pool).contains(ip.value) ? 0 : 1, -pool.network.prefix] as const
  return pools
    .filter((pool) => contains(pool.network, ip))
    .sort((a, b) => {
      const [ra, rb] = [rank(a), rank(b)]
      return ra[0] - rb[0] || ra[1] - rb[1] || a.name.localeCompare(b.name)
    })[0]
}
