// What the test harness (zmgr/testing) uses from the simulator, in-process.
export {addFault, clearFaults} from './faults.js'
export {FLAVOURS, flavourByName, type Flavour} from './flavour.js'
export {
  applySeed,
  DEFAULT_DATASETS,
  DEFAULT_LINKS,
  zonecfgCommands,
  type DatasetSeed,
  type FsSeed,
  type LinkSeed,
  type NetSeed,
  type SeedSpec,
  type UserSeed,
  type ZoneSeed,
} from './seed.js'
export {snapshot, type SimState, type ZoneSnapshot} from './snapshot.js'
export {FLAVOUR_ENV, STATE_ENV, Store} from './store.js'
export type * from './types.js'
export {RELEASE_FILES} from './host-files.js'
export {PROFILES, ROOT_USER} from './rbac.js'
export {runSimulated, type CommandOutcome} from './commands.js'
export {SIMULATOR_BIN} from './package-paths.js'
