// zmgr/testing: a throw-away simulated illumos host for tests, ours and
// third-party plugins'. Each host is a temp folder with the simulator's state,
// an environment that puts the simulated zonecfg/zoneadm/dladm/pkg first on
// PATH, and helpers to run zmgr or any command against it.
import {spawn} from 'node:child_process'
import {statSync} from 'node:fs'
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'
import {
  envChanges,
  type Runner,
  SimulatedRunner,
  simulateCommand,
  swapEnv,
  ZMGR_ROOT,
  zmgrSystem,
} from './in-process.js'
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
  SIMULATOR_BIN,
  type SimState,
} from './simulator/index.js'

export {SIMULATOR_BIN}

const ZMGR_BIN = join(ZMGR_ROOT, 'bin', 'run.js')

/** The module zmgr children preload for `simulator: 'in-process'` (bundled, as the executables are: it starts with every child). */
const SIMULATED_CHILDREN = new URL('./bundle/simulated-children.js', import.meta.url)

/**
 * In a clone (tsc's build info is there; an installed zmgr-testing has none),
 * `tsc -b` alone leaves the bundles the simulator's executables run stale, as
 * bin/run.js says of zmgr's: refuse rather than test old code.
 */
function requireFreshBundles(): void {
  const modified = (url: URL) => statSync(url, {throwIfNoEntry: false})?.mtimeMs
  const compiled = [new URL('./.tsbuildinfo', import.meta.url), new URL('./simulator/.tsbuildinfo', import.meta.url)]
    .map(modified)
    .filter((mtime) => mtime !== undefined)
  if (compiled.length > 0 && !(modified(SIMULATED_CHILDREN)! >= Math.max(...compiled)))
    throw new Error(
      "zmgr-testing: dist/bundle is missing or older than tsc's output; run `npm run build` (or `node scripts/bundle.js` after `tsc -b`)",
    )
}

/**
 * oclif as bin/run.js runs it: zmgr's bundled copy, the instance its commands and SDK use (an installed
 * zmgr keeps @oclif/core inside its own node_modules, out of this package's reach).
 */
const loadOclif = async (): Promise<typeof import('@oclif/core')> =>
  (await import(pathToFileURL(join(ZMGR_ROOT, 'dist', 'bundle', 'oclif.js')).href)).default

/** ZMGR_TEST_PROCESS=1 runs every host.zmgr and host.run call as a child process (the end-to-end tier for every test). */
const ALL_IN_CHILDREN = process.env.ZMGR_TEST_PROCESS === '1'

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
  /** Written to the command's stdin (which is otherwise empty). */
  input?: string
  /** Added to (or, with undefined, removed from) host.env. */
  env?: Record<string, string | undefined>
  /** Kill the child after this long (default 30 s); `timedOut` tells. */
  timeoutMs?: number
  /** Default: host.dir. */
  cwd?: string
  /**
   * Run a child process (the end-to-end tier) instead of calling the command
   * in this process. host.zmgr: `node bin/run.js`; giving `input` or
   * `timeoutMs` implies it (only a child has its own stdin and can be
   * stopped). host.run: the simulator's executable; `timeoutMs` implies it.
   * Tests of signals, kill -9, several processes at once, terminals, start-up
   * and the executables themselves need it. Default: false, or true under
   * ZMGR_TEST_PROCESS=1; `false` keeps a run in process even then (a test of
   * what only exists in process, such as a runner set with setSystemProvider).
   */
  process?: boolean
  /**
   * How a zmgr child runs the simulated commands: `'executables'` (default),
   * each as a node process as on a real host, or `'in-process'`, as functions in
   * the zmgr child (through a preloaded module), about a fifth of the CPU. For tests
   * about zmgr's own processes (concurrency, kill -9, signals, timeouts) rather
   * than about the executables. A fault that makes a command wait still runs it
   * as a process. In-process runs ignore it: they always call the functions.
   */
  simulator?: 'executables' | 'in-process'
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

/** A zmgr child that a test can signal before it ends (host.start). */
export interface StartedRun {
  /** The child's pid; undefined when it could not be started (`result` then rejects with the reason). */
  readonly pid: number | undefined
  /** Sends `signal` (default SIGTERM) to the child. */
  kill(signal?: NodeJS.Signals): void
  /** How the child ended, once it has. */
  readonly result: Promise<RunResult>
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
  /**
   * Runs zmgr with `args` against this host and returns what a user sees
   * (stdout, stderr, exit code). By default in this process (oclif's `run`,
   * with host.env as the environment, the output captured and the simulated
   * system commands called as functions); with `{process: true}` as
   * `node <package>/bin/run.js ...args` in a child process.
   */
  zmgr(args: string[], options?: RunOptions): Promise<RunResult>
  /**
   * Starts zmgr as a child process, as `host.zmgr(args, {process: true})` does,
   * and returns at once: for tests that signal or kill zmgr while it runs.
   */
  start(args: string[], options?: RunOptions): StartedRun
  /**
   * The command line (`node [--import ...] <package>/bin/run.js`) that runs
   * zmgr as host.start would, for a test that starts it through another
   * program (script(1), setpriv, a shell); give it host.env.
   */
  zmgrCommand(options?: Pick<RunOptions, 'simulator'>): string[]
  /**
   * Runs any command (`zoneadm`, `dladm`...) with host.env; PATH finds the
   * simulated ones first. A simulated command is called in this process
   * unless `process` or `timeoutMs` is given (or a fault makes it wait).
   */
  run(command: string, args: string[], options?: RunOptions): Promise<RunResult>
  /**
   * A zmgr SystemRunner for this host (host.env) as in-process commands get it:
   * the simulated commands are called in this process, and recorded in its
   * history like any other; anything else runs as a process. For tests of SDK
   * functions that take a runner (hostFacts, a brand's hooks). Typed as zmgr's
   * SystemRunner through `zmgr/testing`.
   */
  systemRunner(): Runner
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

function withJson(stdout: string, stderr: string, exitCode: number | null) {
  function json<T>(): T {
    try {
      return JSON.parse(stdout) as T
    } catch {
      throw new Error(`stdout is not JSON (exit ${exitCode}):\n${stdout}\nstderr:\n${stderr}`)
    }
  }
  return {
    json,
    result<T>(): T {
      const document = json<{version?: number; ok?: boolean; result?: T}>()
      if (document.version !== 1 || document.ok !== true)
        throw new Error(`not a successful --json document (exit ${exitCode}):\n${stdout}\nstderr:\n${stderr}`)
      return document.result as T
    },
  }
}

/** In-process runs share this process's env, cwd, streams and exit code: one at a time. */
let inProcessQueue: Promise<unknown> = Promise.resolve()

/** The runner factory in force when this module loaded: a test that installs its own runner (setSystemProvider) keeps it. */
const DEFAULT_RUNNER = zmgrSystem.systemProvider().runner

/** Commands run in this process get a SimulatedRunner, unless the test gave its own. */
function simulatedRunners(): () => void {
  if (zmgrSystem.systemProvider().runner !== DEFAULT_RUNNER) return () => {}
  return zmgrSystem.setSystemProvider({runner: (options) => new SimulatedRunner(options)})
}

/** Pretends the standard streams are not terminals, as for a child with pipes (and so no prompt reads the test runner's stdin). */
function withoutTerminals(): () => void {
  const streams = [process.stdin, process.stdout, process.stderr]
  const saved = streams.map((stream) => Object.getOwnPropertyDescriptor(stream, 'isTTY'))
  for (const stream of streams)
    Object.defineProperty(stream, 'isTTY', {value: false, configurable: true, writable: true})
  return () =>
    streams.forEach((stream, index) => {
      const descriptor = saved[index]
      if (descriptor) Object.defineProperty(stream, 'isTTY', descriptor)
      else delete (stream as {isTTY?: boolean}).isTTY
    })
}

/**
 * Runs zmgr in this process as bin/run.js would (oclif's run, then flush, and
 * oclif's handle for what escapes a command), with `env` as process.env, cwd
 * as the working folder and stdout/stderr captured. process.exit (oclif's
 * handle ends with it) is recorded instead of ending the test runner.
 */
async function runInProcess(
  args: string[],
  env: Record<string, string>,
  cwd: string,
  loadConfig: () => Promise<unknown>,
): Promise<RunResult> {
  const oclif = await loadOclif()
  // As bin/run.js: linked plugins run their built JavaScript.
  oclif.settings.enableAutoTranspile = false
  let stdout = ''
  let stderr = ''
  const writeOut = process.stdout.write
  const writeErr = process.stderr.write
  const capture = (append: (text: string) => void) =>
    function (this: unknown, chunk: string | Uint8Array, encoding?: unknown, callback?: unknown): boolean {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
      const done = typeof encoding === 'function' ? encoding : callback
      if (typeof done === 'function') queueMicrotask(() => (done as () => void)())
      return true
    }
  // oclif's flush waits for 'drain' with a listener that a captured write never fires.
  const drainListeners = new Set(process.stdout.listeners('drain'))
  const savedExit = process.exit
  const savedExitCode = process.exitCode
  const savedCwd = process.cwd()
  let exitCode: number | undefined
  const restoreEnv = swapEnv(env)
  const restoreRunners = simulatedRunners()
  const restoreTerminals = withoutTerminals()
  process.chdir(cwd)
  process.exitCode = undefined
  process.stdout.write = capture((text) => (stdout += text)) as typeof process.stdout.write
  process.stderr.write = capture((text) => (stderr += text)) as typeof process.stderr.write
  // oclif's progress messages (`Linking plugin... done`) write through the stream functions they saw first.
  const action = oclif.ux.action as unknown as {stdmockOrigs: {stdout: unknown; stderr: unknown}}
  const savedActionStreams = action.stdmockOrigs
  action.stdmockOrigs = {stdout: process.stdout.write, stderr: process.stderr.write}
  process.exit = ((code?: number | string | null) => {
    exitCode ??= Number(code ?? process.exitCode ?? 0)
  }) as typeof process.exit
  try {
    try {
      await oclif.run(args, (await loadConfig()) as Parameters<typeof oclif.run>[1])
      await oclif.flush()
    } catch (error) {
      await oclif.handle(error as Error)
    }
    exitCode ??= Number(process.exitCode ?? 0)
  } finally {
    process.stdout.write = writeOut
    process.stderr.write = writeErr
    action.stdmockOrigs = savedActionStreams
    for (const listener of process.stdout.listeners('drain'))
      if (!drainListeners.has(listener)) process.stdout.off('drain', listener as () => void)
    process.exit = savedExit
    process.exitCode = savedExitCode
    process.chdir(savedCwd)
    restoreTerminals()
    restoreRunners()
    restoreEnv()
  }
  return {stdout, stderr, exitCode, signal: null, timedOut: false, ...withJson(stdout, stderr, exitCode)}
}

/** host.env with a run's additions and removals. */
function runEnv(env: Record<string, string>, options: RunOptions): Record<string, string> {
  const result: Record<string, string> = {...env}
  for (const [key, value] of Object.entries(options.env ?? {}))
    if (value === undefined) delete result[key]
    else result[key] = value
  return result
}

/** A simulated command called in this process, when PATH finds the simulator's and no fault makes it wait (else undefined). */
function runSimulatedInProcess(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  input = '',
): RunResult | undefined {
  const savedCwd = process.cwd()
  process.chdir(cwd)
  try {
    const outcome = simulateCommand([command, ...args], envChanges(env), input)
    return (
      outcome && {
        ...outcome,
        signal: null,
        timedOut: false,
        ...withJson(outcome.stdout, outcome.stderr, outcome.exitCode),
      }
    )
  } finally {
    process.chdir(savedCwd)
  }
}

function startChild(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  options: RunOptions,
): StartedRun {
  const child = spawn(command, args, {
    env: runEnv(env, options),
    cwd: options.cwd ?? cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  let timedOut = false
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk))
  child.stdin.on('error', () => {}) // the child may exit without reading its input
  child.stdin.end(options.input ?? '')
  const result = new Promise<RunResult>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGTERM')
      setTimeout(() => child.kill('SIGKILL'), 2000).unref()
    }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer)
      resolvePromise({stdout, stderr, exitCode, signal, timedOut, ...withJson(stdout, stderr, exitCode)})
    })
  })
  return {pid: child.pid, kill: (signal = 'SIGTERM') => child.kill(signal), result}
}

/** `node bin/run.js`, with the simulated commands preloaded as functions when the options ask for it. */
function zmgrCommand(options: Pick<RunOptions, 'simulator'> = {}): string[] {
  const preload = options.simulator === 'in-process' ? ['--import', SIMULATED_CHILDREN.href] : []
  return [process.execPath, ...preload, ZMGR_BIN]
}

function startZmgr(args: string[], env: Record<string, string>, cwd: string, options: RunOptions): StartedRun {
  const [node, ...nodeArgs] = zmgrCommand(options)
  return startChild(node!, [...nodeArgs, ...args], env, cwd, options)
}

/** Records the plugins as linked ones in oclif's user plugin list of the host's data folder. */
async function linkPlugins(dataDir: string, folders: string[]): Promise<void> {
  const plugins = await Promise.all(
    folders.map(async (folder) => {
      const root = resolve(folder)
      const {name} = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {name: string}
      return {type: 'link', name, root}
    }),
  )
  await mkdir(dataDir, {recursive: true})
  await writeFile(
    join(dataDir, 'package.json'),
    `${JSON.stringify({private: true, oclif: {schema: 1, plugins}}, null, 2)}\n`,
  )
}

let bundlesChecked = false

/** Creates a simulated host in a fresh temp folder. */
export async function createTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  if (!bundlesChecked) requireFreshBundles()
  bundlesChecked = true
  const dir = await mkdtemp(join(tmpdir(), 'zmgr-test-'))
  const root = join(dir, 'etc-zmgr')
  const simState = join(dir, 'sim-state')
  await mkdir(join(dir, 'home'), {recursive: true})
  const store = new Store(simState)
  store.ensureInitialised(options.flavour ?? 'omnios')
  applySeed(store, {
    ...options.seed,
    links: options.seed?.links ?? DEFAULT_LINKS,
    datasets: options.seed?.datasets ?? DEFAULT_DATASETS,
  })
  const env = hostEnv(dir, root, simState)
  if (options.plugins?.length) await linkPlugins(env.ZMGR_DATA_DIR!, options.plugins)
  // oclif's configuration (plugins, manifests) is read once per host, under the host's environment;
  // a run that changes the environment reads its own (the data folder, and so the plugins, may differ).
  let config: Promise<unknown> | undefined
  const freshConfig = () => loadOclif().then(({Config}) => Config.load({root: ZMGR_ROOT}))
  const zmgr = (args: string[], runOptions: RunOptions = {}): Promise<RunResult> => {
    if ((runOptions.process ?? ALL_IN_CHILDREN) || runOptions.input !== undefined || runOptions.timeoutMs !== undefined)
      return startZmgr(args, env, dir, runOptions).result
    const run = inProcessQueue.then(() =>
      runInProcess(
        args,
        runEnv(env, runOptions),
        runOptions.cwd ?? dir,
        runOptions.env ? freshConfig : () => (config ??= freshConfig()),
      ),
    )
    inProcessQueue = run.catch(() => {})
    return run
  }
  return {
    dir,
    root,
    simState,
    binDir: SIMULATOR_BIN,
    env,
    zmgr,
    start: (args, runOptions = {}) => startZmgr(args, env, dir, runOptions),
    zmgrCommand,
    systemRunner: () => new SimulatedRunner({env}),
    run: async (command, args, runOptions = {}) =>
      (!(runOptions.process ?? ALL_IN_CHILDREN) &&
        runOptions.timeoutMs === undefined &&
        runSimulatedInProcess(command, args, runEnv(env, runOptions), runOptions.cwd ?? dir, runOptions.input)) ||
      startChild(command, args, env, dir, runOptions).result,
    state: () => snapshot(store),
    seed: async (spec) => applySeed(store, spec),
    injectFault: async (fault) => addFault(store, fault),
    clearFaults: async () => clearFaults(store),
    cleanup: () => rm(dir, {recursive: true, force: true}),
  }
}
