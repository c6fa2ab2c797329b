import type {Node} from '@bgotink/kdl'
import {inputError, type SourceLocation} from './errors.js'
import type {IpType} from './illumos/zonecfg.js'
import type {Template} from './registry/template.js'

/** What a brand sees of the zone being created. */
export interface BrandZone {
  name: string
  zonepath: string
  template: Template
  nets: Array<{
    name: string
    vnic?: string
    over?: string
    address?: string
    gateway?: string
    address6?: string
    gateway6?: string
  }>
}

/** A problem a brand finds in a template, located at one of its nodes. */
export interface BrandProblem {
  code: string
  message: string
  help?: string
  node?: Node
  /** Where the problem is, when it comes located already (a diagnostic of brandOptions(template)); else `node`. */
  location?: SourceLocation
  severity?: 'error' | 'warning'
}

/**
 * A zone brand, contributed by a plugin through the `zmgr:brands` hook. The
 * built-in brands (ipkg, lipkg, nlipkg, sparse, pkgsrc) come from the zones
 * plugin the same way.
 */
export interface Brand {
  name: string
  summary: string
  /** Where the brand exists, for docs and warnings (e.g. ["OmniOS"]). */
  distributions: string[]
  /** IP types the brand supports (default both). */
  ipTypes?: IpType[]
  /** The zone image is an IPS image whose publishers zmgr can set with `pkg -R`. */
  ipsImage: boolean
  /**
   * Distributions (as in `distributions`) on which the zone image is a pkg linked image of
   * the global zone (CONTRACT §4.2): its publishers must keep the global zone's first. zmgr
   * asks pkg after install (`pkg list-linked`); this only shapes the plan. Default: none.
   */
  linkedImageOn?: string[]
  validateTemplate?(template: Template): BrandProblem[]
  /** Extra zonecfg lines, appended before the template's raw `zonecfg` lines. */
  zonecfg?(zone: BrandZone): string[]
  /** Arguments after `zoneadm -z NAME install`. */
  installArgs?(zone: BrandZone): string[]
}

/** The brand a template names, or a diagnostic listing the ones plugins provide. */
export function requireBrand(brands: Map<string, Brand>, name: string): Brand {
  const brand = brands.get(name)
  if (brand) return brand
  throw inputError('zmgr::brand::unknown', `no plugin provides the brand ${JSON.stringify(name)}`, {
    help: `known brands: ${[...brands.keys()].sort().join(', ') || '(none)'}; a plugin can add it (zmgr plugins install ...)`,
  })
}
