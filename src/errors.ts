import {accessSync, constants, existsSync} from 'node:fs'
import {dirname} from 'node:path'

/**
 * Errors are data: every failure zmgr reports carries a stable code, a one-line
 * message and a help line that tells the user what to do next.
 */

/**
 * 1: an operation or validation failed; 2: bad usage or bad input (README, "Exit status");
 * 130 / 143: stopped by SIGINT / SIGTERM (128 + the signal number, as shells report it).
 */
export type FailureExit = 1 | 2 | 130 | 143

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
  /** The message as written; oclif prefixes `message` of errors thrown while parsing a flag. */
  readonly summary: string

  constructor(code: string, message: string, options: ZmgrErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause})
    this.name = 'ZmgrError'
    this.code = code
    this.help = options.help
    this.exit = options.exit ?? 1
    this.location = options.location
    this.data = options.data
    this.related = options.related ?? []
    this.summary = message
  }

  toDiagnostic(): Diagnostic {
    return {
      code: this.code,
      severity: 'error',
      message: this.summary,
      help: this.help,
      location: this.location,
      data: this.data,
    }
  }

  /** An error that reports one diagnostic (and any further ones beside it). */
  static fromDiagnostics(diagnostics: Diagnostic[], exit: FailureExit = 2): ZmgrError {
    const [first, ...rest] = diagnostics
    return new ZmgrError(first.code, first.message, {
      help: first.help,
      location: first.location,
      data: first.data,
      related: rest,
      exit,
    })
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

/** What each errno the environment can cause is called, how the user fixes it, and the exit status. */
const FS_ERRORS: Record<string, {code: string; says: string; help: (path: string) => string; exit?: FailureExit}> = {
  EACCES: {
    code: 'zmgr::fs::permission-denied',
    says: 'permission denied',
    help: (path) =>
      `zmgr needs access to ${path}: run it as a user who may change the registry (e.g. pfexec zmgr ...), or fix the permissions`,
  },
  EPERM: {
    code: 'zmgr::fs::permission-denied',
    says: 'operation not permitted',
    help: (path) =>
      `the system refuses to change ${path} (immutable or owned by another user?): fix its permissions or attributes`,
  },
  EROFS: {
    code: 'zmgr::fs::read-only',
    says: 'read-only file system',
    help: (path) =>
      `${path} is on a read-only file system: remount it read-write, or point --root at a writable registry`,
  },
  ENOSPC: {
    code: 'zmgr::fs::no-space',
    says: 'no space left on device',
    help: (path) => `free space on the file system that holds ${path} (zfs list, df -h), then run the command again`,
  },
  EDQUOT: {
    code: 'zmgr::fs::no-space',
    says: 'disk quota exceeded',
    help: (path) =>
      `raise the quota of the file system that holds ${path}, or free space in it, then run the command again`,
  },
  EISDIR: {
    code: 'zmgr::fs::is-a-directory',
    says: 'is a directory',
    help: (path) => `${path} is a directory where zmgr expects a file: move it out of the way`,
  },
  ENOTDIR: {
    code: 'zmgr::fs::not-a-directory',
    says: 'not a directory',
    help: (path) => `a part of ${path} is a file where zmgr expects a directory: move it out of the way`,
  },
  ELOOP: {
    code: 'zmgr::fs::symlink-loop',
    says: 'too many levels of symbolic links',
    help: (path) => `${path} is (or goes through) a symbolic link that loops: fix or remove the link`,
  },
  ENAMETOOLONG: {
    code: 'zmgr::fs::name-too-long',
    says: 'file name too long',
    help: () => 'the path is too long for the file system: use a shorter --root (names are limited already)',
    exit: 2,
  },
  EMFILE: {
    code: 'zmgr::fs::too-many-files',
    says: 'too many open files',
    help: () => 'raise the open-file limit (ulimit -n) and run the command again',
  },
  ENFILE: {
    code: 'zmgr::fs::too-many-files',
    says: 'too many open files in the system',
    help: () => 'the system is out of file descriptors; try again when it is less busy',
  },
  EIO: {
    code: 'zmgr::fs::io-error',
    says: 'input/output error',
    help: (path) =>
      `the device that holds ${path} reported an I/O error: check the pool (zpool status) and the system log`,
  },
  EBUSY: {
    code: 'zmgr::fs::busy',
    says: 'device or resource busy',
    help: (path) => `${path} is in use (a mount point?): free it and run the command again`,
  },
  EXDEV: {
    code: 'zmgr::fs::cross-device',
    says: 'cross-device link',
    help: (path) => `${path} is on another file system than its folder: keep the registry folders on one file system`,
  },
  ENOENT: {
    code: 'zmgr::fs::missing',
    says: 'no such file or directory',
    help: (path) => `${path} (or a folder above it) is missing: check --root, or run \`zmgr init\``,
  },
}

const VERBS: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the folder',
  rename: 'replace',
  link: 'create',
  unlink: 'remove',
  rmdir: 'remove',
  scandir: 'list',
  stat: 'inspect',
  lstat: 'inspect',
  fsync: 'sync',
  copyfile: 'copy',
}

/**
 * Node's recursive mkdir reports ENOENT when the folder cannot be made in a
 * parent that does exist (a read-only or foreign file system): ask the
 * parent for the real reason.
 */
function mkdirCause(path: string): string | undefined {
  const parent = dirname(path)
  if (!existsSync(parent)) return undefined
  try {
    accessSync(parent, constants.W_OK)
    return undefined
  } catch (error) {
    return (error as NodeJS.ErrnoException).code
  }
}

/** True for an error a filesystem call raised (it has an errno code and the syscall that failed). */
export function isFsError(error: unknown): error is NodeJS.ErrnoException {
  const e = error as NodeJS.ErrnoException | undefined
  return typeof e?.code === 'string' && typeof e.syscall === 'string' && typeof e.errno === 'number'
}

/**
 * The diagnostic for a failed filesystem call: a stable code per errno, the
 * path, and what to do. Errors from fs carry path (and dest for rename and
 * link); `path` overrides them where the caller knows better.
 */
export function fsError(error: NodeJS.ErrnoException & {dest?: string}, path?: string): ZmgrError {
  if (error.code === 'ENOENT' && error.syscall === 'mkdir' && error.path)
    error = {...error, code: mkdirCause(error.path) ?? error.code, syscall: 'mkdir'}
  const where = path ?? (error.dest && error.syscall === 'rename' ? error.dest : error.path) ?? '(unknown path)'
  const known = FS_ERRORS[error.code ?? '']
  const verb = VERBS[error.syscall ?? ''] ?? error.syscall ?? 'use'
  const says = known?.says ?? error.code ?? 'failed'
  return new ZmgrError(known?.code ?? 'zmgr::fs::error', `cannot ${verb} ${where}: ${says}`, {
    help: known?.help(where) ?? `the system refused (${error.code}); check ${where} and run the command again`,
    exit: known?.exit ?? 1,
    data: {path: where, errno: error.code, syscall: error.syscall},
    cause: error,
  })
}
