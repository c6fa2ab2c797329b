import type {Diagnostic, Loaded, RegistrySnapshot, ValidationRule, ZoneEntry, ZoneNet} from 'zmgr'
import {entryOrNode, itemNode, linkNameProblem, placeOf, problemAt, zoneNameProblem} from 'zmgr'

/** Zone names and VNIC names as illumos accepts them, and no VNIC claimed by two nets. */
export const namesRule: ValidationRule = {
  id: 'names',
  summary: 'Zone and VNIC names are valid on illumos; no VNIC name is used twice.',
  check(snapshot: RegistrySnapshot): Diagnostic[] {
    const out: Diagnostic[] = []
    // First holder of each VNIC name: a map, so 10,000 zones cost 10,000 lookups.
    const vnics = new Map<string, {zone: Loaded<ZoneEntry>; net: ZoneNet}>()
    for (const zone of snapshot.zones) {
      const zoneProblem = zoneNameProblem(zone.name)
      if (zoneProblem) {
        const node = itemNode(zone, 'zone')
        out.push(
          problemAt(zone, node && entryOrNode(node, 0), {
            code: 'zmgr::zone::bad-name',
            message: `invalid zone name ${JSON.stringify(zone.name)}: ${zoneProblem}`,
            help: 'zoneadm and zonecfg refuse it: rename the zone (and its file) to up to 63 letters, digits, "_", "." or "-", starting with a letter or digit',
          }),
        )
      }
      for (const net of zone.nets) {
        if (net.vnic === undefined) continue
        const at = entryOrNode(net.node, 'vnic')
        const linkProblem = linkNameProblem(net.vnic)
        if (linkProblem) {
          out.push(
            problemAt(zone, at, {
              code: 'zmgr::zone::bad-vnic-name',
              message: `invalid VNIC name ${JSON.stringify(net.vnic)}: ${linkProblem}`,
              help: 'dladm refuses it: up to 31 letters, digits, "_" or ".", not starting with a digit, ending in a number without a leading zero (e.g. web01_0)',
            }),
          )
        }
        const first = vnics.get(net.vnic)
        if (first) {
          out.push(
            problemAt(zone, at, {
              code: 'zmgr::zone::duplicate-vnic',
              message: `the VNIC ${JSON.stringify(net.vnic)} of zone ${JSON.stringify(zone.name)} is also claimed by zone ${JSON.stringify(first.zone.name)}`,
              help: `a VNIC belongs to one net of one zone (first claimed at ${placeOf(snapshot.root, first.zone, entryOrNode(first.net.node, 'vnic'))}); rename one of them`,
            }),
          )
        } else vnics.set(net.vnic, {zone, net})
      }
    }
    return out
  },
}
