// Everything that differs between OmniOS and OpenIndiana, as data. Code asks
// the flavour; it never tests the flavour's name.
import type {FlavourName, Publisher} from './types.js'

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
  /** dladm human column widths that changed between builds (show-phys SPEED/DUPLEX, show-vnic SPEED). */
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

const ALIASES = ['max-lwps', 'max-processes', 'max-shm-memory', 'max-shm-ids', 'max-msg-ids', 'max-sem-ids', 'cpu-shares']

export const FLAVOURS: Record<FlavourName, Flavour> = {
  omnios: {
    name: 'omnios',
    globalBrand: 'ipkg',
    defaultBrand: 'lipkg',
    defaultBrands: ['ipkg', 'lipkg', 'sparse', 'pkgsrc', 'lx', 'bhyve'],
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
  },
  openindiana: {
    name: 'openindiana',
    globalBrand: 'ipkg',
    defaultBrand: 'ipkg',
    defaultBrands: ['ipkg', 'nlipkg', 'lx', 'bhyve', 'kvm'],
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
  },
}

export function flavourByName(name: string): Flavour {
  const flavour = FLAVOURS[name as FlavourName]
  if (!flavour) throw new Error(`unknown simulator flavour '${name}' (omnios or openindiana)`)
  return flavour
}
