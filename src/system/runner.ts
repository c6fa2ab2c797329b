import {operationError} from '../errors.js'

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
  timeoutMs?: number
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/

/** A command line as a person would type it: words quoted only where a shell needs it. */
export function formatCommand(argv: readonly string[]): string {
  return argv.map((word) => (SAFE_WORD.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`)).join(' ')
}

/**
 * The one way zmgr runs system commands (zonecfg, zoneadm, dladm, pkg). It
 * resolves them from PATH, records every call (the dry-run plan and the
 * cleanup report are built from the record), and turns a failure into a
 * diagnostic that carries the command and its stderr.
 */
export class SystemRunner {
  readonly history: CommandResult[] = []

  constructor(private readonly options: {env?: NodeJS.ProcessEnv} = {}) {}

  async run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    // execa is imported here, not at the top: commands that never run a system command don't pay for it.
    const {execa} = await import('execa')
    const started = Date.now()
    const child = execa(argv[0], argv.slice(1), {
      input: options.input,
      reject: false,
      env: this.options.env,
      timeout: options.timeoutMs,
      stripFinalNewline: false,
      stdin: options.input === undefined ? 'ignore' : 'pipe',
    })
    if (options.onLine) {
      let partial = ''
      child.stdout?.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split('\n')
        partial = lines.pop() ?? ''
        for (const line of lines) options.onLine!(line)
      })
    }
    const outcome = await child
    const result: CommandResult = {
      argv: [...argv],
      stdout: String(outcome.stdout ?? ''),
      stderr: String(outcome.stderr ?? ''),
      exitCode: outcome.exitCode ?? (outcome.timedOut ? 124 : 1),
      durationMs: Date.now() - started,
    }
    this.history.push(result)
    if ((outcome as {code?: string}).code === 'ENOENT' || /ENOENT/.test(String((outcome as {originalMessage?: string}).originalMessage ?? ''))) {
      throw operationError('zmgr::system::command-missing', `${argv[0]} was not found on PATH`, {
        help: 'zmgr drives the illumos tools zonecfg, zoneadm, dladm and pkg; on another system put the simulator first on PATH (see README: "Try it without illumos")',
        data: {command: formatCommand(argv)},
      })
    }
    if (result.exitCode !== 0 && !options.allowFailure) throw commandFailed(result, outcome.timedOut)
    return result
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

/** The diagnostic for a failed system command: which command, how it ended, what it said. */
export function commandFailed(result: CommandResult, timedOut = false) {
  const said = result.stderr.trim() || result.stdout.trim()
  return operationError('zmgr::system::command-failed', `\`${formatCommand(result.argv)}\` ${timedOut ? 'timed out' : `failed (exit ${result.exitCode})`}${said ? `: ${said.split('\n').at(-1)}` : ''}`, {
    help: 'the system refused the step; the output above says why',
    data: {command: formatCommand(result.argv), argv: result.argv, exitCode: result.exitCode, stderr: result.stderr, stdout: result.stdout},
  })
}
