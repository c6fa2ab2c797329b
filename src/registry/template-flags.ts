import {Flags} from '@oclif/core'
import {IP_TYPES} from '../illumos/zonecfg.js'
import {parseNetFlag} from './template-edit.js'

/** A --net value (NAME=POOL@LINK), parsed as oclif reads the flag: bad input is zmgr::usage::net, exit 2. */
export const netFlag = Flags.custom({parse: async (value: string) => parseNetFlag(value)})

/** Flags `templates create` and `templates edit` share. */
export const templateFlags = {
  brand: Flags.string({summary: 'Zone brand (ipkg, lipkg, nlipkg, sparse, pkgsrc, or one a plugin adds).'}),
  autoboot: Flags.boolean({summary: 'Boot zones after create and at system boot.', allowNo: true}),
  'ip-type': Flags.option({summary: 'IP type of the zones.', options: IP_TYPES})(),
  net: netFlag({
    summary: 'Add a net: NAME=POOL@LINK, or NAME=POOL,POOL6@LINK for dual stack (repeatable).',
    multiple: true,
  }),
  publisher: Flags.string({summary: 'Add an IPS publisher (repeatable).', multiple: true}),
  memory: Flags.string({summary: 'capped-memory physical, e.g. 2G.'}),
  swap: Flags.string({summary: 'capped-memory swap, e.g. 4G.'}),
}
