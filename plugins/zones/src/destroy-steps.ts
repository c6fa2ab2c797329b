import {
  creatorAlive,
  findSystemZone,
  inputError,
  listVnics,
  removeStaleTemps,
  removeWorkFile,
  type Loaded,
  operationError,
  type PipelineStep,
  type Registry,
  type SystemRunner,
  type SystemZone,
  zoneIsUp,
  zoneKind,
  type ZoneEntry,
} from 'zmgr'

/** What `zones destroy` works on: the registry entry and whatever of the zone the system still has. */
export interface DestroyTarget {
  zone: string
  entry: Loaded<ZoneEntry>
  system?: SystemZone
  /** The entry's VNICs that still exist on the system. */
  presentVnics: string[]
  /** The entry's VNICs that are already gone. */
  goneVnics: string[]
}

/**
 * Find what is left of a zone. A zone the registry does not know is refused,
 * also when the system has it: zmgr destroys only what it manages.
 */
export async function prepareDestroy(zone: string, registry: Registry, runner: SystemRunner): Promise<DestroyTarget> {
  const [registered, system, vnics] = await Promise.all([
    registry.has(zoneKind, zone),
    findSystemZone(runner, zone),
    listVnics(runner),
  ])
  if (!registered) {
    if (system) {
      throw inputError(
        'zmgr::zone::unmanaged',
        `zone ${JSON.stringify(zone)} exists on this system (${system.state}) but is not registered with zmgr`,
        {
          help: `zmgr destroys only zones it manages: bring it under zmgr first (zmgr import ${zone}), or remove it with zoneadm and zonecfg`,
        },
      )
    }
    throw inputError(
      'zmgr::zone::unknown',
      `no zone named ${JSON.stringify(zone)}, neither registered nor on this system`,
      {help: 'see `zmgr zones list` for the zones there are'},
    )
  }
  const entry = await registry.zone(zone)
  if (entry.held !== undefined && system) {
    throw inputError(
      'zmgr::zone::held',
      `zone ${JSON.stringify(zone)} (${system.brand}, ${system.state}) is not managed by zmgr: its zone file only holds its addresses (${entry.held})`,
      {
        help: `remove the zone with the tool that manages it; once it is gone from the system, \`zmgr zones destroy ${zone}\` releases its addresses`,
      },
    )
  }
  // A live create holds the zone lock, so this is for entries another zmgr version or host is creating.
  if (entry.status?.status === 'creating' && creatorAlive(entry)) {
    const {pid, host, started} = entry.status
    throw operationError(
      'zmgr::zone::busy',
      `zone ${JSON.stringify(zone)} is being created by pid ${pid} on ${host}${started ? ` (started ${started})` : ''}`,
      {
        help: `let the create finish (or fail), then destroy it; if that zmgr is stuck, stop it (kill ${pid})`,
      },
    )
  }
  const present = new Set(vnics.map((vnic) => vnic.link))
  // On-demand VNICs (global-nic) belong to the brand: it deletes them at halt. A held zone's VNICs are its manager's.
  const owned =
    entry.held === undefined ? entry.nets.filter((net) => net.vnic && !net.globalNic).map((net) => net.vnic!) : []
  return {
    zone,
    entry,
    system,
    presentVnics: owned.filter((v) => present.has(v)),
    goneVnics: owned.filter((v) => !present.has(v)),
  }
}

const installedOrMore = new Set(['incomplete', 'installed', 'ready', 'mounted', 'running', 'shutting_down', 'down'])

/**
 * (unmount, for a zone found `mounted`) -> halt -> uninstall -> delete the configuration -> delete the VNICs -> remove
 * the entry. A mounted zone refuses halt and uninstall until it is unmounted (CONTRACT §2.3.1). Steps for parts that are already gone are skipped with the
 * reason, so a half-made zone (failed create, a manual cleanup) can be
 * destroyed as well as a complete one. Destroying cannot be undone.
 */
export function destroySteps(target: DestroyTarget, registry: Registry): PipelineStep[] {
  const {zone, system} = target
  const absent = 'no such zone on the system'
  const reason = (needed: boolean, why: string) => async () => (needed ? false : why)
  const vnicNote = target.goneVnics.length > 0 ? ` (${target.goneVnics.join(', ')} already gone)` : ''
  const unmount: PipelineStep[] =
    system?.state === 'mounted'
      ? [
          {
            id: 'unmount',
            title: `Unmount zone ${zone}`,
            commands: [['zoneadm', '-z', zone, 'unmount']],
            async run(ctx) {
              await ctx.runner.run(['zoneadm', '-z', zone, 'unmount'])
            },
          },
        ]
      : []
  return [
    ...unmount,
    {
      id: 'halt',
      title: `Halt zone ${zone}`,
      commands: system && zoneIsUp(system.state) ? [['zoneadm', '-z', zone, 'halt']] : [],
      skip: reason(Boolean(system && zoneIsUp(system.state)), system ? `zone is ${system.state}, not running` : absent),
      async run(ctx) {
        await ctx.runner.run(['zoneadm', '-z', zone, 'halt'])
      },
    },
    {
      id: 'uninstall',
      title: `Uninstall zone ${zone}`,
      commands: system && installedOrMore.has(system.state) ? [['zoneadm', '-z', zone, 'uninstall', '-F']] : [],
      skip: reason(Boolean(system && installedOrMore.has(system.state)), system ? 'zone is not installed' : absent),
      async run(ctx) {
        await ctx.runner.run(['zoneadm', '-z', zone, 'uninstall', '-F'], {
          onLine: (line) => line.trim() && ctx.log(line.trim()),
        })
      },
    },
    {
      id: 'unconfigure',
      title: `Delete the configuration of zone ${zone}`,
      commands: system ? [['zonecfg', '-z', zone, 'delete', '-F']] : [],
      skip: reason(Boolean(system), absent),
      async run(ctx) {
        await ctx.runner.run(['zonecfg', '-z', zone, 'delete', '-F'])
      },
    },
    {
      id: 'vnics',
      title:
        target.presentVnics.length > 0
          ? `Delete VNIC${target.presentVnics.length > 1 ? 's' : ''} ${target.presentVnics.join(', ')}${vnicNote}`
          : 'Delete VNICs',
      commands: target.presentVnics.map((vnic) => ['dladm', 'delete-vnic', vnic]),
      skip: reason(
        target.presentVnics.length > 0,
        target.goneVnics.length > 0 ? `${target.goneVnics.join(', ')} already gone` : 'the zone has no VNICs',
      ),
      async run(ctx) {
        for (const vnic of target.presentVnics) await ctx.runner.run(['dladm', 'delete-vnic', vnic])
      },
    },
    {
      id: 'unregister',
      title: `Remove ${target.entry.file}${target.entry.nets.some((net) => net.address || net.address6) ? ` (frees ${target.entry.nets.flatMap((net) => [net.address, net.address6].filter((a) => a !== undefined)).join(', ')})` : ''}`,
      commands: [],
      writes: [{file: target.entry.file, action: 'remove'}],
      async run() {
        // No ledger lock needed: removing an entry only frees addresses, and an unlink is atomic.
        await registry.removeFile(zoneKind, zone)
        // What a failed or killed create may have left: its zonecfg command file, temp files of the entry.
        await removeWorkFile(registry.workFile(`${zone}.zonecfg`))
        await removeStaleTemps(target.entry.file)
      },
    },
  ]
}
