import {Flags} from '@oclif/core'

/** Flags `templates create` and `templates edit` share. */
export const templateFlags = {
  brand: Flags.string({summary: 'Zone brand (ipkg, lipkg, nlipkg, sparse, pkgsrc, or one a plugin adds).'}),
  autoboot: Flags.boolean({summary: 'Boot zones after create and at system boot.', allowNo: true}),
  'ip-type': Flags.string({summary: 'IP type of the zones.', options: ['exclusive', 'shared']}),
  net: Flags.string({summary: 'Add a net: NAME=POOL@LINK, or NAME=POOL,POOL6@LINK for dual stack (repeatable).', multiple: true}),
  publisher: Flags.string({summary: 'Add an IPS publisher (repeatable).', multiple: true}),
  memory: Flags.string({summary: 'capped-memory physical, e.g. 2G.'}),
  swap: Flags.string({summary: 'capped-memory swap, e.g. 4G.'}),
}
