// Datalink helpers shared by dladm, zoneadm (exclusive-IP networking) and seeding.
import {createHash, randomBytes} from 'node:crypto'
import {formatMac} from './names.js'
import {isUp, type Link, type ZoneRecord} from './types.js'

/** OUI-style prefix dladm gives random VNIC MAC addresses. */
const RANDOM_MAC_PREFIX = [0x2, 0x8, 0x20]

export function randomMac(): string {
  return formatMac([...RANDOM_MAC_PREFIX, ...randomBytes(3)])
}

/** A physical NIC; its factory MAC is derived from the name so that it is stable. */
export function physLink(name: string, speed = 1000): Link {
  const [a = 0, b = 0, c = 0] = createHash('sha1').update(name).digest()
  const mac = formatMac([0x0, 0x1b, 0x21, a, b, c])
  return {name, class: 'phys', mtu: 1500, state: 'up', speed, duplex: 'full', media: 'Ethernet', device: name, mac}
}

export function etherstub(name: string): Link {
  return {name, class: 'etherstub', mtu: 9000, state: 'unknown'}
}

/** A VNIC over `lower`, inheriting its MTU and speed. */
export function vnic(
  name: string,
  lower: Link,
  options: {vid?: number; mac?: string; macType?: string; ownerZone?: string} = {},
): Link {
  const link: Link = {
    name,
    class: 'vnic',
    mtu: lower.mtu,
    state: 'up',
    speed: lower.speed ?? 0,
    over: lower.name,
    vid: options.vid ?? 0,
    mac: options.mac ?? randomMac(),
    macType: options.macType ?? 'random',
  }
  if (options.ownerZone !== undefined) link.ownerZone = options.ownerZone
  return link
}

/** Links a running exclusive-IP zone holds: its nets' `physical` names → zone. */
export function heldLinks(zones: ZoneRecord[]): Map<string, string> {
  const held = new Map<string, string>()
  for (const zone of zones) {
    if (!isUp(zone.state) || zone.config.props['ip-type'] !== 'exclusive') continue
    for (const net of zone.config.resources)
      if (net.type === 'net' && net.props.physical) held.set(net.props.physical, zone.name)
  }
  return held
}
