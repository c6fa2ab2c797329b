import {
  allocateAndRecord,
  creatingStatus,
  describeHolder,
  findSystemZone,
  formatZoneRecord,
  isLinkedZoneImage,
  listImagePublishers,
  listVnics,
  type PipelineReport,
  planImagePublishers,
  type PipelineStep,
  type Registry,
  removeWorkFile,
  writeWorkFile,
  type UndoAction,
  ZmgrError,
  zoneKind,
} from 'zmgr'
import {
  addressRequests,
  chooseVnicNames,
  type CreateSpec,
  installCommand,
  publisherPlan,
  vnicCommand,
  zoneRecord,
  zonecfgText,
} from './create-spec.js'

/** The undo of the allocate step: the zone file goes, and with it the addresses it held. */
export function releaseEntry(registry: Registry, spec: CreateSpec): UndoAction {
  return {argv: ['rm', spec.registryFile], run: async () => void (await registry.removeFile(zoneKind, spec.zone))}
}

/**
 * The create pipeline (docs/zones.md): allocate -> VNICs -> configure -> install
 * -> publishers -> record -> boot. Each step knows its commands up front (the
 * plan) and what undoes it, also when it fails halfway.
 */
export function createSteps(spec: CreateSpec, registry: Registry): PipelineStep[] {
  const zone = spec.zone
  const steps: PipelineStep[] = []
  const addresses = () => spec.allocations.map((a) => `${a.net} ${a.cidr}`).join(', ')

  steps.push({
    id: 'allocate',
    title: spec.allocations.length > 0 ? `Allocate addresses (${addresses()})` : 'Register the zone',
    commands: [],
    writes: [
      {
        file: spec.registryFile,
        action: 'write',
        content: formatZoneRecord(zoneRecord(spec, spec.allocations, creatingStatus())),
      },
    ],
    async run(ctx) {
      // Under the ledger lock, addresses and VNIC names are picked again, so a zmgr running alongside cannot take the same ones.
      const {allocations} = await allocateAndRecord(
        registry,
        addressRequests(spec),
        (taken, ledger) => {
          chooseVnicNames(spec, ledger)
          return zoneRecord(spec, taken, creatingStatus())
        },
        {
          lock: {
            onWait: (holder) =>
              ctx.log(`waiting for the ledger lock${holder ? `, held by ${describeHolder(holder)}` : ''}`),
          },
        },
      )
      spec.allocations = allocations
    },
    undo: (_ctx, outcome) => (outcome === 'done' ? [releaseEntry(registry, spec)] : []),
  })

  const vnicNets = spec.nets.filter((net) => net.vnic)
  if (vnicNets.length > 0) {
    const created: string[] = []
    steps.push({
      id: 'vnics',
      title: `Create VNIC${vnicNets.length > 1 ? 's' : ''} ${vnicNets.map((net) => `${net.vnic} over ${net.over}${net.vlan ? ` vlan ${net.vlan}` : ''}`).join(', ')}`,
      commands: vnicNets.map(vnicCommand),
      async run(ctx) {
        for (const net of vnicNets) {
          try {
            await ctx.runner.run(vnicCommand(net))
          } catch (error) {
            // A create-vnic stopped by the timeout may have made the link before it hung: then undo must delete it.
            if (
              error instanceof ZmgrError &&
              error.code === 'zmgr::system::timed-out' &&
              (await listVnics(ctx.runner)).some((vnic) => vnic.link === net.vnic)
            )
              created.push(net.vnic!)
            throw error
          }
          created.push(net.vnic!)
        }
      },
      undo: () => created.map((vnic) => ({argv: ['dladm', 'delete-vnic', vnic]})),
    })
  }

  const configure = ['zonecfg', '-z', zone, '-f', spec.zonecfgFile]
  steps.push({
    id: 'configure',
    title: `Configure zone ${zone} (${spec.brand.name}, ${spec.template.ipType} IP)`,
    commands: [configure],
    writes: [{file: spec.zonecfgFile, action: 'write', content: zonecfgText(spec)}],
    async run(ctx) {
      // Written now, not at planning: the addresses are the ones the allocate step took.
      await writeWorkFile(spec.zonecfgFile, zonecfgText(spec))
      try {
        await ctx.runner.run(configure)
      } finally {
        // The command file is only zonecfg's input: gone whether it took it or not (the report has zonecfg's complaint).
        await removeWorkFile(spec.zonecfgFile)
      }
    },
    // In -f mode zonecfg commits nothing when a line fails; check anyway, a fault may strike at commit.
    undo: async (ctx, outcome) =>
      outcome === 'done' || (await findSystemZone(ctx.runner, zone))
        ? [{argv: ['zonecfg', '-z', zone, 'delete', '-F']}]
        : [],
  })

  const install = installCommand(spec)
  steps.push({
    id: 'install',
    title: `Install zone ${zone}`,
    commands: [install],
    async run(ctx) {
      await ctx.runner.run(install, {onLine: (line) => line.trim() && ctx.log(line.trim())})
    },
    // A failed install may leave the zone `incomplete` (or installed, if it failed late): uninstall -F clears either.
    undo: async (ctx, outcome) => {
      if (outcome === 'failed') {
        const state = (await findSystemZone(ctx.runner, zone))?.state
        if (state !== 'incomplete' && state !== 'installed') return []
      }
      return [{argv: ['zoneadm', '-z', zone, 'uninstall', '-F']}]
    },
  })

  if (spec.publishers.length > 0) {
    const names = spec.publishers.map((p) => p.name).join(', ')
    steps.push({
      id: 'publishers',
      title: spec.linkedImage
        ? `Add publisher${spec.publishers.length > 1 ? 's' : ''} ${names} after the global zone's (linked image)`
        : `Set publisher${spec.publishers.length > 1 ? 's' : ''} ${names}`,
      commands: publisherPlan(spec).commands,
      // Worked out again from the image itself: pkg says whether it is linked and what it has, so the step can be repeated.
      async run(ctx) {
        const root = `${spec.zonepath}/root`
        const linked = await isLinkedZoneImage(ctx.runner, zone)
        const plan = planImagePublishers(root, spec.publishers, await listImagePublishers(ctx.runner, root), linked)
        for (const warning of plan.warnings) ctx.log(warning)
        if (plan.commands.length === 0)
          ctx.log(`the zone image already has publisher${spec.publishers.length > 1 ? 's' : ''} ${names}`)
        for (const command of plan.commands) await ctx.runner.run(command)
      },
    })
  }

  steps.push({
    id: 'record',
    title: `Record the zone in ${spec.registryFile}`,
    commands: [],
    writes: [{file: spec.registryFile, action: 'write', content: formatZoneRecord(zoneRecord(spec))}],
    async run() {
      await registry.writeFile(zoneKind, zone, formatZoneRecord(zoneRecord(spec)))
    },
  })

  if (spec.boot) {
    const boot = ['zoneadm', '-z', zone, 'boot']
    steps.push({
      id: 'boot',
      title: `Boot zone ${zone}`,
      commands: [boot],
      async run(ctx) {
        await ctx.runner.run(boot)
      },
      undo: (_ctx, outcome) => (outcome === 'done' ? [{argv: ['zoneadm', '-z', zone, 'halt']}] : []),
    })
  }
  return steps
}

/**
 * After a failed create (and any rollback), settle the registry entry so no
 * address stays taken by a zone that does not exist: when nothing of the
 * zone was made, the entry goes; when parts remain, it stays, marked
 * `status "incomplete"`, so `zmgr zones destroy` can finish the job.
 * Returns what was done, for the report.
 */
export async function settleFailedCreate(
  spec: CreateSpec,
  registry: Registry,
  report: PipelineReport,
): Promise<string | undefined> {
  const allocated = report.steps.find((step) => step.id === 'allocate')?.status === 'done'
  if (!allocated || !(await registry.has(zoneKind, spec.zone))) return undefined
  // Nothing but the entry was made when no other step has anything to undo and none left an unknown state.
  const madeElsewhere =
    report.steps.some((step) => step.id !== 'allocate' && (step.undo?.length ?? 0) > 0) ||
    (report.undoUnknown?.length ?? 0) > 0
  if (!report.rollback && !madeElsewhere) {
    await registry.removeFile(zoneKind, spec.zone)
    report.undo = []
    return `nothing of zone ${spec.zone} was made: removed ${spec.registryFile}, its addresses are free again`
  }
  const failed = report.steps.find((step) => step.status === 'failed')?.id
  await registry.writeFile(
    zoneKind,
    spec.zone,
    formatZoneRecord(zoneRecord(spec, spec.allocations, {status: 'incomplete', step: failed})),
  )
  return `${spec.registryFile} is kept, marked incomplete, and holds the zone's addresses until \`zmgr zones destroy ${spec.zone}\` removes what is left`
}
