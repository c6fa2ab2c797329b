import type {Node} from '@bgotink/kdl'
import {parseInterfaceAddress} from '../ipam/address.js'
import {currentProcess, processAlive} from '../fs/process.js'
import {readChildren} from '../kdl/reader.js'
import type {KdlNodeSpec} from '../kdl/writer.js'
import type {FileKind} from './load.js'
import type {IpType} from '../illumos/zonecfg.js'
import {readIpType} from './template.js'

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
 * A zone file written by `zones create` carries `status "creating"` from the
 * moment its addresses are allocated until the create has finished, naming
 * the creating process (pid, host, and when it started, ISO 8601) so that an
 * entry whose create died can be told from one still under way. A create that
 * fails and leaves parts behind turns it into `status "incomplete" step="..."`.
 */
export type ZoneStatus =
  | {status: 'creating'; pid?: number; host?: string; started?: string}
  | {status: 'incomplete'; step?: string}

export function statusNode(status: ZoneStatus): KdlNodeSpec {
  return {
    name: 'status',
    args: [status.status],
    props:
      status.status === 'incomplete'
        ? {step: status.step}
        : {pid: status.pid, host: status.host, started: status.started},
  }
}

/**
 * The date a zone file records (`created`, `imported`): the UTC calendar day,
 * ISO 8601 (`2026-03-22`), so a zone file reads the same whatever the time
 * zone of the host or of the person who ran zmgr. Timestamps (`started`) are
 * full ISO 8601 UTC.
 */
export function recordedDate(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10)
}

/** `status "creating"` naming this process. */
export function creatingStatus(): ZoneStatus {
  const me = currentProcess()
  return {status: 'creating', pid: me.pid, host: me.host, started: new Date(me.started).toISOString()}
}

/**
 * Whether the process creating this zone still runs: true or false for a
 * `creating` entry made on this host, undefined when the entry is not
 * `creating`, names no process (older zmgr), or was made on another host.
 */
export function creatorAlive(entry: Pick<ZoneEntry, 'status'>): boolean | undefined {
  const status = entry.status
  if (status?.status !== 'creating' || status.pid === undefined || status.host === undefined) return undefined
  const started = status.started === undefined ? undefined : Date.parse(status.started)
  return processAlive({pid: status.pid, host: status.host, started: Number.isNaN(started) ? undefined : started})
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
  /** A create under way or failed; none once the zone is complete. */
  status?: ZoneStatus
  nodes: Map<string, Node>
}

/**
 * Brands whose zones run a virtual machine (CONTRACT §4.1): the VM manager
 * owns them; zmgr never adopts one, and `zmgr import` only holds its addresses.
 */
export const VM_BRANDS: ReadonlySet<string> = new Set(['bhyve', 'kvm', 'emu'])

export const ZONE_NET_PROPS = [
  'vnic',
  'over',
  'pool',
  'address',
  'gateway',
  'vlan',
  'global-nic',
  'mac-addr',
  'pool6',
  'address6',
  'gateway6',
] as const

/** The nodes of a zone file zmgr reads itself; others are kept as written. */
const MODELLED_NODES = new Set([
  'brand',
  'template',
  'zonepath',
  'autoboot',
  'ip-type',
  'created',
  'imported',
  'held',
  'net',
  'publisher',
  'status',
])

export const zoneKind: FileKind<ZoneEntry> = {
  kind: 'zone',
  folder: 'zones',
  node: 'zone',
  read(view, name) {
    const zone: ZoneEntry = {
      name,
      brand: '',
      zonepath: '',
      autoboot: false,
      ipType: 'exclusive',
      nets: [],
      publishers: [],
      nodes: new Map(),
    }
    const netNames = new Set<string>()
    readChildren(
      view,
      {
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
          if (path !== undefined && (!path.startsWith('/') || path === '/'))
            child.report(
              'zmgr::zone::zonepath',
              `zonepath ${JSON.stringify(path)} must be an absolute path other than "/"`,
              undefined,
              child.entry(0),
            )
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
          if (address !== undefined && !parseInterfaceAddress(address))
            child.report(
              'zmgr::zone::bad-address',
              `${JSON.stringify(address)} is not an address with a prefix length`,
              'write it as "192.0.2.100/24"',
              child.entry('address'),
            )
          if (address6 !== undefined && parseInterfaceAddress(address6)?.family !== 6)
            child.report(
              'zmgr::zone::bad-address',
              `address6=${JSON.stringify(address6)} is not an IPv6 address with a prefix length`,
              'write it as "2001:db8::100/64"',
              child.entry('address6'),
            )
          if (netName !== undefined && netNames.has(netName))
            child.report(
              'zmgr::schema::duplicate',
              `net ${JSON.stringify(netName)} is given twice`,
              'net names are unique within a zone',
              child.entry(0),
            )
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
        status(child) {
          const value = child.arg(0, 'string')
          if (value === 'creating') {
            child.expect({props: ['pid', 'host', 'started'], maxArgs: 1})
            zone.status = {
              status: 'creating',
              pid: child.prop('pid', 'integer', false),
              host: child.prop('host', 'string', false),
              started: child.prop('started', 'string', false),
            }
          } else if (value === 'incomplete') {
            child.expect({props: ['step'], maxArgs: 1})
            zone.status = {status: 'incomplete', step: child.prop('step', 'string', false)}
          } else if (value !== undefined) {
            child.report(
              'zmgr::zone::status',
              `status ${JSON.stringify(value)} is not "creating" or "incomplete"`,
              'zmgr writes this line while a create runs or after it failed; remove it once the zone is complete',
              child.entry(0),
            )
          }
        },
      },
      {
        once: ['brand', 'template', 'zonepath', 'autoboot', 'ip-type', 'created', 'imported', 'held', 'status'],
        required: ['brand', 'zonepath'],
        allowUnknown: true,
      },
    )
    for (const child of view.children()) {
      if (!zone.nodes.has(child.name)) zone.nodes.set(child.name, child.node)
      // The ledger cannot tell whether such a line holds an address (a misspelt `net`?): it refuses to allocate, and so does this.
      if (
        !MODELLED_NODES.has(child.name) &&
        child.name !== 'zonecfg' &&
        child.node.getProperty('address') !== undefined
      ) {
        child.report(
          'zmgr::ipam::address-in-doubt',
          `\`${child.name}\` gives an address=, but only \`net\` lines hold addresses`,
          'write it as net "NAME" ... address="192.0.2.100/24", or move it under zonecfg { ... }',
          child.entry('address'),
        )
      }
    }
    return zone
  },
}
