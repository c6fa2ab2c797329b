import type {Brand, BrandProblem, BrandZone, Template} from 'zmgr'

/** Extra packages go to the ipkg installer (ipkg, lipkg, nlipkg) as `-e PKG` (CONTRACT §4). */
function ipsInstallArgs(zone: BrandZone): string[] {
  return zone.template.packages.flatMap((pkg) => ['-e', pkg])
}

/**
 * Linked images (OmniOS lipkg, sparse, pkgsrc) must carry every publisher of
 * the global zone; the ones a template adds are set besides those.
 */
function linkedImageProblems(brand: string) {
  return (template: Template): BrandProblem[] =>
    template.publishers.length > 0
      ? [
          {
            code: 'zmgr::brand::linked-publishers',
            severity: 'warning',
            message: `${brand} zones are linked images: pkg keeps the global zone's publishers in them, and the publishers of template "${template.name}" are set besides those`,
            help: 'use the nlipkg (OpenIndiana) or ipkg brand for a zone with its own publishers',
            node: template.nodes.get('publisher'),
          },
        ]
      : []
}

/**
 * The sparse installer (also pkgsrc's) accepts only -h, -s and -v (CONTRACT §4): `-e` would fail the install with
 * a usage error and leave the zone incomplete, so a template's packages are refused before anything runs.
 */
function noExtraPackages(brand: string, template: Template): BrandProblem[] {
  if (template.packages.length === 0) return []
  return [
    {
      code: 'zmgr::brand::packages',
      message: `the ${brand} installer takes no extra packages, so template "${template.name}" cannot install ${template.packages.join(
        ', ',
      )}`,
      help: `remove the packages node and install them once the zone runs (zlogin ZONE pkg install ...), or use the lipkg brand`,
      node: template.nodes.get('packages'),
    },
  ]
}

/** Sparse zones share /usr, /lib and /sbin read-only with the global zone: mounting over them cannot work. */
function sparseProblems(brand: string) {
  const linked = linkedImageProblems(brand)
  return (template: Template): BrandProblem[] => [
    ...linked(template),
    ...noExtraPackages(brand, template),
    ...template.fs
      .filter((fs) => /^\/(usr|lib|sbin)(\/|$)/.test(fs.dir))
      .map(
        (fs): BrandProblem => ({
          code: 'zmgr::brand::sparse-fs',
          message: `${brand} zones mount ${fs.dir.split('/').slice(0, 2).join('/')} read-only from the global zone, so fs ${JSON.stringify(fs.dir)} cannot be mounted there`,
          help: 'mount it somewhere else, e.g. under /opt or /data',
          node: template.nodes.get('fs'),
        }),
      ),
  ]
}

export const BUILTIN_BRANDS: Brand[] = [
  {
    name: 'ipkg',
    summary: 'Whole-root IPS zone with its own package image',
    distributions: ['OmniOS', 'OpenIndiana'],
    ipsImage: true,
    linkedImageOn: ['OpenIndiana'],
    installArgs: ipsInstallArgs,
  },
  {
    name: 'lipkg',
    summary: 'IPS linked image: packages kept in step with the global zone',
    distributions: ['OmniOS'],
    ipsImage: true,
    linkedImageOn: ['OmniOS'],
    installArgs: ipsInstallArgs,
    validateTemplate: linkedImageProblems('lipkg'),
  },
  {
    name: 'nlipkg',
    summary: 'IPS zone not linked to the global zone',
    distributions: ['OpenIndiana'],
    ipsImage: true,
    installArgs: ipsInstallArgs,
  },
  {
    name: 'sparse',
    summary: 'Linked IPS zone sharing /usr, /lib and /sbin read-only with the global zone',
    distributions: ['OmniOS'],
    ipsImage: true,
    linkedImageOn: ['OmniOS'],
    validateTemplate: sparseProblems('sparse'),
  },
  {
    name: 'pkgsrc',
    summary: 'Sparse zone with a pkgsrc bootstrap',
    distributions: ['OmniOS'],
    ipsImage: true,
    linkedImageOn: ['OmniOS'],
    validateTemplate: sparseProblems('pkgsrc'),
  },
]
