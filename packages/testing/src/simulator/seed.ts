// Seeding: datalinks and zones in any state, built by running the zonecfg
// interpreter on a generated command file (so seeds obey the same rules and
// storage layout as real configurations).
import {randomUUID} from 'node:crypto'
import {BufferConsole} from './io.js'
import {etherstub, physLink, vnic} from './links.js'
import {validZoneName} from './names.js'
import type {Store} from './store.js'
import {releaseFiles} from './host-files.js'
import {
  hasKernelInstance,
  isUp,
  stateAtLeast,
  type Link,
  type NameValue,
  type Publisher,
  type RctlValue,
  type ReleaseFiles,
  type SimUser,
  type ZoneState,
} from './types.js'
import {DatasetTable, newDataset, parentName, validDatasetName} from './zfs/datasets.js'
import {provisionZoneDatasets, setZoneRootMounted} from './zfs/zonepath.js'
import {lex, lexOptions} from './zonecfg/lexer.js'
import {ZonecfgSession} from './zonecfg/session.js'

export interface LinkSeed {
  name: string
  /** Default phys. */
  class?: 'phys' | 'etherstub' | 'vnic'
  /** vnic: lower link (default: the first phys link). */
  over?: string
  /** vnic: VLAN id. */
  vid?: number
  /** phys: Mbps (default 1000). */
  speed?: number
  mac?: string
}

/** A zonecfg net resource; `over` only says where to create its VNIC when seeding. */
export interface NetSeed {
  physical: string
  address?: string
  'allowed-address'?: string
  defrouter?: string
  'global-nic'?: string
  'mac-addr'?: string
  'vlan-id'?: string
  properties?: NameValue[]
  over?: string
}

export interface FsSeed {
  dir: string
  special: string
  type: string
  raw?: string
  options?: string[]
}

export interface ZoneSeed {
  name: string
  /** Default configured. */
  state?: ZoneState
  /** Default: the flavour's default brand. */
  brand?: string
  /** Default /zones/<name>. May contain ':'. */
  zonepath?: string
  autoboot?: boolean
  /** Default exclusive. */
  ipType?: 'shared' | 'exclusive'
  /** Other zone-wide properties, including rctl aliases (`cpu-shares`, `max-lwps`...). */
  props?: Record<string, string>
  nets?: NetSeed[]
  fs?: FsSeed[]
  attrs?: Array<{name: string; type?: string; value: string}>
  datasets?: string[]
  devices?: string[]
  rctls?: Array<{name: string; values: RctlValue[]}>
  cappedMemory?: {physical?: string; swap?: string; locked?: string}
  cappedCpu?: number
  dedicatedCpu?: {ncpus: string; importance?: string}
  /** More zonecfg commands, run after the generated ones. */
  zonecfg?: string
  uuid?: string
  debugid?: number
  /** ready/running: kernel zone id (default: the next one). */
  zoneid?: number
  /** Image publishers (default for installed IPS zones: the global zone's). */
  publishers?: Publisher[]
  /** Create missing VNICs for exclusive-IP nets (default true). */
  vnics?: boolean
}

/** A ZFS dataset; missing parents are created with default properties (like `zfs create -p`). */
export interface DatasetSeed {
  name: string
  /** Local mountpoint (a path, `legacy` or `none`); default inherited. */
  mountpoint?: string
  /** Default: mounted when it mounts itself (a path mountpoint, canmount=on, not zoned). */
  mounted?: boolean
  /** A volume (zvol) of this size (`10G`) instead of a filesystem. */
  volsize?: string
  /** Other local properties (canmount, zoned, user properties...). */
  properties?: Record<string, string>
}

export interface SeedSpec {
  /** Replace the installed brands. */
  brands?: string[]
  /** Replace the global zone's publishers. */
  publishers?: Publisher[]
  links?: LinkSeed[]
  /** Files and directories of the global zone (fs specials, raw devices) besides the default ones. */
  paths?: string[]
  /** Added to the root pool every host has (rpool, rpool/ROOT/<be> on /, rpool/export/home). */
  datasets?: DatasetSeed[]
  /** Zones; installed (and incomplete) ones get their zonepath dataset when the parent directory is a dataset mountpoint. */
  zones?: ZoneSeed[]
  /** The user commands run as (default root); uid defaults to 101, gid to 10 (staff), auths and profiles to none. */
  user?: UserSeed
  /** Replace `/etc/os-release` or `/etc/release` (null: the file does not exist). */
  releaseFiles?: Partial<ReleaseFiles>
}

export interface UserSeed {
  name: string
  uid?: number
  gid?: number
  auths?: string[]
  profiles?: string[]
}

/** The default host: two NICs and an etherstub. */
export const DEFAULT_LINKS: LinkSeed[] = [{name: 'igb0'}, {name: 'igb1'}, {name: 'stub0', class: 'etherstub'}]

/** The default host's zonepath parent, as the OmniOS docs prescribe (`zfs create -o mountpoint=/zones rpool/zones`). */
export const DEFAULT_DATASETS: DatasetSeed[] = [{name: 'rpool/zones', mountpoint: '/zones'}]

function quoted(value: string): string {
  return `"${value}"`
}

function block(type: string, props: Array<[string, string | undefined]>, extra: string[] = []): string {
  const sets = props.filter(([, v]) => v !== undefined).map(([k, v]) => `set ${k}=${quoted(v!)}\n`)
  return `add ${type}\n${sets.join('')}${extra.join('')}end\n`
}

/** The command file that configures a seeded zone. */
export function zonecfgCommands(seed: ZoneSeed, defaultBrand: string): string {
  let text = 'create -b\n'
  text += `set zonepath=${quoted(seed.zonepath ?? `/zones/${seed.name}`)}\n`
  text += `set brand=${seed.brand ?? defaultBrand}\n`
  text += `set autoboot=${seed.autoboot ?? false}\n`
  text += `set ip-type=${seed.ipType ?? 'exclusive'}\n`
  for (const [prop, value] of Object.entries(seed.props ?? {})) text += `set ${prop}=${quoted(value)}\n`
  for (const fs of seed.fs ?? [])
    text += block(
      'fs',
      [
        ['dir', fs.dir],
        ['special', fs.special],
        ['raw', fs.raw],
        ['type', fs.type],
      ],
      (fs.options ?? []).map((o) => `add options ${quoted(o)}\n`),
    )
  for (const net of seed.nets ?? []) {
    const props = (
      ['address', 'allowed-address', 'physical', 'defrouter', 'global-nic', 'mac-addr', 'vlan-id'] as const
    ).map((k): [string, string | undefined] => [k, net[k]])
    text += block(
      'net',
      props,
      (net.properties ?? []).map((p) => `add property (name=${p.name},value=${quoted(p.value)})\n`),
    )
  }
  for (const match of seed.devices ?? []) text += block('device', [['match', match]])
  for (const rctl of seed.rctls ?? [])
    text += block(
      'rctl',
      [['name', rctl.name]],
      rctl.values.map((v) => `add value (priv=${v.priv},limit=${v.limit},action=${v.action})\n`),
    )
  for (const attr of seed.attrs ?? [])
    text += block('attr', [
      ['name', attr.name],
      ['type', attr.type ?? 'string'],
      ['value', attr.value],
    ])
  for (const dataset of seed.datasets ?? []) text += block('dataset', [['name', dataset]])
  if (seed.dedicatedCpu)
    text += block('dedicated-cpu', [
      ['ncpus', seed.dedicatedCpu.ncpus],
      ['importance', seed.dedicatedCpu.importance],
    ])
  if (seed.cappedCpu !== undefined) text += block('capped-cpu', [['ncpus', String(seed.cappedCpu)]])
  if (seed.cappedMemory) {
    const {physical, swap, locked} = seed.cappedMemory
    text += block('capped-memory', [
      ['physical', physical],
      ['swap', swap],
      ['locked', locked],
    ])
  }
  if (seed.zonecfg) text += `${seed.zonecfg.replace(/\n?$/, '\n')}`
  return `${text}commit\n`
}

function seedLink(links: Link[], seed: LinkSeed): void {
  if (links.some((l) => l.name === seed.name)) throw new Error(`seed: link ${seed.name} already exists`)
  const kind = seed.class ?? 'phys'
  if (kind === 'phys') {
    const link = physLink(seed.name, seed.speed)
    if (seed.mac) link.mac = seed.mac
    links.push(link)
  } else if (kind === 'etherstub') {
    links.push(etherstub(seed.name))
  } else {
    const lower = seed.over ? links.find((l) => l.name === seed.over) : links.find((l) => l.class === 'phys')
    if (!lower) throw new Error(`seed: no lower link for vnic ${seed.name}`)
    links.push(vnic(seed.name, lower, {vid: seed.vid ?? 0, ...(seed.mac ? {mac: seed.mac, macType: 'fixed'} : {})}))
  }
}

/** VNICs a seeded zone needs: existing `physical` links, and on-demand ones while it runs. */
function seedZoneLinks(store: Store, seed: ZoneSeed, state: ZoneState): void {
  if ((seed.ipType ?? 'exclusive') !== 'exclusive' || seed.vnics === false) return
  store.updateLinks((links) => {
    for (const net of seed.nets ?? []) {
      if (links.some((l) => l.name === net.physical)) continue
      const globalNic = net['global-nic']
      if (globalNic !== undefined && !isUp(state)) continue
      const lowerName = globalNic !== undefined && globalNic !== 'auto' ? globalNic : net.over
      const lower = lowerName ? links.find((l) => l.name === lowerName) : links.find((l) => l.class === 'phys')
      if (!lower) throw new Error(`seed: no lower link for ${net.physical} of zone ${seed.name}`)
      links.push(
        vnic(net.physical, lower, {
          vid: Number(net['vlan-id'] ?? 0),
          ...(globalNic !== undefined ? {ownerZone: seed.name} : {}),
        }),
      )
    }
  })
}

function seedDataset(store: Store, seed: DatasetSeed): void {
  if (!validDatasetName(seed.name)) throw new Error(`seed: invalid dataset name '${seed.name}'`)
  store.updateDatasets((all) => {
    if (all.some((d) => d.name === seed.name)) throw new Error(`seed: dataset ${seed.name} already exists`)
    const missing: string[] = []
    for (let p = parentName(seed.name); p !== undefined && !all.some((d) => d.name === p); p = parentName(p))
      missing.unshift(p)
    for (const name of missing) all.push(newDataset(new DatasetTable(all), name, 'filesystem', {}))
    const local: Record<string, string> = {...seed.properties}
    if (seed.mountpoint !== undefined) local.mountpoint = seed.mountpoint
    if (seed.volsize !== undefined) local.volsize = seed.volsize
    const dataset = newDataset(
      new DatasetTable(all),
      seed.name,
      seed.volsize === undefined ? 'filesystem' : 'volume',
      local,
    )
    if (seed.mounted !== undefined && dataset.type === 'filesystem') dataset.mounted = seed.mounted
    all.push(dataset)
  })
}

function seedZone(store: Store, seed: ZoneSeed): void {
  if (!validZoneName(seed.name)) throw new Error(`seed: invalid zone name '${seed.name}'`)
  if (store.zone(seed.name)) throw new Error(`seed: zone ${seed.name} already exists`)
  const state = seed.state ?? 'configured'
  const flavour = store.flavour()
  const input = zonecfgCommands(seed, flavour.defaultBrand)
  store.withZoneLock(seed.name, () => {
    const console = new BufferConsole()
    const session = new ZonecfgSession({
      store,
      zone: seed.name,
      console,
      mode: 'file',
      fileName: `seed:${seed.name}`,
      okToPrompt: false,
    })
    const status = session.run(lex(input, lexOptions(flavour)), input.split('\n').length - 1)
    if (status !== 0)
      throw new Error(`seed: zonecfg failed for zone ${seed.name}:\n${console.stderr}\ncommands:\n${input}`)
    const record = store.zone(seed.name)!
    const brand = record.config.props.brand ?? ''
    const installed = stateAtLeast(state, 'installed')
    record.state = state
    record.uuid = state === 'configured' ? '' : (seed.uuid ?? randomUUID())
    if (seed.debugid !== undefined) record.debugid = seed.debugid
    record.publishers =
      seed.publishers ??
      (installed && flavour.ipsBrands.includes(brand) ? structuredClone(store.host().publishers) : [])
    record.zoneid = isUp(state) ? (seed.zoneid ?? store.nextId('nextZoneId')) : null
    store.saveZone(record)
    if (state !== 'configured') {
      const zonepath = record.config.props.zonepath ?? ''
      provisionZoneDatasets(store, zonepath, flavour.ipsBrands.includes(brand))
      if (hasKernelInstance(state)) setZoneRootMounted(store, zonepath, true)
    }
  })
  seedZoneLinks(store, seed, state)
}

function userOf(seed: UserSeed): SimUser {
  const root = seed.uid === 0
  return {
    name: seed.name,
    uid: seed.uid ?? 101,
    gid: seed.gid ?? (root ? 0 : 10),
    auths: seed.auths ?? [],
    profiles: seed.profiles ?? [],
  }
}

/** Adds what `spec` describes to the host; throws (nothing half-hidden) on any conflict. */
export function applySeed(store: Store, spec: SeedSpec): void {
  if (spec.brands || spec.publishers || spec.paths || spec.user || spec.releaseFiles) {
    const release = spec.releaseFiles ? {...releaseFiles(store), ...spec.releaseFiles} : undefined
    store.withGlobalLock(() =>
      store.updateHost((host) => {
        if (spec.brands) host.brands = [...spec.brands]
        if (spec.publishers) host.publishers = structuredClone(spec.publishers)
        if (spec.paths) host.paths = [...(host.paths ?? []), ...spec.paths]
        if (spec.user) host.user = userOf(spec.user)
        if (release) host.releaseFiles = release
      }),
    )
  }
  if (spec.links)
    store.updateLinks((links) => {
      for (const seed of spec.links ?? []) seedLink(links, seed)
    })
  for (const dataset of spec.datasets ?? []) seedDataset(store, dataset)
  for (const zone of spec.zones ?? []) seedZone(store, zone)
}
