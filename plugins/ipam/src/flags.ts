import {Flags} from 'zmgr'

/** Flags `pools create` and `pools edit` share. */
export const poolFlags = {
  gateway: Flags.string({summary: 'Default router of the network; never handed out.'}),
  reserve: Flags.string({summary: 'Never hand this address out automatically (repeatable).', multiple: true}),
  vlan: Flags.integer({summary: 'VLAN id (1-4094) for VNICs of zones on this pool.', min: 1, max: 4094}),
  'dns-domain': Flags.string({summary: 'DNS domain of zones on this pool.'}),
  resolver: Flags.string({summary: 'DNS resolver address (repeatable; edit replaces the list).', multiple: true}),
  search: Flags.string({summary: 'DNS search domain (repeatable; edit replaces the list).', multiple: true}),
}
