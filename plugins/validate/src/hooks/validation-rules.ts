import type {ZmgrHook} from 'zmgr'
import {builtinRules} from '../rules/index.js'

/** The built-in checks, contributed the way any plugin contributes rules. */
const hook: ZmgrHook<'zmgr:validation-rules'> = async () => builtinRules

export default hook
