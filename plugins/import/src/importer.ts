import {readFile} from 'node:fs/promises'
import {
  type Diagnostic,
  formatZoneRecord,
  listSystemZones,
  listVnics,
  type IpType,
  type Loaded,
  type OclifConfig,
  operationError,
  parseHostAddress,
  recordedDate,
  type PipelineReport,
  type PipelineStep,
  type PlanView,
  type Pool,
  pipelineError,
  readZoneConfig,
  recordClaimed,
  type Registry,
  type RendererName,
  runPipeline,
  type SystemRunner,
  type SystemZone,
  type Template,
  toDiagnostic,
  VM_BRANDS,
  type Vnic,
  type ZoneEntry,
  withZoneLock,
  zoneKind,
  type ZoneRecord,
} from 'zmgr'
import {matchTemplate} from './match.js'
import {readNets} from './nets.js'
import {importRecord, recordedNet} from './record.js'

export interface ImportedZone {
  zone: string
  state: string
  brand: string
  ipType: IpType
  template?: string
  /** Why that template, or why none fit. */
  templateReason: string
  file: string
  nets: ZoneRecord['nets']
  /** Top-level names kept under `zonecfg { ... }` (fs, rctl, limitpriv, ...). */
  unmodelled: string[]
  warnings: Diagnostic[]
  /** The zone file as written (or, in a dry run, as it would be). */
  content: string
  /** The import pipeline's plan: the record step and any step a plugin added. */
  plan: PlanView
  /** How the pipeline went (not in a dry run). */
  report?: PipelineReport
}

/** A VM brand's zone: not adopted, but its addresses are held by a zone file marked `held`. */
export interface HeldZone {
  zone: string
  state: string
  brand: string
  /** Why zmgr only holds its addresses (written as `held "..."`). */
  reason: string
  file: string
  nets: ZoneRecord['nets']
  warnings: Diagnostic[]
  /** true when an earlier hold was rewritten because the zone's addresses changed. */
  refreshed: boolean
  content: string
}

export interface SkippedZone {
  zone: string
  reason: string
}

export interface FailedZone {
  zone: string
  error: Diagnostic
  /** When the zone's pipeline ran and failed: which steps ran and what undoes them. */
  report?: PipelineReport
}

export interface ImportReport {
  dryRun: boolean
  imported: ImportedZone[]
  held: HeldZone[]
  skipped: SkippedZone[]
  failed: FailedZone[]
}

export interface ImportOptions {
  /** Zones to import; empty: every zone on the system. */
  names: readonly string[]
  dryRun: boolean
  /** When the zones are recorded (`imported`, UTC ISO 8601). */
  now: Date
  /** Fires the zmgr:import and step hooks of every plugin. */
  config: OclifConfig
  /** How each zone's pipeline shows progress (pickRenderer). */
  renderer: RendererName
}

/** The `held` reason of a VM brand's zone. */
function heldReason(brand: string): string {
  return `${brand} virtual machine, managed by the VM manager`
}

/** Which zones to look at: the named ones (unknown names fail), else all but the global zone. */
function select(system: SystemZone[], names: readonly string[], report: ImportReport): SystemZone[] {
  if (names.length === 0) return system
  const byName = new Map(system.map((zone) => [zone.name, zone]))
  const chosen: SystemZone[] = []
  for (const name of new Set(names)) {
    const zone = byName.get(name)
    if (zone) chosen.push(zone)
    else if (name === 'global') report.skipped.push({zone: name, reason: 'the global zone is the host itself'})
    else
      report.failed.push({
        zone: name,
        error: {
          code: 'zmgr::import::no-such-zone',
          severity: 'error',
          message: `${name}: no such zone on this system`,
          help: `\`zoneadm list -cv\` shows the zones there are${system.length > 0 ? ` (${system.map((z) => z.name).join(', ')})` : ''}`,
        },
      })
  }
  return chosen
}

/** The lower links of VNICs, read once, and only when an exclusive-IP zone needs them. */
function vnicLookup(runner: SystemRunner): () => Promise<{vnics: Map<string, Vnic>; warning?: Diagnostic}> {
  let cached: Promise<{vnics: Map<string, Vnic>; warning?: Diagnostic}> | undefined
  return () => {
    cached ??= listVnics(runner).then(
      (vnics) => ({vnics: new Map(vnics.map((vnic) => [vnic.link, vnic]))}),
      (error: unknown) => ({
        vnics: new Map(),
        warning: {
          ...toDiagnostic(error).diagnostic,
          severity: 'warning' as const,
          help: 'the link each VNIC sits on (over=) is left out; template matching uses pools only',
        },
      }),
    )
    return cached
  }
}

/** One key per address whatever its spelling ("2001:db8::1/64" and "2001:0db8::1"). */
function addressKey(address: string | undefined): string {
  const ip = address === undefined ? undefined : parseHostAddress(address)
  return ip ? `${ip.family}:${ip.value}` : ''
}

interface Context {
  registry: Registry
  runner: SystemRunner
  templates: Template[]
  pools: Pool[]
  defaultTemplate?: string
  vnics: ReturnType<typeof vnicLookup>
  date: string
}

/** The step that writes the zone file, claiming its addresses under the ledger lock; undone by removing the file. */
function recordStep(registry: Registry, record: ZoneRecord, file: string, content: string): PipelineStep {
  return {
    id: 'record',
    title: `Write the registry entry ${file}`,
    commands: [],
    writes: [{file, action: 'write', content}],
    async run() {
      await recordClaimed(registry, record)
    },
    undo: (_ctx, outcome) =>
      outcome === 'done'
        ? [{argv: ['rm', file], run: async () => void (await registry.removeFile(zoneKind, record.name))}]
        : [],
  }
}

/** Read one zone and work out its zone file: nets, pools, template, what is kept under zonecfg. */
async function describeZone(
  zone: SystemZone,
  ctx: Context,
): Promise<Omit<ImportedZone, 'file' | 'content' | 'plan' | 'report'> & {record: ZoneRecord}> {
  const zonecfg = await readZoneConfig(ctx.runner, zone.name)
  const brand = zonecfg.brand || zone.brand
  const warnings: Diagnostic[] = []
  const links =
    zonecfg.ipType === 'exclusive' && zonecfg.nets.length > 0 ? await ctx.vnics() : {vnics: new Map<string, Vnic>()}
  if (links.warning) warnings.push(links.warning)
  const read = readNets(zone.name, zonecfg, ctx.pools, links.vnics)
  warnings.push(...read.warnings)
  if (zone.state === 'incomplete')
    warnings.push({
      code: 'zmgr::import::incomplete',
      severity: 'warning',
      message: `${zone.name} is incomplete: an install or uninstall did not finish`,
      help: `recorded as it is; \`zoneadm -z ${zone.name} uninstall -F\` clears a failed install`,
      data: {zone: zone.name},
    })
  const match = matchTemplate(ctx.templates, brand, zonecfg.ipType, read.nets, ctx.defaultTemplate)
  const record = importRecord(
    zone.name,
    {...zonecfg, brand, zonepath: zonecfg.zonepath || zone.zonepath},
    read.nets,
    match,
    ctx.date,
  )
  return {
    zone: zone.name,
    state: zone.state,
    brand,
    ipType: zonecfg.ipType,
    template: match.template?.name,
    templateReason: match.reason,
    nets: record.nets,
    unmodelled: [...new Set((record.extra ?? []).flatMap((node) => (node.children ?? []).map((child) => child.name)))],
    warnings,
    record,
  }
}

/** A VM zone's zone file: its nets and addresses only, marked `held`; no template, nothing kept under zonecfg. */
async function describeHeld(
  zone: SystemZone,
  ctx: Context,
  imported: string,
): Promise<{record: ZoneRecord; warnings: Diagnostic[]}> {
  const zonecfg = await readZoneConfig(ctx.runner, zone.name)
  const warnings: Diagnostic[] = []
  const links =
    zonecfg.ipType === 'exclusive' && zonecfg.nets.length > 0 ? await ctx.vnics() : {vnics: new Map<string, Vnic>()}
  if (links.warning) warnings.push(links.warning)
  const read = readNets(zone.name, zonecfg, ctx.pools, links.vnics)
  warnings.push(...read.warnings)
  const brand = zonecfg.brand || zone.brand
  const record: ZoneRecord = {
    name: zone.name,
    brand,
    zonepath: zonecfg.zonepath || zone.zonepath,
    autoboot: zonecfg.autoboot,
    ipType: zonecfg.ipType,
    imported,
    held: heldReason(brand),
    nets: read.nets.map((net, i) => recordedNet(net, `net${i}`)),
  }
  return {record, warnings}
}

/**
 * Bring existing zones under management: list them, leave out what is not
 * ours (registered already, VM brands), read each configuration, match pools
 * and a template, and write the zone file claiming its addresses.
 */
export async function importZones(
  registry: Registry,
  runner: SystemRunner,
  options: ImportOptions,
): Promise<ImportReport> {
  const config = await registry.config()
  const [templates, pools, system] = await Promise.all([
    registry.templates(),
    registry.pools(),
    listSystemZones(runner),
  ])
  const ctx: Context = {
    registry,
    runner,
    templates,
    pools,
    defaultTemplate: config.defaultTemplate,
    vnics: vnicLookup(runner),
    date: recordedDate(options.now),
  }
  const report: ImportReport = {dryRun: options.dryRun, imported: [], held: [], skipped: [], failed: []}
  // Addresses this run has recorded: a dry run writes nothing, yet two zones must not both claim one.
  const claimedNow = new Map<string, string>()

  const claim = (zone: string, nets: ZoneRecord['nets']) => {
    for (const net of nets) {
      for (const address of [net.address, net.address6]) {
        const holder = claimedNow.get(addressKey(address))
        if (holder)
          throw operationError(
            'zmgr::ipam::address-taken',
            `${address} (net ${net.name} of ${zone}) is held by zone ${holder}, imported in this run`,
            {
              help: 'two zones cannot hold one address: change the address of one of them in zonecfg, then import it again',
            },
          )
      }
    }
    return () => {
      for (const net of nets)
        for (const address of [net.address, net.address6])
          if (address !== undefined) claimedNow.set(addressKey(address), `${zone} (net ${net.name})`)
    }
  }

  for (const zone of select(system, options.names, report)) {
    const registered = await registry.has(zoneKind, zone.name)
    if (VM_BRANDS.has(zone.brand)) {
      // A hold is refreshed; a VM zone someone registered as a zone of its own (or a broken file) is left alone.
      const entry = registered ? await registry.zone(zone.name).catch(() => undefined) : undefined
      if (!registered || entry?.held !== undefined) {
        try {
          await holdZone(zone, entry, ctx, options, claim, report)
        } catch (error) {
          report.failed.push({zone: zone.name, error: toDiagnostic(error).diagnostic})
        }
        continue
      }
    }
    if (registered) {
      report.skipped.push({zone: zone.name, reason: `already registered (${registry.fileOf(zoneKind, zone.name)})`})
      continue
    }
    try {
      const {record, ...described} = await describeZone(zone, ctx)
      const claimed = claim(zone.name, record.nets)
      const file = registry.fileOf(zoneKind, zone.name)
      const content = formatZoneRecord(record)
      const details = {
        state: zone.state,
        brand: described.brand,
        template: described.template ?? null,
        templateReason: described.templateReason,
        nets: record.nets,
      }
      // The ledger check of the record step, made before any hook sees the plan (a dry run runs no step).
      await recordClaimed(registry, record, {dryRun: true})
      const outcome = await withZoneLock(
        registry,
        zone.name,
        'import',
        () =>
          runPipeline({
            config: options.config,
            operation: 'import',
            zone: zone.name,
            root: registry.root,
            steps: [recordStep(registry, record, file, content)],
            details,
            runner,
            dryRun: options.dryRun,
            renderer: options.renderer,
          }),
        {dryRun: options.dryRun},
      )
      if (!outcome.report.ok) {
        report.failed.push({
          zone: zone.name,
          error: toDiagnostic(pipelineError(outcome.report)).diagnostic,
          report: outcome.report,
        })
        continue
      }
      claimed()
      report.imported.push({
        ...described,
        file,
        content,
        plan: outcome.plan,
        ...(options.dryRun ? {} : {report: outcome.report}),
      })
    } catch (error) {
      report.failed.push({zone: zone.name, error: toDiagnostic(error).diagnostic})
    }
  }
  return report
}

/**
 * A VM brand's zone (bhyve, kvm, emu) is never adopted, but every address it
 * holds (allowed-address, CONTRACT §4.1) is recorded in a zone file marked
 * `held`, under the ledger lock like any zone file, so IPAM never hands it
 * out. A second run rewrites the hold when the VM's addresses changed, and
 * skips it otherwise. No hooks fire: nothing is imported.
 */
async function holdZone(
  zone: SystemZone,
  registered: Loaded<ZoneEntry> | undefined,
  ctx: Context,
  options: ImportOptions,
  claim: (zone: string, nets: ZoneRecord['nets']) => () => void,
  report: ImportReport,
): Promise<void> {
  const {record, warnings} = await describeHeld(zone, ctx, registered?.imported ?? ctx.date)
  const file = ctx.registry.fileOf(zoneKind, zone.name)
  const content = formatZoneRecord(record)
  if (registered && (await readFile(file, 'utf8').catch(() => undefined)) === content) {
    report.skipped.push({zone: zone.name, reason: `already held (${file})`})
    return
  }
  const claimed = claim(zone.name, record.nets)
  await recordClaimed(ctx.registry, record, {dryRun: options.dryRun, replace: registered !== undefined})
  claimed()
  report.held.push({
    zone: zone.name,
    state: zone.state,
    brand: record.brand,
    reason: record.held!,
    file,
    nets: record.nets,
    warnings,
    refreshed: registered !== undefined,
    content,
  })
}
