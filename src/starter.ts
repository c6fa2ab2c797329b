import {type Diagnostic, inputError, isZmgrError} from './errors.js'
import {DISTRIBUTIONS, type Distribution, type DistributionId} from './host/distribution.js'
import type {HostFacts} from './host/facts.js'

/** What the starter set is written for: a host as detected (or as `--distribution` says). */
export interface StarterHost {
  distribution: DistributionId
  /** Brands to write templates for, in order; the first one's template is the default. */
  brands: string[]
  /** The link every template's net is created over (the host's first physical NIC). */
  link: string
  /** The link was not found on this host (a placeholder the admin must change). */
  linkGuessed: boolean
  publisher: {name: string; origin: string}
}

interface StarterTemplate {
  name: string
  comment: string
  memory: {physical: string; swap: string}
}

/** One starter template per brand zmgr knows how to start with. */
const TEMPLATES: Record<string, StarterTemplate> = {
  lipkg: {
    name: 'omnios',
    comment: 'OmniOS whole-root zone (lipkg brand): a linked image, packages follow the global zone.',
    memory: {physical: '2G', swap: '4G'},
  },
  sparse: {
    name: 'sparse',
    comment: 'OmniOS sparse zone: /usr, /lib and /sbin shared read-only with the global zone.',
    memory: {physical: '1G', swap: '2G'},
  },
  pkgsrc: {
    name: 'pkgsrc',
    comment: 'OmniOS sparse zone with a pkgsrc bootstrap (pkgsrc brand).',
    memory: {physical: '1G', swap: '2G'},
  },
  ipkg: {
    name: 'oi',
    comment: 'OpenIndiana whole-root zone (ipkg brand): a linked image, packages follow the global zone.',
    memory: {physical: '2G', swap: '4G'},
  },
  nlipkg: {
    name: 'ofl',
    comment: 'OpenIndiana non-linked zone (nlipkg brand): packages independent of the global zone.',
    memory: {physical: '1G', swap: '2G'},
  },
}

/** The brands `zmgr init` can write a template for. */
export const STARTER_BRANDS = Object.keys(TEMPLATES)

export function starterTemplateName(brand: string): string {
  return TEMPLATES[brand]?.name ?? brand
}

function templateText(host: StarterHost, brand: string): string {
  const template = TEMPLATES[brand]
  const linked = DISTRIBUTIONS[host.distribution].linkedBrands.includes(brand)
  // A linked image must keep the global zone's publishers first and unchanged (CONTRACT §6.1): naming them again is refused.
  const publisher = linked
    ? `    // publishers: the zone follows the global zone's (${host.publisher.name}); name extra ones here\n`
    : `    publisher "${host.publisher.name}"\n`
  const over = host.linkGuessed ? ' // no physical NIC was found: set over= to one (dladm show-phys)' : ''
  return `// ${template.comment}
template "${template.name}" {
    brand "${brand}"
    autoboot #true
    ip-type "exclusive"
    net "public" pool="public" over="${host.link}"${over}
${publisher}    capped-memory physical="${template.memory.physical}" swap="${template.memory.swap}"
}
`
}

/**
 * The starter set `zmgr init` writes for a host: config.kdl, one template per
 * brand (the first is the default), an example pool to edit, and the
 * distribution's own publisher.
 */
export function starterFiles(host: StarterHost): Array<{path: string; text: string}> {
  const brands = host.brands.filter((brand) => brand in TEMPLATES)
  const defaultTemplate = `"${starterTemplateName(brands[0])}"`
  return [
    {
      path: '.gitignore',
      text: `# The registry is meant for version control; these are zmgr's working files.
.locks/
.cache/
.work/
`,
    },
    {
      path: 'config.kdl',
      text: `// zmgr global settings. Every setting is optional.
default-template ${defaultTemplate.padEnd(12)}// used by \`zmgr zones create NAME\` without --template
zonepath-root "/zones"       // zonepath = <zonepath-root>/<zone name>; must be a ZFS dataset's mountpoint
vnic-name "{zone}_{index}"   // web01_0, web01_1, ...; always made a valid datalink name
`,
    },
    ...brands.map((brand) => ({path: `templates/${starterTemplateName(brand)}.kdl`, text: templateText(host, brand)})),
    {
      path: 'pools/public.kdl',
      text: `// EDIT ME: an example network (192.0.2.0/24 is reserved for documentation).
// Put your zones' network, gateway, free range and resolvers here.
// Zone files are the ledger: an address is taken while some zones/*.kdl holds it.
pool "public" {
    network "192.0.2.0/24"
    gateway "192.0.2.1"
    range "192.0.2.100" "192.0.2.199"
    reserve "192.0.2.150"
    dns {
        resolvers "192.0.2.53"
    }
}
`,
    },
    {
      path: `publishers/${host.publisher.name}.kdl`,
      text: `// The ${DISTRIBUTIONS[host.distribution].name} publisher, set in every zone image created from a template that names it.
publisher "${host.publisher.name}" {
    origin "${host.publisher.origin}"
}
`,
    },
  ]
}

/** Reads a fact, or undefined when the host cannot tell (no such command: preparing a root on another system). */
async function maybe<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read()
  } catch (error) {
    if (isZmgrError(error) && error.code.startsWith('zmgr::system::')) return undefined
    throw error
  }
}

/**
 * The host the starter set is for: the detected distribution (or `distribution`,
 * to prepare a root for another system), the brands installed here among those
 * the distribution starts with, the first physical NIC and the distribution's
 * publisher as the global zone has it. Warnings say what had to be guessed.
 */
export async function starterHost(
  facts: HostFacts,
  distribution?: DistributionId,
): Promise<{host: StarterHost; detected: Distribution; warnings: Diagnostic[]}> {
  const warnings: Diagnostic[] = []
  const detected = (await maybe(() => facts.distribution())) ?? {id: 'unknown', name: 'unknown', source: 'none'}
  const id = distribution ?? (detected.id === 'unknown' ? undefined : detected.id)
  if (!id) {
    const evidence =
      detected.source === 'none'
        ? 'no /etc/os-release or /etc/release'
        : `${detected.source} says ${JSON.stringify(detected.name)}`
    throw inputError(
      'zmgr::init::unknown-distribution',
      `cannot tell which illumos distribution this host runs (${evidence})`,
      {
        help: 'say which one the registry is for: zmgr init --distribution omnios (or openindiana)',
      },
    )
  }
  const profile = DISTRIBUTIONS[id]
  const sameHost = detected.id === id
  const installed = sameHost ? ((await maybe(() => facts.brands())) ?? []) : []
  let brands = profile.starterBrands.filter((brand) => installed.includes(brand))
  if (brands.length === 0) {
    brands = [profile.starterBrands[0]]
    if (sameHost) {
      warnings.push({
        code: 'zmgr::init::brand-missing',
        severity: 'warning',
        message: `the ${brands[0]} brand is not installed on this host; its template is written anyway`,
        help: `install it: pkg install system/zones/brand/${brands[0]}`,
      })
    }
  }
  const links = (await maybe(() => facts.links())) ?? []
  const nic = links.find((link) => link.class === 'phys')
  if (!nic) {
    warnings.push({
      code: 'zmgr::init::no-nic',
      severity: 'warning',
      message: 'no physical NIC was found on this host: the templates use the placeholder net0',
      help: 'set over= in each template to a NIC (dladm show-phys) or an etherstub',
    })
  }
  const ownPublisher = sameHost
    ? (await maybe(() => facts.publishers()))?.find((p) => p.name === profile.publisher.name)
    : undefined
  const origin = ownPublisher?.origins[0] ?? profile.publisher.origin(sameHost ? detected.release : undefined)
  const publisher = {name: profile.publisher.name, origin}
  return {host: {distribution: id, brands, link: nic?.link ?? 'net0', linkGuessed: !nic, publisher}, detected, warnings}
}
