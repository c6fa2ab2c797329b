// What zoneadmd does with an exclusive-IP zone's networks at ready/boot and
// halt: check that each `physical` link exists and is free, or create it on
// demand over `global-nic` (OmniOS), and delete on-demand VNICs at halt.
import type {Console} from '../io.js'
import {heldLinks, vnic} from '../links.js'
import type {Store} from '../store.js'
import type {Link, ZoneRecord} from '../types.js'

/**
 * Brings up an exclusive-IP zone's datalinks; false after printing why the zone cannot boot. zoneadmd's failure
 * (vplat.c: `failed to add network device` + strerror) is relayed as `zone 'Z': …`, then zoneadm adds its own line.
 * Shared-IP links are only warned about, by verify.
 */
export function bringUpNetworks(store: Store, zone: ZoneRecord, console: Console): boolean {
  if (zone.config.props['ip-type'] !== 'exclusive') return true
  const nets = zone.config.resources.filter((r) => r.type === 'net' && r.props.physical)
  const held = heldLinks(store.zones().filter((z) => z.name !== zone.name))
  return store.updateLinks((links) => {
    const adopted: Link[] = []
    const created: Link[] = []
    const failure = (first: string): boolean => {
      console.err(`${first}\n`)
      console.err(`zoneadm: zone '${zone.name}': call to zoneadmd failed\n`)
      return false
    }
    const cannotAdd = (errno: string): boolean => failure(`zone '${zone.name}': failed to add network device: ${errno}`)
    for (const net of nets) {
      const physical = net.props.physical!
      const existing = links.find((l) => l.name === physical)
      if (existing && held.has(physical)) return cannotAdd('Device busy')
      const globalNic = net.props['global-nic']
      if (globalNic) {
        // vnic.ksh config_vnics: an existing link of that name is used as it is, and still deleted at halt.
        if (existing) {
          adopted.push(existing)
          continue
        }
        const lower =
          globalNic === 'auto' ? links.find((l) => l.class === 'phys') : links.find((l) => l.name === globalNic)
        if (!lower) return failure(`dladm: vnic creation over ${globalNic} failed: object not found`)
        const mac = net.props['mac-addr']
        created.push(
          vnic(physical, lower, {
            vid: Number(net.props['vlan-id'] ?? 0),
            ownerZone: zone.name,
            ...(mac ? {mac, macType: 'fixed'} : {}),
          }),
        )
        continue
      }
      if (!existing) return cannotAdd('No such file or directory')
    }
    for (const link of adopted) link.ownerZone = zone.name
    links.push(...created)
    return true
  })
}

/** Deletes the VNICs the zone's brand created on demand. */
export function tearDownNetworks(store: Store, zone: string): void {
  store.updateLinks((links) => {
    const keep = links.filter((l) => l.ownerZone !== zone)
    links.splice(0, links.length, ...keep)
  })
}
