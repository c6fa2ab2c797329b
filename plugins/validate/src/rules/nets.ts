import type {Diagnostic, RegistrySnapshot, ValidationRule} from 'zmgr'
import {defaultRoutes, entryOrNode, familyName, parseHostAddress, problemAt} from 'zmgr'

/**
 * Networking as illumos applies it (CONTRACT §3.6.1, §3.6.2): a dual-stack
 * net takes one IPv4 and one IPv6 pool; one net per address family carries
 * the default route, because every defrouter becomes one; a shared-IP net
 * cannot be put on a VLAN by zmgr.
 */
export const netsRule: ValidationRule = {
  id: 'nets',
  summary: 'Dual-stack nets take an IPv4 and an IPv6 pool; one default route per family; no VLAN on a shared-IP net.',
  check(snapshot: RegistrySnapshot): Diagnostic[] {
    const pools = new Map(snapshot.pools.map((pool) => [pool.name, pool]))
    const out: Diagnostic[] = []
    for (const template of snapshot.templates) {
      for (const net of template.nets) {
        if (net.pool6 !== undefined) {
          for (const [prop, name, family] of [
            ['pool', net.pool, 4],
            ['pool6', net.pool6, 6],
          ] as const) {
            const pool = pools.get(name)
            if (!pool || pool.family === family) continue
            out.push(
              problemAt(template, entryOrNode(net.node, prop), {
                code: 'zmgr::template::pool-family',
                message: `net ${JSON.stringify(net.name)} is dual-stack, but its ${prop}= ${JSON.stringify(name)} is ${familyName(pool.family)} (${pool.networkText})`,
                help: 'a dual-stack net takes its IPv4 address from pool= and its IPv6 address from pool6=',
              }),
            )
          }
        }
        const vlan = net.vlan ?? pools.get(net.pool)?.vlan
        if (template.ipType === 'shared' && vlan !== undefined) {
          out.push(
            problemAt(template, entryOrNode(net.node, net.vlan === undefined ? 'pool' : 'vlan'), {
              code: 'zmgr::template::shared-vlan',
              message: `net ${JSON.stringify(net.name)} of this shared-IP template is on VLAN ${vlan}${net.vlan === undefined ? ` (from pool ${JSON.stringify(net.pool)})` : ''}, which zmgr cannot give a shared-IP zone`,
              help: `a shared-IP zone uses a global-zone IP interface: create the VLAN link and its interface there (dladm create-vlan -l ${net.over} -v ${vlan} LINK; ipadm create-if LINK), set over="LINK" and use a pool without vlan; or make the template exclusive-IP. \`zones create\` refuses it`,
            }),
          )
        }
      }
      const {conflicts} = defaultRoutes(template, (name) => pools.get(name))
      for (const {
        family,
        nets: [first, second],
      } of conflicts) {
        const node = template.defaultRoute ? template.defaultRoute.node : undefined
        out.push(
          problemAt(template, node, {
            code: 'zmgr::template::default-route',
            message: `default-route gives ${familyName(family)} default routes to two nets (${first} and ${second})`,
            help: 'every defrouter becomes a default route in the zone, and replies may leave by the wrong link: name one net per address family',
          }),
        )
      }
    }
    for (const zone of snapshot.zones) {
      const routers = new Map<4 | 6, string>()
      for (const net of zone.nets) {
        for (const prop of ['gateway', 'gateway6'] as const) {
          const router = net[prop]
          const family = router === undefined ? undefined : parseHostAddress(router)?.family
          if (family === undefined) continue
          const first = routers.get(family)
          if (first === undefined) {
            routers.set(family, net.name)
            continue
          }
          out.push(
            problemAt(zone, entryOrNode(net.node, prop), {
              code: 'zmgr::zone::default-routes',
              severity: 'warning',
              message: `zone ${JSON.stringify(zone.name)} has a second ${familyName(family)} default route: nets ${first} and ${net.name} both have a defrouter`,
              help: `replies may leave by the wrong link; remove the defrouter of one net (zonecfg -z ${zone.name}) and its ${prop}= here`,
            }),
          )
        }
      }
    }
    return out
  },
}
