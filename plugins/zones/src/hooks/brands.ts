import type {ZmgrHook} from 'zmgr'
import {BUILTIN_BRANDS} from '../brands.js'

/** The built-in brands, contributed the way any plugin contributes one. */
const hook: ZmgrHook<'zmgr:brands'> = async () => BUILTIN_BRANDS
export default hook
