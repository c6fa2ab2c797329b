// What zoneadmd does with an exclusive-IP zone's networks at ready/boot and
// halt: check that each `physical` link exists and is free, or create it on
// demand over `global-nic` (OmniOS), and delete on-demand VNICs at halt.
import type {Console} from '../io.js'
import {heldLinks, vnic} from '../links.js'
import type {Store} from '../store.js'
import type {Link, ZoneRecord} from '../types.js'

function zoneMessage(zone: string, message: string): string {
  return `zoneadm: zone '${zone}': ${message}\n`
}

/** Brings up the zone's datalinks; false after printing why the zone cannot boot. */
export function bringUpNetworks(store: Store, zone: ZoneRecord, console: Console): boolean {
  const nets = zone.config.resources.filter(r => r.type === 'net' && r.props.physical)
  if (zone.config.props['ip-type'] !== 'exclusive') {
    const names = new Set(store.links().map(l => l.name))
    for (const net of nets)
      if (!names.has(net.props.physical!))
        console.err(
          `WARNING: skipping network interface '${net.props.physical}' which may not be present/plumbed in the global zone.\n`,
        )
    return true
  }
  const held = heldLinks(store.zones().filter(z => z.name !== zone.name))
  return store.updateLinks(links => {
    const created: Link[] = []
    const failure = (physical: string, status: string, warning: string): boolean => {
      console.err(`${warning}\n`)
      console.err(zoneMessage(zone.name, `failed to add network device ${physical}: ${status}`))
      console.err(zoneMessage(zone.name, 'call to zoneadmd failed'))
      return false
    }
    for (const net of nets) {
      const physical = net.props.physical!
      const existing = links.find(l => l.name === physical)
      const globalNic = net.props['global-nic']
      if (globalNic) {
        if (existing)
          return failure(physical, 'object already exists', `WARNING: network interface '${physical}' already exists.`)
        const lower = globalNic === 'auto' ? links.find(l => l.class === 'phys') : links.find(l => l.name === globalNic)
        if (!lower)
          return failure(physical, 'object not found', `WARNING: skipping network interface '${globalNic}': object not found`)
        const mac = net.props['mac-addr']
        const link = vnic(physical, lower, {
          vid: Number(net.props['vlan-id'] ?? 0),
          ownerZone: zone.name,
          ...(mac ? {mac, macType: 'fixed'} : {}),
        })
        created.push(link)
        continue
      }
      if (!existing)
        return failure(physical, 'object not found', `WARNING: skipping network interface '${physical}': object not found`)
      const owner = held.get(physical)
      if (owner)
        return failure(
          physical,
          'link busy',
          `WARNING: skipping network interface '${physical}' which is used by the non-global zone '${owner}'.`,
        )
    }
    links.push(...created)
    return true
  })
}

/** Deletes the VNICs the zone's brand created on demand. */
export function tearDownNetworks(store: Store, zone: string): void {
  store.updateLinks(links => {
    const keep = links.filter(l => l.ownerZone !== zone)
    links.splice(0, links.length, ...keep)
  })
}
