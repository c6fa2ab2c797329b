import type {OclifConfig as Config} from 'zmgr'
import {readdir} from 'node:fs/promises'
import {join} from 'node:path'
import {
  collectRules,
  creatorAlive,
  type Datalink,
  type Diagnostic,
  type Distribution,
  hostFacts,
  type ImagePublisher,
  loadBrands,
  privilegeProblems,
  type Registry,
  runValidation,
  snapshotRegistry,
  snapshotSystem,
  type SystemRunner,
  templateHostProblems,
  type ZoneEntry,
  zoneKind,
  zonepathProblems,
} from 'zmgr'
import {zoneStatus} from './status.js'

/** Who is creating a zone, as the zone file's `status "creating"` node records it. */
export interface CreatingProcess {
  pid?: number
  host?: string
  started?: string
  /** true: still running; false: gone; null: cannot tell (another host, or no pid recorded). */
  alive: boolean | null
}

export interface DoctorReport {
  ok: boolean
  host: {
    distribution: Distribution
    user: {name: string; uid: number; mayManageZones: boolean; profiles: string[]}
    brands: string[]
    links: Datalink[]
    publishers: ImagePublisher[]
    zonepathRoot: {path: string; dataset?: string}
  }
  registry: boolean
  templates: Array<{name: string; brand: string; canCreate: boolean; problems: string[]}>
  zones: Array<{name: string; status: string; process?: CreatingProcess}>
  leftovers: {vnics: string[]; workFiles: string[]}
  diagnostics: Diagnostic[]
}

/** The creating process a zone file names (ledger: `status "creating" pid= host= started=`), and whether it still runs. */
function processOf(entry: ZoneEntry): CreatingProcess {
  const status = entry.status
  const recorded = status?.status === 'creating' ? {pid: status.pid, host: status.host, started: status.started} : {}
  return {...recorded, alive: creatorAlive(entry) ?? null}
}

/** A regular expression for VNIC names the vnic-name pattern produces ({zone}, {net}, {index}). */
function vnicPattern(pattern: string): RegExp {
  // Literal text is escaped; `-` becomes `_`, as makeVnicName adapts it.
  const literal = (part: string) => part.replace(/[.*+?^${}()|[\]\\-]/g, (c) => (c === '-' ? '_' : `\\${c}`))
  const parts = pattern
    .split(/(\{zone\}|\{net\}|\{index\})/)
    .map((part) =>
      part === '{index}' ? '\\d+' : part === '{zone}' || part === '{net}' ? '[A-Za-z0-9_.]+' : literal(part),
    )
  return new RegExp(`^${parts.join('')}$`)
}

/**
 * `zmgr doctor`: everything that keeps this host and registry from working, in
 * one pass. Host facts and their problems (privileges, zonepath dataset),
 * templates that cannot create here and why, the registry checked against the
 * host by every validation rule (drift: missing zones, brands, addresses,
 * VNICs), creates that were interrupted (and whether their process still
 * runs), zones left incomplete, and what failed creates leave behind: VNICs no
 * zone uses and zonecfg command files under `.work/`.
 */
export async function runDoctor(registry: Registry, runner: SystemRunner, oclif: Config): Promise<DoctorReport> {
  const facts = hostFacts(runner)
  const diagnostics: Diagnostic[] = []
  const hasRegistry = await registry.exists()
  const config = hasRegistry ? (await registry.scanConfig()).config : undefined
  const [distribution, user, brands, links, publishers, systemZones] = await Promise.all([
    facts.distribution(),
    facts.user(),
    facts.brands(),
    facts.links(),
    facts.publishers(),
    facts.zones(),
  ])
  if (distribution.id === 'unknown') {
    diagnostics.push({
      code: 'zmgr::doctor::unknown-distribution',
      severity: 'warning',
      message: `this host is neither OmniOS nor OpenIndiana (${distribution.name})`,
      help: 'zmgr drives the illumos zone tools; on another system put the simulator first on PATH (README: "Try it without illumos")',
    })
  }
  const privileges = privilegeProblems(user)
  diagnostics.push(...privileges)
  const zonepath = await zonepathProblems(facts, config ?? {zonepathRoot: '/zones', nodes: {}})
  diagnostics.push(...zonepath.problems)

  const report: DoctorReport = {
    ok: false,
    host: {
      distribution,
      user: {name: user.name, uid: user.uid, mayManageZones: privileges.length === 0, profiles: user.profiles},
      brands,
      links,
      publishers,
      zonepathRoot: {path: config?.zonepathRoot ?? '/zones', dataset: zonepath.parent},
    },
    registry: hasRegistry,
    templates: [],
    zones: [],
    leftovers: {vnics: [], workFiles: []},
    diagnostics,
  }
  if (!hasRegistry) {
    diagnostics.push({
      code: 'zmgr::doctor::no-registry',
      severity: 'warning',
      message: `there is no registry at ${registry.root}`,
      help: `write a starter set for this host: zmgr init${registry.root === '/etc/zmgr' ? '' : ` --root ${registry.root}`}`,
    })
    return report
  }

  // The registry, checked by every rule against the live host (drift included).
  const [pluginBrands, {rules, diagnostics: ruleProblems}] = await Promise.all([loadBrands(oclif), collectRules(oclif)])
  const {snapshot, diagnostics: found} = await snapshotRegistry(registry, pluginBrands)
  snapshot.system = await snapshotSystem(
    runner,
    new Set([...snapshot.zones.map((zone) => zone.name), ...systemZones.map((zone) => zone.name)]),
  )
  diagnostics.push(...(await runValidation(snapshot, rules, [...found, ...ruleProblems])))

  for (const template of snapshot.templates) {
    const problems = await templateHostProblems(facts, template)
    diagnostics.push(...problems)
    const canCreate = problems.every((p) => p.severity !== 'error')
    report.templates.push({
      name: template.name,
      brand: template.brand,
      canCreate,
      problems: problems.map((p) => p.message),
    })
  }

  // Interrupted and failed creates; a create still running is not a problem.
  const busy = new Set<string>()
  for (const entry of snapshot.zones) {
    const status = zoneStatus(entry)
    if (!status) continue
    const file = registry.fileOf(zoneKind, entry.name)
    if (status.status === 'creating') {
      const process = processOf(entry)
      report.zones.push({name: entry.name, status: 'creating', process})
      if (process.alive === true) {
        busy.add(entry.name)
        continue
      }
      const who =
        process.pid === undefined
          ? 'no process is recorded'
          : process.alive === false
            ? `its process ${process.pid} is gone`
            : `it was started on ${process.host} (pid ${process.pid})`
      diagnostics.push({
        code: 'zmgr::doctor::create-interrupted',
        severity: 'error',
        message: `zone ${JSON.stringify(entry.name)} is still marked creating, but ${who}${process.started ? ` (started ${process.started})` : ''}`,
        help: `clear up what it left and free its addresses: zmgr zones destroy ${entry.name}`,
        data: {zone: entry.name, file, ...process},
      })
    } else {
      report.zones.push({name: entry.name, status: `incomplete${status.step ? ` (${status.step})` : ''}`})
      diagnostics.push({
        code: 'zmgr::doctor::create-failed',
        severity: 'error',
        message: `zone ${JSON.stringify(entry.name)} was left incomplete by a failed create${status.step ? ` (at the ${status.step} step)` : ''}`,
        help: `clear up what it left and free its addresses: zmgr zones destroy ${entry.name}`,
        data: {zone: entry.name, file},
      })
    }
  }
  const registered = new Map(snapshot.zones.map((zone) => [zone.name, zone]))
  for (const zone of systemZones.filter((z) => z.state === 'incomplete' && !busy.has(z.name))) {
    if (registered.has(zone.name) && zoneStatus(registered.get(zone.name)!)) continue
    diagnostics.push({
      code: 'zmgr::doctor::zone-incomplete',
      severity: 'error',
      message: `zone ${JSON.stringify(zone.name)} is incomplete on this host (an install or uninstall was interrupted)`,
      help: registered.has(zone.name)
        ? `remove it: zmgr zones destroy ${zone.name}`
        : `uninstall it: zoneadm -z ${zone.name} uninstall -F`,
      data: {zone: zone.name},
    })
  }

  // VNICs zmgr made (recorded in a zone file or named by vnic-name) that no zone's configuration uses.
  const used = new Set([...snapshot.system.configs.values()].flatMap((cfg) => cfg.nets.map((net) => net.physical)))
  const recorded = new Map(
    snapshot.zones.flatMap((zone) => zone.nets.flatMap((net) => (net.vnic ? [[net.vnic, zone.name] as const] : []))),
  )
  const pattern = vnicPattern(config?.vnicName ?? '{zone}_{index}')
  for (const vnic of snapshot.system.vnics) {
    const owner = recorded.get(vnic.link)
    if (used.has(vnic.link) || (owner && busy.has(owner)) || !(owner || pattern.test(vnic.link))) continue
    report.leftovers.vnics.push(vnic.link)
    diagnostics.push({
      code: 'zmgr::doctor::orphan-vnic',
      severity: 'warning',
      message: `VNIC ${vnic.link} (over ${vnic.over}) is not used by any zone${owner ? ` (zones/${owner}.kdl records it)` : ''}`,
      help: `delete it if nothing else uses it: dladm delete-vnic ${vnic.link}`,
      data: {vnic: vnic.link, over: vnic.over, zone: owner ?? null},
    })
  }
  const workDir = join(registry.root, '.work')
  const work = await readdir(workDir).catch(() => [] as string[])
  for (const name of work.sort()) {
    if (busy.has(name.replace(/\.zonecfg$/, ''))) continue
    const path = join(workDir, name)
    report.leftovers.workFiles.push(path)
    diagnostics.push({
      code: 'zmgr::doctor::work-file',
      severity: 'warning',
      message: `${path} was left by a create that did not finish`,
      help: `remove it: rm ${path}`,
      data: {file: path},
    })
  }
  report.ok = diagnostics.length === 0
  return report
}
