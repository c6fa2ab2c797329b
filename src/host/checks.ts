import type {Node} from '@bgotink/kdl'
import type {Diagnostic, SourceLocation} from '../errors.js'
import type {GlobalConfig} from '../registry/config.js'
import type {Sourced} from '../registry/load.js'
import type {Template, ZoneFs} from '../registry/template.js'

/** A template, with its file when it was loaded from one (diagnostics then point into it). */
export type CheckedTemplate = Template & Partial<Sourced>
import {DISTRIBUTIONS} from './distribution.js'
import {type HostFacts, type HostUser, VNIC_LOWER_CLASSES} from './facts.js'

/**
 * Checks of what the host must offer before zmgr changes anything: each
 * returns diagnostics (code, message, help with the command that fixes it).
 * `zones create` runs them as its preflight, `zmgr doctor` over every
 * template; plugins may run them too.
 */

/** The tools a zone operation runs, and the rights profile that lets someone other than root run each (CONTRACT §2.2.1). */
export const ZONE_TOOL_PROFILES = {
  zoneadm: 'Zone Management',
  zonecfg: 'Zone Security',
  dladm: 'Network Management',
  pkg: 'Software Installation',
} as const

export type ZoneTool = keyof typeof ZONE_TOOL_PROFILES

/** Profiles granting every command (exec_attr `*`). */
const ALL_POWERFUL_PROFILES = ['Primary Administrator']

/** chkauthattr(): `x.*` covers everything below x; an authorisation without `/object` covers every object. */
export function holdsAuth(auths: readonly string[], wanted: string): boolean {
  const bare = wanted.split('/')[0]
  return auths.some(
    (auth) => auth === wanted || auth === bare || (auth.endsWith('.*') && wanted.startsWith(auth.slice(0, -1))),
  )
}

/** What keeps `user` from running `tools` (root, or the profiles and `solaris.zone.manage` of CONTRACT §2.2.1). */
export function privilegeProblems(
  user: HostUser,
  tools: readonly ZoneTool[] = Object.keys(ZONE_TOOL_PROFILES) as ZoneTool[],
): Diagnostic[] {
  if (user.uid === 0 || user.profiles.some((p) => ALL_POWERFUL_PROFILES.includes(p))) return []
  const missing = tools
    .filter((tool) => !user.profiles.includes(ZONE_TOOL_PROFILES[tool]))
    .map((tool) => ZONE_TOOL_PROFILES[tool])
  const noAuth = tools.includes('zoneadm') && !holdsAuth(user.auths, 'solaris.zone.manage')
  if (missing.length === 0 && !noAuth) return []
  const own = user.profiles.filter((p) => p !== 'Basic Solaris User' && p !== 'All')
  const grant = [
    ...new Set([...own, ...missing, ...(noAuth && !missing.includes('Zone Security') ? ['Zone Security'] : [])]),
  ]
  const lacks = [
    ...(missing.length > 0 ? [`the rights profile${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`] : []),
    ...(noAuth ? ['the authorisation solaris.zone.manage'] : []),
  ].join(' and ')
  return [
    {
      code: 'zmgr::host::privileges',
      severity: 'error',
      message: `user ${user.name} (uid ${user.uid}) may not manage zones: it lacks ${lacks}`,
      help: `run zmgr as root, or grant them (as root: usermod -P '${grant.join(',')}' ${user.name}) and run zmgr under pfexec`,
      data: {
        user: user.name,
        uid: user.uid,
        missingProfiles: missing,
        missingAuth: noAuth ? 'solaris.zone.manage' : null,
      },
    },
  ]
}

function locate(template: CheckedTemplate | undefined, node: Node | undefined): SourceLocation | undefined {
  return template?.source && node ? template.source.locate(node) : undefined
}

/** The brand is installed on this host (/usr/lib/brand/<brand>/config.xml). */
export async function brandProblems(
  facts: HostFacts,
  brand: string,
  template?: CheckedTemplate,
): Promise<Diagnostic[]> {
  const installed = await facts.brands()
  if (installed.includes(brand)) return []
  const distribution = await facts.distribution()
  const name = distribution.id === 'unknown' ? 'this host' : `this ${DISTRIBUTIONS[distribution.id].name} host`
  return [
    {
      code: 'zmgr::host::brand-missing',
      severity: 'error',
      message: `the ${brand} brand is not installed on ${name}${template ? ` (template ${JSON.stringify(template.name)})` : ''}`,
      help: `install it: pkg install system/zones/brand/${brand}  (installed brands: ${installed.join(', ') || 'none'})`,
      location: locate(template, template?.nodes.get('brand')),
      data: {brand, installed},
    },
  ]
}

/** `over` is a link a VNIC can be created over. */
export async function linkProblems(
  facts: HostFacts,
  over: string,
  where: {template?: CheckedTemplate; net?: string; shared?: boolean} = {},
): Promise<Diagnostic[]> {
  const links = await facts.links()
  const link = links.find((l) => l.link === over)
  const candidates = links.filter((l) => VNIC_LOWER_CLASSES.includes(l.class)).map((l) => `${l.link} (${l.class})`)
  const netNode = where.template?.nets.find((n) => n.name === where.net)?.node
  const ofTemplate = where.template ? ` of template ${JSON.stringify(where.template.name)}` : ''
  const about = where.net ? `net ${JSON.stringify(where.net)}${ofTemplate}` : 'the VNIC'
  // A shared-IP zone uses the link itself, whatever its class; an exclusive-IP zone gets a VNIC over it.
  if (link && (where.shared || VNIC_LOWER_CLASSES.includes(link.class))) return []
  return [
    {
      code: link ? 'zmgr::host::link-class' : 'zmgr::host::link-missing',
      severity: 'error',
      message: link
        ? `${about} is over ${over}, a ${link.class} link: a VNIC can only be created over a NIC, an aggregation or an etherstub`
        : `${about} is over ${over}, which does not exist on this host`,
      help:
        `set over= to one of: ${candidates.join(', ') || 'none (this host shows no NIC)'}` +
        (link ? '' : `; or create an internal switch: dladm create-etherstub ${over}`),
      location: locate(where.template, netNode),
      data: {over, class: link?.class ?? null, candidates: candidates.map((c) => c.split(' ')[0])},
    },
  ]
}

/** Where a zone under `zonepathRoot` gets its dataset (CONTRACT §7.5), or why it cannot. */
export interface ZonepathDataset {
  /** The dataset install uses or creates for the zonepath (`<parent dataset>/<zone>`), when known. */
  dataset?: string
  /** The dataset mounted on zonepath-root. */
  parent?: string
  problems: Diagnostic[]
}

/**
 * zonepath-root must be the mountpoint of a mounted ZFS filesystem of its own
 * (a directory inside a dataset is not enough: zoneadm then makes a plain
 * directory and the IPS installers fail), and the zone datasets must not be
 * below rpool/ROOT. With a zone name, a dataset already mounted on the
 * zonepath itself (created by hand, as OpenIndiana's handbook does) also works.
 */
export async function zonepathProblems(
  facts: HostFacts,
  config: Pick<GlobalConfig, 'zonepathRoot' | 'file' | 'source' | 'nodes'>,
  zone?: string,
): Promise<ZonepathDataset> {
  const root = config.zonepathRoot.replace(/(.)\/+$/, '$1')
  const location =
    config.source && config.nodes['zonepath-root'] ? config.source.locate(config.nodes['zonepath-root']) : undefined
  const filesystems = await facts.filesystems()
  if (!filesystems) {
    return {
      problems: [
        {
          code: 'zmgr::host::zfs-unavailable',
          severity: 'warning',
          message: `cannot check that ${root} is a ZFS dataset: this host has no zfs command`,
          help: 'zone installs need the zonepath parent to be a ZFS dataset mountpoint; check it by hand',
        },
      ],
    }
  }
  const mountedOn = (path: string) => filesystems.find((fs) => fs.mountpoint === path && fs.mounted)
  const own = zone ? mountedOn(`${root}/${zone}`) : undefined
  const parent = mountedOn(root)
  const dataset = own?.name ?? (parent ? `${parent.name}/${zone ?? '<zone>'}` : undefined)
  if (dataset && /^rpool\/ROOT(\/|$)/.test(dataset)) {
    return {
      dataset,
      parent: parent?.name,
      problems: [
        {
          code: 'zmgr::host::zonepath-in-root-dataset',
          severity: 'error',
          message: `zone datasets under ${root} would be ${dataset}, inside the root pool's ROOT dataset, where the installers refuse to install`,
          help: `give zones a dataset of their own and point zonepath-root at it: zfs create -o mountpoint=/zones rpool/zones`,
          location,
          data: {zonepathRoot: root, dataset},
        },
      ],
    }
  }
  if (dataset) return {dataset, parent: parent?.name, problems: []}
  const unmounted = filesystems.find((fs) => fs.mountpoint === root && !fs.mounted)
  const pool = filesystems[0]?.name.split('/')[0] ?? 'rpool'
  const suggested = `${pool}/${root.split('/').filter(Boolean).at(-1) ?? 'zones'}`
  return {
    problems: [
      unmounted
        ? {
            code: 'zmgr::host::zonepath-unmounted',
            severity: 'error',
            message: `zonepath-root ${root} belongs to the dataset ${unmounted.name}, which is not mounted`,
            help: `mount it: zfs mount ${unmounted.name}`,
            location,
            data: {zonepathRoot: root, dataset: unmounted.name},
          }
        : {
            code: 'zmgr::host::zonepath-not-dataset',
            severity: 'error',
            message: `zonepath-root ${root} is not the mountpoint of a ZFS dataset: zoneadm install cannot create zone datasets there`,
            help: `create one: zfs create -o mountpoint=${root} ${suggested}  (or set zonepath-root in config.kdl to a dataset's mountpoint)`,
            location,
            data: {zonepathRoot: root},
          },
    ],
  }
}

/** Delegated datasets exist and have a mountpoint of their own (install's verify, CONTRACT §2.6). */
export async function datasetProblems(
  facts: HostFacts,
  datasets: readonly string[],
  template?: CheckedTemplate,
): Promise<Diagnostic[]> {
  const problems: Diagnostic[] = []
  const location = locate(template, template?.nodes.get('dataset'))
  for (const dataset of datasets) {
    const mountpoint = await facts.datasetMountpoint(dataset)
    if (!mountpoint) {
      const path = `/${dataset.split('/').slice(1).join('/') || dataset}`
      problems.push({
        code: 'zmgr::host::dataset-missing',
        severity: 'error',
        message: `delegated dataset ${dataset} does not exist`,
        help: `create it with a mountpoint of its own: zfs create -o mountpoint=${path} ${dataset}`,
        location,
        data: {dataset},
      })
    } else if (mountpoint.source.startsWith('inherited')) {
      problems.push({
        code: 'zmgr::host::dataset-inherited-mountpoint',
        severity: 'error',
        message: `delegated dataset ${dataset} inherits its mountpoint (${mountpoint.mountpoint}, ${mountpoint.source}): zoneadm refuses it`,
        help: `give it its own: zfs set mountpoint=${mountpoint.mountpoint} ${dataset}`,
        location,
        data: {dataset, ...mountpoint},
      })
    }
  }
  return problems
}

/** fs resources: a zfs special is an existing dataset, any other special an existing path (CONTRACT §2.6). */
export async function fsProblems(
  facts: HostFacts,
  fs: readonly ZoneFs[],
  template?: CheckedTemplate,
): Promise<Diagnostic[]> {
  const problems: Diagnostic[] = []
  const location = locate(template, template?.nodes.get('fs'))
  for (const entry of fs) {
    if (entry.type === 'zfs') {
      if (await facts.datasetMountpoint(entry.special)) continue
      problems.push({
        code: 'zmgr::host::fs-special-missing',
        severity: 'error',
        message: `fs ${entry.dir}: the ZFS dataset ${entry.special} does not exist`,
        help: `create it: zfs create -o mountpoint=legacy ${entry.special}`,
        location,
        data: {...entry},
      })
    } else if (!(await facts.pathExists(entry.special))) {
      problems.push({
        code: 'zmgr::host::fs-special-missing',
        severity: 'error',
        message: `fs ${entry.dir}: ${entry.special} does not exist in the global zone`,
        help: `create it (mkdir -p ${entry.special}) or fix special= in the template`,
        location,
        data: {...entry},
      })
    }
  }
  return problems
}

/** Everything about a template that cannot work on this host: brand, links, delegated datasets, fs specials. */
export async function templateHostProblems(facts: HostFacts, template: CheckedTemplate): Promise<Diagnostic[]> {
  const parts = await Promise.all([
    brandProblems(facts, template.brand, template),
    ...template.nets.map((net) =>
      linkProblems(facts, net.over, {template, net: net.name, shared: template.ipType === 'shared'}),
    ),
    datasetProblems(facts, template.datasets, template),
    fsProblems(facts, template.fs, template),
  ])
  return parts.flat()
}
