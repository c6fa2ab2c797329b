import type {Diagnostic, Severity, SourceLocation} from '../errors.js'
import type {Pool, PoolAddress} from '../registry/pool.js'
import {contains, familyName, formatIp, formatNetwork} from './address.js'
import {PoolSpace, type Span} from './space.js'

function problem(
  code: string,
  message: string,
  location: SourceLocation | undefined,
  help: string,
  severity: Severity = 'error',
): Diagnostic {
  return {code, severity, message, help, location}
}

/** An address that must lie in the pool's network: reports a family mismatch or an address outside it. */
function outsideNetwork(
  pool: Pool,
  address: PoolAddress,
  what: string,
  code: string,
  help: string,
  severity: Severity = 'error',
): Diagnostic | undefined {
  const network = formatNetwork(pool.network)
  if (address.family !== pool.family) {
    return problem(
      'zmgr::pool::family-mismatch',
      `${what} ${address.text} is ${familyName(address.family)} but pool ${JSON.stringify(pool.name)} is ${familyName(pool.family)} (${network})`,
      address.location,
      `a pool holds one family; put ${familyName(address.family)} addresses in a pool of their own (a dual-stack template names one pool per family)`,
    )
  }
  if (!contains(pool.network, address))
    return problem(
      code,
      `${what} ${address.text} is outside the pool's network ${network}`,
      address.location,
      help,
      severity,
    )
  return undefined
}

/**
 * The semantic problems of one pool, each located at the offending entry:
 * addresses of the other family, ranges and gateway outside the network,
 * reversed or overlapping ranges, repeated addresses, a pool with nothing to
 * hand out. Pure, so `validate` and allocation report the same things.
 */
export function poolProblems(pool: Pool): Diagnostic[] {
  const found: Array<Diagnostic | undefined> = []
  const network = formatNetwork(pool.network)
  if (pool.gateway)
    found.push(
      outsideNetwork(
        pool,
        pool.gateway,
        'gateway',
        'zmgr::pool::gateway-outside',
        `the gateway must be an address of ${network}; fix it or the network`,
      ),
    )
  const spans: Array<Span & {location: SourceLocation}> = []
  for (const range of pool.ranges) {
    const ends = [
      outsideNetwork(
        pool,
        range.first,
        'range start',
        'zmgr::pool::range-outside',
        `keep the range inside ${network}, or widen the network`,
      ),
      outsideNetwork(
        pool,
        range.last,
        'range end',
        'zmgr::pool::range-outside',
        `keep the range inside ${network}, or widen the network`,
      ),
    ]
    found.push(...ends)
    if (ends.some(Boolean)) continue
    if (range.first.value > range.last.value) {
      found.push(
        problem(
          'zmgr::pool::range-reversed',
          `range ${range.first.text} - ${range.last.text} ends before it starts`,
          range.location,
          `write the lower address first: range "${range.last.text}" "${range.first.text}"`,
        ),
      )
      continue
    }
    const clash = spans.find((span) => range.first.value <= span.last && span.first <= range.last.value)
    if (clash)
      found.push(
        problem(
          'zmgr::pool::range-overlap',
          `range ${range.first.text} - ${range.last.text} overlaps the range on line ${clash.location.line}`,
          range.location,
          'ranges of a pool must not overlap: merge them into one range',
        ),
      )
    spans.push({first: range.first.value, last: range.last.value, location: range.location})
  }
  const listed = new Map<bigint, PoolAddress>()
  for (const address of pool.addresses) {
    const outside = outsideNetwork(
      pool,
      address,
      'address',
      'zmgr::pool::address-outside',
      `list only addresses of ${network}`,
    )
    if (outside) found.push(outside)
    else if (listed.has(address.value))
      found.push(
        problem(
          'zmgr::pool::duplicate-address',
          `address ${address.text} is listed twice`,
          address.location,
          `remove one of them (the first is on line ${listed.get(address.value)!.location.line})`,
          'warning',
        ),
      )
    else listed.set(address.value, address)
  }
  for (const address of pool.reserve)
    found.push(
      outsideNetwork(
        pool,
        address,
        'reserved address',
        'zmgr::pool::reserve-outside',
        `a reserved address outside ${network} has no effect; remove it`,
        'warning',
      ),
    )
  const space = PoolSpace.of(pool)
  for (const address of pool.addresses) {
    if (listed.get(address.value) === address && space.unusable.has(address.value)) {
      found.push(
        problem(
          'zmgr::pool::address-unusable',
          `address ${address.text} is the ${pool.gateway?.value === address.value ? 'gateway' : 'network or broadcast address'}`,
          address.location,
          'it is never handed out; remove it from the list',
          'warning',
        ),
      )
    }
  }
  const errors = found.filter((d): d is Diagnostic => d !== undefined)
  if (!errors.some((d) => d.severity === 'error') && space.size === 0n) {
    errors.push(
      problem(
        'zmgr::pool::no-usable-address',
        `pool ${JSON.stringify(pool.name)} has no address to hand out`,
        pool.location,
        'every address in it is the gateway, reserved, or the network or broadcast address; add a range or addresses',
        'warning',
      ),
    )
  }
  return errors
}

/**
 * Problems between pools: two pools whose ranges share addresses (error: the
 * same address would count in both) and networks that overlap without being
 * the same network (warning: zones would get different prefix lengths for
 * one subnet). Two pools may split one network into disjoint ranges.
 */
export function crossPoolProblems(pools: Pool[]): Diagnostic[] {
  const found: Diagnostic[] = []
  const sorted = [...pools].sort((a, b) => a.name.localeCompare(b.name))
  for (const [i, a] of sorted.entries()) {
    for (const b of sorted.slice(i + 1)) {
      if (a.family !== b.family || a.network.last < b.network.first || b.network.last < a.network.first) continue
      const shared = firstShared(PoolSpace.of(a).spans, PoolSpace.of(b).spans)
      if (shared !== undefined) {
        found.push(
          problem(
            'zmgr::pool::pools-overlap',
            `pools ${JSON.stringify(a.name)} and ${JSON.stringify(b.name)} both hand out ${formatIp({family: a.family, value: shared})}`,
            b.location,
            `give each pool its own addresses: narrow the ranges of ${JSON.stringify(b.name)} (${b.location.file}) or ${JSON.stringify(a.name)} (${a.location.file})`,
          ),
        )
      } else if (a.network.prefix !== b.network.prefix) {
        found.push(
          problem(
            'zmgr::pool::network-overlap',
            `pool ${JSON.stringify(b.name)} (${formatNetwork(b.network)}) overlaps pool ${JSON.stringify(a.name)} (${formatNetwork(a.network)})`,
            b.networkLocation,
            'zones of one subnet would get different prefix lengths; use one network for both pools',
            'warning',
          ),
        )
      }
    }
  }
  return found
}

/** The lowest address two sorted span lists share, by a merge walk. */
function firstShared(a: Span[], b: Span[]): bigint | undefined {
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    // biome-ignore lint/complexity/useMathMinMax: bigints; Math.max and Math.min take numbers only
    const first = a[i].first > b[j].first ? a[i].first : b[j].first
    // biome-ignore lint/complexity/useMathMinMax: bigints, as above
    const last = a[i].last < b[j].last ? a[i].last : b[j].last
    if (first <= last) return first
    if (a[i].last < b[j].last) i++
    else j++
  }
  return undefined
}
