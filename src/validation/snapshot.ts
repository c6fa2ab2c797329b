import type {Brand} from '../brands.js'
import type {Diagnostic} from '../errors.js'
import {poolKind} from '../registry/pool.js'
import {publisherKind} from '../registry/publisher.js'
import type {Registry} from '../registry/registry.js'
import {templateKind} from '../registry/template.js'
import {zoneKind} from '../registry/zone.js'
import type {RegistrySnapshot} from './types.js'

export interface SnapshotResult {
  snapshot: RegistrySnapshot
  /** KDL syntax and schema problems of every file, found while reading. */
  diagnostics: Diagnostic[]
  /** How many files were read (config.kdl included when present). */
  files: number
}

/**
 * Read every file under the root leniently: what parses goes into the
 * snapshot for the rules, what does not is reported with all its problems,
 * so one broken file never hides the others.
 */
export async function snapshotRegistry(registry: Registry, brands: Map<string, Brand>): Promise<SnapshotResult> {
  await registry.requireRoot()
  const config = await registry.scanConfig()
  const templates = await registry.scan(templateKind)
  const pools = await registry.scan(poolKind)
  const zones = await registry.scan(zoneKind)
  const publishers = await registry.scan(publisherKind)
  const configFiles = config.config?.file !== undefined || config.diagnostics.length > 0 ? 1 : 0
  const scans = [templates, pools, zones, publishers]
  return {
    snapshot: {
      root: registry.root,
      config: config.config,
      templates: templates.items,
      pools: pools.items,
      zones: zones.items,
      publishers: publishers.items,
      brands,
      broken: {templates: templates.broken, pools: pools.broken, zones: zones.broken, publishers: publishers.broken},
    },
    diagnostics: [...config.diagnostics, ...scans.flatMap((scan) => scan.diagnostics)],
    files: configFiles + scans.reduce((sum, scan) => sum + scan.files, 0),
  }
}
