// zoneadm's verify_details/verify_handle: the checks install, boot, reboot and
// verify run before changing anything. Each problem is one stderr line (plain
// fprintf, no prefix); the caller adds `zoneadm: zone <Z> failed to verify`.
import {posix} from 'node:path'
import type {Console} from '../io.js'
import {heldLinks} from '../links.js'
import type {Store} from '../store.js'
import {stateAtLeast, type Resource, type ZoneRecord} from '../types.js'
import {DatasetTable} from '../zfs/datasets.js'

/** zonecfg_valid_fs_type(): the types no zone may mount. */
function fsTypeAllowed(type: string): boolean {
  return !['proc', 'mntfs', 'autofs', 'cachefs'].includes(type) && !type.startsWith('nfs')
}

/** Whether a path exists in the global zone: a listed path or a parent of one, a dataset mountpoint, an installed zonepath. */
export function pathExists(store: Store, path: string): boolean {
  const wanted = posix.normalize(path).replace(/(.)\/$/, '$1')
  const datasets = new DatasetTable(store.datasets())
  const known = [
    ...(store.host().paths ?? []),
    ...datasets.datasets
      .filter((d) => d.mounted && datasets.mountpoint(d).startsWith('/'))
      .map((d) => datasets.mountpoint(d)),
    ...store
      .zones()
      .filter((z) => stateAtLeast(z.state, 'incomplete'))
      .map((z) => `${z.config.props.zonepath ?? ''}/root`),
  ]
  return wanted === '/' || known.some((p) => p === wanted || p.startsWith(`${wanted}/`))
}

function verifyDatasets(datasets: DatasetTable, resources: Resource[], console: Console): boolean {
  let ok = true
  for (const resource of resources) {
    const name = resource.props.name
    if (resource.type !== 'dataset' || !name) continue
    const dataset = datasets.get(name)
    if (!dataset) {
      console.err(`could not verify zfs dataset ${name}: dataset does not exist\n`)
      ok = false
      continue
    }
    if (datasets.property(dataset, 'mountpoint').source.startsWith('inherited')) {
      console.err(`could not verify zfs dataset ${name}: mountpoint cannot be inherited\n`)
      ok = false
      continue
    }
    if (dataset.type === 'volume') {
      console.err(`cannot verify zfs dataset ${name}: volumes cannot be specified as a zone dataset resource\n`)
      ok = false
    }
  }
  return ok
}

/** One fs resource (verify_filesystems and verify_fs_special); false after printing why. */
function verifyFilesystem(store: Store, datasets: DatasetTable, fs: Resource, console: Console): boolean {
  const {dir = '', type = '', special = '', raw = ''} = fs.props
  const fail = (message: string): false => {
    console.err(`${message}\n`)
    return false
  }
  if (!fsTypeAllowed(type)) return fail(`cannot verify fs ${dir}: type ${type} is not allowed.`)
  const helper = `/usr/lib/fs/${type}/mount`
  if (!pathExists(store, helper))
    return fail(`could not verify fs ${dir}: could not access ${helper}: No such file or directory`)
  const fsck = `/usr/lib/fs/${type}/fsck`
  if (raw !== '' && !pathExists(store, fsck))
    return fail(`cannot verify fs ${dir}: 'raw' device specified but no fsck executable exists for ${type}`)
  if (raw === '' && pathExists(store, fsck))
    return fail(`could not verify fs ${dir}: must specify 'raw' device for ${type} file systems`)
  if (type === 'zfs') {
    const dataset = datasets.get(special)
    if (!dataset) return fail(`could not verify fs ${dir}: could not access zfs dataset '${special}'`)
    if (dataset.type !== 'filesystem') return fail(`cannot verify fs ${dir}: '${special}' is not a file system`)
    if (datasets.mountpoint(dataset) !== 'legacy')
      return fail(`could not verify fs ${dir}: zfs '${special}' mountpoint is not "legacy"`)
    return true
  }
  if (!pathExists(store, special))
    return fail(`could not verify fs ${dir}: could not access ${special}: No such file or directory`)
  if (raw !== '' && !pathExists(store, raw))
    return fail(`could not verify fs ${dir}: could not access ${raw}: No such file or directory`)
  return true
}

/** Network warnings (never failures): shared-IP links missing in the GZ, exclusive-IP links another running zone holds. */
function warnAboutNetworks(store: Store, zone: ZoneRecord, console: Console): void {
  const nets = zone.config.resources.filter((r) => r.type === 'net' && r.props.physical)
  if (zone.config.props['ip-type'] !== 'exclusive') {
    const names = new Set(store.links().map((l) => l.name))
    for (const net of nets)
      if (!names.has(net.props.physical!))
        console.err(
          `WARNING: skipping network interface '${net.props.physical}' which may not be present/plumbed in the global zone.\n`,
        )
    return
  }
  // A missing exclusive-IP link is not reported here: zoneadmd fails the boot instead.
  const held = heldLinks(store.zones().filter((z) => z.name !== zone.name))
  for (const net of nets) {
    const owner = held.get(net.props.physical!)
    if (owner)
      console.err(
        `WARNING: skipping network interface '${net.props.physical}' which is used by the non-global zone '${owner}'.\n`,
      )
  }
}

/** verify_handle(): prints each problem; true when the zone may be instantiated. */
export function verifyZone(store: Store, zone: ZoneRecord, console: Console): boolean {
  warnAboutNetworks(store, zone, console)
  const datasets = new DatasetTable(store.datasets())
  let ok = true
  for (const fs of zone.config.resources.filter((r) => r.type === 'fs'))
    ok = verifyFilesystem(store, datasets, fs, console) && ok
  return verifyDatasets(datasets, zone.config.resources, console) && ok
}
