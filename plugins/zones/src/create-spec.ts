import type {OclifConfig as Config} from 'zmgr'
import {
  type Allocation,
  allocateAndRecord,
  assertZoneName,
  type Brand,
  type BrandZone,
  type Diagnostic,
  type ImagePublisher,
  inputError,
  listImagePublishers,
  listLinks,
  listSystemZones,
  type Loaded,
  loadBrands,
  makeVnicName,
  planImagePublishers,
  type PublisherPlan,
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
  /** The global zone's publishers when the template names any: what the installer copies into the zone. */
  globalPublishers: ImagePublisher[]
  /** Whether the zone image is expected to be a pkg linked image (the publisher step asks pkg itself). */
  linkedImage: boolean
  /** The addresses: planned (free when the plan was made), then the ones the allocate step took. */
  allocations: Allocation[]
  boot: boolean
  registryFile: string
  zonecfgFile: string
  created: string
  warnings: Diagnostic[]
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
  const [template, brands, systemZones, links, registered] = await Promise.all([
    registry.template(templateName),
    loadBrands(oclif),
    listSystemZones(runner),
    listLinks(runner),
    registry.scan(zoneKind),
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
  const globalPublishers = publishers.length > 0 ? await listImagePublishers(runner) : []
  if (!brand.ipsImage && template.publishers.length > 0) warnings.push({code: 'zmgr::brand::no-ips', severity: 'warning', message: `the ${brand.name} brand has no IPS image: the publishers of template ${JSON.stringify(template.name)} are not applied`})

  // VNIC names must not clash with any link on the system nor any VNIC a registered zone holds (it may be down, or its zone halted).
  const taken = new Set([...links.map((link) => link.link), ...registered.items.flatMap((zone) => zone.nets.flatMap((net) => (net.vnic ? [net.vnic] : [])))])
  const nets: NetSpec[] = template.nets.map((net, index) => {
    const vnic = template.ipType === 'exclusive' ? makeVnicName(config.vnicName, {zone: request.zone, index, net: net.name}, taken) : undefined
    if (vnic) taken.add(vnic)
    return {name: net.name, pool: net.pool, over: net.over, vnic, vlan: net.vlan ?? pools.get(net.pool)?.vlan, requested: request.addresses[net.name]}
  })

  const spec: CreateSpec = {
    zone: request.zone,
    template,
    brand,
    zonepath: `${config.zonepathRoot}/${request.zone}`,
    nets,
    pools,
    publishers,
    globalPublishers,
    linkedImage: expectLinkedImage(brand, globalPublishers),
    allocations: [],
    boot: request.boot && template.autoboot,
    registryFile: registry.fileOf(zoneKind, request.zone),
    zonecfgFile: `${registry.root}/.work/${request.zone}.zonecfg`,
    created: new Date().toISOString().slice(0, 10),
    warnings,
  }
  for (const warning of publisherPlan(spec).warnings) spec.warnings.push({code: 'zmgr::publisher::linked-image', severity: 'warning', message: warning})
  spec.allocations = (await allocateAndRecord(registry, addressRequests(spec), (allocations) => zoneRecord(spec, allocations), {dryRun: true})).allocations
  return spec
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

/**
 * For the plan only: is the new zone's image going to be a pkg linked image?
 * It depends on the brand and the distribution (CONTRACT §4.2: ipkg is linked
 * on OpenIndiana, not on OmniOS), which the global zone's first publisher
 * tells (§9). The publisher step asks pkg once the zone is installed.
 */
function expectLinkedImage(brand: Brand, globalPublishers: ImagePublisher[]): boolean {
  const linkedOn = brand.linkedImageOn ?? []
  const distribution = ({omnios: 'OmniOS', 'openindiana.org': 'OpenIndiana'} as Record<string, string>)[globalPublishers[0]?.name ?? '']
  return distribution ? linkedOn.includes(distribution) : linkedOn.length > 0 && brand.distributions.every((d) => linkedOn.includes(d))
}

/** The publisher commands the plan shows: from the publishers the installer copies from the global zone (CONTRACT §6.1). */
export function publisherPlan(spec: CreateSpec): PublisherPlan {
  return planImagePublishers(`${spec.zonepath}/root`, spec.publishers, spec.globalPublishers, spec.linkedImage)
}
