// The in-process tier of zmgr/testing: the simulator's commands called as
// functions instead of started as node processes, where that changes nothing a
// user sees (see "Testing: two tiers" in docs/architecture.md).
import {accessSync, constants} from 'node:fs'
import {delimiter, dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {type CommandOutcome, runSimulated, SIMULATOR_BIN} from './simulator/index.js'

/** The zmgr under test: the one the test's project resolves (a clone's root, or the installed release). */
export const ZMGR_ROOT = dirname(fileURLToPath(import.meta.resolve('zmgr/package.json')))

/** What this module uses of zmgr's system runner (zmgr's types are built after this package's, so they are spelled out here). */
interface CommandResult extends CommandOutcome {
  argv: string[]
  durationMs: number
}
interface RunnerOptions {
  env?: NodeJS.ProcessEnv
  input?: string
  allowFailure?: boolean
  onLine?: (line: string) => void
}
export interface Runner {
  readonly history: CommandResult[]
  timeoutMs(): Promise<number>
  run(argv: readonly string[], options?: RunnerOptions): Promise<CommandResult>
  handOver(argv: readonly string[]): Promise<number>
}
interface ZmgrSystem {
  SystemRunner: new (options?: RunnerOptions) => Runner
  checkedResult(result: CommandResult, options: RunnerOptions): CommandResult
  setSystemProvider(provider?: {runner?: (options: RunnerOptions) => Runner}): () => void
  systemProvider(): {runner: unknown}
}

/** zmgr's runtime, the same module instance its commands use (a variable specifier: no build-time dependency on zmgr's types). */
const ZMGR = 'zmgr'
export const zmgrSystem = (await import(ZMGR)) as ZmgrSystem

/**
 * Sets (or, with undefined, removes) the given variables of process.env, and
 * returns a function that puts their previous values back. Only these are
 * touched: reading or writing process.env is a call into the C library each,
 * and a simulated command changes the environment and back.
 */
function changeEnv(changes: Record<string, string | undefined>): () => void {
  const previous = Object.fromEntries(Object.keys(changes).map((key) => [key, process.env[key]]))
  const apply = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values))
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
  }
  apply(changes)
  return () => apply(previous)
}

/** The changes (for changeEnv) that make process.env read as `env`. */
export function envChanges(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const current = {...process.env}
  const changes: Record<string, string | undefined> = {}
  for (const key of Object.keys(current)) if (env[key] === undefined) changes[key] = undefined
  for (const [key, value] of Object.entries(env))
    if (value !== undefined && current[key] !== value) changes[key] = value
  return changes
}

/**
 * Replaces process.env's contents (not the object: Node's env coerces values)
 * with `env`, and returns a function that puts the previous contents back.
 */
export function swapEnv(env: Record<string, string | undefined>): () => void {
  return changeEnv(envChanges(env))
}

/** Whether `name` on `path` is the simulator's command (a test may put its own first, or leave the simulator off PATH). */
function simulatorFirstOnPath(name: string, path: string): boolean {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue
    try {
      accessSync(join(dir, name), constants.X_OK)
    } catch {
      continue
    }
    return resolve(dir) === SIMULATOR_BIN
  }
  return false
}

/**
 * Runs `argv` as a child of this process would run with `changes` to its
 * environment, but in this process when PATH finds the simulator's command;
 * undefined when it has to be a process (see runSimulated).
 */
export function simulateCommand(
  argv: readonly string[],
  changes: Record<string, string | undefined>,
  stdin?: string,
): CommandOutcome | undefined {
  const [name, ...args] = argv
  const path = 'PATH' in changes ? changes.PATH : process.env.PATH
  if (name === undefined || name.includes('/') || !simulatorFirstOnPath(name, path ?? '')) return undefined
  const restore = changeEnv(changes)
  try {
    return runSimulated(name, args, stdin)
  } finally {
    restore()
  }
}

/**
 * The system runner of in-process zmgr runs: the simulated commands are
 * called in this process; anything else runs as a process, as with SystemRunner.
 */
export class SimulatedRunner extends zmgrSystem.SystemRunner {
  constructor(private readonly runnerOptions: RunnerOptions = {}) {
    super(runnerOptions)
  }

  private simulate(argv: readonly string[], input?: string): CommandResult | undefined {
    const started = Date.now()
    const outcome = simulateCommand(argv, {...this.runnerOptions.env, LC_ALL: 'C'}, input)
    if (!outcome) return undefined
    const result = {argv: [...argv], ...outcome, durationMs: Date.now() - started}
    this.history.push(result)
    return result
  }

  override async run(argv: readonly string[], options: RunnerOptions = {}): Promise<CommandResult> {
    // As SystemRunner: a bad ZMGR_COMMAND_TIMEOUT or config.kdl is reported when the first command runs.
    await this.timeoutMs()
    const result = this.simulate(argv, options.input)
    if (!result) return super.run(argv, options)
    if (options.onLine) for (const line of result.stdout.split('\n').slice(0, -1)) options.onLine(line)
    return zmgrSystem.checkedResult(result, options)
  }

  override async handOver(argv: readonly string[]): Promise<number> {
    const result = this.simulate(argv, '')
    if (!result) return super.handOver(argv)
    process.stdout.write(result.stdout)
    process.stderr.write(result.stderr)
    return result.exitCode
  }
}
