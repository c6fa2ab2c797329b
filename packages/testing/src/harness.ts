// zmgr/testing: a throw-away simulated illumos host for tests, ours and
// third-party plugins'. Each host is a temp folder with the simulator's state,
// an environment that puts the simulated zonecfg/zoneadm/dladm/pkg first on
// PATH, and helpers to run zmgr or any command against it.
import {spawn} from 'node:child_process'
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {
  addFault,
  applySeed,
  clearFaults,
  DEFAULT_DATASETS,
  DEFAULT_LINKS,
  snapshot,
  Store,
  type Fault,
  type FaultSpec,
  type FlavourName,
  type SeedSpec,
  type SimState,
} from './simulator/index.js'

/** The zmgr-testing package root (this file is dist/harness.js). */
const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Absolute path of the simulated commands (zonecfg, zoneadm, dladm, pkg, zlogin, illumos-sim). */
export const SIMULATOR_BIN = join(PACKAGE_ROOT, 'bin')

/** The zmgr under test: the one the test's project resolves (a clone's root, or the installed release). */
const ZMGR_BIN = join(dirname(fileURLToPath(import.meta.resolve('zmgr/package.json'))), 'bin', 'run.js')

/** How long a child may run before it is killed (a hung fault must not hang the test run). */
const DEFAULT_TIMEOUT_MS = 30_000

export interface TestHostOptions {
  /**
   * Links, datasets, zones, brands and publishers to start with. `links` defaults to DEFAULT_LINKS (igb0, igb1, stub0),
   * `datasets` to DEFAULT_DATASETS (rpool/zones on /zones); give `datasets: []` for a host without a zonepath parent.
   */
  seed?: SeedSpec
  /** Default omnios. */
  flavour?: FlavourName
  /**
   * Plugin folders (a package.json with an `oclif` section) that every `host.zmgr()` loads, as `zmgr plugins link`
   * would; each must resolve `zmgr` itself (a dev dependency of the plugin, or a folder under a zmgr clone).
   */
  plugins?: string[]
}

export interface RunOptions {
  /** Written to the child's stdin (which is otherwise empty). */
  input?: string
  /** Added to (or, with undefined, removed from) host.env. */
  env?: Record<string, string | undefined>
  /** Kill the child after this long (default 30 s); `timedOut` tells. */
  timeoutMs?: number
  /** Default: host.dir. */
  cwd?: string
}

export interface RunResult {
  stdout: string
  stderr: string
  /** null when the child was killed by a signal. */
  exitCode: number | null
  signal: NodeJS.Signals | null
  timedOut: boolean
  /** stdout parsed as JSON (for `--json`); throws with the output when it is not JSON. */
  json<T = unknown>(): T
  /** The `result` of a `--json` success document (`{version: 1, ok: true, result, warnings}`); throws with the output otherwise. */
  result<T = unknown>(): T
}

export interface TestHost {
  /** The temp folder holding everything below (mkdtemp under os.tmpdir()). */
  readonly dir: string
  /** The zmgr root (<dir>/etc-zmgr); not created: run `zmgr init` or write files. */
  readonly root: string
  /** The simulator's state folder ($ZMGR_SIM_STATE). */
  readonly simState: string
  /** SIMULATOR_BIN. */
  readonly binDir: string
  /** The complete environment children get. */
  readonly env: Readonly<Record<string, string>>
  /** Runs `node <package>/bin/run.js ...args`. */
  zmgr(args: string[], options?: RunOptions): Promise<RunResult>
  /** Runs any command (`zoneadm`, `dladm`...) with host.env; PATH finds the simulated ones first. */
  run(command: string, args: string[], options?: RunOptions): Promise<RunResult>
  /** A snapshot of the simulated host. */
  state(): SimState
  /** Adds links, datasets, zones, brands or publishers. */
  seed(spec: SeedSpec): Promise<void>
  injectFault(fault: FaultSpec): Promise<Fault>
  clearFaults(): Promise<void>
  /** Removes dir. */
  cleanup(): Promise<void>
}

/** The environment of a host: inherited, minus anything that would leak in from the caller's zmgr setup. */
function hostEnv(dir: string, root: string, simState: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith('ZMGR_') && key !== 'FORCE_COLOR') env[key] = value
  return {
    ...env,
    PATH: `${SIMULATOR_BIN}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    ZMGR_SIM_STATE: simState,
    ZMGR_ROOT: root,
    ZMGR_DATA_DIR: join(dir, 'data'),
    HOME: join(dir, 'home'),
    XDG_CONFIG_HOME: join(dir, 'xdg', 'config'),
    XDG_CACHE_HOME: join(dir, 'xdg', 'cache'),
    XDG_DATA_HOME: join(dir, 'xdg', 'data'),
    NO_COLOR: '1',
  }
}

function runChild(command: string, args: string[], env: Record<string, string>, cwd: string, options: RunOptions): Promise<RunResult> {
  const childEnv: Record<string, string> = {...env}
  for (const [key, value] of Object.entries(options.env ?? {}))
    if (value === undefined) delete childEnv[key]
    else childEnv[key] = value
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {env: childEnv, cwd: options.cwd ?? cwd, stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk))
    child.stdin.on('error', () => {}) // the child may exit without reading its input
    child.stdin.end(options.input ?? '')
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGTERM')
      setTimeout(() => child.kill('SIGKILL'), 2000).unref()
    }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS)
    child.on('error', error => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer)
      function json<T>(): T {
        try {
          return JSON.parse(stdout) as T
        } catch {
          throw new Error(`stdout is not JSON (exit ${exitCode}):\n${stdout}\nstderr:\n${stderr}`)
        }
      }
      resolvePromise({
        stdout,
        stderr,
        exitCode,
        signal,
        timedOut,
        json,
        result<T>(): T {
          const document = json<{version?: number; ok?: boolean; result?: T}>()
          if (document.version !== 1 || document.ok !== true) throw new Error(`not a successful --json document (exit ${exitCode}):\n${stdout}\nstderr:\n${stderr}`)
          return document.result as T
        },
      })
    })
  })
}

/** Records the plugins as linked ones in oclif's user plugin list of the host's data folder. */
async function linkPlugins(dataDir: string, folders: string[]): Promise<void> {
  const plugins = await Promise.all(folders.map(async (folder) => {
    const root = resolve(folder)
    const {name} = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {name: string}
    return {type: 'link', name, root}
  }))
  await mkdir(dataDir, {recursive: true})
  await writeFile(join(dataDir, 'package.json'), JSON.stringify({private: true, oclif: {schema: 1, plugins}}, null, 2) + '\n')
}

/** Creates a simulated host in a fresh temp folder. */
export async function createTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const dir = await mkdtemp(join(tmpdir(), 'zmgr-test-'))
  const root = join(dir, 'etc-zmgr')
  const simState = join(dir, 'sim-state')
  await mkdir(join(dir, 'home'), {recursive: true})
  const store = new Store(simState)
  store.ensureInitialised(options.flavour ?? 'omnios')
  applySeed(store, {...options.seed, links: options.seed?.links ?? DEFAULT_LINKS, datasets: options.seed?.datasets ?? DEFAULT_DATASETS})
  const env = hostEnv(dir, root, simState)
  if (options.plugins?.length) await linkPlugins(env.ZMGR_DATA_DIR!, options.plugins)
  return {
    dir,
    root,
    simState,
    binDir: SIMULATOR_BIN,
    env,
    zmgr: (args, runOptions = {}) => runChild(process.execPath, [ZMGR_BIN, ...args], env, dir, runOptions),
    run: (command, args, runOptions = {}) => runChild(command, args, env, dir, runOptions),
    state: () => snapshot(store),
    seed: async spec => applySeed(store, spec),
    injectFault: async fault => addFault(store, fault),
    clearFaults: async () => clearFaults(store),
    cleanup: () => rm(dir, {recursive: true, force: true}),
  }
}
