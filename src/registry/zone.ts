import type {Node} from '@bgotink/kdl'
import {parseInterfaceAddress} from '../ipam/address.js'
import {readChildren} from '../kdl/reader.js'
import type {FileKind} from './load.js'
import {type IpType, readIpType} from './template.js'

/** One net of a registered zone: its VNIC and the address it holds (the ledger entry). */
export interface ZoneNet {
  name: string
  /** Exclusive IP: the VNIC the zone owns (zonecfg `physical`). */
  vnic?: string
  /** The global-zone link the VNIC sits on; for shared IP, the interface used. */
  over?: string
  pool?: string
  /** Address with prefix length, e.g. "192.0.2.100/24". */
  address?: string
  gateway?: string
  vlan?: number
  /** On-demand VNIC (OmniOS `global-nic`): the brand creates it at boot. */
  globalNic?: string
  macAddr?: string
  /** Dual stack: the IPv6 address on the same link, its pool and its defrouter (`address`, `pool`, `gateway` are then IPv4). */
  pool6?: string
  address6?: string
  gateway6?: string
  node: Node
}

/**
 * A registered zone: zones/NAME.kdl. Nodes zmgr does not model (imported
 * zones carry fs, dataset, rctl, ...) are kept as written and survive rewrites.
 */
export interface ZoneEntry {
  name: string
  brand: string
  template?: string
  zonepath: string
  autoboot: boolean
  ipType: IpType
  created?: string
  imported?: string
  nets: ZoneNet[]
  /**
   * `held "REASON"`: a zone zmgr does not manage (a VM brand's zone, recorded
   * by `zmgr import`) whose addresses it only keeps out of IPAM.
   */
  held?: string
  publishers: string[]
  nodes: Map<string, Node>
}

/**
 * Brands whose zones run a virtual machine (CONTRACT §4.1): the VM manager
 * owns them; zmgr never adopts one, and `zmgr import` only holds its addresses.
 */
export const VM_BRANDS: ReadonlySet<string> = new Set(['bhyve', 'kvm', 'emu'])

export const ZONE_NET_PROPS = ['vnic', 'over', 'pool', 'address', 'gateway', 'vlan', 'global-nic', 'mac-addr', 'pool6', 'address6', 'gateway6'] as const

export const zoneKind: FileKind<ZoneEntry> = {
  kind: 'zone',
  folder: 'zones',
  node: 'zone',
  read(view, name) {
    const zone: ZoneEntry = {name, brand: '', zonepath: '', autoboot: false, ipType: 'exclusive', nets: [], publishers: [], nodes: new Map()}
    const netNames = new Set<string>()
    readChildren(view, {
      brand(child) {
        child.expect({maxArgs: 1})
        zone.brand = child.arg(0, 'string') ?? ''
      },
      template(child) {
        child.expect({maxArgs: 1})
        zone.template = child.arg(0, 'string')
      },
      zonepath(child) {
        child.expect({maxArgs: 1})
        const path = child.arg(0, 'string')
        if (path !== undefined && (!path.startsWith('/') || path === '/')) child.report('zmgr::zone::zonepath', `zonepath ${JSON.stringify(path)} must be an absolute path other than "/"`, undefined, child.entry(0))
        else zone.zonepath = path ?? ''
      },
      autoboot(child) {
        child.expect({maxArgs: 1})
        zone.autoboot = child.arg(0, 'boolean') ?? false
      },
      'ip-type'(child) {
        zone.ipType = readIpType(child, 'zone') ?? zone.ipType
      },
      created(child) {
        child.expect({maxArgs: 1})
        zone.created = child.arg(0, 'string')
      },
      imported(child) {
        child.expect({maxArgs: 1})
        zone.imported = child.arg(0, 'string')
      },
      net(child) {
        child.expect({props: ZONE_NET_PROPS, maxArgs: 1})
        const netName = child.arg(0, 'string')
        const address = child.prop('address', 'string')
        const address6 = child.prop('address6', 'string')
        if (address !== undefined && !parseInterfaceAddress(address)) child.report('zmgr::zone::bad-address', `${JSON.stringify(address)} is not an address with a prefix length`, 'write it as "192.0.2.100/24"', child.entry('address'))
        if (address6 !== undefined && parseInterfaceAddress(address6)?.family !== 6) child.report('zmgr::zone::bad-address', `address6=${JSON.stringify(address6)} is not an IPv6 address with a prefix length`, 'write it as "2001:db8::100/64"', child.entry('address6'))
        if (netName !== undefined && netNames.has(netName)) child.report('zmgr::schema::duplicate', `net ${JSON.stringify(netName)} is given twice`, 'net names are unique within a zone', child.entry(0))
        if (netName === undefined) return
        netNames.add(netName)
        zone.nets.push({
          name: netName,
          vnic: child.prop('vnic', 'string'),
          over: child.prop('over', 'string'),
          pool: child.prop('pool', 'string'),
          address,
          gateway: child.prop('gateway', 'string'),
          vlan: child.prop('vlan', 'integer'),
          globalNic: child.prop('global-nic', 'string'),
          macAddr: child.prop('mac-addr', 'string'),
          pool6: child.prop('pool6', 'string'),
          address6,
          gateway6: child.prop('gateway6', 'string'),
          node: child.node,
        })
      },
      held(child) {
        child.expect({maxArgs: 1})
        zone.held = child.arg(0, 'string', true)
      },
      publisher(child) {
        child.expect({maxArgs: Number.POSITIVE_INFINITY})
        zone.publishers.push(...child.args('string'))
      },
    }, {once: ['brand', 'template', 'zonepath', 'autoboot', 'ip-type', 'created', 'imported', 'held'], required: ['brand', 'zonepath'], allowUnknown: true})
    for (const child of view.children()) if (!zone.nodes.has(child.name)) zone.nodes.set(child.name, child.node)
    return zone
  },
}
