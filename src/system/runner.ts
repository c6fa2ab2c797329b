import {operationError, ZmgrError} from '../errors.js'
import {secondsFromEnv} from './env.js'

export interface CommandResult {
  argv: string[]
  stdout: string
  stderr: string
  exitCode: number
  durationMs: number
}

export interface RunOptions {
  /** Text for the command's standard input. */
  input?: string
  /** A non-zero exit is returned instead of thrown. */
  allowFailure?: boolean
  /** Called with each line the command prints (progress of long installs). */
  onLine?: (line: string) => void
  /** Overrides the runner's timeout for this command (0: no limit). */
  timeoutMs?: number
}

/** Anything that can say what config.kdl sets (a Registry): the runner asks it for `command-timeout` on first use. */
export interface TimeoutSource {
  scanConfig(): Promise<{config?: {commandTimeout?: number}}>
}

export interface SystemRunnerOptions {
  /** Added to the inherited environment (LC_ALL=C is always set). */
  env?: NodeJS.ProcessEnv
  /** The timeout of every command (0: no limit); wins over ZMGR_COMMAND_TIMEOUT and config.kdl. */
  timeoutMs?: number
  /** Where `command-timeout` is read from when neither timeoutMs nor ZMGR_COMMAND_TIMEOUT is given. */
  registry?: TimeoutSource
}

/** Seconds a system command may run (config.kdl's `command-timeout`): a real `zoneadm install` from a remote repository takes many minutes. */
export const DEFAULT_COMMAND_TIMEOUT = 3600
/** How long a stopped command gets between SIGTERM and SIGKILL (zoneadm cleans up on SIGTERM). */
export const KILL_GRACE_MS = 5000

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/

/** A command line as a person would type it: words quoted only where a shell needs it. */
export function formatCommand(argv: readonly string[]): string {
  return argv.map((word) => (SAFE_WORD.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`)).join(' ')
}

interface Running {
  argv: string[]
  stop(reason: 'timeout' | NodeJS.Signals): void
}

/**
 * The one way zmgr runs system commands (zonecfg, zoneadm, dladm, pkg). It
 * resolves them from PATH, runs them with LC_ALL=C (their messages are
 * matched), in a process group of their own with a timeout, records every
 * call (the dry-run plan and the cleanup report are built from the record),
 * and turns a failure into a diagnostic that carries the command and its
 * stderr. A timeout or interrupt() stops the whole process group: SIGTERM,
 * then SIGKILL after KILL_GRACE_MS.
 */
export class SystemRunner {
  readonly history: CommandResult[] = []
  private readonly running = new Set<Running>()
  private timeout?: Promise<number>
  private interrupted?: NodeJS.Signals

  constructor(private readonly options: SystemRunnerOptions = {}) {}

  /** The timeout in force: the constructor's, else ZMGR_COMMAND_TIMEOUT, else config.kdl's command-timeout, else an hour. */
  timeoutMs(): Promise<number> {
    this.timeout ??= (async () => {
      if (this.options.timeoutMs !== undefined) return this.options.timeoutMs
      const seconds =
        secondsFromEnv(
          'ZMGR_COMMAND_TIMEOUT',
          'zmgr::config::command-timeout',
          'e.g. ZMGR_COMMAND_TIMEOUT=3600; 0 turns the limit off',
        ) ??
        (this.options.registry && (await this.options.registry.scanConfig()).config?.commandTimeout) ??
        DEFAULT_COMMAND_TIMEOUT
      return seconds * 1000
    })()
    return this.timeout
  }

  // While a command runs, SIGINT/SIGTERM stop it too: it runs in a process group of its own, which
  // a terminal's Ctrl-C does not reach, and it must not outlive zmgr.
  private readonly onSignal = (signal: NodeJS.Signals) => this.interrupt(signal)

  private track(running: Running): void {
    if (this.running.size === 0) {
      process.on('SIGINT', this.onSignal)
      process.on('SIGTERM', this.onSignal)
    }
    this.running.add(running)
  }

  private untrack(running: Running): void {
    this.running.delete(running)
    if (this.running.size > 0) return
    process.off('SIGINT', this.onSignal)
    process.off('SIGTERM', this.onSignal)
  }

  /**
   * Stop what runs now (its whole process group) and refuse new commands
   * until resume(): a pipeline calls this on SIGINT/SIGTERM so the current
   * step ends at once and no further command starts.
   */
  interrupt(signal: NodeJS.Signals): void {
    this.interrupted = signal
    for (const running of this.running) running.stop(signal)
  }

  /** Accept commands again after interrupt() (the checks that decide the undo commands still need them). */
  resume(): void {
    this.interrupted = undefined
  }

  async run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    const timeoutMs = options.timeoutMs ?? (await this.timeoutMs())
    // execa is imported here, not at the top: commands that never run a system command don't pay for it.
    const {execa} = await import('execa')
    // Checked after the awaits above: a signal may arrive while execa loads.
    if (this.interrupted) throw interruptedError([...argv], this.interrupted, false)
    const started = Date.now()
    const child = execa(argv[0], argv.slice(1), {
      input: options.input,
      reject: false,
      env: {...this.options.env, LC_ALL: 'C'},
      // Its own process group, so a timeout or an interrupt stops what it started too (zoneadm runs pkg, brand scripts).
      detached: true,
      stripFinalNewline: false,
      stdin: options.input === undefined ? 'ignore' : 'pipe',
    })
    let stoppedBy: 'timeout' | NodeJS.Signals | undefined
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal)
      } catch {
        // Already gone.
      }
    }
    const running: Running = {
      argv: [...argv],
      stop(reason) {
        if (stoppedBy) return
        stoppedBy = reason
        killGroup('SIGTERM')
        setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS).unref()
      },
    }
    this.track(running)
    const timer = timeoutMs > 0 ? setTimeout(() => running.stop('timeout'), timeoutMs) : undefined
    if (options.onLine) {
      let partial = ''
      child.stdout?.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split('\n')
        partial = lines.pop() ?? ''
        for (const line of lines) options.onLine!(line)
      })
    }
    const outcome = await child.finally(() => {
      clearTimeout(timer)
      this.untrack(running)
    })
    const result: CommandResult = {
      argv: [...argv],
      stdout: String(outcome.stdout ?? ''),
      stderr: String(outcome.stderr ?? ''),
      exitCode:
        outcome.exitCode ?? (stoppedBy === 'timeout' ? 124 : outcome.signal ? 128 + signalNumber(outcome.signal) : 1),
      durationMs: Date.now() - started,
    }
    this.history.push(result)
    if (
      (outcome as {code?: string}).code === 'ENOENT' ||
      /ENOENT/.test(String((outcome as {originalMessage?: string}).originalMessage ?? ''))
    ) {
      throw operationError('zmgr::system::command-missing', `${argv[0]} was not found on PATH`, {
        help: 'zmgr drives the illumos tools zonecfg, zoneadm, dladm and pkg; on another system put the simulator first on PATH (see README: "Try it without illumos")',
        data: {command: formatCommand(argv)},
      })
    }
    if (outcome.exitCode === undefined && !outcome.signal && !stoppedBy) {
      // Found but not started (not executable, a bad interpreter line): the system's reason, not a bug.
      throw operationError(
        'zmgr::system::cannot-run',
        `${argv[0]} could not be started: ${String((outcome as {originalMessage?: string}).originalMessage ?? outcome.message)}`,
        {
          help: `check that ${argv[0]} on PATH is the illumos tool and is executable`,
          data: {command: formatCommand(argv)},
        },
      )
    }
    if (stoppedBy === 'timeout') throw timedOutError(result, timeoutMs)
    if (stoppedBy) throw interruptedError(result.argv, stoppedBy, true, result)
    return checkedResult(result, options)
  }

  /**
   * Hands the terminal to an interactive command (zlogin) and returns its
   * exit status (128 + the signal number when a signal ended it). While it
   * runs, SIGINT and SIGQUIT belong to it: zlogin passes them into the zone.
   */
  async handOver(argv: readonly string[]): Promise<number> {
    const [{spawn}, {constants}] = await Promise.all([import('node:child_process'), import('node:os')])
    const started = Date.now()
    const ignore = () => {}
    process.on('SIGINT', ignore).on('SIGQUIT', ignore)
    try {
      const exitCode = await new Promise<number>((resolve, reject) => {
        const child = spawn(argv[0], argv.slice(1), {stdio: 'inherit', env: this.options.env})
        child.on('error', reject)
        child.on('close', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)))
      })
      this.history.push({argv: [...argv], stdout: '', stderr: '', exitCode, durationMs: Date.now() - started})
      return exitCode
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      throw operationError('zmgr::system::command-missing', `${argv[0]} was not found on PATH`, {
        help: 'zmgr drives the illumos tools zonecfg, zoneadm, dladm, pkg and zlogin; on another system put the simulator first on PATH',
        data: {command: formatCommand(argv)},
      })
    } finally {
      process.off('SIGINT', ignore).off('SIGQUIT', ignore)
    }
  }
}

function signalNumber(signal: string | undefined): number {
  return ({SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15} as Record<string, number>)[signal ?? ''] ?? 0
}

function commandData(result: CommandResult) {
  return {
    command: formatCommand(result.argv),
    argv: result.argv,
    exitCode: result.exitCode,
    stderr: result.stderr,
    stdout: result.stdout,
  }
}

/** A finished command's result; a non-zero exit is thrown (commandFailed) unless allowFailure. */
export function checkedResult(result: CommandResult, options: RunOptions): CommandResult {
  if (result.exitCode !== 0 && !options.allowFailure) throw commandFailed(result)
  return result
}

/** The diagnostic for a failed system command: which command, how it ended, what it said. */
export function commandFailed(result: CommandResult): ZmgrError {
  const said = result.stderr.trim() || result.stdout.trim()
  return operationError(
    'zmgr::system::command-failed',
    `\`${formatCommand(result.argv)}\` failed (exit ${result.exitCode})${said ? `: ${said.split('\n').at(-1)}` : ''}`,
    {
      help: 'the system refused the step; the output above says why',
      data: commandData(result),
    },
  )
}

/** A command that ran past its timeout; its process group was stopped. */
export function timedOutError(result: CommandResult, timeoutMs: number): ZmgrError {
  return operationError(
    'zmgr::system::timed-out',
    `\`${formatCommand(result.argv)}\` did not finish within ${timeoutMs / 1000} s and was stopped`,
    {
      help: 'find out why it hangs (a busy zone, an unreachable package repository); for slow installs raise command-timeout in config.kdl or ZMGR_COMMAND_TIMEOUT (seconds, 0: no limit)',
      data: {...commandData(result), timeoutMs},
    },
  )
}

/** A command stopped (or refused) because zmgr got SIGINT or SIGTERM; zmgr exits 130 or 143 as a shell would. */
export function interruptedError(
  argv: string[],
  signal: NodeJS.Signals,
  started: boolean,
  result?: CommandResult,
): ZmgrError {
  return new ZmgrError(
    'zmgr::system::interrupted',
    started
      ? `\`${formatCommand(argv)}\` was stopped by ${signal}`
      : `${signal} received: \`${formatCommand(argv)}\` was not started`,
    {
      help: 'zmgr was asked to stop; what it was doing is said above',
      data: result ? {...commandData(result), signal} : {command: formatCommand(argv), argv, signal},
      exit: signal === 'SIGTERM' ? 143 : 130,
    },
  )
}
