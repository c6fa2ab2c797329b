import type {Pool} from '../registry/pool.js'
import {compareBigint, contains} from './address.js'

/** A closed interval of addresses of one family. */
export interface Span {
  first: bigint
  last: bigint
}

/**
 * The addresses a pool hands out: its ranges (or listed addresses) as sorted,
 * disjoint spans inside the network, and the addresses within them that are
 * never handed out automatically. All bigint, so an IPv6 /64 costs what an
 * IPv4 /24 does.
 */
export class PoolSpace {
  private static readonly cache = new WeakMap<Pool, PoolSpace>()

  /** Sorted, disjoint, clipped to the network; entries of the wrong family are left out. */
  readonly spans: Span[]
  /** Never handed out at all: the IPv4 network and broadcast address, the IPv6 subnet-router anycast address, the gateway. */
  readonly unusable: ReadonlySet<bigint>
  /** Never handed out automatically: `unusable` plus `reserve` (an explicit request may take a reserved address). */
  readonly excluded: ReadonlySet<bigint>
  /** How many addresses automatic allocation can hand out. */
  readonly size: bigint

  private constructor(pool: Pool) {
    this.spans = spansOf(pool)
    const {network, family} = pool
    const unusable = new Set<bigint>()
    // RFC 3021 / RFC 6164: on /31 and /127 point-to-point links both addresses are hosts.
    if (family === 4 && network.prefix <= 30) unusable.add(network.first).add(network.last)
    if (family === 6 && network.prefix <= 126) unusable.add(network.first)
    if (pool.gateway?.family === family) unusable.add(pool.gateway.value)
    this.unusable = unusable
    const excluded = new Set(unusable)
    for (const address of pool.reserve) if (address.family === family) excluded.add(address.value)
    this.excluded = excluded
    let size = this.spans.reduce((total, span) => total + span.last - span.first + 1n, 0n)
    for (const value of excluded) if (this.contains(value)) size -= 1n
    this.size = size
  }

  /** Computed once per loaded pool. */
  static of(pool: Pool): PoolSpace {
    let space = PoolSpace.cache.get(pool)
    if (!space) {
      space = new PoolSpace(pool)
      PoolSpace.cache.set(pool, space)
    }
    return space
  }

  /** Inside a range (or the address list), whether or not it may be handed out. */
  contains(value: bigint): boolean {
    let low = 0
    let high = this.spans.length - 1
    while (low <= high) {
      const mid = (low + high) >> 1
      const span = this.spans[mid]
      if (value < span.first) high = mid - 1
      else if (value > span.last) low = mid + 1
      else return true
    }
    return false
  }

  /** What automatic allocation may hand out (when nobody holds it). */
  isAllocatable(value: bigint): boolean {
    return this.contains(value) && !this.excluded.has(value)
  }
}

function spansOf(pool: Pool): Span[] {
  const raw: Span[] =
    pool.mode === 'list'
      ? pool.addresses.filter((a) => contains(pool.network, a)).map((a) => ({first: a.value, last: a.value}))
      : pool.ranges
          .filter(
            (r) => r.first.family === pool.family && r.last.family === pool.family && r.first.value <= r.last.value,
          )
          .map((r) => ({first: max(r.first.value, pool.network.first), last: min(r.last.value, pool.network.last)}))
          .filter((span) => span.first <= span.last)
  raw.sort((a, b) => compareBigint(a.first, b.first))
  const merged: Span[] = []
  for (const span of raw) {
    const previous = merged.at(-1)
    if (previous && span.first <= previous.last + 1n) previous.last = max(previous.last, span.last)
    else merged.push({...span})
  }
  return merged
}

const max = (a: bigint, b: bigint) => (a > b ? a : b)
const min = (a: bigint, b: bigint) => (a < b ? a : b)
