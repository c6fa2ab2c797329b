// A typed, read-only view of the whole simulated host (harness `state()`,
// `illumos-sim state`).
import type {Store} from './store.js'
import {simUser} from './rbac.js'
import type {Fault, FlavourName, Link, Publisher, SimUser, ZoneConfig, ZoneState} from './types.js'
import {DatasetTable} from './zfs/datasets.js'

export interface ZoneSnapshot {
  name: string
  state: ZoneState
  brand: string
  zonepath: string
  autoboot: boolean
  ipType: 'shared' | 'exclusive'
  uuid: string
  /** Kernel zone id, null when not ready/running. */
  id: number | null
  debugid: number | null
  /** The net resources' properties (physical, allowed-address, defrouter, ...). */
  nets: Array<Record<string, string>>
  config: ZoneConfig
  /** Publishers of the zone image (`pkg -R <zonepath>/root publisher`). */
  publishers: Publisher[]
  /** How the zone last went down: `graceful` (shutdown, shutdown -r) or `halt` (halt, reboot); undefined before that. */
  lastStop?: 'graceful' | 'halt'
}

export interface SimState {
  flavour: FlavourName
  brands: string[]
  /** The global zone's publishers. */
  publishers: Publisher[]
  zones: ZoneSnapshot[]
  links: Link[]
  vnics: Link[]
  /** ZFS datasets in `zfs list` order, with their effective mountpoint. */
  datasets: DatasetSnapshot[]
  faults: Fault[]
  /** The user the simulated commands run as. */
  user: SimUser
}

export interface DatasetSnapshot {
  name: string
  type: 'filesystem' | 'volume'
  /** A path, `legacy` or `none` (`-` for volumes). */
  mountpoint: string
  mounted: boolean
  /** Locally set properties. */
  local: Record<string, string>
}

export function snapshot(store: Store): SimState {
  const host = store.host()
  const links = store.links()
  return {
    flavour: host.flavour,
    brands: host.brands,
    publishers: host.publishers,
    zones: store.zones().map((zone) => ({
      name: zone.name,
      state: zone.state,
      brand: zone.config.props.brand ?? '',
      zonepath: zone.config.props.zonepath ?? '',
      autoboot: zone.config.props.autoboot === 'true',
      ipType: zone.config.props['ip-type'] === 'exclusive' ? 'exclusive' : 'shared',
      uuid: zone.uuid,
      id: zone.zoneid,
      debugid: zone.debugid,
      nets: zone.config.resources.filter((r) => r.type === 'net').map((r) => ({...r.props})),
      config: zone.config,
      publishers: zone.publishers,
      ...(zone.lastStop ? {lastStop: zone.lastStop} : {}),
    })),
    links,
    vnics: links.filter((l) => l.class === 'vnic'),
    datasets: datasetSnapshots(new DatasetTable(store.datasets())),
    faults: store.faults(),
    user: simUser(store),
  }
}

function datasetSnapshots(datasets: DatasetTable): DatasetSnapshot[] {
  return datasets.sorted().map((d) => ({
    name: d.name,
    type: d.type,
    mountpoint: datasets.property(d, 'mountpoint').value,
    mounted: d.mounted,
    local: {...d.local},
  }))
}
