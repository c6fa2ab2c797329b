import type {Diagnostic} from '../errors.js'
import {inputError} from '../errors.js'
import type {Pool} from '../registry/pool.js'
import type {Registry} from '../registry/registry.js'
import {compareBigint, type Family, formatIp, type IpAddress, parseHostAddress} from './address.js'
import {type Holding, readHoldings} from './ledger-files.js'
import {PoolSpace} from './space.js'

interface Held {
  value: bigint
  zone: string
  net: string
  pool?: string
}

/** Held addresses of one family: sorted for range queries, indexed for lookups. */
class FamilyIndex {
  readonly sorted: Held[] = []
  readonly first = new Map<bigint, Held>()

  add(held: Held): void {
    this.sorted.push(held)
  }

  /** Sort once all are added; ties keep file order, so the first holder is stable. */
  seal(): void {
    this.sorted.sort((a, b) => compareBigint(a.value, b.value))
    for (const held of this.sorted) if (!this.first.has(held.value)) this.first.set(held.value, held)
  }

  /** Index of the first held address >= value. */
  lowerBound(value: bigint): number {
    let low = 0
    let high = this.sorted.length
    while (low < high) {
      const mid = (low + high) >> 1
      if (this.sorted[mid].value < value) low = mid + 1
      else high = mid
    }
    return low
  }
}

export interface PoolUsage {
  /** Addresses automatic allocation could hand out that a zone holds. */
  used: number
  /** Addresses automatic allocation can hand out; above 2^53 (IPv6) this is approximate: see sizeExact. */
  size: number
  sizeExact: bigint
  /** 0-100, two decimals; 100 for a pool with nothing to hand out. */
  percent: number
}

/**
 * The IPAM ledger: every address some zone file holds. There is no other
 * record: an address is taken while a file under zones/ holds it, and
 * released when that file is rewritten or removed.
 */
export class Ledger {
  private readonly index: Record<Family, FamilyIndex> = {4: new FamilyIndex(), 6: new FamilyIndex()}

  /** Zone files that cannot be read as a zone: what they hold now is unknown (what they last held still counts). */
  readonly problems: Diagnostic[]
  /** Every VNIC a zone file names: new VNIC names must avoid them. */
  readonly vnics = new Set<string>()

  constructor(holdings: Holding[], problems: Diagnostic[] = []) {
    this.problems = problems
    for (const {zone, net, address, pool, vnic} of holdings) {
      if (vnic) this.vnics.add(vnic)
      // Hand-written files may leave out the prefix length: the address is held all the same.
      const ip = address === undefined ? undefined : parseHostAddress(address)
      if (ip) this.index[ip.family].add({value: ip.value, zone, net, pool})
    }
    this.index[4].seal()
    this.index[6].seal()
  }

  static async load(registry: Registry): Promise<Ledger> {
    const {holdings, problems} = await readHoldings(registry)
    return new Ledger(holdings, problems)
  }

  /** Allocation must see every held address: refuse while a zone file cannot be read as a zone. */
  requireComplete(): void {
    if (this.problems.length === 0) return
    const files = [...new Set(this.problems.map((p) => p.location?.file))]
    const first = this.problems[0]
    throw inputError(
      'zmgr::ipam::ledger-unreadable',
      `${files.length === 1 ? `${files[0]} cannot be read as a zone` : `${files.length} zone files cannot be read as zones`}, so the addresses ${files.length === 1 ? 'it holds are' : 'they hold are'} unknown: ${first.message}`,
      {
        help: 'fix the marked problem (or move the file out of zones/ once its zone is gone); zmgr hands out no address while a zone file it cannot read might hold it',
        location: first.location,
        related: this.problems.slice(1),
      },
    )
  }

  holder(address: string): {zone: string; net: string} | undefined {
    const ip = parseHostAddress(address)
    return ip ? this.holderOf(ip) : undefined
  }

  holderOf(ip: IpAddress): {zone: string; net: string} | undefined {
    const held = this.index[ip.family].first.get(ip.value)
    return held && {zone: held.zone, net: held.net}
  }

  isHeld(ip: IpAddress): boolean {
    return this.index[ip.family].first.has(ip.value)
  }

  /** Every holding inside the pool's ranges (or address list), by address; two zones holding one address both appear. */
  allocationsIn(pool: Pool): Array<{address: string; zone: string; net: string}> {
    const index = this.index[pool.family]
    const out: Array<{address: string; zone: string; net: string}> = []
    for (const span of PoolSpace.of(pool).spans) {
      for (let i = index.lowerBound(span.first); i < index.sorted.length && index.sorted[i].value <= span.last; i++) {
        const held = index.sorted[i]
        out.push({address: formatIp({family: pool.family, value: held.value}), zone: held.zone, net: held.net})
      }
    }
    return out
  }

  /** Zone nets that name the pool (pool="NAME"), wherever their address lies. */
  referencing(poolName: string): Array<{zone: string; net: string}> {
    return [4, 6].flatMap((family) =>
      this.index[family as Family].sorted.filter((held) => held.pool === poolName).map(({zone, net}) => ({zone, net})),
    )
  }

  usage(pool: Pool): PoolUsage {
    const space = PoolSpace.of(pool)
    const index = this.index[pool.family]
    let used = 0
    for (const span of space.spans) {
      let previous: bigint | undefined
      for (let i = index.lowerBound(span.first); i < index.sorted.length && index.sorted[i].value <= span.last; i++) {
        const value = index.sorted[i].value
        if (value !== previous && !space.excluded.has(value)) used++
        previous = value
      }
    }
    const size = space.size
    const percent = size === 0n ? 100 : Number((BigInt(used) * 10_000n) / size) / 100
    return {used, size: Number(size), sizeExact: size, percent}
  }
}

/**
 * The lowest address of the pool that automatic allocation may hand out and
 * nobody holds (nor `claimed`, the addresses of the same request batch).
 * Walks only past taken addresses, so it is linear in what is held.
 */
export function nextFree(pool: Pool, ledger: Ledger, claimed: ReadonlySet<bigint> = new Set()): IpAddress | undefined {
  const space = PoolSpace.of(pool)
  for (const span of space.spans) {
    for (let value = span.first; value <= span.last; value++) {
      const candidate = {family: pool.family, value}
      if (!space.excluded.has(value) && !claimed.has(value) && !ledger.isHeld(candidate)) return candidate
    }
  }
  return undefined
}
