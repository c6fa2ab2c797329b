// The state folder ($ZMGR_SIM_STATE). Layout, all human-readable JSON:
//
//   host.json          flavour, installed brands, GZ publishers, id counters
//   index.json         zone names in creation order (the /etc/zones/index order)
//   zones/<name>.json  one zone: state, ids, uuid, configuration, image publishers
//   links.json         datalinks: phys, etherstub, vnic
//   datasets.json      ZFS datasets (the root pool and its boot environment from the start)
//   faults.json        injected faults and their counters
//   locks/             zone.<name> (per-zone, held for a whole command) and
//                      global (short, around index/links/host/faults updates)
//
// Writes are atomic (temp file + rename), so readers never need a lock.
import {randomBytes, randomUUID} from 'node:crypto'
import {existsSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync} from 'node:fs'
import {isAbsolute, join} from 'node:path'
import {flavourByName, type Flavour} from './flavour.js'
import {withLock} from './lock.js'
import type {Dataset, Fault, HostSettings, Link, ZoneRecord} from './types.js'

export const STATE_ENV = 'ZMGR_SIM_STATE'
export const FLAVOUR_ENV = 'ZMGR_SIM_FLAVOUR'

function readJson<T>(path: string, fallback: T): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback
    throw error
  }
}

function writeJson(path: string, value: unknown): void {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`)
  renameSync(tmp, path)
}

/** File-system types with a mount helper in /usr/lib/fs on every illumos host; those with fsck need a `raw` device. */
const MOUNT_HELPERS = ['lofs', 'zfs', 'tmpfs', 'ufs', 'hsfs', 'pcfs', 'udfs', 'nfs', 'smbfs']
const FSCK_HELPERS = ['ufs', 'pcfs', 'udfs']

/** What zoneadm finds on a fresh host: the mount helpers and the usual top-level directories. */
export const DEFAULT_PATHS: readonly string[] = [
  ...MOUNT_HELPERS.map((type) => `/usr/lib/fs/${type}/mount`),
  ...FSCK_HELPERS.map((type) => `/usr/lib/fs/${type}/fsck`),
  '/opt',
  '/tmp',
  '/var/tmp',
  '/etc',
]

export function defaultHostSettings(flavour: Flavour): HostSettings {
  return {
    flavour: flavour.name,
    brands: [...flavour.defaultBrands],
    publishers: structuredClone(flavour.defaultPublishers),
    paths: [...DEFAULT_PATHS],
    nextZoneId: 1,
    nextDebugId: 1,
  }
}

/** What every installed host has: the root pool, its boot environment on `/`, and /export/home. */
function rootPool(flavour: Flavour): Dataset[] {
  const filesystem = (name: string, local: Record<string, string>, mounted = true): Dataset => ({
    name,
    type: 'filesystem',
    local,
    mounted,
  })
  return [
    filesystem('rpool', {mountpoint: '/rpool'}),
    filesystem('rpool/ROOT', {mountpoint: 'legacy'}, false),
    filesystem(`rpool/ROOT/${flavour.bootEnvironment}`, {
      mountpoint: '/',
      canmount: 'noauto',
      'org.opensolaris.libbe:uuid': randomUUID(),
    }),
    filesystem('rpool/export', {mountpoint: '/export'}),
    filesystem('rpool/export/home', {}),
  ]
}

export class Store {
  constructor(readonly dir: string) {}

  /** The store named by $ZMGR_SIM_STATE; throws with a one-line reason otherwise. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): Store {
    const dir = env[STATE_ENV]
    if (!dir) throw new Error(`${STATE_ENV} is not set (it names the simulator's state folder)`)
    if (!isAbsolute(dir)) throw new Error(`${STATE_ENV} must be an absolute path: ${dir}`)
    const store = new Store(dir)
    store.ensureInitialised(env[FLAVOUR_ENV])
    return store
  }

  private path(...parts: string[]): string {
    return join(this.dir, ...parts)
  }

  /** Creates the layout on first use; the flavour is fixed from then on. */
  ensureInitialised(flavourName = 'omnios'): void {
    if (existsSync(this.path('host.json'))) return
    mkdirSync(this.path('zones'), {recursive: true})
    mkdirSync(this.path('locks'), {recursive: true})
    withLock(this.path('locks', 'global'), () => {
      if (existsSync(this.path('host.json'))) return
      writeJson(this.path('index.json'), [])
      writeJson(this.path('links.json'), [])
      writeJson(this.path('faults.json'), [])
      const flavour = flavourByName(flavourName)
      writeJson(this.path('datasets.json'), rootPool(flavour))
      writeJson(this.path('host.json'), defaultHostSettings(flavour))
    })
  }

  // --- locking -------------------------------------------------------------

  /** Serialises commands on one zone, as zoneadm/zonecfg lock files do. */
  withZoneLock<T>(zone: string, fn: () => T): T {
    return withLock(this.path('locks', `zone.${zone}`), fn)
  }

  /** Short critical sections on the shared tables. Never wait for a zone lock inside. */
  withGlobalLock<T>(fn: () => T): T {
    return withLock(this.path('locks', 'global'), fn)
  }

  // --- host ----------------------------------------------------------------

  host(): HostSettings {
    return readJson<HostSettings>(this.path('host.json'), defaultHostSettings(flavourByName('omnios')))
  }

  flavour(): Flavour {
    return flavourByName(this.host().flavour)
  }

  /** Read-modify-write of host.json; call under the global lock. */
  updateHost<T>(fn: (host: HostSettings) => T): T {
    const host = this.host()
    const result = fn(host)
    writeJson(this.path('host.json'), host)
    return result
  }

  /** Takes the next value of a counter (zone ids, debugids) atomically. */
  nextId(counter: 'nextZoneId' | 'nextDebugId'): number {
    return this.withGlobalLock(() =>
      this.updateHost((host) => {
        const id = host[counter]
        host[counter] = id + 1
        return id
      }),
    )
  }

  // --- zones ---------------------------------------------------------------

  zoneNames(): string[] {
    return readJson<string[]>(this.path('index.json'), [])
  }

  zone(name: string): ZoneRecord | undefined {
    return readJson<ZoneRecord | undefined>(this.path('zones', `${name}.json`), undefined)
  }

  /** All zones in index (creation) order. */
  zones(): ZoneRecord[] {
    return this.zoneNames()
      .map((name) => this.zone(name))
      .filter((zone): zone is ZoneRecord => zone !== undefined)
  }

  /** Writes a zone record; new names are appended to the index. */
  saveZone(zone: ZoneRecord): void {
    writeJson(this.path('zones', `${zone.name}.json`), zone)
    this.withGlobalLock(() => {
      const names = this.zoneNames()
      if (!names.includes(zone.name)) writeJson(this.path('index.json'), [...names, zone.name])
    })
  }

  deleteZone(name: string): void {
    this.withGlobalLock(() => {
      writeJson(
        this.path('index.json'),
        this.zoneNames().filter((n) => n !== name),
      )
      try {
        unlinkSync(this.path('zones', `${name}.json`))
      } catch {
        // already gone
      }
    })
  }

  /** Renames a configured zone (zonecfg `set zonename`), keeping its index position. */
  renameZone(from: string, zone: ZoneRecord): void {
    this.withGlobalLock(() => {
      writeJson(this.path('zones', `${zone.name}.json`), zone)
      writeJson(
        this.path('index.json'),
        this.zoneNames().map((n) => (n === from ? zone.name : n)),
      )
      unlinkSync(this.path('zones', `${from}.json`))
    })
  }

  // --- links ---------------------------------------------------------------

  links(): Link[] {
    return readJson<Link[]>(this.path('links.json'), [])
  }

  /** Read-modify-write of the link table under the global lock. */
  updateLinks<T>(fn: (links: Link[]) => T): T {
    return this.withGlobalLock(() => {
      const links = this.links()
      const result = fn(links)
      writeJson(this.path('links.json'), links)
      return result
    })
  }

  // --- datasets ------------------------------------------------------------

  datasets(): Dataset[] {
    return readJson<Dataset[]>(this.path('datasets.json'), [])
  }

  /** Read-modify-write of the dataset table under the global lock. */
  updateDatasets<T>(fn: (datasets: Dataset[]) => T): T {
    return this.withGlobalLock(() => {
      const datasets = this.datasets()
      const result = fn(datasets)
      writeJson(this.path('datasets.json'), datasets)
      return result
    })
  }

  // --- faults --------------------------------------------------------------

  faults(): Fault[] {
    return readJson<Fault[]>(this.path('faults.json'), [])
  }

  /** Read-modify-write of the fault table under the global lock. */
  updateFaults<T>(fn: (faults: Fault[]) => T): T {
    return this.withGlobalLock(() => {
      const faults = this.faults()
      const result = fn(faults)
      writeJson(this.path('faults.json'), faults)
      return result
    })
  }
}
