import type {KdlNodeSpec, KdlScalar, ZoneConfig, ZonecfgProperty, ZonecfgResource, ZoneRecord} from 'zmgr'
import type {TemplateMatch} from './match.js'
import type {ImportedNet} from './nets.js'

/** Zone-wide properties the zone file models itself; the rest go under `zonecfg`. */
const MODELLED_GLOBALS = new Set(['zonename', 'zonepath', 'brand', 'autoboot', 'ip-type'])

/** Net names: the paired template net's name, else net0, net1, ... (never one the template uses). */
export function netNames(nets: readonly ImportedNet[], match: TemplateMatch): string[] {
  const taken = new Set(match.pairs.flatMap((tnet) => (tnet ? [tnet.name] : [])))
  let next = 0
  return nets.map((_, i) => {
    const paired = match.pairs[i]
    if (paired) return paired.name
    while (taken.has(`net${next}`)) next++
    taken.add(`net${next}`)
    return `net${next}`
  })
}

/**
 * Properties as KDL: a single plain value is a property (`dir="/data"`); a
 * list, a complex value, or a name that repeats is a child node
 * (`options "ro" "nodevices"`, `value priv="privileged" limit="10" action="none"`).
 */
function propertiesToKdl(properties: readonly ZonecfgProperty[]): {
  props: Record<string, KdlScalar>
  children: KdlNodeSpec[]
} {
  const props: Record<string, KdlScalar> = {}
  const children: KdlNodeSpec[] = []
  const counts = new Map<string, number>()
  for (const {name} of properties) counts.set(name, (counts.get(name) ?? 0) + 1)
  for (const {name, value} of properties) {
    if (typeof value === 'string' && counts.get(name) === 1) props[name] = value
    else if (typeof value === 'string') children.push({name, args: [value]})
    else if (Array.isArray(value)) {
      if (value.length > 0) children.push({name, args: value})
    } else children.push({name, props: value})
  }
  return {props, children}
}

function resourceToKdl(resource: ZonecfgResource): KdlNodeSpec {
  return {name: resource.type, ...propertiesToKdl(resource.properties)}
}

/** What a net holds that the zone file's `net` node cannot: lx `property` entries, an address zmgr cannot record. */
function netExtra(name: string, net: ImportedNet, ipType: ZoneConfig['ipType']): KdlNodeSpec | undefined {
  const {props, children} = propertiesToKdl(net.sources.flatMap((source) => source.other))
  if (net.unrecorded !== undefined) props[ipType === 'exclusive' ? 'allowed-address' : 'address'] = net.unrecorded
  children.push(
    ...net.sources
      .flatMap((source) => source.properties)
      .map((p) => ({name: 'property', props: {name: p.name, value: p.value}})),
  )
  if (Object.keys(props).length === 0 && children.length === 0) return undefined
  return {name: 'net', args: [name], props, children}
}

/**
 * Everything zmgr does not model, as `zonecfg { ... }`: zone-wide properties
 * (bootargs, limitpriv, ...), alias settings (`cpu-shares "10"`), the extras of
 * nets, and every other resource in the order zonecfg printed it.
 */
export function unmodelledNode(
  config: ZoneConfig,
  nets: readonly ImportedNet[],
  names: readonly string[],
): KdlNodeSpec | undefined {
  const children: KdlNodeSpec[] = [
    ...config.globals.filter((g) => !MODELLED_GLOBALS.has(g.name)).map((g) => ({name: g.name, args: [g.value]})),
    ...config.aliases.map((a) => ({name: a.name, args: [a.value]})),
    ...nets.flatMap((net, i) => netExtra(names[i], net, config.ipType) ?? []),
    ...config.resources.map(resourceToKdl),
  ]
  return children.length > 0 ? {name: 'zonecfg', children} : undefined
}

/** What the zone file records of an imported net, under its name (the zonecfg sources stay behind). */
export function recordedNet(net: ImportedNet, name: string): ZoneRecord['nets'][number] {
  return {
    name,
    vnic: net.vnic,
    over: net.over,
    pool: net.pool,
    address: net.address,
    gateway: net.gateway,
    vlan: net.vlan,
    globalNic: net.globalNic,
    macAddr: net.macAddr,
    pool6: net.pool6,
    address6: net.address6,
    gateway6: net.gateway6,
  }
}

export function importRecord(
  zone: string,
  config: ZoneConfig,
  nets: readonly ImportedNet[],
  match: TemplateMatch,
  date: string,
): ZoneRecord {
  const names = netNames(nets, match)
  const extra = unmodelledNode(config, nets, names)
  return {
    name: zone,
    brand: config.brand,
    template: match.template?.name,
    zonepath: config.zonepath,
    autoboot: config.autoboot,
    ipType: config.ipType,
    imported: date,
    nets: nets.map((net, i) => recordedNet(net, names[i]!)),
    extra: extra ? [extra] : [],
  }
}
