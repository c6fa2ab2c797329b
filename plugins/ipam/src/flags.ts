import {Flags} from 'zmgr'
import {parseNetworkFlag, parseRangeFlag} from './pool-edit.js'

/** --network CIDR, checked as oclif reads it (zmgr::pool::bad-network, exit 2); `text` is written as given. */
export const networkFlag = Flags.custom({parse: async (text: string) => ({text, network: parseNetworkFlag(text)})})

/** A FIRST-LAST range, parsed as oclif reads the flag (zmgr::usage::range, exit 2). */
export const rangeFlag = Flags.custom({parse: async (value: string) => parseRangeFlag(value)})

/** Flags `pools create` and `pools edit` share. */
export const poolFlags = {
  gateway: Flags.string({summary: 'Default router of the network; never handed out.'}),
  reserve: Flags.string({summary: 'Never hand this address out automatically (repeatable).', multiple: true}),
  vlan: Flags.integer({summary: 'VLAN id (1-4094) for VNICs of zones on this pool.', min: 1, max: 4094}),
  'dns-domain': Flags.string({summary: 'DNS domain of zones on this pool.'}),
  resolver: Flags.string({summary: 'DNS resolver address (repeatable; edit replaces the list).', multiple: true}),
  search: Flags.string({summary: 'DNS search domain (repeatable; edit replaces the list).', multiple: true}),
}
