import {listVnics, type Vnic} from '../illumos/dladm.js'
import {listSystemZones, type SystemZone} from '../illumos/zoneadm.js'
import {readZoneConfig, type ZoneConfig} from '../illumos/zonecfg.js'
import {VM_BRANDS} from '../registry/zone.js'
import type {SystemRunner} from '../system/runner.js'

/** What the live host has, for rules that compare it with the registry (`zmgr validate --system`). */
export interface SystemSnapshot {
  /** Every zone on the host except the global zone (`zoneadm list -cp`). */
  zones: SystemZone[]
  /** Every VNIC on the host (`dladm show-vnic`). */
  vnics: Vnic[]
  /** `zonecfg -z NAME info` of each registered zone the host has, and of every VM brand's zone (whose addresses IPAM must avoid), by zone name. */
  configs: Map<string, ZoneConfig>
}

/** zonecfg runs this many at a time: a large registry must not fork thousands of processes at once. */
const ZONECFG_CONCURRENCY = 8

/** Ask the host (through the runner, so the simulator can stand in) for its zones, VNICs and the configurations of `registered` zones. */
export async function snapshotSystem(runner: SystemRunner, registered: Iterable<string>): Promise<SystemSnapshot> {
  const [zones, vnics] = await Promise.all([listSystemZones(runner), listVnics(runner)])
  const present = new Set(zones.map((zone) => zone.name))
  const vms = zones.filter((zone) => VM_BRANDS.has(zone.brand)).map((zone) => zone.name)
  const queue = [...new Set([...registered, ...vms])].filter((name) => present.has(name))
  const configs = new Map<string, ZoneConfig>()
  let next = 0
  const worker = async () => {
    while (next < queue.length) {
      const name = queue[next++]
      configs.set(name, await readZoneConfig(runner, name))
    }
  }
  await Promise.all(Array.from({length: Math.min(ZONECFG_CONCURRENCY, queue.length)}, worker))
  return {zones, vnics, configs}
}
