import type {OclifConfig as Config} from 'zmgr'
import {
  type AddressRequest,
  type Allocation,
  allocateAndRecord,
  assertZonecfgWritable,
  defaultRoutes,
  familyName,
  familyOf,
  assertZoneName,
  type Brand,
  type BrandZone,
  type Diagnostic,
  type ImagePublisher,
  inputError,
  listImagePublishers,
  hostFacts,
  Ledger,
  type Loaded,
  loadBrands,
  makeVnicName,
  planImagePublishers,
  type PublisherPlan,
  netPools,
  now,
  type Pool,
  type Publisher,
  type Registry,
  recordedDate,
  requireBrand,
  type SystemRunner,
  type Template,
  zoneKind,
  type ZoneRecord,
  ZmgrError,
  zonecfgLinesProblems,
} from 'zmgr'
import {statusNode, type ZoneStatus} from './status.js'
import {buildZonecfgFile} from './zonecfg-file.js'

export interface CreateRequest {
  zone: string
  template?: string
  /** --address NET=IP, by net name (a dual-stack net may take one of each family). */
  addresses: Record<string, string[]>
  /** false with --no-boot. */
  boot: boolean
}

/** One net of the new zone: where its address comes from and the link it uses. */
export interface NetSpec {
  name: string
  pool: string
  /** Dual stack: the IPv6 pool whose address goes on the same link. */
  pool6?: string
  /** The global-zone link: the VNIC is created over it (exclusive IP) or the zone uses it (shared IP). */
  over: string
  /** Exclusive IP: the VNIC made for the zone. */
  vnic?: string
  vlan?: number
  /** Explicit addresses (--address), at most one per family. */
  requested: string[]
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
  /** The net that carries the default route of each address family (the only nets with a defrouter). */
  defaultRoutes: Map<4 | 6, string>
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
  const problems = (brand.validateTemplate?.(template) ?? []).map(
    (problem): Diagnostic => ({
      code: problem.code,
      severity: problem.severity ?? 'error',
      message: problem.message,
      help: problem.help,
      location: problem.location ?? template.source.locate(problem.node),
    }),
  )
  return {
    errors: problems.filter((p) => p.severity === 'error'),
    warnings: problems.filter((p) => p.severity === 'warning'),
  }
}

/**
 * Resolve a create request: the name is valid and free (on the system and in
 * the registry), the template and its brand exist and the brand accepts the
 * template, the pools and publishers exist, the addresses can be allocated
 * and each VNIC name is a valid datalink name unused by the system and by
 * every registered zone. Changes nothing.
 */
export async function prepareCreate(
  request: CreateRequest,
  registry: Registry,
  runner: SystemRunner,
  oclif: Config,
): Promise<CreateSpec> {
  assertZoneName(request.zone)
  const config = await registry.config()
  const templateName = request.template ?? config.defaultTemplate
  if (!templateName)
    throw inputError('zmgr::template::none', 'no template given and config.kdl names no default-template', {
      help: 'pass --template NAME, or set default-template in config.kdl',
    })
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
  if (brand.ipTypes && !brand.ipTypes.includes(template.ipType))
    throw inputError('zmgr::brand::ip-type', `the ${brand.name} brand does not support ip-type ${template.ipType}`, {
      help: `set ip-type to ${brand.ipTypes.join(' or ')} in ${template.file}`,
    })

  const onSystem = systemZones.find((zone) => zone.name === request.zone)
  const registeredFile = (await registry.has(zoneKind, request.zone))
    ? registry.fileOf(zoneKind, request.zone)
    : undefined
  if (onSystem || registeredFile) {
    const where = [
      onSystem ? `on this system (${onSystem.state})` : '',
      registeredFile ? `in the registry (${registeredFile})` : '',
    ]
      .filter(Boolean)
      .join(' and ')
    throw inputError('zmgr::zone::exists', `zone ${JSON.stringify(request.zone)} already exists ${where}`, {
      help: registeredFile
        ? `choose another name, or remove it first (zmgr zones destroy ${request.zone})`
        : `choose another name, or bring the zone under zmgr with \`zmgr import ${request.zone}\``,
    })
  }
  for (const net of Object.keys(request.addresses)) {
    if (!template.nets.some((n) => n.name === net))
      throw inputError(
        'zmgr::zone::unknown-net',
        `--address ${net}=...: template ${JSON.stringify(template.name)} has no net ${JSON.stringify(net)}`,
        {help: `its nets: ${template.nets.map((n) => n.name).join(', ') || '(none)'}`},
      )
  }

  const pools = new Map(
    await Promise.all(
      [...new Set(template.nets.flatMap(netPools))].map(async (name) => [name, await registry.pool(name)] as const),
    ),
  )
  checkNetPools(template, pools)
  const routes = defaultRoutes(template, (name) => pools.get(name))
  if (routes.conflicts.length > 0) {
    const [
      {
        family,
        nets: [first, second],
      },
    ] = routes.conflicts
    throw inputError(
      'zmgr::template::default-route',
      `default-route of template ${JSON.stringify(template.name)} gives ${familyName(family)} default routes to two nets (${first} and ${second})`,
      {
        help: 'every defrouter becomes a default route in the zone: name one net per address family',
        location: template.defaultRoute ? template.source.locate(template.defaultRoute.node) : undefined,
      },
    )
  }
  // Whatever zonecfg would refuse is refused now, before an address is taken or a command runs.
  assertZonecfgWritable(template, config, [...pools.values()])
  const publishers = brand.ipsImage
    ? await Promise.all(template.publishers.map((name) => registry.publisher(name)))
    : []
  const globalPublishers = publishers.length > 0 ? await listImagePublishers(runner) : []
  if (!brand.ipsImage && template.publishers.length > 0)
    warnings.push({
      code: 'zmgr::brand::no-ips',
      severity: 'warning',
      message: `the ${brand.name} brand has no IPS image: the publishers of template ${JSON.stringify(template.name)} are not applied`,
    })

  const nets: NetSpec[] = template.nets.map((net) => ({
    name: net.name,
    pool: net.pool,
    ...(net.pool6 === undefined ? {} : {pool6: net.pool6}),
    over: net.over,
    vlan: net.vlan ?? pools.get(net.pool)?.vlan,
    requested: request.addresses[net.name] ?? [],
  }))
  if (template.ipType === 'shared') refuseSharedVlan(template, nets)

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
    defaultRoutes: routes.routes,
    boot: request.boot && template.autoboot,
    registryFile: registry.fileOf(zoneKind, request.zone),
    zonecfgFile: registry.workFile(`${request.zone}.zonecfg`),
    created: recordedDate(now()),
    warnings,
    vnicPattern: config.vnicName,
    systemLinks: links.map((link) => link.link),
  }
  for (const warning of publisherPlan(spec).warnings)
    spec.warnings.push({code: 'zmgr::publisher::linked-image', severity: 'warning', message: warning})
  chooseVnicNames(spec, ledger)
  spec.allocations = (
    await allocateAndRecord(registry, addressRequests(spec), (allocations) => zoneRecord(spec, allocations), {
      dryRun: true,
      ledger,
    })
  ).allocations
  const [brandLineProblem] = zonecfgLinesProblems(brand.zonecfg?.(brandZone(spec)) ?? [])
  if (brandLineProblem)
    throw inputError(
      'zmgr::brand::zonecfg-lines',
      `the ${brand.name} brand plugin writes a zonecfg line zonecfg would refuse: ${brandLineProblem.message}`,
      {help: `report it to the author of the ${brand.name} brand plugin; ${brandLineProblem.help}`},
    )
  return spec
}

/**
 * A dual-stack net takes `pool=` IPv4 and `pool6=` IPv6; a net with one pool
 * takes either family. Checked before anything runs.
 */
function checkNetPools(template: Loaded<Template>, pools: ReadonlyMap<string, Pool>): void {
  for (const net of template.nets) {
    if (net.pool6 === undefined) continue
    for (const [prop, name, family] of [
      ['pool', net.pool, 4],
      ['pool6', net.pool6, 6],
    ] as const) {
      const pool = pools.get(name)!
      if (pool.family === family) continue
      throw inputError(
        'zmgr::template::pool-family',
        `net ${JSON.stringify(net.name)} of template ${JSON.stringify(template.name)} is dual-stack, but its ${prop}= ${JSON.stringify(name)} is ${familyName(pool.family)} (${pool.networkText})`,
        {
          help: 'a dual-stack net takes its IPv4 address from pool= and its IPv6 address from pool6=',
          location: template.source.locate(net.node),
        },
      )
    }
  }
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

/**
 * zmgr tags VLANs on the VNICs it creates; a shared-IP net has none (it uses
 * a global-zone IP interface), so a VLAN would be silently lost: the zone
 * would sit on the untagged network (CONTRACT §3.6.2). Refused instead.
 */
function refuseSharedVlan(template: Loaded<Template>, nets: NetSpec[]): void {
  const net = nets.find((n) => n.vlan !== undefined)
  if (!net) return
  const node = template.nets.find((n) => n.name === net.name)!.node
  throw inputError(
    'zmgr::template::shared-vlan',
    `net ${JSON.stringify(net.name)} of the shared-IP template ${JSON.stringify(template.name)} is on VLAN ${net.vlan}, which zmgr cannot give a shared-IP zone`,
    {
      help: `a shared-IP zone uses a global-zone IP interface: create the VLAN link and its interface there (dladm create-vlan -l ${net.over} -v ${net.vlan} LINK; ipadm create-if LINK), set over="LINK" and take the address from a pool without vlan; or make the template exclusive-IP`,
      location: template.source.locate(node),
    },
  )
}

/** One request per pool of each net: a dual-stack net asks both its pools; an explicit address goes to the pool of its family. */
export function addressRequests(spec: CreateSpec): AddressRequest[] {
  return spec.nets.flatMap((net) => {
    const pools = net.pool6 === undefined ? [net.pool] : [net.pool, net.pool6]
    const explicit = new Map<string, string>()
    for (const address of net.requested) {
      // A wrong family or an unparsable address goes to the first pool, where allocation reports it.
      const pool = pools.find((name) => spec.pools.get(name)?.family === familyOf(address.split('/')[0])) ?? pools[0]
      if (explicit.has(pool)) {
        throw inputError(
          'zmgr::usage::address',
          `--address gives net ${JSON.stringify(net.name)} two ${pools.length === 1 ? '' : `${familyName(spec.pools.get(pool)!.family)} `}addresses`,
          {
            help:
              pools.length === 1 ? 'give each net one address' : 'a dual-stack net takes one IPv4 and one IPv6 address',
          },
        )
      }
      explicit.set(pool, address)
    }
    return pools.map((pool) => ({net: net.name, pool, address: explicit.get(pool)}))
  })
}

function allocationOf(
  spec: CreateSpec,
  net: string,
  pool: string | undefined,
  allocations = spec.allocations,
): Allocation | undefined {
  return pool === undefined ? undefined : allocations.find((a) => a.net === net && a.pool === pool)
}

/** A net's address(es) and defrouter(s): the gateway only where this net carries that family's default route. */
function netAddresses(spec: CreateSpec, net: NetSpec, allocations = spec.allocations) {
  const gatewayOf = (allocation: Allocation | undefined) =>
    allocation && spec.defaultRoutes.get(allocation.family) === net.name ? allocation.gateway : undefined
  const primary = allocationOf(spec, net.name, net.pool, allocations)
  const secondary = allocationOf(spec, net.name, net.pool6, allocations)
  return {
    address: primary?.cidr,
    gateway: gatewayOf(primary),
    address6: secondary?.cidr,
    gateway6: gatewayOf(secondary),
  }
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
    nets: spec.nets.map((net) => ({
      name: net.name,
      vnic: net.vnic,
      over: net.over,
      pool: net.pool,
      vlan: net.vlan,
      pool6: net.pool6,
      ...netAddresses(spec, net, allocations),
    })),
    publishers: spec.publishers.map((p) => p.name),
    extra: status ? [statusNode(status)] : [],
  }
}

export function brandZone(spec: CreateSpec): BrandZone {
  return {
    name: spec.zone,
    zonepath: spec.zonepath,
    template: spec.template,
    nets: spec.nets.map((net) => ({name: net.name, vnic: net.vnic, over: net.over, ...netAddresses(spec, net)})),
  }
}

/** The zonecfg command file, from the current allocations. */
export function zonecfgText(spec: CreateSpec): string {
  const dns = spec.nets
    .flatMap((net) => [net.pool, ...(net.pool6 ? [net.pool6] : [])])
    .map((pool) => spec.pools.get(pool)?.dns)
    .find((d) => d && (d.domain || d.resolvers.length > 0))
  return buildZonecfgFile({
    zonepath: spec.zonepath,
    brand: spec.brand.name,
    autoboot: spec.template.autoboot,
    ipType: spec.template.ipType,
    // A dual-stack net is two net resources on one link, adjacent, each with one address (CONTRACT §3.6.1).
    nets: spec.nets.flatMap((net) => {
      const {address, gateway, address6, gateway6} = netAddresses(spec, net)
      const physical = net.vnic ?? net.over
      return [
        {physical, address: address ?? '', defrouter: gateway},
        ...(address6 === undefined ? [] : [{physical, address: address6, defrouter: gateway6}]),
      ]
    }),
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
  const distribution = ({omnios: 'OmniOS', 'openindiana.org': 'OpenIndiana'} as Record<string, string>)[
    globalPublishers[0]?.name ?? ''
  ]
  return distribution
    ? linkedOn.includes(distribution)
    : linkedOn.length > 0 && brand.distributions.every((d) => linkedOn.includes(d))
}

/** The publisher commands the plan shows: from the publishers the installer copies from the global zone (CONTRACT §6.1). */
export function publisherPlan(spec: CreateSpec): PublisherPlan {
  return planImagePublishers(`${spec.zonepath}/root`, spec.publishers, spec.globalPublishers, spec.linkedImage)
}
