// The zone side of ZFS: the zonepath dataset zoneadm creates at install
// (zfs.c create_zfs_zonepath), the zone root datasets the IPS installers add
// (common.ksh create_active_ds) and what uninstall destroys.
import {basename, dirname} from 'node:path'
import type {Store} from '../store.js'
import type {Dataset} from '../types.js'
import {DatasetTable, isWithin, newDataset} from './datasets.js'

/** The libbe properties that tie a zone boot environment to the global zone's. */
export const BE_ACTIVE = 'org.opensolaris.libbe:active'
export const BE_PARENT = 'org.opensolaris.libbe:parentbe'
export const BE_UUID = 'org.opensolaris.libbe:uuid'

/** The dataset zoneadm would create for a zonepath: `<fs mounted on the parent directory>/<basename>`, if any. */
export function zonepathDatasetName(datasets: DatasetTable, zonepath: string): string | undefined {
  const parent = datasets.mountedAt(dirname(zonepath))
  return parent && `${parent.name}/${basename(zonepath)}`
}

/** What zoneadm install does before running the installer: 'created', 'exists' or 'none' (a plain directory). */
export function createZonepathDataset(store: Store, zonepath: string): 'created' | 'exists' | 'none' {
  return store.updateDatasets((all) => {
    const datasets = new DatasetTable(all)
    const name = zonepathDatasetName(datasets, zonepath)
    if (name === undefined) return 'none'
    if (datasets.get(name)) return 'exists'
    all.push(newDataset(datasets, name, 'filesystem', {sharenfs: 'off', sharesmb: 'off'}))
    return 'created'
  })
}

/** The mounted filesystem on the zonepath itself (what the brand scripts look for). */
export function zonepathDataset(store: Store, zonepath: string): Dataset | undefined {
  return new DatasetTable(store.datasets()).mountedAt(zonepath)
}

/** The uuid of the global zone's active boot environment (the BE mounted on /). */
export function globalBootEnvironment(store: Store): string {
  const datasets = new DatasetTable(store.datasets())
  return datasets.mountedAt('/')?.local[BE_UUID] ?? 'opensolaris'
}

/** `<zpds>/ROOT` and its first free `zbe`, `zbe-1`...; the zone root is mounted on <zonepath>/root. */
export function createActiveDataset(store: Store, zonepathDs: string): string {
  const parent = globalBootEnvironment(store)
  return store.updateDatasets((all) => {
    const datasets = new DatasetTable(all)
    const root = `${zonepathDs}/ROOT`
    if (!datasets.get(root)) all.push(newDataset(datasets, root, 'filesystem', {mountpoint: 'legacy', zoned: 'on'}))
    let name = `${root}/zbe`
    for (let n = 1; datasets.get(name); n++) name = `${root}/zbe-${n}`
    const zbe = newDataset(new DatasetTable(all), name, 'filesystem', {
      [BE_ACTIVE]: 'on',
      [BE_PARENT]: parent,
      canmount: 'noauto',
    })
    all.push(zbe)
    return name
  })
}

/**
 * The datasets a completed install leaves (zonepath dataset; for IPS brands ROOT/zbe): used for seeded zones and
 * for clone targets, which the simulator makes directly (it has no snapshots to clone from).
 */
export function provisionZoneDatasets(store: Store, zonepath: string, ipsBrand: boolean): void {
  if (createZonepathDataset(store, zonepath) !== 'created' || !ipsBrand) return
  const zpds = zonepathDataset(store, zonepath)
  if (zpds && !zpds.name.startsWith('rpool/ROOT/')) createActiveDataset(store, zpds.name)
}

/** Mounts or unmounts a zone's active root (zoneadmd does it at ready/mount and halt/unmount). */
export function setZoneRootMounted(store: Store, zonepath: string, mounted: boolean): void {
  const parent = globalBootEnvironment(store)
  store.updateDatasets((all) => {
    const datasets = new DatasetTable(all)
    const zpds = datasets.mountedAt(zonepath)
    if (!zpds) return
    for (const d of datasets.descendants(`${zpds.name}/ROOT`))
      if (d.local[BE_ACTIVE] === 'on' && d.local[BE_PARENT] === parent) d.mounted = mounted
  })
}

/** uninstall: destroys the zonepath dataset and everything below it; false when the zonepath is no dataset. */
export function destroyZonepathDataset(store: Store, zonepath: string): boolean {
  return store.updateDatasets((all) => {
    const zpds = new DatasetTable(all).mountedAt(zonepath)
    if (!zpds?.name.includes('/')) return false
    all.splice(0, all.length, ...all.filter((d) => !isWithin(d.name, zpds.name)))
    return true
  })
}
