// The ZFS dataset model: names, inherited properties (mountpoint first of all)
// and the mounted state. zfs(8), zoneadm install/uninstall and seeding share it;
// it works on the dataset table the store keeps (datasets.json).
import type {Dataset} from '../types.js'

/** Properties zfs(8) knows here, with their defaults; user properties contain ':'. */
export const NATIVE_DEFAULTS: Record<string, string> = {
  mountpoint: '',
  canmount: 'on',
  zoned: 'off',
  sharenfs: 'off',
  sharesmb: 'off',
  compression: 'off',
  devices: 'on',
  quota: 'none',
  volsize: '-',
}

/** Properties a child takes from its parent when it has no local value (canmount, quota and volsize do not inherit). */
const INHERITABLE = new Set(['mountpoint', 'zoned', 'sharenfs', 'sharesmb', 'compression', 'devices'])

/** Read-only columns zfs list/get compute. */
export const READ_ONLY = ['name', 'type', 'mounted', 'used', 'available', 'referenced']

/** Column aliases (`avail`, `refer`, `compress`). */
const ALIASES: Record<string, string> = {avail: 'available', refer: 'referenced', compress: 'compression'}

export function canonicalProperty(name: string): string | undefined {
  const canonical = ALIASES[name] ?? name
  if (canonical in NATIVE_DEFAULTS || READ_ONLY.includes(canonical) || isUserProperty(canonical)) return canonical
  return undefined
}

export function isUserProperty(name: string): boolean {
  return /^[a-z0-9._-]*:[a-z0-9:._-]+$/.test(name)
}

/** zfs dataset names: components of [A-Za-z0-9_.:-], the first one (the pool) starting with a letter. */
export function validDatasetName(name: string): boolean {
  const parts = name.split('/')
  return /^[A-Za-z]/.test(name) && parts.every((p) => /^[A-Za-z0-9_.:-]+$/.test(p))
}

export function parentName(name: string): string | undefined {
  const at = name.lastIndexOf('/')
  return at < 0 ? undefined : name.slice(0, at)
}

/** True for `ancestor` itself and everything below it. */
export function isWithin(name: string, ancestor: string): boolean {
  return name === ancestor || name.startsWith(`${ancestor}/`)
}

/** zfs list order: depth-first, children by name. */
export function compareDatasetNames(a: string, b: string): number {
  const x = a.split('/')
  const y = b.split('/')
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1
  return x.length - y.length
}

export interface PropertyValue {
  value: string
  /** `local`, `default`, `inherited from <ds>` or `-` (read-only and unset user properties). */
  source: string
}

/** What every filesystem references when empty; used/avail are derived from it. */
const EMPTY_FILESYSTEM_BYTES = 96 * 1024
const POOL_BYTES = 200 * 1024 ** 3

/** A view of the dataset table that answers property questions. */
export class DatasetTable {
  private readonly byName: Map<string, Dataset>

  constructor(readonly datasets: Dataset[]) {
    this.byName = new Map(datasets.map((d) => [d.name, d]))
  }

  get(name: string): Dataset | undefined {
    return this.byName.get(name)
  }

  /** Datasets in zfs list order. */
  sorted(): Dataset[] {
    return [...this.datasets].sort((a, b) => compareDatasetNames(a.name, b.name))
  }

  /** Everything strictly below `name`, in list order. */
  descendants(name: string): Dataset[] {
    return this.sorted().filter((d) => d.name.startsWith(`${name}/`))
  }

  property(dataset: Dataset, property: string): PropertyValue {
    switch (property) {
      case 'name':
        return {value: dataset.name, source: '-'}
      case 'type':
        return {value: dataset.type, source: '-'}
      case 'mounted':
        return {value: dataset.type === 'filesystem' ? (dataset.mounted ? 'yes' : 'no') : '-', source: '-'}
      case 'referenced':
        return {value: String(dataset.type === 'volume' ? volumeBytes(dataset) : EMPTY_FILESYSTEM_BYTES), source: '-'}
      case 'used':
        return {value: String(this.usedBytes(dataset)), source: '-'}
      case 'available': {
        const pool = this.get(dataset.name.split('/')[0]!) ?? dataset
        return {value: String(POOL_BYTES - this.usedBytes(pool)), source: '-'}
      }
    }
    if (dataset.type === 'volume' && (property === 'mountpoint' || property === 'canmount' || property === 'sharenfs'))
      return {value: '-', source: '-'}
    if (property === 'volsize')
      return {value: dataset.local.volsize ?? '-', source: dataset.type === 'volume' ? 'local' : '-'}
    const local = dataset.local[property]
    if (local !== undefined) return {value: local, source: 'local'}
    if (isUserProperty(property) || INHERITABLE.has(property)) {
      // The nearest ancestor with a local value.
      for (let parent = parentName(dataset.name); parent !== undefined; parent = parentName(parent)) {
        const ancestor = this.get(parent)
        const value = ancestor?.local[property]
        if (value === undefined) continue
        if (property === 'mountpoint' && value.startsWith('/'))
          return {
            value: joinMountpoint(value, dataset.name.slice(parent.length + 1)),
            source: `inherited from ${parent}`,
          }
        return {value, source: `inherited from ${parent}`}
      }
    }
    if (isUserProperty(property)) return {value: '-', source: '-'}
    if (property === 'mountpoint') return {value: `/${dataset.name}`, source: 'default'}
    return {value: NATIVE_DEFAULTS[property] ?? '-', source: 'default'}
  }

  /** The mountpoint a filesystem has (a path, `legacy` or `none`). */
  mountpoint(dataset: Dataset): string {
    return this.property(dataset, 'mountpoint').value
  }

  /** The mounted filesystem whose mountpoint is exactly `path` (zoneadm's match_mountpoint). */
  mountedAt(path: string): Dataset | undefined {
    return this.datasets.find((d) => d.type === 'filesystem' && d.mounted && this.mountpoint(d) === path)
  }

  /** Whether a filesystem mounts itself (mount path, canmount=on, not zoned). */
  mountsItself(dataset: Dataset): boolean {
    return (
      dataset.type === 'filesystem' &&
      this.mountpoint(dataset).startsWith('/') &&
      this.property(dataset, 'canmount').value === 'on' &&
      this.property(dataset, 'zoned').value === 'off'
    )
  }

  private usedBytes(dataset: Dataset): number {
    const own = dataset.type === 'volume' ? volumeBytes(dataset) : EMPTY_FILESYSTEM_BYTES
    return (
      own +
      this.descendants(dataset.name).reduce(
        (sum, d) => sum + (d.type === 'volume' ? volumeBytes(d) : EMPTY_FILESYSTEM_BYTES),
        0,
      )
    )
  }
}

function joinMountpoint(base: string, relative: string): string {
  return base === '/' ? `/${relative}` : `${base}/${relative}`
}

/** Bytes of a size such as `10G`, `512M`, `1.5T` or a plain number; NaN when it is not one. */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([BKMGTPE]?)B?$/i.exec(text)
  if (!match) return Number.NaN
  const power = 'BKMGTPE'.indexOf((match[2] || 'B').toUpperCase())
  return Math.round(Number(match[1]) * 1024 ** power)
}

function volumeBytes(dataset: Dataset): number {
  return parseSize(dataset.local.volsize ?? '0') || 0
}

/** zfs_nicenum(): 1024-based with one significant decimal where it fits (96K, 1.50G, 200G). */
export function niceNumber(bytes: number): string {
  const units = ['', 'K', 'M', 'G', 'T', 'P', 'E']
  let index = 0
  let value = bytes
  while (value >= 1024 && index < units.length - 1) {
    value /= 1024
    index++
  }
  if (index === 0 || Number.isInteger(value)) return `${Math.round(value)}${units[index]}`
  for (const digits of [2, 1, 0]) {
    const text = value.toFixed(digits)
    if (text.replace('.', '').length <= 3) return `${text}${units[index]}`
  }
  return `${Math.round(value)}${units[index]}`
}

/** A new dataset with its local properties; it mounts when it can. */
export function newDataset(
  table: DatasetTable,
  name: string,
  type: Dataset['type'],
  local: Record<string, string>,
): Dataset {
  const dataset: Dataset = {name, type, local: {...local}, mounted: false}
  if (type === 'filesystem') dataset.mounted = new DatasetTable([...table.datasets, dataset]).mountsItself(dataset)
  return dataset
}

/**
 * Remounts after `zfs set`: mounted exactly when it mounts itself. A legacy mount (made by mount(8)) survives
 * changes of other properties, not a change of the mountpoint.
 */
export function remount(table: DatasetTable, dataset: Dataset, mountpointChanged: boolean): void {
  if (dataset.type !== 'filesystem') return
  if (table.mountpoint(dataset) === 'legacy' && !mountpointChanged) return
  dataset.mounted = table.mountsItself(dataset)
}
