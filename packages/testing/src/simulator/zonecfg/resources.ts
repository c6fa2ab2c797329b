// The zonecfg resource table: one entry per resource type drives parsing
// (which properties exist, which are required, which identify an instance),
// `info` and `export`.
import type {Flavour} from '../flavour.js'

export type ListKind = 'options' | 'values' | 'properties'

export interface ResourceSpec {
  type: string
  /** Settable simple properties, in `info` order. */
  props: string[]
  /** Order of `set` lines in `export`. */
  exportOrder: string[]
  /** Checked at `end` (`<prop> not specified`) and at verify (`<type>: <prop> not specified`). */
  required: string[]
  /** Properties that identify an instance (duplicates at `end`, `select`/`remove` qualifiers). */
  key: string[]
  /** The list property added with `add <prop> <value>`. */
  list?: ListKind
  /** At most one instance; selected and removed without qualifiers. */
  single?: boolean
  /** Shown by `info` only when set (instead of `<prop> not specified`). */
  infoWhenSet?: string[]
  /** `export` writes values unquoted. */
  exportRaw?: boolean
  /**
   * Not stored as a resource: its properties are kept in rctls (capped-cpu,
   * capped-memory on OmniOS; swap/locked everywhere).
   */
  rctlBacked?: boolean
}

/** Resource types in `info` order. */
export const INFO_ORDER = [
  'fs',
  'net',
  'device',
  'dedicated-cpu',
  'capped-cpu',
  'capped-memory',
  'attr',
  'dataset',
  'admin',
  'rctl',
  'security-flags',
]

/** Stored resource types in `export` order (capped-memory only exists stored on illumos-gate). */
export const EXPORT_ORDER = [
  'fs',
  'net',
  'device',
  'capped-memory',
  'rctl',
  'attr',
  'dataset',
  'dedicated-cpu',
  'admin',
  'security-flags',
]

export function resourceSpecs(flavour: Flavour): Record<string, ResourceSpec> {
  const properties: ListKind | undefined = flavour.complexNetProperties ? 'properties' : undefined
  const specs: ResourceSpec[] = [
    {
      type: 'fs',
      props: ['dir', 'special', 'raw', 'type'],
      exportOrder: ['dir', 'special', 'raw', 'type'],
      required: ['dir', 'special', 'type'],
      key: ['dir'],
      list: 'options',
    },
    {
      type: 'net',
      props: flavour.netInfoOrder,
      exportOrder: flavour.netExportOrder,
      required: ['physical'],
      key: ['physical', 'address', 'allowed-address'],
      list: properties,
    },
    {type: 'device', props: ['match'], exportOrder: ['match'], required: ['match'], key: ['match'], list: properties},
    {type: 'rctl', props: ['name'], exportOrder: ['name'], required: ['name'], key: ['name'], list: 'values'},
    {
      type: 'attr',
      props: ['name', 'type', 'value'],
      exportOrder: ['name', 'type', 'value'],
      required: ['name', 'type', 'value'],
      key: ['name'],
    },
    {type: 'dataset', props: ['name'], exportOrder: ['name'], required: ['name'], key: ['name']},
    {
      type: 'dedicated-cpu',
      props: ['ncpus', 'importance'],
      exportOrder: ['ncpus', 'importance'],
      required: ['ncpus'],
      key: [],
      single: true,
      infoWhenSet: ['importance'],
      exportRaw: true,
    },
    {type: 'capped-cpu', props: ['ncpus'], exportOrder: [], required: [], key: [], single: true, rctlBacked: true},
    {
      type: 'capped-memory',
      props: ['physical', 'swap', 'locked'],
      exportOrder: ['physical'],
      required: [],
      key: [],
      single: true,
      rctlBacked: true,
      exportRaw: true,
    },
    {
      type: 'admin',
      props: ['user', 'auths'],
      exportOrder: ['user', 'auths'],
      required: ['user', 'auths'],
      key: ['user'],
    },
    {
      type: 'security-flags',
      props: ['default', 'lower', 'upper'],
      exportOrder: ['default', 'lower', 'upper'],
      required: [],
      key: [],
      single: true,
    },
  ]
  return Object.fromEntries(specs.map((spec) => [spec.type, spec]))
}

/** Zone-wide properties in `info` order. */
export const GLOBAL_PROPS = [
  'zonename',
  'zonepath',
  'brand',
  'autoboot',
  'bootargs',
  'pool',
  'limitpriv',
  'scheduling-class',
  'ip-type',
  'hostid',
  'fs-allowed',
]

/** An rctl that zonecfg also shows and sets under a short name. */
export interface RctlAlias {
  name: string
  rctl: string
  action: 'deny' | 'none'
  /** Smallest accepted limit. */
  min: number
  /** The limit is a byte count (set with a unit, shown with bytes_to_units). */
  size?: boolean
}

export const RCTL_ALIASES: RctlAlias[] = [
  {name: 'max-lwps', rctl: 'zone.max-lwps', action: 'deny', min: 100},
  {name: 'max-processes', rctl: 'zone.max-processes', action: 'deny', min: 100},
  {name: 'max-shm-memory', rctl: 'zone.max-shm-memory', action: 'deny', min: 0, size: true},
  {name: 'max-shm-ids', rctl: 'zone.max-shm-ids', action: 'deny', min: 0},
  {name: 'max-msg-ids', rctl: 'zone.max-msg-ids', action: 'deny', min: 0},
  {name: 'max-sem-ids', rctl: 'zone.max-sem-ids', action: 'deny', min: 0},
  {name: 'cpu-shares', rctl: 'zone.cpu-shares', action: 'none', min: 0},
  {name: 'zfs-io-priority', rctl: 'zone.zfs-io-priority', action: 'none', min: 1},
  // Internal aliases behind capped-cpu and capped-memory.
  {name: 'cpu-cap', rctl: 'zone.cpu-cap', action: 'deny', min: 0},
  {name: 'max-physical-memory', rctl: 'zone.max-physical-memory', action: 'deny', min: 0, size: true},
  {name: 'max-swap', rctl: 'zone.max-swap', action: 'deny', min: 0, size: true},
  {name: 'max-locked-memory', rctl: 'zone.max-locked-memory', action: 'deny', min: 0, size: true},
]

export function aliasByName(name: string): RctlAlias {
  const alias = RCTL_ALIASES.find((a) => a.name === name)
  if (!alias) throw new Error(`no rctl alias ${name}`)
  return alias
}

/** capped-memory property → the alias that stores it (physical only on OmniOS). */
export const MCAP_ALIASES: Record<string, string> = {
  physical: 'max-physical-memory',
  swap: 'max-swap',
  locked: 'max-locked-memory',
}

/** libzonecfg zonecfg_str_to_bytes: a number, optionally fractional, with K/M/G/T (powers of 1024). */
export function strToBytes(text: string): number | undefined {
  const match = /^\s*([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*([A-Za-z]*)$/.exec(text)
  if (!match) return undefined
  const units = ['', 'K', 'M', 'G', 'T']
  const scale = units.indexOf(match[2]!.toUpperCase())
  if (scale < 0) return undefined
  return Math.floor(Number(match[1]) * 1024 ** scale)
}

/** zonecfg bytes_to_units: 1024 → 1K, 1610612736 → 1.5G, 536870912 → 512M. */
export function bytesToUnits(bytes: number): string {
  if (bytes < 1024) return String(bytes)
  const units = 'BKMGT'
  let unit = 0
  let num = bytes
  let save = 0
  while (num >= 1024 && units[unit] !== 'T') {
    unit++
    save = num
    num = Math.floor((num + 512) / 1024)
  }
  if (save % 1024 !== 0 && Math.floor(save / 1024) < 10) return `${(save / 1024).toFixed(1)}${units[unit]}`
  return `${num}${units[unit]}`
}
