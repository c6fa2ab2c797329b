// Everything that differs between OmniOS and OpenIndiana, as data. Code asks
// the flavour; it never tests the flavour's name.
import type {FlavourName, Publisher} from './types.js'

/**
 * Brand installers: `ipkg` (OmniOS ipkg/pkgcreatezone), `oi-ipkg` (OpenIndiana's), `sparse` (OmniOS
 * sparse/pkgcreatezone, also pkgsrc), `image` (lx_install, illumos createzone), `vm` (bhyve/kvm/emu createzone).
 */
export type InstallerKind = 'ipkg' | 'oi-ipkg' | 'sparse' | 'image' | 'vm'

export interface Flavour {
  name: FlavourName
  /** Brand of the global zone in `zoneadm list -p`. */
  globalBrand: string
  /** Brand of `create` (SUNWdefault). */
  defaultBrand: string
  defaultBrands: string[]
  /** Brands that install with IPS (have publishers, print the IPS install lines). */
  ipsBrands: string[]
  /** IPS brands whose zone image is a pkg linked image of the global zone (CONTRACT §4.2). */
  linkedBrands: string[]
  /** `create -t x` uses `<prefix>x` when x does not start with an upper-case letter. */
  templatePrefix: string
  /** Extra templates shipped under their own names: name → brand. */
  namedTemplates: Record<string, string>
  /** net properties, in `info` and in `export` order. */
  netInfoOrder: string[]
  netExportOrder: string[]
  /** net/device accept `add property (name=...,value="...")`. */
  complexNetProperties: boolean
  /** capped-memory physical is stored as the rctl zone.max-physical-memory. */
  physicalCapIsRctl: boolean
  /** rctl aliases available as zone-wide properties. */
  aliases: string[]
  defaultPublishers: Publisher[]
  /** Fields of `zoneadm list -p`: 8 (with debugid, OmniOS r151020+) or 7 (illumos-gate). */
  listParsableFields: 7 | 8
  /** The installer of each brand (see zoneadm/installers.ts); a brand missing here cannot be installed. */
  installers: Record<string, InstallerKind>
  /** Where the IPS installers print their ERROR lines (gate's error() → stdout; OmniOS log.ksh → stderr). */
  installerErrors: 'stdout' | 'stderr'
  /** Name of the global zone's boot environment (rpool/ROOT/<name>, mounted on /). */
  bootEnvironment: string
  /** dladm human column widths that changed between builds. */
  dladmWidths: {speed: number; duplex: number}
  /**
   * dladm's program name in diagnostics: the basename of argv[0] (OmniOS r151030+) or argv[0]
   * as typed (gate/OI); and whether dladm without a subcommand runs show-link (OmniOS) or
   * prints the usage (gate/OI) (CONTRACT §0.1, §5.1).
   */
  dladmProgname: 'basename' | 'argv0'
  dladmDefaultShowLink: boolean
  /** zonecfg: ip-type of the SUNWblank and SUNWdefault templates (OmniOS r151030+: exclusive; gate: none = shared). */
  defaultIpType: 'shared' | 'exclusive'
  /** zonecfg: the lexer reads `"..."` inside `( ... )` (OmniOS), and knows the OmniOS net keywords. */
  quotedComplexValues: boolean
  /** zonecfg: smallest capped-memory physical in bytes (gate: 1M; OmniOS: none). */
  physicalCapMinimum: number
}

function publisher(name: string, origin: string): Publisher {
  return {name, origins: [origin], mirrors: [], sticky: true, enabled: true}
}

const ALIASES = [
  'max-lwps',
  'max-processes',
  'max-shm-memory',
  'max-shm-ids',
  'max-msg-ids',
  'max-sem-ids',
  'cpu-shares',
]

export const FLAVOURS: Record<FlavourName, Flavour> = {
  omnios: {
    name: 'omnios',
    globalBrand: 'ipkg',
    defaultBrand: 'lipkg',
    defaultBrands: ['ipkg', 'lipkg'],
    ipsBrands: ['ipkg', 'lipkg', 'sparse', 'pkgsrc', 'illumos'],
    linkedBrands: ['lipkg', 'sparse', 'pkgsrc'],
    templatePrefix: 'OMNI',
    namedTemplates: {},
    netInfoOrder: ['address', 'allowed-address', 'defrouter', 'global-nic', 'mac-addr', 'physical', 'vlan-id'],
    netExportOrder: ['address', 'allowed-address', 'physical', 'mac-addr', 'vlan-id', 'global-nic', 'defrouter'],
    complexNetProperties: true,
    physicalCapIsRctl: true,
    aliases: [...ALIASES, 'zfs-io-priority'],
    defaultPublishers: [
      publisher('omnios', 'https://pkg.omnios.org/r151054/core/'),
      publisher('extra.omnios', 'https://pkg.omnios.org/r151054/extra/'),
    ],
    dladmWidths: {speed: 9, duplex: 9},
    dladmProgname: 'basename',
    dladmDefaultShowLink: true,
    defaultIpType: 'exclusive',
    quotedComplexValues: true,
    physicalCapMinimum: 0,
    listParsableFields: 8,
    installers: {
      ipkg: 'ipkg',
      lipkg: 'ipkg',
      sparse: 'sparse',
      pkgsrc: 'sparse',
      lx: 'image',
      illumos: 'image',
      bhyve: 'vm',
      kvm: 'vm',
      emu: 'vm',
    },
    installerErrors: 'stderr',
    bootEnvironment: 'omnios',
  },
  openindiana: {
    name: 'openindiana',
    globalBrand: 'ipkg',
    defaultBrand: 'ipkg',
    defaultBrands: ['ipkg'],
    ipsBrands: ['ipkg', 'nlipkg'],
    linkedBrands: ['ipkg'],
    templatePrefix: '',
    namedTemplates: {SUNWipkg: 'ipkg', OInlipkg: 'nlipkg'},
    netInfoOrder: ['address', 'allowed-address', 'physical', 'defrouter'],
    netExportOrder: ['address', 'allowed-address', 'physical', 'defrouter'],
    complexNetProperties: false,
    physicalCapIsRctl: false,
    aliases: ALIASES,
    // The stock OI global zone (CONTRACT §9, from the OI handbook).
    defaultPublishers: [
      publisher('openindiana.org', 'https://pkg.openindiana.org/hipster/'),
      publisher('hipster-encumbered', 'https://pkg.openindiana.org/hipster-encumbered/'),
    ],
    // gate dladm.c: phys SPEED 7 / DUPLEX 10, vnic SPEED 7.
    dladmWidths: {speed: 7, duplex: 10},
    dladmProgname: 'argv0',
    dladmDefaultShowLink: false,
    defaultIpType: 'shared',
    quotedComplexValues: false,
    physicalCapMinimum: 1024 * 1024,
    listParsableFields: 7,
    installers: {ipkg: 'oi-ipkg', nlipkg: 'oi-ipkg', bhyve: 'vm', kvm: 'vm'},
    installerErrors: 'stdout',
    bootEnvironment: 'openindiana',
  },
}

export function flavourByName(name: string): Flavour {
  const flavour = FLAVOURS[name as FlavourName]
  if (!flavour) throw new Error(`unknown simulator flavour '${name}' (omnios or openindiana)`)
  return flavour
}
