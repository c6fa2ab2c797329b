import type {Diagnostic} from '../errors.js'
import type {SystemRunner} from '../system/runner.js'

/** A command (or file change) that undoes what a step did; shown on failure, run by --rollback. */
export interface UndoAction {
  /** The exact command line to show (for file changes, the equivalent shell command). */
  argv: string[]
  /** Run this instead of `argv` (file changes zmgr makes itself). */
  run?: () => Promise<void>
}

export interface PlannedWrite {
  file: string
  action: 'write' | 'remove'
  content?: string
}

export interface StepContext {
  operation: string
  zone: string
  runner: SystemRunner
  dryRun: boolean
  /** A line of progress for the live view (installs take minutes). */
  log(line: string): void
  /** Shared between the steps of one operation (e.g. the allocations made). */
  state: Map<string, unknown>
}

/**
 * One step of a pipeline (create, destroy, ...). Its `commands` and `writes`
 * are the plan shown by --dry-run and given to hooks, so they are known before
 * anything runs.
 */
export interface PipelineStep {
  id: string
  title: string
  commands: string[][]
  writes?: PlannedWrite[]
  run(ctx: StepContext): Promise<void>
  /**
   * What undoes the step, in the order the step made its changes (the runner
   * reverses the whole list). Asked after the step ran ('done') and also after
   * it failed ('failed'): a step that fails halfway (second VNIC of three,
   * an install left `incomplete`) returns what it did manage to change.
   */
  undo?: (ctx: StepContext, outcome: 'done' | 'failed') => UndoAction[] | Promise<UndoAction[]>
  /** A reason to skip the step (e.g. "zone already halted"), or false to run it. */
  skip?: (ctx: StepContext) => string | false | Promise<string | false>
}

/** A step a plugin adds from a before-hook, placed after (or before) a named step; at the end when neither is given. */
export interface ContributedStep extends PipelineStep {
  after?: string
  before?: string
}

/** The plan as data: what --dry-run --json prints and hooks see. */
export interface PlanView {
  operation: string
  zone: string
  dryRun: boolean
  /** `skip`: why the step will not run (e.g. "zone is not running"). */
  steps: Array<{id: string; title: string; commands: string[][]; writes: PlannedWrite[]; skip?: string}>
  /** Facts of the operation (allocations, template, brand, ...). */
  details: Record<string, unknown>
}

export type StepStatus = 'done' | 'failed' | 'skipped' | 'pending' | 'planned'

export interface PipelineReport {
  operation: string
  zone: string
  ok: boolean
  dryRun: boolean
  /** `undo`: the commands that undo what this step changed (newest last), as far as they are known. */
  steps: Array<{id: string; title: string; status: StepStatus; durationMs?: number; note?: string; undo?: string[][]}>
  error?: Diagnostic
  /** The signal (SIGINT, SIGTERM) that stopped the run: the current command was stopped and no further step started. */
  interrupted?: 'SIGINT' | 'SIGTERM'
  /** Steps whose undo commands could not be worked out (the check itself failed): what they left must be looked at by hand. */
  undoUnknown?: Array<{step: string; error: Diagnostic}>
  /** The step that failed, the command it ran and what that command printed on stderr. */
  failure?: {step: string; command?: string[]; stderr?: string}
  /** Commands that undo the steps that succeeded, in the order to run them. */
  undo: string[][]
  rollback?: {ran: boolean; ok: boolean; results: Array<{command: string[]; ok: boolean; error?: string}>}
}
