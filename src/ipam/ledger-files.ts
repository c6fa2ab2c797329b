import {parse, type Document, type Node} from '@bgotink/kdl'
import {statSync} from 'node:fs'
import {mkdir, readFile, rename, unlink, writeFile} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'
import type {Diagnostic} from '../errors.js'
import {KdlSource, parseKdl} from '../kdl/source.js'
import {listKdlFiles, readRegistryFileSync} from '../registry/load.js'
import type {Registry} from '../registry/registry.js'
import {ZONE_NET_PROPS, zoneKind} from '../registry/zone.js'
import {parseHostAddress} from './address.js'

/** One net of a zone file: the address it holds (if any), as written, and its VNIC. */
export interface Holding {
  zone: string
  net: string
  address?: string
  pool?: string
  vnic?: string
}

/**
 * Compact on purpose: tuples keep a 50,000-zone cache at a third of the size
 * (and parse time) of objects. '' stands for "none"; trailing ones are left out.
 */
type CachedNet = [net: string, address?: string, pool?: string, vnic?: string]
type CacheEntry = [stamp: string, nets: CachedNet[]]

interface CacheFile {
  version: number
  files: Record<string, CacheEntry>
}

const CACHE_VERSION = 4

/**
 * The cache of what each zone file holds, validated file by file against
 * inode, size and ctime: parsing 50,000 zone files costs about a
 * second, stat()ing them a tenth of that. It lives outside the registry's
 * data folders and may be deleted at any time.
 */
export function ledgerCacheFile(registry: Registry): string {
  return join(registry.root, '.cache', 'ipam-ledger.json')
}

function holdingOf(zone: string, [net, address, pool, vnic]: CachedNet): Holding {
  const holding: Holding = {zone, net}
  if (address) holding.address = address
  if (pool) holding.pool = pool
  if (vnic) holding.vnic = vnic
  return holding
}

/**
 * Every net of every file under zones/, plus the files that could not be read
 * as a zone. Such a file fails closed: what the cache last knew of it still
 * counts as held, and `problems` names it so allocation can refuse.
 */
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
      const read = readNets(file)
      if (!read.nets) {
        problems.push(...read.diagnostics)
        // Keep what was last known under its old stamp: it still counts, and the file is read again next time.
        if (entry) fresh[name] = entry
        else continue
      } else entry = [stamp, read.nets]
    }
    fresh[name] = entry
    const zone = name.slice(0, -'.kdl'.length)
    for (const net of entry[1]) holdings.push(holdingOf(zone, net))
  }
  // No zone files, nothing to cache (and no .cache folder created in a root that may not exist).
  if (changed && files.length > 0) await writeCache(cacheFile, {version: CACHE_VERSION, files: fresh}).catch(() => {})
  return {holdings, problems}
}

/**
 * Replace the cache by rename, without the fsync of writeFileAtomic: it is
 * written under the ledger lock, and a cache that a crash leaves damaged is
 * detected and rebuilt, so durability is not worth a disk flush per create.
 */
async function writeCache(file: string, cache: CacheFile): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`
  await mkdir(dirname(file), {recursive: true})
  await writeFile(temp, JSON.stringify(cache))
  await rename(temp, file).catch(async (error) => {
    await unlink(temp).catch(() => {})
    throw error
  })
}

async function readCache(file: string): Promise<Record<string, CacheEntry>> {
  try {
    const cache = JSON.parse(await readFile(file, 'utf8')) as CacheFile
    return cache.version === CACHE_VERSION && typeof cache.files === 'object' ? cache.files : {}
  } catch {
    return {} // missing, unreadable (not root) or damaged: rebuilt from the zone files
  }
}

function unreadable(file: string, code: string, message: string, help: string): {diagnostics: Diagnostic[]} {
  return {diagnostics: [{code, severity: 'error', message, help, location: {file, line: 1, column: 1}}]}
}

function readNets(file: string): {nets?: CachedNet[]; diagnostics: Diagnostic[]} {
  // Regular files only, size-limited: a FIFO or /dev/zero in zones/ must not hang or eat memory.
  const content = readRegistryFileSync(file)
  if ('missing' in content) return {nets: [], diagnostics: []} // removed since it was listed: it holds nothing
  // The ledger names the files it cannot read (requireComplete): keep the file as the problem's location.
  if ('problem' in content)
    return {diagnostics: [{...content.problem, location: content.problem.location ?? {file, line: 1, column: 1}}]}
  return netsOf(file, content.text)
}

const KNOWN_NET_PROPS = new Set<string>(ZONE_NET_PROPS)

/**
 * A line that may hold an address the ledger cannot read: a net with a
 * property zmgr does not know (`adress=`, a typo) or an address that is not
 * one, or a node outside `net` that gives an `address=`. Any of these could
 * free the address of a running zone, so the file is a problem instead.
 */
function addressInDoubt(zone: Node): {node: Node; message: string} | undefined {
  for (const child of zone.children?.nodes ?? []) {
    const name = child.getName()
    if (name === 'net') {
      const unknown = [...child.getProperties().keys()].find((key) => !KNOWN_NET_PROPS.has(key))
      if (unknown)
        return {
          node: child,
          message: `net ${JSON.stringify(child.getArgument(0))} has a property \`${unknown}\` zmgr does not know, so the address it holds is in doubt`,
        }
      for (const prop of ['address', 'address6']) {
        const address = child.getProperty(prop)
        if (address !== undefined && (typeof address !== 'string' || !parseHostAddress(address)))
          return {
            node: child,
            message: `net ${JSON.stringify(child.getArgument(0))} has ${prop}=${JSON.stringify(address)}, which is not an IP address`,
          }
      }
    } else if (name !== 'zonecfg' && child.getProperty('address') !== undefined) {
      return {
        node: child,
        message: `\`${name}\` gives an address=, but only \`net\` lines hold addresses (a misspelt \`net\`?)`,
      }
    }
  }
  return undefined
}

const text = (value: unknown) => (typeof value === 'string' ? value : '')

/**
 * The nets of one zone file, read at the KDL level rather than through the
 * zone schema: a zone file with a schema mistake still holds its addresses.
 * A file that is not KDL, or holds no `zone` node (emptied, commented out),
 * is a problem: it may have held addresses that a zone still uses.
 */
function netsOf(file: string, source: string): {nets?: CachedNet[]; diagnostics: Diagnostic[]} {
  let document: Document
  try {
    document = parse(source)
  } catch {
    return {diagnostics: parseKdl(file, source, zoneKind.kind).diagnostics}
  }
  const zones = document.findNodesByName(zoneKind.node)
  if (zones.length === 0) {
    return unreadable(
      file,
      'zmgr::schema::missing-node',
      `${file} holds no \`zone "NAME" { ... }\` node, so the addresses it held are unknown`,
      'restore the zone node (or remove the file with `zmgr zones destroy NAME` once the zone is gone)',
    )
  }
  const nets: CachedNet[] = []
  for (const node of zones) {
    const doubt = addressInDoubt(node)
    if (doubt)
      return {
        diagnostics: [
          {
            code: 'zmgr::ipam::address-in-doubt',
            severity: 'error',
            message: doubt.message,
            help: 'fix the line so that it names the address plainly (net "NAME" ... address="192.0.2.100/24")',
            location: new KdlSource(file, source, document).locate(doubt.node),
          },
        ],
      }
    for (const net of node.children?.findNodesByName('net') ?? []) {
      const name = text(net.getArgument(0)) || '?'
      // A dual-stack net holds two addresses: address= (with pool=, and the VNIC) and address6= (with pool6=).
      const held: CachedNet[] = [
        [name, text(net.getProperty('address')), text(net.getProperty('pool')), text(net.getProperty('vnic'))],
        [name, text(net.getProperty('address6')), text(net.getProperty('pool6'))],
      ]
      for (const entry of held) {
        if (!entry[1] && !entry[3]) continue
        while (entry.length > 1 && !entry.at(-1)) entry.pop()
        nets.push(entry)
      }
    }
  }
  return {nets, diagnostics: []}
}
