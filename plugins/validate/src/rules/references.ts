import type {Diagnostic, RegistrySnapshot, ValidationRule} from 'zmgr'
import {entryOrNode, itemNode, problemAt} from 'zmgr'

const known = (names: Iterable<string>, what: string) => {
  const list = [...names].sort()
  return list.length > 0 ? `known ${what}: ${list.join(', ')}` : `there are no ${what} yet`
}

/** config → default template; template → brand, pools, publishers; zone → template, pools. */
export const referencesRule: ValidationRule = {
  id: 'references',
  summary: 'Every name a file refers to (template, pool, publisher, brand) exists.',
  check(snapshot: RegistrySnapshot): Diagnostic[] {
    const templates = new Set(snapshot.templates.map((t) => t.name))
    const pools = new Set(snapshot.pools.map((p) => p.name))
    const publishers = new Set(snapshot.publishers.map((p) => p.name))
    // A file that exists but did not parse is reported already; naming it is not a second problem.
    const {broken} = snapshot
    const missingTemplate = (name: string) => !templates.has(name) && !broken.templates.has(name)
    const missingPool = (name: string) => !pools.has(name) && !broken.pools.has(name)
    const missingPublisher = (name: string) => !publishers.has(name) && !broken.publishers.has(name)
    const out: Diagnostic[] = []

    const {config} = snapshot
    const defaultTemplate = config?.nodes['default-template']
    if (
      config?.file &&
      config.source &&
      config.defaultTemplate !== undefined &&
      defaultTemplate &&
      missingTemplate(config.defaultTemplate)
    ) {
      out.push(
        problemAt({file: config.file, source: config.source}, entryOrNode(defaultTemplate, 0), {
          code: 'zmgr::config::unknown-template',
          message: `the default template ${JSON.stringify(config.defaultTemplate)} does not exist`,
          help: `${known(templates, 'templates')}; name one of them, or create templates/${config.defaultTemplate}.kdl`,
        }),
      )
    }

    for (const template of snapshot.templates) {
      const brandNode = template.nodes.get('brand')
      if (template.brand && !snapshot.brands.has(template.brand)) {
        out.push(
          problemAt(template, brandNode && entryOrNode(brandNode, 0), {
            code: 'zmgr::template::unknown-brand',
            message: `no plugin provides the brand ${JSON.stringify(template.brand)}`,
            help: `${known(snapshot.brands.keys(), 'brands')}; a plugin can add it (zmgr plugins install ...)`,
          }),
        )
      }
      for (const net of template.nets) {
        for (const [prop, pool] of [
          ['pool', net.pool],
          ['pool6', net.pool6],
        ] as const) {
          if (pool === undefined || !missingPool(pool)) continue
          out.push(
            problemAt(template, entryOrNode(net.node, prop), {
              code: 'zmgr::template::unknown-pool',
              message: `net ${JSON.stringify(net.name)} takes its address from the pool ${JSON.stringify(pool)}, which does not exist`,
              help: `${known(pools, 'pools')}; name one of them, or create pools/${pool}.kdl`,
            }),
          )
        }
      }
      for (const node of itemNode(template, 'template')?.children?.nodes ?? []) {
        if (node.getName() !== 'publisher') continue
        for (const entry of node.getArgumentEntries()) {
          const name = entry.getValue()
          if (typeof name !== 'string' || !missingPublisher(name)) continue
          out.push(
            problemAt(template, entry, {
              code: 'zmgr::template::unknown-publisher',
              message: `the publisher ${JSON.stringify(name)} does not exist`,
              help: `${known(publishers, 'publishers')}; add it with \`zmgr publishers add ${name} ...\` or remove it here`,
            }),
          )
        }
      }
    }

    for (const zone of snapshot.zones) {
      const templateNode = zone.nodes.get('template')
      if (zone.template !== undefined && missingTemplate(zone.template)) {
        out.push(
          problemAt(zone, templateNode && entryOrNode(templateNode, 0), {
            code: 'zmgr::zone::unknown-template',
            severity: 'warning',
            message: `zone ${JSON.stringify(zone.name)} was made from the template ${JSON.stringify(zone.template)}, which no longer exists`,
            help: 'the zone itself is unaffected; restore the template, or remove the `template` line from the zone file',
          }),
        )
      }
      for (const net of zone.nets) {
        for (const [prop, pool] of [
          ['pool', net.pool],
          ['pool6', net.pool6],
        ] as const) {
          if (pool === undefined || !missingPool(pool)) continue
          out.push(
            problemAt(zone, entryOrNode(net.node, prop), {
              code: 'zmgr::zone::unknown-pool',
              message: `net ${JSON.stringify(net.name)} of zone ${JSON.stringify(zone.name)} holds its address from the pool ${JSON.stringify(pool)}, which does not exist`,
              help: `the address is not protected from being handed out again; ${known(pools, 'pools')}; restore pools/${pool}.kdl or correct ${prop}=`,
            }),
          )
        }
      }
    }
    return out
  },
}
