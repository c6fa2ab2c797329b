// Where zmgr-testing is installed, found by its name rather than by this
// module's own place: the same answer from tsc's output and from the bundles
// the simulator's executables run (dist/bundle, see scripts/bundle.js).
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

/** Absolute path of the simulated commands (zonecfg, zoneadm, dladm, pkg, zlogin, illumos-sim...), in the zmgr-testing package root. */
export const SIMULATOR_BIN = join(dirname(fileURLToPath(import.meta.resolve('zmgr-testing/package.json'))), 'bin')
