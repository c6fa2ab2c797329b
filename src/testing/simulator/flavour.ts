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
  /** export quotes every resource property (OmniOS) or only values with blanks (gate). */
  exportQuotesAlways: boolean
  defaultPublishers: Publisher[]
  /** Name of the global zone's boot environment (rpool/ROOT/<name>, mounted on /). */
  bootEnvironment: string
  /** dladm human column widths that changed between builds. */
  dladmWidths: {speed: number; duplex: number}
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
    templatePrefix: 'OMNI',
    namedTemplates: {},
    netInfoOrder: ['address', 'allowed-address', 'defrouter', 'global-nic', 'mac-addr', 'physical', 'vlan-id'],
    netExportOrder: ['address', 'allowed-address', 'physical', 'mac-addr', 'vlan-id', 'global-nic', 'defrouter'],
    complexNetProperties: true,
    physicalCapIsRctl: true,
    aliases: [...ALIASES, 'zfs-io-priority'],
    exportQuotesAlways: true,
    defaultPublishers: [
      publisher('omnios', 'https://pkg.omnios.org/r151054/core/'),
      publisher('extra.omnios', 'https://pkg.omnios.org/r151054/extra/'),
    ],
    dladmWidths: {speed: 9, duplex: 9},
    bootEnvironment: 'omnios',
  },
  openindiana: {
    name: 'openindiana',
    globalBrand: 'ipkg',
    defaultBrand: 'ipkg',
    defaultBrands: ['ipkg', 'nlipkg', 'lx', 'bhyve', 'kvm'],
    ipsBrands: ['ipkg', 'nlipkg'],
    templatePrefix: '',
    namedTemplates: {SYSdefault: 'ipkg', SYSbhyve: 'bhyve', SUNWlx: 'lx', SYSkvm: 'kvm'},
    netInfoOrder: ['address', 'allowed-address', 'physical', 'defrouter'],
    netExportOrder: ['address', 'allowed-address', 'physical', 'defrouter'],
    complexNetProperties: false,
    physicalCapIsRctl: false,
    aliases: ALIASES,
    exportQuotesAlways: false,
    defaultPublishers: [publisher('openindiana.org', 'http://pkg.openindiana.org/hipster/')],
    dladmWidths: {speed: 9, duplex: 9},
    bootEnvironment: 'openindiana',
  },
}

export function flavourByName(name: string): Flavour {
  const flavour = FLAVOURS[name as FlavourName]
  if (!flavour) throw new Error(`unknown simulator flavour '${name}' (omnios or openindiana)`)
  return flavour
}
