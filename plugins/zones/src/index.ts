// The zones plugin's reusable pieces, for tests and for plugins that build on them.
export {BUILTIN_BRANDS} from './brands.js'
export {buildZonecfgFile, type ZonecfgSpec} from './zonecfg-file.js'
export {statusNode, zoneStatus, type ZoneStatus} from './status.js'
