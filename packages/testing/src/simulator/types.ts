// The simulator's data model. Everything here is stored as JSON in the state
// folder and is also what the test harness exposes.

export type FlavourName = 'omnios' | 'openindiana'

/** illumos zone states. `unavailable` (Solaris 11) deliberately does not exist. */
export type ZoneState =
  | 'configured'
  | 'incomplete'
  | 'installed'
  | 'ready'
  | 'mounted'
  | 'running'
  | 'shutting_down'
  | 'down'

export const STATE_ORDER: readonly ZoneState[] = [
  'configured',
  'incomplete',
  'installed',
  'ready',
  'mounted',
  'running',
  'shutting_down',
  'down',
]

export function stateAtLeast(state: ZoneState, min: ZoneState): boolean {
  return STATE_ORDER.indexOf(state) >= STATE_ORDER.indexOf(min)
}

/** States in which the zone exists in the kernel (zoneadm's sanity checks treat these as "running"). */
export function hasKernelInstance(state: ZoneState): boolean {
  return stateAtLeast(state, 'ready')
}

/**
 * Zones that are up in their own right: ready, running, shutting_down, down. They have a zone id, hold their
 * datalinks and appear in a plain `zoneadm list`; a `mounted` zone (a scratch zone for administration) does not.
 */
export function isUp(state: ZoneState): boolean {
  return hasKernelInstance(state) && state !== 'mounted'
}

export interface RctlValue {
  priv: string
  limit: string
  action: string
}

export interface NameValue {
  name: string
  value: string
}

/** One zonecfg resource instance (fs, net, rctl, attr, ...). */
export interface Resource {
  type: string
  /** Simple properties that are set, keyed by their zonecfg names. */
  props: Record<string, string>
  /** fs `options`. */
  options?: string[]
  /** rctl `value`s. */
  values?: RctlValue[]
  /** net/device `property` entries (OmniOS). */
  properties?: NameValue[]
}

/**
 * A zone configuration. Zone-wide properties are keyed by their zonecfg names
 * (`zonepath`, `brand`, `autoboot`, `ip-type`, ...); resources keep their stored
 * order. capped-memory, capped-cpu and the rctl aliases live in `rctl` resources,
 * as libzonecfg stores them (OmniOS); on OpenIndiana `capped-memory physical`
 * is a `capped-memory` resource of its own.
 */
export interface ZoneConfig {
  props: Record<string, string>
  resources: Resource[]
}

export interface Publisher {
  name: string
  origins: string[]
  mirrors: string[]
  sticky: boolean
  enabled: boolean
}

export interface ZoneRecord {
  name: string
  state: ZoneState
  /** Kernel zone id while ready/running, otherwise null. */
  zoneid: number | null
  /** Empty while configured. */
  uuid: string
  /** Assigned at first commit; survives halt, boot and uninstall. */
  debugid: number | null
  config: ZoneConfig
  /** IPS publishers of the zone image (`<zonepath>/root`); empty when not installed. */
  publishers: Publisher[]
  /** How the zone last went down: `graceful` (shutdown scripts ran: `shutdown`, `shutdown -r`) or `halt` (`halt`, `reboot`). */
  lastStop?: 'graceful' | 'halt'
}

export type LinkClass = 'phys' | 'etherstub' | 'vnic'

export interface Link {
  name: string
  class: LinkClass
  mtu: number
  state: 'up' | 'down' | 'unknown'
  /** phys: Mbps. VNICs report the speed of their lower link. */
  speed?: number
  duplex?: string
  media?: string
  device?: string
  /** vnic: lower link. */
  over?: string
  /** vnic: VLAN id, 0 for none. */
  vid?: number
  mac?: string
  macType?: string
  /** vnic created by a zone's brand for a `global-nic` net; deleted at halt. */
  ownerZone?: string
}

/** A ZFS dataset (filesystem or volume). Inherited and default values are computed (zfs/datasets.ts). */
export interface Dataset {
  name: string
  type: 'filesystem' | 'volume'
  /** Locally set properties: mountpoint, canmount, zoned, volsize, user properties (`org.opensolaris.libbe:active`)... */
  local: Record<string, string>
  /** Filesystems: mounted (on their mountpoint, or by mount(8) for legacy ones). */
  mounted: boolean
}

export interface HostSettings {
  flavour: FlavourName
  /** Installed zone brands (system/zones/brand/*). */
  brands: string[]
  /** The global zone's publishers; copied into IPS zones at install. */
  publishers: Publisher[]
  /**
   * Files and directories of the global zone that zoneadm looks at (fs specials, /usr/lib/fs/<type>/mount helpers).
   * Their parents exist too, and so do dataset mountpoints and installed zonepaths.
   */
  paths?: string[]
  nextZoneId: number
  nextDebugId: number
  /** The user commands run as (absent: root). */
  user?: SimUser
  /** `/etc/os-release` and `/etc/release`; absent: the flavour's, null: the file does not exist. */
  releaseFiles?: ReleaseFiles
}

/** A user as user_attr/passwd describe it (CONTRACT §2.2.1). */
export interface SimUser {
  name: string
  uid: number
  gid: number
  /** user_attr `auths=` (profiles add theirs). */
  auths: string[]
  /** user_attr `profiles=`. */
  profiles: string[]
}

export interface ReleaseFiles {
  osRelease: string | null
  release: string | null
}

export type FaultCommand = 'zonecfg' | 'zoneadm' | 'dladm' | 'pkg' | 'zlogin' | 'zfs'
export type FaultAction = 'fail' | 'hang' | 'slow'

/** A fault a test asks for. */
export interface FaultSpec {
  command: FaultCommand
  /**
   * zoneadm/dladm/pkg subcommand (`install`, `create-vnic`, `set-publisher`...).
   * zonecfg: `-f` (command-file mode), `stdin`, `args`, or any zonecfg command
   * word that the invocation runs (`create`, `delete`, `commit`, `info`...).
   * Omitted: every invocation of the command.
   */
  subcommand?: string
  /** Zone name (zonecfg/zoneadm/zlogin/pkg) or link name (dladm). Omitted: any. */
  target?: string
  action: FaultAction
  /** fail: exit status (default 1). */
  exitCode?: number
  /** fail: stderr text (default: a realistic message for the command). */
  message?: string
  /** slow: delay in milliseconds (default 1000). */
  delayMs?: number
  /** Fire from the Nth matching call on (1-based). With nth and no count, only that call. */
  nth?: number
  /** Fire at most this many times. */
  count?: number
  /**
   * Fire once the command's work is done (the work stays done), as when a
   * tool hangs or fails after making its change. Only where the command
   * calls faultPoint with `after` (dladm create-vnic). Default: before the work.
   */
  after?: boolean
}

/** A stored fault with its counters. */
export interface Fault extends FaultSpec {
  id: number
  /** Matching calls seen so far. */
  calls: number
  /** Times it fired. */
  fired: number
}
