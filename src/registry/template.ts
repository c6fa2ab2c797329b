import type {Node} from '@bgotink/kdl'
import {type NodeView, readChildren} from '../kdl/reader.js'
import {type IpType, isIpType} from '../illumos/zonecfg.js'
import type {FileKind} from './load.js'

/** The `ip-type` setting of a template or zone file: "exclusive" or "shared". */
export function readIpType(view: NodeView, kind: string): IpType | undefined {
  view.expect({maxArgs: 1})
  const value = view.arg(0, 'string')
  if (isIpType(value)) return value
  if (value !== undefined)
    view.report(
      `zmgr::${kind}::ip-type`,
      `ip-type must be "exclusive" or "shared", not ${JSON.stringify(value)}`,
      "exclusive-IP zones get a VNIC per net; shared-IP zones use the global zone's interfaces",
      view.entry(0),
    )
  return undefined
}

/** One network of a template: an address from `pool` on a VNIC over the link `over`. */
export interface TemplateNet {
  name: string
  pool: string
  /** The global-zone link the VNIC is created over (physical NIC, etherstub, aggregation). */
  over: string
  /** VLAN id for the VNIC; defaults to the pool's vlan. */
  vlan?: number
  /** Dual stack: an IPv6 pool whose address goes on the same link (`pool` is then the IPv4 pool). */
  pool6?: string
  node: Node
}

/** Which nets carry the zone's default routes (`default-route`); `false`: none at all. */
export type DefaultRoute = {nets: string[]; node: Node} | false

export interface CappedMemory {
  physical?: string
  swap?: string
  locked?: string
}

export interface ZoneAttr {
  name: string
  type: 'string' | 'int' | 'uint' | 'boolean'
  value: string
}

export interface ZoneFs {
  dir: string
  special: string
  type: string
  options: string[]
}

export interface Template {
  name: string
  brand: string
  autoboot: boolean
  ipType: IpType
  nets: TemplateNet[]
  publishers: string[]
  cappedMemory?: CappedMemory
  cappedCpu?: number
  cpuShares?: number
  maxLwps?: number
  maxProcesses?: number
  limitpriv?: string
  schedulingClass?: string
  attrs: ZoneAttr[]
  fs: ZoneFs[]
  datasets: string[]
  /** Extra packages for the brand installer. */
  packages: string[]
  /** Raw zonecfg lines appended to the generated command file (an escape hatch). */
  zonecfg: string[]
  /** Settings for the brand's own plugin, as written (`brand-options { ... }`). */
  brandOptions?: Node
  /** `default-route "NET" ...`, or `default-route #false`; unset: the first net with a gateway, per address family. */
  defaultRoute?: DefaultRoute
  /** Each setting's node, for diagnostics that point into the template. */
  nodes: Map<string, Node>
}

const SIZE = /^\d+(\.\d+)?[KMGT]?$/i
const ATTR_TYPES = new Set(['string', 'int', 'uint', 'boolean'])

function size(view: NodeView, prop: string): string | undefined {
  const value = view.prop(prop, 'string')
  if (value !== undefined && !SIZE.test(value))
    view.report(
      'zmgr::template::bad-size',
      `${prop}=${JSON.stringify(value)} is not a size`,
      'write a number with an optional K, M, G or T suffix, e.g. "2G" or "512M"',
      view.entry(prop),
    )
  return value
}

function positive(view: NodeView, type: 'number' | 'integer'): number | undefined {
  view.expect({maxArgs: 1})
  const value = view.arg(0, type)
  if (value !== undefined && value <= 0)
    view.report('zmgr::template::bad-number', `\`${view.name}\` must be greater than zero`, undefined, view.entry(0))
  return value
}

export const templateKind: FileKind<Template> = {
  kind: 'template',
  folder: 'templates',
  node: 'template',
  read(view, name) {
    const template: Template = {
      name,
      brand: '',
      autoboot: false,
      ipType: 'exclusive',
      nets: [],
      publishers: [],
      attrs: [],
      fs: [],
      datasets: [],
      packages: [],
      zonecfg: [],
      nodes: new Map(),
    }
    const netNames = new Map<string, NodeView>()
    let defaultRouteView: NodeView | undefined
    readChildren(
      view,
      {
        brand(child) {
          child.expect({maxArgs: 1})
          template.brand = child.arg(0, 'string') ?? ''
        },
        autoboot(child) {
          child.expect({maxArgs: 1})
          template.autoboot = child.arg(0, 'boolean') ?? false
        },
        'ip-type'(child) {
          template.ipType = readIpType(child, 'template') ?? template.ipType
        },
        net(child) {
          child.expect({props: ['pool', 'pool6', 'over', 'vlan'], maxArgs: 1})
          const netName = child.arg(0, 'string')
          const pool = child.prop('pool', 'string', true)
          const over = child.prop('over', 'string', true)
          const vlan = child.prop('vlan', 'integer')
          const pool6 = child.prop('pool6', 'string')
          if (pool6 !== undefined && pool6 === pool)
            child.report(
              'zmgr::template::pool6',
              `net ${JSON.stringify(netName)} names the pool ${JSON.stringify(pool)} twice`,
              'pool= is the IPv4 pool, pool6= the IPv6 pool of a dual-stack net',
              child.entry('pool6'),
            )
          if (vlan !== undefined && (vlan < 1 || vlan > 4094))
            child.report(
              'zmgr::template::vlan',
              `vlan ${vlan} is out of range`,
              'a VLAN id is 1 to 4094',
              child.entry('vlan'),
            )
          if (netName !== undefined && netNames.has(netName))
            child.report(
              'zmgr::schema::duplicate',
              `net ${JSON.stringify(netName)} is defined twice`,
              `net names are unique within a template (first on line ${netNames.get(netName)!.location.line})`,
              child.entry(0),
            )
          if (netName !== undefined) netNames.set(netName, child)
          if (netName !== undefined && pool !== undefined && over !== undefined)
            template.nets.push({
              name: netName,
              pool,
              over,
              vlan,
              ...(pool6 === undefined ? {} : {pool6}),
              node: child.node,
            })
        },
        'default-route'(child) {
          defaultRouteView = child
          child.expect({maxArgs: Number.POSITIVE_INFINITY})
          const first = child.node.getArgument(0)
          if (first === false && child.node.getArguments().length === 1) template.defaultRoute = false
          else if (child.node.getArguments().length === 0)
            child.report(
              'zmgr::template::default-route',
              '`default-route` needs the net(s) that carry the default route, or #false',
              'e.g. default-route "public"; default-route #false gives the zone no default route',
            )
          else template.defaultRoute = {nets: child.args('string'), node: child.node}
        },
        publisher(child) {
          child.expect({maxArgs: Number.POSITIVE_INFINITY})
          template.publishers.push(...child.args('string'))
        },
        'capped-memory'(child) {
          child.expect({props: ['physical', 'swap', 'locked'], maxArgs: 0})
          template.cappedMemory = {
            physical: size(child, 'physical'),
            swap: size(child, 'swap'),
            locked: size(child, 'locked'),
          }
          if (!child.node.hasProperties())
            child.report(
              'zmgr::template::capped-memory',
              'capped-memory needs physical=, swap= or locked=',
              'e.g. capped-memory physical="2G" swap="4G"',
            )
        },
        'capped-cpu'(child) {
          template.cappedCpu = positive(child, 'number')
        },
        'cpu-shares'(child) {
          template.cpuShares = positive(child, 'integer')
        },
        'max-lwps'(child) {
          template.maxLwps = positive(child, 'integer')
        },
        'max-processes'(child) {
          template.maxProcesses = positive(child, 'integer')
        },
        limitpriv(child) {
          child.expect({maxArgs: 1})
          template.limitpriv = child.arg(0, 'string')
        },
        'scheduling-class'(child) {
          child.expect({maxArgs: 1})
          template.schedulingClass = child.arg(0, 'string')
        },
        attr(child) {
          child.expect({props: ['type'], maxArgs: 2})
          const attrName = child.arg(0, 'string')
          const value = child.arg(1, 'string')
          const type = child.prop('type', 'string') ?? 'string'
          if (!ATTR_TYPES.has(type))
            child.report(
              'zmgr::template::attr-type',
              `attr type ${JSON.stringify(type)} is not one zonecfg knows`,
              'use string, int, uint or boolean',
              child.entry('type'),
            )
          else if (attrName !== undefined && value !== undefined)
            template.attrs.push({name: attrName, type: type as ZoneAttr['type'], value})
        },
        fs(child) {
          child.expect({props: ['special', 'type', 'options'], maxArgs: 1})
          const dir = child.arg(0, 'string')
          const special = child.prop('special', 'string', true)
          const type = child.prop('type', 'string') ?? 'lofs'
          const options = (child.prop('options', 'string') ?? '').split(',').filter(Boolean)
          if (dir !== undefined && !dir.startsWith('/'))
            child.report(
              'zmgr::template::fs-dir',
              `fs ${JSON.stringify(dir)} must be an absolute path inside the zone`,
              undefined,
              child.entry(0),
            )
          else if (dir !== undefined && special !== undefined) template.fs.push({dir, special, type, options})
        },
        dataset(child) {
          child.expect({maxArgs: 1})
          const dataset = child.arg(0, 'string')
          if (dataset !== undefined) template.datasets.push(dataset)
        },
        packages(child) {
          child.expect({maxArgs: Number.POSITIVE_INFINITY})
          template.packages.push(...child.args('string'))
        },
        zonecfg(child) {
          child.expect({maxArgs: Number.POSITIVE_INFINITY})
          template.zonecfg.push(...child.args('string'))
        },
        'brand-options'(child) {
          child.expect({maxArgs: 0})
          template.brandOptions = child.node
        },
      },
      {
        once: [
          'brand',
          'autoboot',
          'ip-type',
          'default-route',
          'capped-memory',
          'capped-cpu',
          'cpu-shares',
          'max-lwps',
          'max-processes',
          'limitpriv',
          'scheduling-class',
          'brand-options',
        ],
        required: ['brand'],
      },
    )
    if (defaultRouteView && template.defaultRoute) {
      for (const entry of defaultRouteView.node.getArgumentEntries()) {
        const net = entry.getValue()
        if (typeof net === 'string' && !netNames.has(net))
          defaultRouteView.report(
            'zmgr::template::default-route',
            `default-route names the net ${JSON.stringify(net)}, which the template does not have`,
            `its nets: ${[...netNames.keys()].join(', ') || '(none)'}`,
            entry,
          )
      }
    }
    for (const child of view.children()) if (!template.nodes.has(child.name)) template.nodes.set(child.name, child.node)
    return template
  },
}

/** The pools of a template net: the IPv4 (or only) pool first, then the dual-stack IPv6 pool. */
export function netPools(net: TemplateNet): string[] {
  return net.pool6 === undefined ? [net.pool] : [net.pool, net.pool6]
}

/** What `defaultRoutes` needs to know of a pool (a Pool is one). */
export interface RoutePool {
  family: 4 | 6
  gateway?: unknown
}

/**
 * Which net carries the default route of each address family. With
 * `default-route`, the named nets (each for the families of its pools that
 * have a gateway); without it, per family the first net whose pool of that
 * family has a gateway. Every other net gets no defrouter: zoneadmd turns
 * every defrouter into a default route (CONTRACT §3.6.1). `conflicts` lists
 * families two named nets both claim.
 */
export function defaultRoutes(
  template: Pick<Template, 'nets' | 'defaultRoute'>,
  poolOf: (name: string) => RoutePool | undefined,
): {routes: Map<4 | 6, string>; conflicts: Array<{family: 4 | 6; nets: [string, string]}>} {
  const routes = new Map<4 | 6, string>()
  const conflicts: Array<{family: 4 | 6; nets: [string, string]}> = []
  if (template.defaultRoute === false) return {routes, conflicts}
  const named = template.defaultRoute?.nets
  const candidates = named ? named.flatMap((name) => template.nets.filter((net) => net.name === name)) : template.nets
  for (const net of candidates) {
    for (const poolName of netPools(net)) {
      const pool = poolOf(poolName)
      if (!pool?.gateway) continue
      const holder = routes.get(pool.family)
      if (holder === undefined) routes.set(pool.family, net.name)
      else if (named && holder !== net.name) conflicts.push({family: pool.family, nets: [holder, net.name]})
    }
  }
  return {routes, conflicts}
}
