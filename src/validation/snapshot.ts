import {readFileSync} from 'node:fs'
import {basename} from 'node:path'
import type {Brand} from '../brands.js'
import type {Diagnostic} from '../errors.js'
import {type FileKind, listKdlFiles, readItem, type Sourced} from '../registry/load.js'
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

interface KindScan<T> {
  items: Array<T & Sourced>
  diagnostics: Diagnostic[]
  files: number
  /** Files that exist but did not load. */
  broken: Set<string>
}

/**
 * Every file of one kind, leniently. Reads are synchronous on purpose: for
 * the tens of thousands of small files a large registry holds, one syscall
 * per step beats fs/promises' thread-pool round trips several times over.
 */
async function scanKind<T extends {name: string}>(registry: Registry, kind: FileKind<T>): Promise<KindScan<T>> {
  const files = await listKdlFiles(registry.folder(kind))
  const scan: KindScan<T> = {items: [], diagnostics: [], files: 0, broken: new Set()}
  for (const file of files) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue // removed since the folder was listed
      scan.diagnostics.push({code: `zmgr::${kind.kind}::unreadable`, severity: 'error', message: `cannot read ${file}: ${(error as Error).message}`, help: 'check the file permissions', location: {file, line: 1, column: 1}})
      scan.files++
      scan.broken.add(basename(file, '.kdl'))
      continue
    }
    scan.files++
    const result = readItem(kind, file, text)
    scan.diagnostics.push(...result.diagnostics)
    if (result.value) scan.items.push(result.value)
    else scan.broken.add(basename(file, '.kdl'))
  }
  return scan
}

/**
 * Read every file under the root leniently: what parses goes into the
 * snapshot for the rules, what does not is reported with all its problems,
 * so one broken file never hides the others.
 */
export async function snapshotRegistry(registry: Registry, brands: Map<string, Brand>): Promise<SnapshotResult> {
  await registry.requireRoot()
  const config = await registry.scanConfig()
  const templates = await scanKind(registry, templateKind)
  const pools = await scanKind(registry, poolKind)
  const zones = await scanKind(registry, zoneKind)
  const publishers = await scanKind(registry, publisherKind)
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
