// Preloaded into zmgr children (`node --import`) that a test starts with
// `simulator: 'in-process'`: the simulated commands run as functions in the
// child, as in the in-process tier, instead of as one node process each.
import {SimulatedRunner, zmgrSystem} from './in-process.js'

zmgrSystem.setSystemProvider({runner: (options) => new SimulatedRunner(options)})
