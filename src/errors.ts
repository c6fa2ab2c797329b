/**
 * Errors are data: every failure zmgr reports carries a stable code, a one-line
 * message and a help line that tells the user what to do next.
 */

/** 1: an operation or validation failed; 2: bad usage or bad input (DESIGN.md); 130: cancelled by the user (128 + SIGINT, as shells report Ctrl-C). */
export type FailureExit = 1 | 2 | 130

/** The exit status of a command the user cancelled at a prompt (Ctrl-C or Ctrl-D). */
export const CANCELLED_EXIT = 130

export interface SourceLocation {
  file: string
  /** 1-based line and column, as editors count them. */
  line: number
  column: number
  /** How many characters the caret should underline (at least 1). */
  length?: number
  /** The offending line, shown under the message. */
  lineText?: string
}

export type Severity = 'error' | 'warning'

export interface Diagnostic {
  code: string
  severity: Severity
  message: string
  help?: string
  location?: SourceLocation
  /** Extra machine-readable facts (pool usage, the failing command, ...). */
  data?: Record<string, unknown>
}

export interface ZmgrErrorOptions {
  help?: string
  exit?: FailureExit
  location?: SourceLocation
  data?: Record<string, unknown>
  /** Further diagnostics reported together with this one (e.g. every schema error of a file). */
  related?: Diagnostic[]
  cause?: unknown
}

export class ZmgrError extends Error {
  /** Discriminator that survives duplicate copies of the SDK (no instanceof across plugins). */
  readonly zmgr = true
  readonly code: string
  readonly help?: string
  readonly exit: FailureExit
  readonly location?: SourceLocation
  readonly data?: Record<string, unknown>
  readonly related: Diagnostic[]

  constructor(code: string, message: string, options: ZmgrErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause})
    this.name = 'ZmgrError'
    this.code = code
    this.help = options.help
    this.exit = options.exit ?? 1
    this.location = options.location
    this.data = options.data
    this.related = options.related ?? []
  }

  toDiagnostic(): Diagnostic {
    return {code: this.code, severity: 'error', message: this.message, help: this.help, location: this.location, data: this.data}
  }

  /** An error that reports one diagnostic (and any further ones beside it). */
  static fromDiagnostics(diagnostics: Diagnostic[], exit: FailureExit = 2): ZmgrError {
    const [first, ...rest] = diagnostics
    return new ZmgrError(first.code, first.message, {help: first.help, location: first.location, data: first.data, related: rest, exit})
  }
}

export function isZmgrError(error: unknown): error is ZmgrError {
  return typeof error === 'object' && error !== null && (error as {zmgr?: unknown}).zmgr === true
}

/** Bad input from the user (a file, a flag value): exit 2. */
export function inputError(code: string, message: string, options: Omit<ZmgrErrorOptions, 'exit'> = {}): ZmgrError {
  return new ZmgrError(code, message, {...options, exit: 2})
}

/** An operation that could not be carried out: exit 1. */
export function operationError(code: string, message: string, options: Omit<ZmgrErrorOptions, 'exit'> = {}): ZmgrError {
  return new ZmgrError(code, message, {...options, exit: 1})
}
