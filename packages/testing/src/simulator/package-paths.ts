// Where zmgr-testing is installed, found by its name rather than by this
// module's own place: the same answer from tsc's output and from the bundles
// the simulator's executables run (dist/bundle, see scripts/bundle.js).
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

/** The zmgr-testing package root. */
export const TESTING_ROOT = dirname(fileURLToPath(import.meta.resolve('zmgr-testing/package.json')))

/** Absolute path of the simulated commands (zonecfg, zoneadm, dladm, pkg, zlogin, illumos-sim...). */
export const SIMULATOR_BIN = join(TESTING_ROOT, 'bin')
