import {parse, type Document} from '@bgotink/kdl'
import {statSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {basename, join} from 'node:path'
import type {Diagnostic} from '../errors.js'
import {writeFileAtomic} from '../fs/atomic.js'
import {parseKdl} from '../kdl/source.js'
import {listKdlFiles, readRegistryFileSync} from '../registry/load.js'
import type {Registry} from '../registry/registry.js'
import {zoneKind} from '../registry/zone.js'

/** One address a zone file holds, as written. */
export interface Holding {
  zone: string
  net: string
  address: string
  pool?: string
}

/** Compact on purpose: tuples keep a 50,000-zone cache at a third of the size (and parse time) of objects. */
type CachedNet = [net: string, address: string, pool?: string]
type CacheEntry = [stamp: string, nets: CachedNet[]]

interface CacheFile {
  version: number
  files: Record<string, CacheEntry>
}

const CACHE_VERSION = 3

/**
 * The cache of what each zone file holds, validated file by file against
 * inode, size and ctime: parsing 50,000 zone files costs about a
 * second, stat()ing them a tenth of that. It lives outside the registry's
 * data folders and may be deleted at any time.
 */
export function ledgerCacheFile(registry: Registry): string {
  return join(registry.root, '.cache', 'ipam-ledger.json')
}

/** Every address held by a file under zones/, plus the files that could not be read. */
export async function readHoldings(registry: Registry): Promise<{holdings: Holding[]; problems: Diagnostic[]}> {
  const files = await listKdlFiles(registry.folder(zoneKind))
  const cacheFile = ledgerCacheFile(registry)
  const cached = await readCache(cacheFile)
  const fresh: Record<string, CacheEntry> = {}
  const holdings: Holding[] = []
  const problems: Diagnostic[] = []
  let changed = Object.keys(cached).length !== files.length
  // Synchronous on purpose: one syscall per file without thread-pool round
  // trips is four times faster than fs/promises for tens of thousands of files.
  for (const file of files) {
    const name = basename(file)
    const stats = statSync(file, {throwIfNoEntry: false})
    if (!stats) continue // removed since the folder was listed: it no longer holds anything
    // ctime changes on every write, rename and link and, unlike mtime, cannot be set back by
    // userland; the float keeps sub-microsecond precision. An atomic rewrite also changes the inode.
    const stamp = `${stats.ino}:${stats.size}:${stats.ctimeMs}`
    let entry = cached[name]
    if (entry?.[0] !== stamp) {
      changed = true
      // Regular files only, size-limited: a FIFO or /dev/zero in zones/ must not hang or eat memory.
      const content = readRegistryFileSync(file)
      if ('missing' in content) continue
      if ('problem' in content) {
        problems.push(content.problem)
        continue
      }
      const read = netsOf(file, content.text)
      if (!read.nets) {
        problems.push(...read.diagnostics)
        continue
      }
      entry = [stamp, read.nets]
    }
    fresh[name] = entry
    const zone = name.slice(0, -'.kdl'.length)
    for (const [net, address, pool] of entry[1]) holdings.push(pool === undefined ? {zone, net, address} : {zone, net, address, pool})
  }
  // No zone files, nothing to cache (and no .cache folder created in a root that may not exist).
  if (changed && files.length > 0) await writeFileAtomic(cacheFile, JSON.stringify({version: CACHE_VERSION, files: fresh} satisfies CacheFile)).catch(() => {})
  return {holdings, problems}
}

async function readCache(file: string): Promise<Record<string, CacheEntry>> {
  try {
    const cache = JSON.parse(await readFile(file, 'utf8')) as CacheFile
    return cache.version === CACHE_VERSION && typeof cache.files === 'object' ? cache.files : {}
  } catch {
    return {} // missing, unreadable (not root) or damaged: rebuilt from the zone files
  }
}

/**
 * The addresses of one zone file, read at the KDL level rather than through
 * the zone schema: a zone file with a schema mistake still holds its
 * addresses. Only a file that is not KDL at all is a problem.
 */
function netsOf(file: string, text: string): {nets?: CachedNet[]; diagnostics: Diagnostic[]} {
  let document: Document
  try {
    document = parse(text)
  } catch {
    return {diagnostics: parseKdl(file, text, zoneKind.kind).diagnostics}
  }
  const nets: CachedNet[] = []
  for (const node of document.findNodesByName(zoneKind.node)) {
    for (const net of node.children?.findNodesByName('net') ?? []) {
      const name = net.getArgument(0)
      // A dual-stack net holds two addresses: address= (with pool=) and address6= (with pool6=).
      for (const [addressProp, poolProp] of [['address', 'pool'], ['address6', 'pool6']]) {
        const address = net.getProperty(addressProp)
        if (typeof address !== 'string') continue
        const pool = net.getProperty(poolProp)
        nets.push(typeof pool === 'string' ? [typeof name === 'string' ? name : '?', address, pool] : [typeof name === 'string' ? name : '?', address])
      }
    }
  }
  return {nets, diagnostics: []}
}
