/**
 * The illumos distributions zmgr knows, as data, and how to tell them apart
 * from `/etc/os-release` and `/etc/release` (CONTRACT §9).
 */

export const DISTRIBUTION_IDS = ['omnios', 'openindiana'] as const
export type DistributionId = (typeof DISTRIBUTION_IDS)[number]

export interface Distribution {
  /** omnios, openindiana, or unknown when neither file says. */
  id: DistributionId | 'unknown'
  /** Human name and release: "OmniOS Community Edition v11 r151054a", "OpenIndiana Hipster 2024.10". */
  name: string
  /** OmniOS: VERSION_ID (r151054a); OpenIndiana: the Hipster snapshot (2024.10); undefined when not found. */
  release?: string
  /** Which file told: `/etc/os-release`, `/etc/release`, or none. */
  source: '/etc/os-release' | '/etc/release' | 'none'
}

export interface DistributionProfile {
  id: DistributionId
  name: string
  /** Brands zmgr writes starter templates for, in order; the first is the default template's. */
  starterBrands: string[]
  /** Brands whose zone image is a pkg linked image of the global zone (CONTRACT §4.2). */
  linkedBrands: string[]
  /** The distribution's own IPS publisher, and its usual origin for a release (used when the global zone does not say). */
  publisher: {name: string; origin: (release?: string) => string}
  /** The package that provides brand X: `pkg install <pattern with X>`. */
  brandPackage: (brand: string) => string
}

export const DISTRIBUTIONS: Record<DistributionId, DistributionProfile> = {
  omnios: {
    id: 'omnios',
    name: 'OmniOS',
    starterBrands: ['lipkg', 'sparse', 'pkgsrc'],
    linkedBrands: ['lipkg', 'sparse', 'pkgsrc'],
    // Each OmniOS release has its own repository: r151054a is served from /r151054/core/.
    publisher: {
      name: 'omnios',
      origin: (release) => `https://pkg.omnios.org/${/^r\d{6}/.exec(release ?? '')?.[0] ?? 'bloody'}/core/`,
    },
    brandPackage: (brand) => `brand/${brand}`,
  },
  openindiana: {
    id: 'openindiana',
    name: 'OpenIndiana',
    starterBrands: ['ipkg', 'nlipkg'],
    linkedBrands: ['ipkg'],
    publisher: {name: 'openindiana.org', origin: () => 'https://pkg.openindiana.org/hipster/'},
    brandPackage: (brand) => `system/zones/brand/${brand}`,
  },
}

export function isDistributionId(value: string): value is DistributionId {
  return value in DISTRIBUTIONS
}

/** Shell-style `KEY=value` lines of os-release(5); quotes removed. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim())
    if (!match) continue
    out[match[1]] = match[2].replace(/^(["'])(.*)\1$/, '$2').replaceAll('\\"', '"')
  }
  return out
}

/**
 * The distribution, per CONTRACT §9's order: `ID=omnios` (or `ID=openindiana`) in
 * os-release, else the first line of /etc/release naming OmniOS or OpenIndiana.
 */
export function detectDistribution(osRelease: string | undefined, release: string | undefined): Distribution {
  const os = osRelease === undefined ? {} : parseOsRelease(osRelease)
  const id = os.ID?.toLowerCase()
  if (id && isDistributionId(id)) {
    return {
      id,
      name: os.PRETTY_NAME ?? os.NAME ?? DISTRIBUTIONS[id].name,
      release: os.VERSION_ID ?? os.VERSION,
      source: '/etc/os-release',
    }
  }
  const first = release
    ?.split('\n')
    .find((line) => line.trim() !== '')
    ?.trim()
  if (first) {
    const omnios = /OmniOS\b.*?\b(r\d{6}[a-z]?)/.exec(first)
    if (omnios) return {id: 'omnios', name: first, release: omnios[1], source: '/etc/release'}
    const oi = /OpenIndiana\s+(?:Hipster\s+)?(\d{4}\.\d{2})?/.exec(first)
    if (oi)
      return {
        id: 'openindiana',
        name: first.replace(/\s*\(powered by illumos\)\s*$/, ''),
        release: oi[1],
        source: '/etc/release',
      }
  }
  const source = osRelease !== undefined ? '/etc/os-release' : release !== undefined ? '/etc/release' : 'none'
  return {id: 'unknown', name: os.PRETTY_NAME ?? os.NAME ?? first ?? 'unknown', release: os.VERSION_ID, source}
}
