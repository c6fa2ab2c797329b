import type {Diagnostic, Loaded, RegistrySnapshot, ValidationRule, ZoneEntry, ZoneNet} from 'zmgr'
import {
  contains,
  entryOrNode,
  familyName,
  formatNetwork,
  parseInterfaceAddress,
  placeOf,
  PoolSpace,
  problemAt,
} from 'zmgr'

/**
 * The ledger is sound: no address held by two nets, and every address lies in
 * the pool its net names, where automatic allocation could have handed it out.
 */
export const addressesRule: ValidationRule = {
  id: 'addresses',
  summary: 'No address is held twice; each zone address belongs to its pool.',
  check(snapshot: RegistrySnapshot): Diagnostic[] {
    const pools = new Map(snapshot.pools.map((pool) => [pool.name, pool]))
    // First holder of each address: a map, so 10,000 zones cost 10,000 lookups.
    const holders = new Map<string, {zone: Loaded<ZoneEntry>; net: ZoneNet; prop: string}>()
    const out: Diagnostic[] = []
    for (const zone of snapshot.zones) {
      // A dual-stack net holds two addresses: address= of pool=, address6= of pool6=.
      for (const {net, address, poolName, prop} of zone.nets.flatMap((net) => [
        {net, address: net.address, poolName: net.pool, prop: 'address'},
        {net, address: net.address6, poolName: net.pool6, prop: 'address6'},
      ])) {
        const ip = address === undefined ? undefined : parseInterfaceAddress(address)
        if (!ip) continue
        const at = entryOrNode(net.node, prop)
        const problem = (code: string, message: string, help: string, severity: 'error' | 'warning' = 'error') =>
          out.push(problemAt(zone, at, {code, message, help, severity}))
        const key = `${ip.family}/${ip.value}`
        const first = holders.get(key)
        if (first) {
          problem(
            'zmgr::zone::duplicate-address',
            `${address} of zone ${JSON.stringify(zone.name)} is also held by zone ${JSON.stringify(first.zone.name)} (net ${JSON.stringify(first.net.name)})`,
            `an address belongs to one zone (first held at ${placeOf(snapshot.root, first.zone, entryOrNode(first.net.node, first.prop))}); give one of them a free address (zmgr pools allocations ${poolName ?? 'POOL'})`,
          )
        } else holders.set(key, {zone, net, prop})

        const pool = poolName === undefined ? undefined : pools.get(poolName)
        if (!pool) continue // no pool, or an unknown one (the references rule reports that)
        const network = formatNetwork(pool.network)
        if (ip.family !== pool.family) {
          problem(
            'zmgr::zone::address-outside-pool',
            `${address} is ${familyName(ip.family)} but its pool ${JSON.stringify(pool.name)} is ${familyName(pool.family)} (${network})`,
            `name the pool that holds this address in ${prop === 'address' ? 'pool' : 'pool6'}=, or correct the address`,
          )
          continue
        }
        if (!contains(pool.network, ip)) {
          problem(
            'zmgr::zone::address-outside-pool',
            `${address} is outside the network ${network} of its pool ${JSON.stringify(pool.name)}`,
            `name the pool that holds this address in ${prop === 'address' ? 'pool' : 'pool6'}=, or correct the address`,
          )
          continue
        }
        if (ip.prefix !== pool.network.prefix) {
          problem(
            'zmgr::zone::prefix-mismatch',
            `${address} has the prefix length /${ip.prefix} but its pool ${JSON.stringify(pool.name)} is ${network}`,
            `the zone would get the wrong netmask; write the address with /${pool.network.prefix}`,
          )
        }
        const space = PoolSpace.of(pool)
        const gateway = pool.gateway?.value === ip.value
        if (space.unusable.has(ip.value)) {
          problem(
            'zmgr::zone::address-unusable',
            `${address} is the ${gateway ? 'gateway' : 'network or broadcast address'} of pool ${JSON.stringify(pool.name)}`,
            'no zone can use it; give the zone a free address from the pool',
          )
        } else if (!space.contains(ip.value)) {
          problem(
            'zmgr::zone::address-outside-range',
            `${address} is in ${network} but outside the ${pool.mode === 'list' ? 'address list' : 'ranges'} of pool ${JSON.stringify(pool.name)}`,
            'zmgr never hands it out, so another tool may; widen the pool or give the zone an address from it',
            'warning',
          )
        } else if (space.excluded.has(ip.value)) {
          problem(
            'zmgr::zone::address-reserved',
            `${address} is reserved in pool ${JSON.stringify(pool.name)}`,
            'a reserved address is kept for something else; check that this zone should have it, or remove the reserve entry',
            'warning',
          )
        }
      }
    }
    return out
  },
}
