// `zonecfg info` and `zonecfg export` output, driven by the resource table.
import type {Flavour} from '../flavour.js'
import type {Resource, ZoneConfig} from '../types.js'
import {getAliased, matchResources, resourcesOfType} from './config.js'
import {
  aliasByName,
  bytesToUnits,
  EXPORT_ORDER,
  GLOBAL_PROPS,
  INFO_ORDER,
  MCAP_ALIASES,
  type ResourceSpec,
} from './resources.js'

/** zonecfg quoteit(): values with a blank are double-quoted. */
function quoteIfBlank(value: string): string {
  return value.includes(' ') ? `"${value}"` : value
}

export function rctlValueText(v: {priv: string; limit: string; action: string}): string {
  return `(priv=${v.priv},limit=${v.limit},action=${v.action})`
}

export function propertyText(p: {name: string; value: string}): string {
  return `(name=${p.name},value="${p.value}")`
}

function optionText(option: string): string {
  return option.includes('=') ? `"${option}"` : option
}

// --- info ---------------------------------------------------------------------

export function globalPropLine(config: ZoneConfig, zonename: string, prop: string): string {
  const value = prop === 'zonename' ? zonename : (config.props[prop] ?? '')
  return `${prop}: ${value}\n`
}

/** `[cpu-shares: 10]` for an alias that is set, else nothing. */
export function aliasLine(config: ZoneConfig, name: string): string {
  const found = getAliased(config, name)
  if (found.status !== 'set') return ''
  const value = aliasByName(name).size ? bytesToUnits(found.limit) : String(found.limit)
  return `[${name}: ${value}]\n`
}

/** A stored resource as `info` prints it. */
export function resourceInfo(spec: ResourceSpec, resource: Resource): string {
  let text = `${spec.type}:\n`
  for (const prop of spec.props) {
    const value = resource.props[prop]
    if (value !== undefined && value !== '') text += `\t${prop}: ${quoteIfBlank(value)}\n`
    else if (!spec.infoWhenSet?.includes(prop)) text += `\t${prop} not specified\n`
  }
  if (spec.list === 'options') text += `\toptions: [${(resource.options ?? []).map(optionText).join(',')}]\n`
  for (const value of resource.values ?? []) text += `\tvalue: ${rctlValueText(value)}\n`
  for (const property of resource.properties ?? []) text += `\tproperty: ${propertyText(property)}\n`
  return text
}

export interface MemoryCaps {
  physical?: number
  swap?: number
  locked?: number
}

/** The capped-memory values a configuration holds (rctls, plus the gate's mcap element). */
export function memoryCaps(config: ZoneConfig, flavour: Flavour): MemoryCaps {
  const caps: MemoryCaps = {}
  for (const [prop, alias] of Object.entries(MCAP_ALIASES)) {
    if (prop === 'physical' && !flavour.physicalCapIsRctl) {
      const mcap = resourcesOfType(config, 'capped-memory')[0]
      if (mcap?.props.physical) caps.physical = Number(mcap.props.physical)
      continue
    }
    const found = getAliased(config, alias)
    if (found.status === 'set') caps[prop as keyof MemoryCaps] = found.limit
  }
  return caps
}

/** Brackets mark values derived from rctls (OmniOS shows physical that way too). */
export function memoryCapsInfo(caps: MemoryCaps, flavour: Flavour): string {
  let text = 'capped-memory:\n'
  for (const prop of ['physical', 'swap', 'locked'] as const) {
    const value = caps[prop]
    if (value === undefined) continue
    const bracketed = prop !== 'physical' || flavour.physicalCapIsRctl
    text += bracketed ? `\t[${prop}: ${bytesToUnits(value)}]\n` : `\t${prop}: ${bytesToUnits(value)}\n`
  }
  return text
}

export function cpuCapInfo(limit: number): string {
  return `capped-cpu:\n\t[ncpus: ${(limit / 100).toFixed(2)}]\n`
}

/** Every resource of one type as `info <type>` prints it (rctl-backed types included). */
export function resourceTypeInfo(
  config: ZoneConfig,
  flavour: Flavour,
  spec: ResourceSpec,
  qualifiers: Record<string, string> = {},
): string {
  if (spec.type === 'capped-cpu') {
    const cap = getAliased(config, 'cpu-cap')
    return cap.status === 'set' ? cpuCapInfo(cap.limit) : ''
  }
  if (spec.type === 'capped-memory') {
    const caps = memoryCaps(config, flavour)
    return Object.keys(caps).length > 0 ? memoryCapsInfo(caps, flavour) : ''
  }
  const matching = matchResources(config, spec.type, qualifiers)
  if (matching.length === 0 && Object.keys(qualifiers).length > 0) return ''
  return matching.map((r) => resourceInfo(spec, r)).join('')
}

/** Plain `info`: zone-wide properties, aliases, then resources by type. */
export function fullInfo(
  config: ZoneConfig,
  zonename: string,
  flavour: Flavour,
  specs: Record<string, ResourceSpec>,
): string {
  let text = GLOBAL_PROPS.map((prop) => globalPropLine(config, zonename, prop)).join('')
  text += flavour.aliases.map((name) => aliasLine(config, name)).join('')
  for (const type of INFO_ORDER) {
    const spec = specs[type]
    if (spec) text += resourceTypeInfo(config, flavour, spec)
  }
  return text
}

// --- export -------------------------------------------------------------------

/** `zonecfg export`: a command file that recreates the configuration. */
export function exportConfig(config: ZoneConfig, specs: Record<string, ResourceSpec>): string {
  const p = config.props
  let text = 'create -b\n'
  if (p.zonepath) text += `set zonepath=${p.zonepath}\n`
  if (p.brand && p.brand !== 'native') text += `set brand=${p.brand}\n`
  text += `set autoboot=${p.autoboot ?? 'false'}\n`
  for (const prop of ['bootargs', 'pool', 'limitpriv', 'scheduling-class'])
    if (p[prop]) text += `set ${prop}=${p[prop]}\n`
  text += `set ip-type=${p['ip-type'] ?? 'shared'}\n`
  for (const prop of ['hostid', 'fs-allowed']) if (p[prop]) text += `set ${prop}=${p[prop]}\n`

  for (const type of EXPORT_ORDER) {
    const spec = specs[type]
    if (!spec) continue
    for (const resource of resourcesOfType(config, type)) text += exportResource(spec, resource)
  }
  return text
}

function exportResource(spec: ResourceSpec, resource: Resource): string {
  // Every resource property is quoted (OmniOS, and illumos-gate since 11894, 2019; CONTRACT §3.9).
  const quote = (value: string): string => (spec.exportRaw ? value : `"${value}"`)
  let text = `add ${spec.type}\n`
  for (const prop of spec.exportOrder) {
    const value = resource.props[prop]
    if (!value) continue
    const shown = spec.type === 'capped-memory' ? bytesToUnits(Number(value)) : value
    text += `set ${prop}=${quote(shown)}\n`
  }
  for (const option of resource.options ?? []) text += `add options ${optionText(option)}\n`
  for (const value of resource.values ?? []) text += `add value ${rctlValueText(value)}\n`
  for (const property of resource.properties ?? []) text += `add property ${propertyText(property)}\n`
  return `${text}end\n`
}
