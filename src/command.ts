import {Command, Flags, type Interfaces} from '@oclif/core'
import {type Diagnostic, fsError, isFsError, isZmgrError, type ZmgrError} from './errors.js'
import {formatDiagnostic} from './output/diagnostics.js'
import {failureDocument, successDocument} from './output/json.js'
import {isFieldListRequest} from './output/list.js'
import {DEFAULT_ROOT, Registry} from './registry/registry.js'
import {createSystemRunner, now} from './system/provider.js'
import type {SystemRunner} from './system/runner.js'

export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof ZmgrCommand)['baseFlags'] & T['flags']
>
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

/** `--dry-run`/`-n`, for every command that changes anything. */
export const dryRunFlag = Flags.boolean({
  char: 'n',
  summary: 'Print the exact commands and file writes; change nothing.',
})
/** `--yes`/`-y`, where a confirmation is asked. */
export const yesFlag = Flags.boolean({char: 'y', summary: 'Answer yes to the confirmation.'})
/** `--force`, to overwrite or remove what zmgr would otherwise protect. */
export const forceFlag = Flags.boolean({summary: 'Overwrite or remove even when zmgr would refuse.'})

/** Turn anything thrown into a diagnostic and the exit status it deserves. */
export function toDiagnostic(error: unknown): {diagnostic: Diagnostic; related: Diagnostic[]; exit: number} {
  // A filesystem error that reached here unexplained is still the environment's doing, not a bug.
  if (isFsError(error)) error = fsError(error)
  if (isZmgrError(error)) {
    const zerror = error as ZmgrError
    return {diagnostic: zerror.toDiagnostic(), related: zerror.related, exit: zerror.exit}
  }
  const oclif = (error as {oclif?: {exit?: number}}).oclif
  const message = error instanceof Error ? error.message : String(error)
  if (oclif?.exit === 2) {
    // oclif's own parse errors: unknown flag, missing argument, bad option value.
    return {
      diagnostic: {
        code: 'zmgr::usage::invalid',
        severity: 'error',
        message: message.split('\n')[0],
        help:
          message.split('\n').slice(1).join(' ').trim() || 'see --help for the arguments and flags this command takes',
      },
      related: [],
      exit: 2,
    }
  }
  return {
    diagnostic: {
      code: 'zmgr::internal',
      severity: 'error',
      message,
      help: 'this is a bug in zmgr or a plugin; run again with --verbose (or DEBUG=*) for the stack trace and report it',
    },
    related: [],
    exit: oclif?.exit ?? 1,
  }
}

/**
 * The base of every zmgr command (host and plugins alike): `--root`, `--json`,
 * `--verbose`, and failures rendered as diagnostics with stable codes and the
 * exit codes of the README's "Exit status" (1 failed, 2 bad usage or input).
 */
export abstract class ZmgrCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true

  static override baseFlags = {
    root: Flags.string({
      summary: 'Registry folder.',
      env: 'ZMGR_ROOT',
      default: DEFAULT_ROOT,
      helpGroup: 'GLOBAL',
      noCacheDefault: true,
    }),
    verbose: Flags.boolean({summary: 'Show stack traces with errors.', helpGroup: 'GLOBAL'}),
  }

  protected flags!: CommandFlags<T>
  protected args!: CommandArgs<T>
  protected registry!: Registry

  override async init(): Promise<void> {
    await super.init()
    const {args, flags} = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof ZmgrCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    })
    this.flags = flags as CommandFlags<T>
    this.args = args as CommandArgs<T>
    this.registry = new Registry(this.flags.root, {warn: (diagnostic) => this.report(diagnostic)})
  }

  /** A system runner for this run, from the one injectable place (src/system/provider.ts); reads command-timeout from the registry. */
  protected systemRunner(): SystemRunner {
    return createSystemRunner({registry: this.registry})
  }

  /** The current time, from the same place (tests fix it). */
  protected now(): Date {
    return now()
  }

  /** Warnings collected under --json for the document's `warnings`. */
  private readonly warnings: Diagnostic[] = []

  /** Print a warning (or any diagnostic) to stderr; in --json mode it is collected into the document's `warnings` instead. */
  protected report(diagnostic: Diagnostic): void {
    if (this.jsonEnabled()) this.warnings.push(diagnostic)
    else process.stderr.write(`${formatDiagnostic(diagnostic)}\n`)
  }

  /** A result to keep in the failure document (validate's findings): set by `failWithResult`. */
  private failureResult?: unknown

  /** Throw `error` and keep `result` under the --json failure document's `result` (a report that led to the failure). */
  protected failWithResult(error: Error, result: unknown): never {
    this.failureResult = result
    throw error
  }

  /** A hint or note for a person: stderr, so that stdout stays data for scripts; nothing under --json. */
  protected note(message: string): void {
    if (!this.jsonEnabled()) process.stderr.write(`${message}\n`)
  }

  /** Every --json success is `{version, ok: true, result, warnings}` (src/output/json.ts). */
  protected override toSuccessJson(result: unknown): unknown {
    return successDocument(result, this.warnings)
  }

  protected override async catch(error: Error & {oclif?: {exit?: number}}): Promise<unknown> {
    if (isFieldListRequest(error)) {
      // `-o help`: the answer is the field list, exit 0.
      if (this.jsonEnabled()) this.logJson(successDocument(error.fields, this.warnings))
      else process.stdout.write(`${error.fieldList}\n`)
      return
    }
    if (error.oclif?.exit === 0) throw error
    const {diagnostic, related, exit} = toDiagnostic(error)
    process.exitCode = exit
    try {
      if (this.jsonEnabled()) {
        this.logJson(failureDocument(diagnostic, {related, warnings: this.warnings, result: this.failureResult}))
        return
      }
      const parts = [diagnostic, ...related].map((d) => formatDiagnostic(d))
      if (related.length > 0) parts.push(`${related.length + 1} problems`)
      process.stderr.write(`${parts.join('\n\n')}\n`)
    } catch (failure) {
      // Rendering failed (a plugin's odd data, a closed stream): the original error still gets out, plainly.
      process.stderr.write(
        `error[${diagnostic.code}]: ${diagnostic.message}\n(while reporting it: ${String(failure)})\n`,
      )
    }
    if (this.flags?.verbose || process.env.DEBUG) process.stderr.write(`${error.stack ?? ''}\n`)
  }
}
