import type {ValidationRule} from 'zmgr'
import {addressesRule} from './addresses.js'
import {brandsRule} from './brands.js'
import {namesRule} from './names.js'
import {netsRule} from './nets.js'
import {poolsRule} from './pools.js'
import {referencesRule} from './references.js'
import {systemRule} from './system.js'
import {usageRule} from './usage.js'
import {zonecfgRule} from './zonecfg.js'

/** The checks of `zmgr validate`, one per concern (docs/validate.md lists every code). */
export const builtinRules: ValidationRule[] = [
  referencesRule,
  poolsRule,
  addressesRule,
  namesRule,
  netsRule,
  usageRule,
  brandsRule,
  systemRule,
  zonecfgRule,
]
