// Operations on a zone configuration that libzonecfg performs: templates,
// rctl aliases (cpu-shares, capped-memory, capped-cpu live in rctls), lookups.
import type {Flavour} from '../flavour.js'
import type {Resource, ZoneConfig} from '../types.js'
import {aliasByName} from './resources.js'

/** SUNWblank and SUNWdefault: the flavour's default brand and ip-type, no zonepath, autoboot false (CONTRACT §3.3). */
export function blankConfig(flavour: Flavour): ZoneConfig {
  return {
    props: {zonepath: '', brand: flavour.defaultBrand, autoboot: 'false', 'ip-type': flavour.defaultIpType},
    resources: [],
  }
}

/**
 * The configuration a template gives, or undefined when the template does not
 * exist. SUNWblank and SUNWdefault are the same (§3.3). Brand templates
 * (OMNI<brand> on OmniOS, SUNWipkg/OInlipkg on OI) exist only for installed
 * brands and set exclusive IP.
 */
export function templateConfig(flavour: Flavour, brands: string[], template: string): ZoneConfig | undefined {
  if (template === 'SUNWblank' || template === 'SUNWdefault') return blankConfig(flavour)
  const brandTemplates = new Map<string, string>(Object.entries(flavour.namedTemplates))
  if (flavour.templatePrefix) for (const brand of brands) brandTemplates.set(`${flavour.templatePrefix}${brand}`, brand)
  const brand = brandTemplates.get(template)
  if (brand === undefined || !brands.includes(brand)) return undefined
  return {props: {zonepath: '', brand, autoboot: 'false', 'ip-type': 'exclusive'}, resources: []}
}

/** `create -t T`: OmniOS prefixes OMNI unless T starts with an upper-case letter. */
export function templateName(flavour: Flavour, requested: string): string {
  return flavour.templatePrefix && !/^[A-Z]/.test(requested) ? `${flavour.templatePrefix}${requested}` : requested
}

export type AliasLookup = {status: 'set'; limit: number} | {status: 'unset'} | {status: 'incompatible'}

/**
 * zonecfg_get_aliased_rctl: the alias is set when its rctl has exactly one
 * value (priv=privileged, the alias's action); any other rctl of that name
 * blocks the alias.
 */
export function getAliased(config: ZoneConfig, aliasName: string): AliasLookup {
  const alias = aliasByName(aliasName)
  const rctl = config.resources.find((r) => r.type === 'rctl' && r.props.name === alias.rctl)
  if (!rctl) return {status: 'unset'}
  const values = rctl.values ?? []
  const [value] = values
  if (values.length !== 1 || !value || value.priv !== 'privileged' || value.action !== alias.action)
    return {status: 'incompatible'}
  return {status: 'set', limit: Number(value.limit)}
}

/** zonecfg_set_aliased_rctl: replaces the rctl in place, or appends it. */
export function setAliased(config: ZoneConfig, aliasName: string, limit: number): void {
  const alias = aliasByName(aliasName)
  const rctl: Resource = {
    type: 'rctl',
    props: {name: alias.rctl},
    values: [{priv: 'privileged', limit: String(limit), action: alias.action}],
  }
  const index = config.resources.findIndex((r) => r.type === 'rctl' && r.props.name === alias.rctl)
  if (index >= 0) config.resources[index] = rctl
  else config.resources.push(rctl)
}

export function removeAliased(config: ZoneConfig, aliasName: string): void {
  const alias = aliasByName(aliasName)
  config.resources = config.resources.filter((r) => !(r.type === 'rctl' && r.props.name === alias.rctl))
}

export function resourcesOfType(config: ZoneConfig, type: string): Resource[] {
  return config.resources.filter((r) => r.type === type)
}

/** Resources of `type` whose properties equal every given qualifier. */
export function matchResources(config: ZoneConfig, type: string, qualifiers: Record<string, string>): Resource[] {
  return resourcesOfType(config, type).filter((r) =>
    Object.entries(qualifiers).every(([prop, value]) => (r.props[prop] ?? '') === value),
  )
}
