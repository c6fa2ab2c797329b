import type {Config} from '@oclif/core'
import {
  type Allocation,
  allocateAndRecord,
  assertZoneName,
  type Brand,
  type BrandZone,
  type Diagnostic,
  inputError,
  hostFacts,
  Ledger,
  type Loaded,
  loadBrands,
  makeVnicName,
  type Pool,
  type Publisher,
  type Registry,
  requireBrand,
  type SystemRunner,
  type Template,
  zoneKind,
  type ZoneRecord,
  ZmgrError,
} from 'zmgr'
import {statusNode, type ZoneStatus} from './status.js'
import {buildZonecfgFile} from './zonecfg-file.js'

export interface CreateRequest {
  zone: string
  template?: string
  /** --address NET=IP, by net name. */
  addresses: Record<string, string>
  /** false with --no-boot. */
  boot: boolean
}

/** One net of the new zone: where its address comes from and the link it uses. */
export interface NetSpec {
  name: string
  pool: string
  /** The global-zone link: the VNIC is created over it (exclusive IP) or the zone uses it (shared IP). */
  over: string
  /** Exclusive IP: the VNIC made for the zone. */
  vnic?: string
  vlan?: number
  requested?: string
}

/** Everything `zones create` needs, resolved and checked before anything runs. */
export interface CreateSpec {
  zone: string
  template: Template
  brand: Brand
  zonepath: string
  nets: NetSpec[]
  pools: Map<string, Pool>
  publishers: Publisher[]
  /** The addresses: planned (free when the plan was made), then the ones the allocate step took. */
  allocations: Allocation[]
  boot: boolean
  registryFile: string
  zonecfgFile: string
  created: string
  warnings: Diagnostic[]
  /** config.kdl's vnic-name pattern and the links the system had: VNIC names are chosen again under the ledger lock. */
  vnicPattern: string
  systemLinks: string[]
}

function templateProblems(brand: Brand, template: Loaded<Template>): {errors: Diagnostic[]; warnings: Diagnostic[]} {
  const problems = (brand.validateTemplate?.(template) ?? []).map((problem): Diagnostic => ({
    code: problem.code,
    severity: problem.severity ?? 'error',
    message: problem.message,
    help: problem.help,
    location: template.source.locate(problem.node),
  }))
  return {errors: problems.filter((p) => p.severity === 'error'), warnings: problems.filter((p) => p.severity === 'warning')}
}

/**
 * Resolve a create request: the name is valid and free (on the system and in
 * the registry), the template and its brand exist and the brand accepts the
 * template, the pools and publishers exist, the addresses can be allocated
 * and each VNIC name is a valid datalink name unused by the system and by
 * every registered zone. Changes nothing.
 */
export async function prepareCreate(request: CreateRequest, registry: Registry, runner: SystemRunner, oclif: Config): Promise<CreateSpec> {
  assertZoneName(request.zone)
  const config = await registry.config()
  const templateName = request.template ?? config.defaultTemplate
  if (!templateName) throw inputError('zmgr::template::none', 'no template given and config.kdl names no default-template', {help: 'pass --template NAME, or set default-template in config.kdl'})
  // The ledger (from its cache: a stat per zone file, not a parse) gives the VNIC names registered zones hold.
  const [template, brands, systemZones, links, ledger] = await Promise.all([
    registry.template(templateName),
    loadBrands(oclif),
    hostFacts(runner).zones(),
    hostFacts(runner).links(),
    Ledger.load(registry),
  ])
  const brand = requireBrand(brands, template.brand)
  const {errors, warnings} = templateProblems(brand, template)
  if (errors.length > 0) throw ZmgrError.fromDiagnostics(errors)
  if (brand.ipTypes && !brand.ipTypes.includes(template.ipType)) throw inputError('zmgr::brand::ip-type', `the ${brand.name} brand does not support ip-type ${template.ipType}`, {help: `set ip-type to ${brand.ipTypes.join(' or ')} in ${template.file}`})

  const onSystem = systemZones.find((zone) => zone.name === request.zone)
  const registeredFile = (await registry.has(zoneKind, request.zone)) ? registry.fileOf(zoneKind, request.zone) : undefined
  if (onSystem || registeredFile) {
    const where = [onSystem ? `on this system (${onSystem.state})` : '', registeredFile ? `in the registry (${registeredFile})` : ''].filter(Boolean).join(' and ')
    throw inputError('zmgr::zone::exists', `zone ${JSON.stringify(request.zone)} already exists ${where}`, {
      help: registeredFile ? `choose another name, or remove it first (zmgr zones destroy ${request.zone})` : `choose another name, or bring the zone under zmgr with \`zmgr import ${request.zone}\``,
    })
  }
  for (const net of Object.keys(request.addresses)) {
    if (!template.nets.some((n) => n.name === net)) throw inputError('zmgr::zone::unknown-net', `--address ${net}=...: template ${JSON.stringify(template.name)} has no net ${JSON.stringify(net)}`, {help: `its nets: ${template.nets.map((n) => n.name).join(', ') || '(none)'}`})
  }

  const pools = new Map(await Promise.all([...new Set(template.nets.map((net) => net.pool))].map(async (name) => [name, await registry.pool(name)] as const)))
  const publishers = brand.ipsImage ? await Promise.all(template.publishers.map((name) => registry.publisher(name))) : []
  if (!brand.ipsImage && template.publishers.length > 0) warnings.push({code: 'zmgr::brand::no-ips', severity: 'warning', message: `the ${brand.name} brand has no IPS image: the publishers of template ${JSON.stringify(template.name)} are not applied`})

  const nets: NetSpec[] = template.nets.map((net) => ({name: net.name, pool: net.pool, over: net.over, vlan: net.vlan ?? pools.get(net.pool)?.vlan, requested: request.addresses[net.name]}))

  const spec: CreateSpec = {
    zone: request.zone,
    template,
    brand,
    zonepath: `${config.zonepathRoot}/${request.zone}`,
    nets,
    pools,
    publishers,
    allocations: [],
    boot: request.boot && template.autoboot,
    registryFile: registry.fileOf(zoneKind, request.zone),
    zonecfgFile: `${registry.root}/.work/${request.zone}.zonecfg`,
    created: new Date().toISOString().slice(0, 10),
    warnings,
    vnicPattern: config.vnicName,
    systemLinks: links.map((link) => link.link),
  }
  chooseVnicNames(spec, ledger)
  spec.allocations = (await allocateAndRecord(registry, addressRequests(spec), (allocations) => zoneRecord(spec, allocations), {dryRun: true, ledger})).allocations
  return spec
}

/**
 * Name the VNICs of an exclusive-IP zone: valid datalink names that clash
 * with no link on the system and no VNIC a zone file names (its zone may be
 * halted, or its create under way). Done for the plan, then again under the
 * ledger lock, where the names other creates took are in the ledger.
 */
export function chooseVnicNames(spec: CreateSpec, ledger: Ledger): void {
  if (spec.template.ipType !== 'exclusive') return
  const taken = new Set([...spec.systemLinks, ...ledger.vnics])
  spec.nets.forEach((net, index) => {
    net.vnic = makeVnicName(spec.vnicPattern, {zone: spec.zone, index, net: net.name}, taken)
    taken.add(net.vnic)
  })
}

export function addressRequests(spec: CreateSpec) {
  return spec.nets.map((net) => ({net: net.name, pool: net.pool, address: net.requested}))
}

function allocationOf(spec: CreateSpec, net: string, allocations = spec.allocations): Allocation | undefined {
  return allocations.find((a) => a.net === net)
}

/** The zones/NAME.kdl record: with a status while the create is under way or failed, without once done. */
export function zoneRecord(spec: CreateSpec, allocations = spec.allocations, status?: ZoneStatus): ZoneRecord {
  return {
    name: spec.zone,
    brand: spec.brand.name,
    template: spec.template.name,
    zonepath: spec.zonepath,
    autoboot: spec.template.autoboot,
    ipType: spec.template.ipType,
    created: spec.created,
    nets: spec.nets.map((net) => {
      const allocation = allocationOf(spec, net.name, allocations)
      return {name: net.name, vnic: net.vnic, over: net.over, pool: net.pool, address: allocation?.cidr, gateway: allocation?.gateway, vlan: net.vlan}
    }),
    publishers: spec.publishers.map((p) => p.name),
    extra: status ? [statusNode(status)] : [],
  }
}

export function brandZone(spec: CreateSpec): BrandZone {
  return {
    name: spec.zone,
    zonepath: spec.zonepath,
    template: spec.template,
    nets: spec.nets.map((net) => ({name: net.name, vnic: net.vnic, over: net.over, address: allocationOf(spec, net.name)?.cidr, gateway: allocationOf(spec, net.name)?.gateway})),
  }
}

/** The zonecfg command file, from the current allocations. */
export function zonecfgText(spec: CreateSpec): string {
  const dns = spec.nets.map((net) => spec.pools.get(net.pool)?.dns).find((d) => d && (d.domain || d.resolvers.length > 0))
  return buildZonecfgFile({
    zonepath: spec.zonepath,
    brand: spec.brand.name,
    autoboot: spec.template.autoboot,
    ipType: spec.template.ipType,
    nets: spec.nets.map((net) => ({physical: net.vnic ?? net.over, address: allocationOf(spec, net.name)?.cidr ?? '', defrouter: allocationOf(spec, net.name)?.gateway})),
    template: spec.template,
    dns: dns ? {domain: dns.domain, resolvers: dns.resolvers} : undefined,
    brandLines: spec.brand.zonecfg?.(brandZone(spec)) ?? [],
  })
}

export function installCommand(spec: CreateSpec): string[] {
  return ['zoneadm', '-z', spec.zone, 'install', ...(spec.brand.installArgs?.(brandZone(spec)) ?? [])]
}

export function vnicCommand(net: NetSpec): string[] {
  return ['dladm', 'create-vnic', '-l', net.over, ...(net.vlan ? ['-v', String(net.vlan)] : []), net.vnic!]
}

/** `pkg -R <zonepath>/root set-publisher -g ORIGIN [-m MIRROR] [-P] NAME` (CONTRACT §6.1). */
export function publisherCommand(spec: CreateSpec, publisher: Publisher): string[] {
  return [
    'pkg', '-R', `${spec.zonepath}/root`, 'set-publisher',
    ...publisher.origins.flatMap((origin) => ['-g', origin]),
    ...publisher.mirrors.flatMap((mirror) => ['-m', mirror]),
    ...(publisher.first ? ['-P'] : []),
    ...(publisher.sticky ? [] : ['--non-sticky']),
    publisher.name,
  ]
}
