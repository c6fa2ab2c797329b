import type {Node} from '@bgotink/kdl'
import type {SourceLocation} from '../errors.js'
import {type Family, type IpAddress, type IpNetwork, parseIp, parseNetwork} from '../ipam/address.js'
import {type NodeView, readChildren} from '../kdl/reader.js'
import type {FileKind} from './load.js'

/** An address as written in a pool file, with where it is written (for diagnostics). */
export interface PoolAddress extends IpAddress {
  text: string
  location: SourceLocation
}

/** `range FIRST LAST`: both ends are handed out. */
export interface PoolRange {
  first: PoolAddress
  last: PoolAddress
  location: SourceLocation
}

export interface PoolDns {
  domain?: string
  resolvers: string[]
  search: string[]
}

/**
 * An IPAM pool: pools/NAME.kdl. Range mode hands out addresses from `ranges`;
 * list mode from `addresses`. The gateway, `reserve` entries and (IPv4) the
 * network and broadcast addresses are never handed out automatically.
 * Semantic checks (ranges inside the network, one family, no overlaps) are
 * `poolProblems()` in src/ipam, so `validate` and allocation share them.
 */
export interface Pool {
  name: string
  family: Family
  network: IpNetwork
  networkText: string
  gateway?: PoolAddress
  ranges: PoolRange[]
  addresses: PoolAddress[]
  reserve: PoolAddress[]
  vlan?: number
  dns?: PoolDns
  mode: 'range' | 'list'
  /** The `pool` node and its `network` line. */
  location: SourceLocation
  networkLocation: SourceLocation
  /** Each setting's first node, for diagnostics and edits that point into the file. */
  nodes: Map<string, Node>
}

function addressesOf(view: NodeView, what: string): PoolAddress[] {
  const out: PoolAddress[] = []
  for (const entry of view.node.getArgumentEntries()) {
    const text = entry.getValue()
    if (typeof text !== 'string') {
      view.report(
        'zmgr::schema::wrong-type',
        `${what} must be written as a string, found ${String(text)}`,
        'put the address in double quotes',
        entry,
      )
      continue
    }
    const ip = parseIp(text)
    if (!ip)
      view.report(
        'zmgr::pool::bad-address',
        `${JSON.stringify(text)} is not an IP address`,
        text.includes('/')
          ? 'write the address without a prefix length'
          : 'write an IPv4 (192.0.2.10) or IPv6 (2001:db8::10) address',
        entry,
      )
    else out.push({...ip, text, location: view.ctx.source.locate(entry)})
  }
  return out
}

export const poolKind: FileKind<Pool> = {
  kind: 'pool',
  folder: 'pools',
  node: 'pool',
  read(view, name, source) {
    const pool: Partial<Pool> & Pick<Pool, 'ranges' | 'addresses' | 'reserve' | 'nodes'> = {
      name,
      ranges: [],
      addresses: [],
      reserve: [],
      nodes: new Map(),
      location: source.locate(view.node),
    }
    readChildren(
      view,
      {
        network(child) {
          child.expect({maxArgs: 1})
          const text = child.arg(0, 'string')
          if (text === undefined) return
          const network = parseNetwork(text)
          if (!network)
            child.report(
              'zmgr::pool::bad-network',
              `${JSON.stringify(text)} is not a network in CIDR form`,
              text.includes('/')
                ? 'the address part must be the network address (host bits zero), e.g. "192.0.2.0/24"'
                : 'add the prefix length, e.g. "192.0.2.0/24"',
              child.entry(0),
            )
          else
            Object.assign(pool, {
              network,
              networkText: text,
              family: network.family,
              networkLocation: source.locate(child.entry(0)),
            })
        },
        gateway(child) {
          child.expect({maxArgs: 1})
          pool.gateway = addressesOf(child, 'gateway')[0]
        },
        range(child) {
          child.expect({maxArgs: 2})
          const ends = addressesOf(child, 'range')
          if (child.node.getArgumentEntries().length !== 2)
            child.report(
              'zmgr::pool::bad-range',
              'a range has a first and a last address',
              'write it as: range "192.0.2.100" "192.0.2.199"',
            )
          else if (ends.length === 2)
            pool.ranges.push({first: ends[0], last: ends[1], location: source.locate(child.node)})
        },
        addresses(child) {
          child.expect({maxArgs: Number.POSITIVE_INFINITY})
          pool.addresses.push(...addressesOf(child, 'addresses'))
        },
        reserve(child) {
          child.expect({maxArgs: Number.POSITIVE_INFINITY})
          pool.reserve.push(...addressesOf(child, 'reserve'))
        },
        vlan(child) {
          child.expect({maxArgs: 1})
          const vlan = child.arg(0, 'integer')
          if (vlan !== undefined && (vlan < 1 || vlan > 4094))
            child.report('zmgr::pool::vlan', `vlan ${vlan} is out of range`, 'a VLAN id is 1 to 4094', child.entry(0))
          else pool.vlan = vlan
        },
        dns(child) {
          child.expect({maxArgs: 0})
          const dns: PoolDns = {resolvers: [], search: []}
          readChildren(
            child,
            {
              domain(d) {
                d.expect({maxArgs: 1})
                dns.domain = d.arg(0, 'string')
              },
              resolvers(d) {
                d.expect({maxArgs: Number.POSITIVE_INFINITY})
                dns.resolvers.push(...addressesOf(d, 'resolvers').map((a) => a.text))
              },
              search(d) {
                d.expect({maxArgs: Number.POSITIVE_INFINITY})
                dns.search.push(...d.args('string'))
              },
            },
            {once: ['domain']},
          )
          pool.dns = dns
        },
      },
      {once: ['network', 'gateway', 'vlan', 'dns'], required: ['network']},
    )
    for (const child of view.children()) if (!pool.nodes.has(child.name)) pool.nodes.set(child.name, child.node)
    if (pool.ranges.length > 0 && pool.addresses.length > 0)
      view.report(
        'zmgr::pool::mixed-modes',
        `pool ${JSON.stringify(name)} has both ranges and an address list`,
        'a pool is either range mode (range FIRST LAST) or list mode (addresses ...); split it into two pools',
      )
    if (pool.network && pool.ranges.length === 0 && pool.addresses.length === 0)
      view.report(
        'zmgr::pool::empty',
        `pool ${JSON.stringify(name)} has no range and no address list`,
        'add range "FIRST" "LAST" or addresses "A" "B" ...',
      )
    return {...pool, mode: pool.addresses.length > 0 ? 'list' : 'range'} as Pool
  },
}
