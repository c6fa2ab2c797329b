import {
  appendChild,
  formatIp,
  inputError,
  type IpNetwork,
  type KdlNodeSpec,
  parseIp,
  parseNetwork,
  removeChildren,
  setChild,
} from 'zmgr'

/** A parsed KDL node, as the SDK's writer edits it (plugins reach @bgotink/kdl only through the SDK). */
type Node = Parameters<typeof setChild>[0]

/** Changes `pools create` and `pools edit` apply to a pool node. */
/** Settings `pools edit --unset` removes. */
export const UNSETTABLE = ['gateway', 'vlan', 'dns'] as const

export interface PoolChanges {
  network?: string
  gateway?: string
  addRanges?: RangeFlag[]
  removeRanges?: RangeFlag[]
  addAddresses?: string[]
  removeAddresses?: string[]
  reserve?: string[]
  unreserve?: string[]
  vlan?: number
  dnsDomain?: string
  /** Replace the resolvers or search domains. */
  resolvers?: string[]
  search?: string[]
  unset?: Array<(typeof UNSETTABLE)[number]>
}

export interface RangeFlag {
  first: string
  last: string
}

/** `--range FIRST-LAST`; IPv6 addresses contain no "-", so one dash splits both families. */
export function parseRangeFlag(value: string): RangeFlag {
  const parts = value.split('-').map((part) => part.trim())
  if (parts.length !== 2 || !parseIp(parts[0]) || !parseIp(parts[1])) {
    throw inputError('zmgr::usage::range', `${JSON.stringify(value)} is not a range FIRST-LAST`, {
      help: 'e.g. --range 192.0.2.100-192.0.2.199 or --range 2001:db8::100-2001:db8::1ff',
    })
  }
  return {first: parts[0], last: parts[1]}
}

/** The network a flag names, refused early with the reason (host bits, missing prefix). */
export function parseNetworkFlag(value: string): IpNetwork {
  const network = parseNetwork(value)
  if (!network)
    throw inputError('zmgr::pool::bad-network', `--network ${JSON.stringify(value)} is not a network in CIDR form`, {
      help: value.includes('/')
        ? 'the address part must be the network address (host bits zero), e.g. 192.0.2.0/24'
        : 'add the prefix length, e.g. 192.0.2.0/24',
    })
  return network
}

/** The whole network minus what is never a host (IPv4 network/broadcast, IPv6 subnet-router anycast). */
export function hostRange(network: IpNetwork): RangeFlag {
  const skipsFirst = network.family === 4 ? network.prefix <= 30 : network.prefix <= 126
  const skipsLast = network.family === 4 && network.prefix <= 30
  return {
    first: formatIp({family: network.family, value: network.first + (skipsFirst ? 1n : 0n)}),
    last: formatIp({family: network.family, value: network.last - (skipsLast ? 1n : 0n)}),
  }
}

const POOL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/

/** What `pools create` writes, in the order the settings are documented. */
export interface NewPool {
  network: string
  gateway?: string
  ranges: RangeFlag[]
  addresses: string[]
  reserve: string[]
  vlan?: number
  dnsDomain?: string
  resolvers: string[]
  search: string[]
}

export function newPoolSpec(name: string, pool: NewPool): KdlNodeSpec {
  if (!POOL_NAME.test(name))
    throw inputError('zmgr::pool::bad-name', `${JSON.stringify(name)} is not a usable pool name`, {
      help: 'use letters, digits, "_", "." and "-", starting with a letter or digit (it becomes pools/NAME.kdl)',
    })
  const children: KdlNodeSpec[] = [{name: 'network', args: [pool.network]}]
  if (pool.gateway !== undefined) children.push({name: 'gateway', args: [pool.gateway]})
  children.push(...pool.ranges.map((range) => ({name: 'range', args: [range.first, range.last]})))
  if (pool.addresses.length > 0) children.push({name: 'addresses', args: pool.addresses})
  if (pool.reserve.length > 0) children.push({name: 'reserve', args: pool.reserve})
  if (pool.vlan !== undefined) children.push({name: 'vlan', args: [pool.vlan]})
  const dns: KdlNodeSpec[] = []
  if (pool.dnsDomain !== undefined) dns.push({name: 'domain', args: [pool.dnsDomain]})
  if (pool.resolvers.length > 0) dns.push({name: 'resolvers', args: pool.resolvers})
  if (pool.search.length > 0) dns.push({name: 'search', args: pool.search})
  if (dns.length > 0) children.push({name: 'dns', children: dns})
  return {name: 'pool', args: [name], children}
}

const named = (name: string) => (node: Node) => node.getName() === name
const sameAddress = (a: unknown, b: string) =>
  typeof a === 'string' && parseIp(a)?.value === parseIp(b)?.value && parseIp(a)?.family === parseIp(b)?.family

/** Apply changes in place; untouched lines (and their comments) stay as they were. */
export function applyPoolChanges(pool: Node, changes: PoolChanges): void {
  if (changes.network !== undefined) setChild(pool, {name: 'network', args: [changes.network]})
  if (changes.gateway !== undefined) setChild(pool, {name: 'gateway', args: [changes.gateway]})
  for (const name of changes.unset ?? []) removeChildren(pool, named(name))
  for (const range of changes.removeRanges ?? []) {
    const removed = removeChildren(
      pool,
      (node) =>
        node.getName() === 'range' &&
        sameAddress(node.getArgument(0), range.first) &&
        sameAddress(node.getArgument(1), range.last),
    )
    if (removed === 0)
      throw inputError('zmgr::pool::no-such-range', `the pool has no range ${range.first}-${range.last}`, {
        help: 'see `zmgr pools show NAME` for its ranges; a range is removed whole',
      })
  }
  for (const range of changes.addRanges ?? []) appendChild(pool, {name: 'range', args: [range.first, range.last]})
  editAddressList(pool, 'addresses', changes.addAddresses ?? [], changes.removeAddresses ?? [])
  editAddressList(pool, 'reserve', changes.reserve ?? [], changes.unreserve ?? [])
  if (changes.vlan !== undefined) setChild(pool, {name: 'vlan', args: [changes.vlan]})
  if (changes.dnsDomain !== undefined || changes.resolvers !== undefined || changes.search !== undefined) {
    if (!pool.children?.nodes.some(named('dns'))) appendChild(pool, {name: 'dns'})
    const dns = pool.children!.nodes.find(named('dns'))!
    if (changes.dnsDomain !== undefined) setChild(dns, {name: 'domain', args: [changes.dnsDomain]})
    if (changes.resolvers !== undefined) setChild(dns, {name: 'resolvers', args: changes.resolvers})
    if (changes.search !== undefined) setChild(dns, {name: 'search', args: changes.search})
  }
}

/**
 * Add and remove values of `addresses` or `reserve`, which may be spread over
 * several lines: removal takes the value out of whichever line holds it
 * (dropping a line left empty), addition extends the last line. Addresses are
 * compared by value, so 2001:DB8::1 matches 2001:db8::1.
 */
function editAddressList(pool: Node, name: string, add: string[], remove: string[]): void {
  const lines = () => pool.children?.nodes.filter(named(name)) ?? []
  for (const address of remove) {
    const line = lines().find((node) => node.getArguments().some((value) => sameAddress(value, address)))
    if (!line)
      throw inputError(
        `zmgr::pool::not-${name === 'reserve' ? 'reserved' : 'listed'}`,
        `${address} is not in the pool's \`${name}\``,
        {help: 'see `zmgr pools show NAME`'},
      )
    line.removeArgument(line.getArguments().findIndex((value) => sameAddress(value, address)))
    if (!line.hasArguments()) pool.removeNode(line)
  }
  const fresh = add.filter(
    (address, i) =>
      !lines().some((node) => node.getArguments().some((value) => sameAddress(value, address))) &&
      add.indexOf(address) === i,
  )
  if (fresh.length === 0) return
  const last = lines().at(-1)
  if (last) for (const address of fresh) last.addArgument(address)
  else appendChild(pool, {name, args: fresh})
}
